"""After-the-chat pages: preparing (questions, note, print view), the thank-you, updates,
and what the student does with a keep-in-touch nudge (snooze, stop, resume)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub.chats.models import ChatRequest
from mentorhub.chats.queries import load_request_for
from mentorhub.errors import DomainError, NotAllowed, NotFound
from mentorhub.followup import notes, nudges, preparation
from mentorhub.followup.forms import PrepareForm, ThankYouForm, UpdateForm
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm, Form

bp = Blueprint("followup", __name__)


def _detail_url(request_id: int, anchor: str = "") -> str:
    return url_for("chats.detail", request_id=request_id) + (f"#{anchor}" if anchor else "")


def _render_prepare(chat_request: ChatRequest, form: PrepareForm | None, status: int = 200):
    saved = preparation.prepared(chat_request.id)
    editable = preparation.can_edit(chat_request)
    if form is None and editable:
        form = PrepareForm(learn_note=saved.learn_note, questions=list(saved.questions))
    chosen = {preparation.normalized(q.data or "") for q in form.questions} if form else set()
    return render_template(
        "followup/prepare.html",
        chat_request=chat_request,
        professional=chat_request.professional,
        form=form,
        saved=saved,
        editable=editable,
        groups=preparation.suggestion_groups(chat_request, current_user) if editable else [],
        chosen=chosen,
        normalized=preparation.normalized,
    ), status


@bp.get("/requests/<int:request_id>/prepare")
@login_required
def prepare(request_id: int):
    """The student's preparation page for one booked chat."""
    return _render_prepare(preparation.load_for_student(current_user, request_id), None)


@bp.post("/requests/<int:request_id>/prepare")
@login_required
def save_prepare(request_id: int):
    """Every button of the preparation page: apply it and save the whole page."""
    chat_request = preparation.load_for_student(current_user, request_id)
    form = PrepareForm()
    if not preparation.can_edit(chat_request):
        flash(preparation.CLOSED_MESSAGE, "warning")
        return redirect(url_for("followup.prepare", request_id=request_id))
    if not form.validate():
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
        if isinstance(err, NotAllowed | NotFound):
            raise
        form.show_error(err)
        return _render_prepare(chat_request, form, err.status_code)
    if arranged.message:
        flash(arranged.message, "success")
    return redirect(url_for("followup.prepare", request_id=request_id) + f"#{arranged.anchor}")


@bp.get("/requests/<int:request_id>/prepare/print")
@login_required
def print_prepare(request_id: int):
    """The questions and the note on one page, for printing (either party may print it)."""
    chat_request = _for_either(request_id)
    return render_template(
        "followup/print.html",
        chat_request=chat_request,
        saved=preparation.prepared(request_id),
    )


def _for_either(request_id: int) -> ChatRequest:
    chat_request = load_request_for(current_user, request_id)
    if not chat_request.has_chat_time:
        raise NotFound("There is no booked chat for this request yet.")
    return chat_request


def _render_note_form(template: str, chat_request: ChatRequest, form: Form, status: int = 200, **extra: Any):
    return render_template(
        template,
        chat_request=chat_request,
        professional=chat_request.professional,
        form=form,
        **extra,
    ), status


@bp.route("/requests/<int:request_id>/thank-you", methods=["GET", "POST"])
@login_required
def thank_you(request_id: int):
    """Write and send the thank-you (a draft is ready to finish)."""
    chat_request = notes.student_request(current_user, request_id)
    sent = notes.thank_you_of(request_id)
    if sent is not None:
        return _render_note_form("followup/thank_you.html", chat_request, ThankYouForm(), sent=sent)
    if request.method == "GET":
        if not notes.chat_ended(chat_request):
            return _render_note_form("followup/thank_you.html", chat_request, ThankYouForm(),
                                     not_yet=notes.refusal(chat_request))
        draft = notes.draft_thank_you(
            chat_request, preparation.prepared(request_id).learn_note, current_user
        )
        return _render_note_form("followup/thank_you.html", chat_request, ThankYouForm(body=draft), draft=draft)
    form = ThankYouForm()
    if not form.validate():
        return _render_note_form("followup/thank_you.html", chat_request, form, 400)
    try:
        notes.send_thank_you(current_user, request_id, form.body.data)
    except DomainError as err:
        if isinstance(err, NotAllowed | NotFound):
            raise
        form.show_error(err)
        return _render_note_form("followup/thank_you.html", chat_request, form, err.status_code)
    flash(f"Thank-you sent. {chat_request.professional.display_name} will get it by email and "
          "in their notifications.", "success")
    return redirect(_detail_url(request_id, "followup-heading"))


@bp.route("/requests/<int:request_id>/update", methods=["GET", "POST"])
@login_required
def send_update(request_id: int):
    """Tell the professional what happened since the chat."""
    chat_request = notes.student_request(current_user, request_id)
    context = {
        "stopped": nudges.is_stopped(current_user.id, chat_request.professional_id),
        "open_nudge": next((n for n in nudges.open_nudges(current_user) if n.request_id == request_id), None),
        "not_yet": "" if notes.chat_ended(chat_request) else notes.refusal(chat_request, "an update"),
        "stop_form": EmptyForm(),
    }
    if request.method == "GET":
        return _render_note_form("followup/update.html", chat_request, UpdateForm(formdata=None), **context)
    form = UpdateForm()
    if not form.validate():
        return _render_note_form("followup/update.html", chat_request, form, 400, **context)
    try:
        notes.send_update(current_user, request_id, form.body.data)
    except DomainError as err:
        if isinstance(err, NotAllowed | NotFound):
            raise
        form.show_error(err)
        return _render_note_form("followup/update.html", chat_request, form, err.status_code, **context)
    flash(f"Update sent to {chat_request.professional.display_name}. Their reply will appear in "
          "your messages.", "success")
    return redirect(_detail_url(request_id, "followup-heading"))


def _button(done: str, back: str, act) -> Any:
    if not EmptyForm().validate():
        flash(EXPIRED_MESSAGE, "warning")
        return redirect(back)
    try:
        act()
    except DomainError as err:
        if isinstance(err, NotAllowed | NotFound):
            raise
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
    return _button("Snoozed: we'll remind you again in two weeks.", back, lambda: nudges.snooze(current_user, nudge_id))


@bp.post("/requests/<int:request_id>/keep-in-touch/stop")
@login_required
def stop(request_id: int):
    """No more keep-in-touch nudges about this chat's professional."""
    chat_request = notes.student_request(current_user, request_id)
    name = chat_request.professional.display_name
    return _button(f"No more keep-in-touch reminders about {name}. You can still write to them any time.",
                   _back(_detail_url(request_id, "followup-heading")),
                   lambda: nudges.stop(current_user, chat_request.professional_id))


@bp.post("/requests/<int:request_id>/keep-in-touch/resume")
@login_required
def resume(request_id: int):
    """Keep-in-touch nudges about this chat's professional again."""
    chat_request = notes.student_request(current_user, request_id)
    name = chat_request.professional.display_name
    return _button(f"We'll remind you to keep in touch with {name} again.",
                   _back(_detail_url(request_id, "followup-heading")),
                   lambda: nudges.resume(current_user, chat_request.professional_id))
