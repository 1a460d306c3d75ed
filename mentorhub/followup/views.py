"""After-the-chat pages: preparing (questions, note, print view), the thank-you, updates,
and what the student does with a keep-in-touch nudge (snooze, stop, resume)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from mentorhub.chats.models import ChatRequest
from mentorhub.errors import DomainError, NotAllowed, NotFound
from mentorhub.followup import notes, nudges, preparation
from mentorhub.followup.access import load_request_for, student_request
from mentorhub.followup.forms import PrepareForm, ThankYouForm, UpdateForm
from mentorhub.followup.sections import print_sheet, update_page
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm, Form

bp = Blueprint("followup", __name__)
INCOMPLETE_MESSAGE = "The page arrived incomplete, so nothing was changed. Please try again."


def _detail_url(request_id: int, anchor: str = "") -> str:
    return url_for("chats.detail", request_id=request_id) + (f"#{anchor}" if anchor else "")


def refused(err: DomainError) -> None:
    """Let 403 and 404 through to the error pages; other refusals are shown on the form."""
    if isinstance(err, NotAllowed | NotFound):
        raise err


def _render_prepare(chat_request: ChatRequest, form: PrepareForm | None, status: int = 200):
    saved = preparation.prepared(chat_request.id)
    editable = chat_request.has_chat_time and preparation.can_edit(chat_request)
    if form is None and editable:
        form = PrepareForm(learn_note=saved.learn_note, questions=list(saved.questions))
    groups = (
        preparation.suggestion_groups(
            chat_request, current_user, [q.data or "" for q in form.questions], form.picks.data or []
        )
        if editable and form is not None
        else []
    )
    return render_template(
        "followup/prepare.html",
        chat_request=chat_request,
        professional=chat_request.professional,
        form=form,
        saved=saved,
        editable=editable,
        booked=chat_request.has_chat_time,
        took_place=notes.chat_ended(chat_request),
        groups=groups,
    ), status


@bp.get("/requests/<int:request_id>/prepare")
@login_required
def prepare(request_id: int):
    """The student's preparation page for one booked chat."""
    return _render_prepare(student_request(current_user, request_id), None)


@bp.post("/requests/<int:request_id>/prepare")
@login_required
def save_prepare(request_id: int):
    """Every button of the preparation page: apply it and save the whole page."""
    chat_request = student_request(current_user, request_id)
    if not (chat_request.has_chat_time and preparation.can_edit(chat_request)):
        flash(preparation.CLOSED_MESSAGE, "warning")
        return redirect(url_for("followup.prepare", request_id=request_id))
    form = PrepareForm()
    if not form.validate():
        return _render_prepare(chat_request, form, 400)
    if "learn_note" not in request.form:  # a cut-off post must not wipe the saved page
        form.add_error(INCOMPLETE_MESSAGE)
        return _render_prepare(chat_request, form, 400)
    try:
        arranged = preparation.arrange(
            [entry.data or "" for entry in form.questions],
            form.picks.data or [],
            form.own.data or "",
            request.form.get("action", "save"),
        )
        preparation.save_preparation(current_user, request_id, form.learn_note.data or "", arranged.questions)
    except DomainError as err:
        refused(err)
        form.show_error(err)
        return _render_prepare(chat_request, form, err.status_code)
    if arranged.message:
        flash(arranged.message, "success")
    return redirect(url_for("followup.prepare", request_id=request_id) + f"#{arranged.anchor}")


@bp.get("/requests/<int:request_id>/prepare/print")
@login_required
def print_prepare(request_id: int):
    """The questions and the note on one page, for printing (either person may print it)."""
    chat_request = load_request_for(current_user, request_id)
    if not chat_request.has_chat_time:
        raise NotFound("There is no booked chat for this request yet.")
    return render_template("followup/print.html", **print_sheet(current_user, chat_request))


def _render_note_form(template: str, chat_request: ChatRequest, form: Form, status: int = 200, **extra: Any):
    return render_template(
        template, chat_request=chat_request, professional=chat_request.professional, form=form, **extra
    ), status


@bp.route("/requests/<int:request_id>/thank-you", methods=["GET", "POST"])
@login_required
def thank_you(request_id: int):
    """Write and send the thank-you (a draft is ready to finish)."""
    chat_request = student_request(current_user, request_id)
    page = "followup/thank_you.html"
    sent = notes.thank_you_of(request_id)
    if sent is not None:
        return _render_note_form(page, chat_request, ThankYouForm(formdata=None), sent=sent)
    if request.method == "GET":
        if not notes.chat_ended(chat_request):
            return _render_note_form(page, chat_request, ThankYouForm(), not_yet=notes.refusal(chat_request))
        draft = notes.draft_thank_you(chat_request, preparation.prepared(request_id).learn_note, current_user)
        return _render_note_form(page, chat_request, ThankYouForm(body=draft))
    form = ThankYouForm()
    if not form.validate():
        return _render_note_form(page, chat_request, form, 400)
    try:
        notes.send_thank_you(current_user, request_id, form.body.data)
    except DomainError as err:
        refused(err)
        form.show_error(err)
        return _render_note_form(page, chat_request, form, err.status_code)
    flash(f"Thank-you sent. {chat_request.professional.display_name} will get it by email and "
          "in their notifications.", "success")
    return redirect(_detail_url(request_id, "followup-heading"))


@bp.route("/requests/<int:request_id>/update", methods=["GET", "POST"])
@login_required
def send_update(request_id: int):
    """Tell the professional what happened since the chat."""
    chat_request = student_request(current_user, request_id)
    page = "followup/update.html"
    if request.method == "GET":
        return _render_note_form(page, chat_request, UpdateForm(formdata=None),
                                 **update_page(current_user, chat_request, check_ended=True))
    form = UpdateForm()
    context = update_page(current_user, chat_request, check_ended=False)
    if not form.validate():
        return _render_note_form(page, chat_request, form, 400, **context)
    try:
        notes.send_update(current_user, request_id, form.body.data)
    except DomainError as err:
        refused(err)
        form.show_error(err)
        return _render_note_form(page, chat_request, form, err.status_code, **context)
    flash(f"Update sent to {chat_request.professional.display_name}. Their reply will appear in "
          "your messages.", "success")
    return redirect(_detail_url(request_id, "followup-heading"))


def button_action(done: str, back: str, act: Callable[[], object]) -> Response:
    """A keep-in-touch button: check the form, act, say how it went, go back."""
    if not EmptyForm().validate():
        flash(EXPIRED_MESSAGE, "warning")
        return redirect(back)
    try:
        act()
    except DomainError as err:
        refused(err)
        flash(err.message, "warning")
        return redirect(back)
    flash(done, "success")
    return redirect(back)


def _back(default: str) -> str:
    """Where a keep-in-touch button returns: the dashboard or the request's page."""
    return url_for("home.dashboard") if request.form.get("from") == "dashboard" else default


@bp.post("/nudges/<int:nudge_id>/snooze")
@login_required
def snooze(nudge_id: int):
    """Put a keep-in-touch nudge off for two weeks."""
    nudge = nudges.own_nudge(current_user, nudge_id)
    back = _back(_detail_url(nudge.request_id, "followup-heading"))
    return button_action("Snoozed: we'll remind you again in two weeks.", back,
                   lambda: nudges.snooze(current_user, nudge_id))


def _keep_in_touch(request_id: int, done: str, act: Callable[[Any, int], None]) -> Response:
    chat_request = student_request(current_user, request_id)
    name = chat_request.professional.display_name
    return button_action(done.format(name=name), _back(_detail_url(request_id, "followup-heading")),
                   lambda: act(current_user, chat_request.professional_id))


@bp.post("/requests/<int:request_id>/keep-in-touch/stop")
@login_required
def stop(request_id: int):
    """No more keep-in-touch nudges about this chat's professional."""
    return _keep_in_touch(request_id, "No more keep-in-touch reminders about {name}. You can still "
                          "write to them any time.", nudges.stop)


@bp.post("/requests/<int:request_id>/keep-in-touch/resume")
@login_required
def resume(request_id: int):
    """Keep-in-touch nudges about this chat's professional again."""
    return _keep_in_touch(request_id, "We'll remind you to keep in touch with {name} again.", nudges.resume)
