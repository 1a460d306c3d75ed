"""Chat request pages: the request form with its review step, "My requests", the
professional's inbox, and each request's page with its answers and message thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub import clock
from mentorhub.accounts.blocks import block_user, has_blocked, person_to_block
from mentorhub.auth import limit_from, person_or_address, role_required
from mentorhub.chats import queries, rules, services
from mentorhub.chats.forms import (
    AcceptForm,
    AskTimesForm,
    DeclineForm,
    MessageForm,
    ReproposeForm,
    RequestForm,
    parse_time,
)
from mentorhub.chats.models import PENDING, ChatRequest
from mentorhub.chats.writing import ANSWERED_MESSAGE, is_open_between
from mentorhub.errors import DomainError, NotAllowed, NotFound
from mentorhub.extensions import limiter
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm, Form
from mentorhub.plugins import _calls as calls
from mentorhub.profiles.constants import FORMAT_LABELS
from mentorhub.registries import render_sections, request_marks
from mentorhub.scheduling.services import upcoming_slots
from mentorhub.web import safe_next

bp = Blueprint("chats", __name__)

# How each timeline entry reads after the actor's name.
EVENT_LABELS = {
    "request_created": "sent the request",
    "request_withdrawn": "withdrew the request",
    "request_accepted": "accepted: the chat is booked",
    "request_declined": "declined the request",
    "request_new_times_asked": "asked for other times",
    "times_proposed": "proposed new times",
    "request_expired": "the request expired unanswered",
    "booking_rescheduled": "moved the chat to another time",
    "booking_move_proposed": "asked to move the chat",
    "move_confirmed": "confirmed the new time: the chat moved",
    "booking_move_declined": "kept the current time",
    "booking_move_withdrawn": "withdrew the proposed new time",
    "booking_cancelled": "cancelled the chat",
    "no_show_marked": "marked a no-show",
    "chat_completed": "the chat took place",
}


def render_request_panel(viewer: Any, professional: Any) -> str:
    """The ``professional_page`` section: the "Request a chat" panel, as ``viewer`` (or an
    anonymous visitor, ``None``) may use it."""
    panel = queries.panel_state(viewer, professional)
    return render_template("chats/_request_panel.html", panel=panel, professional=professional)


def _slots_for(professional: Any) -> list:
    return upcoming_slots(professional, viewer=current_user)


def _render_new(professional: Any, form: RequestForm | None, status: int = 200, **extra: Any):
    questions = calls.suggest_questions(
        current_user, professional, chat_request=None, viewer=current_user
    )
    context = {
        "professional": professional,
        "form": form,
        "step": "write",
        "advice": [],
        "problem": None,
        "blocked": None,
        "questions": questions,
        "zone": current_user.timezone,
        **extra,
    }
    return render_template("chats/new_request.html", **context), status


@bp.route("/professionals/<int:user_id>/request", methods=["GET", "POST"])
@limiter.limit(limit_from("REQUEST_RATE_LIMIT"), methods=["POST"], key_func=person_or_address,
               exempt_when=lambda: request.form.get("action") != "send")
@role_required("student")
def new_request(user_id: int):
    """Write a request, review the plugins' advice, then send it."""
    professional = rules.professional_or_404(user_id)
    state = queries.panel_state(current_user, professional)
    if state.kind != "ok":
        return _render_new(
            professional, None, 403 if request.method == "POST" else 200, blocked=state
        )
    form = RequestForm(professional, _slots_for(professional), current_user.timezone)
    action = request.form.get("action", "review")
    if request.method == "GET" or action in ("edit", "filter"):
        return _render_new(professional, form)
    if not form.validate():
        return _render_new(professional, form, 400)
    advice = calls.review_request(
        current_user, professional, form.introduction.data, viewer=current_user
    )
    if action != "send":
        return _render_new(professional, form, step="review", advice=advice)
    problem = rules.advice_problem(advice, form.send_anyway.data)
    if problem:
        return _render_new(professional, form, 400, step="review", advice=advice, problem=problem)
    try:
        chat_request = services.create_request(
            current_user,
            professional.id,
            form.format.data,
            form.introduction.data,
            form.times.times,
        )
    except DomainError as err:
        if isinstance(err, NotFound):
            raise
        form.show_error(err)
        return _render_new(professional, form, err.status_code)
    flash(
        f"Your request was sent to {professional.display_name}. "
        "We'll let you know when they answer.",
        "success",
    )
    return redirect(url_for("chats.detail", request_id=chat_request.id))


@bp.get("/requests")
@role_required("student")
def my_requests():
    """The student's requests, grouped by state."""
    groups = queries.student_requests(current_user)
    return render_template(
        "chats/my_requests.html",
        groups=groups,
        max_pending=rules.max_pending(),
        marks=request_marks([r for _status, _heading, items in groups for r in items]),
    )


@bp.get("/inbox")
@role_required("professional")
def inbox():
    """The professional's requests: to answer, upcoming chats, past."""
    return render_template("chats/inbox.html", **queries.inbox_sections(current_user))


def _render_detail(chat_request: ChatRequest, status: int = 200, **forms: Form):
    now = clock.now()
    is_professional = current_user.id == chat_request.professional_id
    context: dict[str, Any] = {
        "chat_request": chat_request,
        "sections": render_sections(
            "request_detail", viewer=current_user._get_current_object(), chat_request=chat_request
        ),
        "is_professional": is_professional,
        "now": now,
        "event_labels": EVENT_LABELS,
        "format_labels": FORMAT_LABELS,
        "max_pending": rules.max_pending(),
        "message_form": forms.get("message_form") or MessageForm(),
        "thread_open": is_open_between(chat_request),
        "blocked_by_me": has_blocked(
            current_user, chat_request.student_id if is_professional else chat_request.professional_id
        ),
        # Suggestions help the student write the request; once a chat is booked, its
        # preparation (a section of this page) takes over.
        "questions": []
        if is_professional or chat_request.has_chat_time
        else calls.suggest_questions(
            chat_request.student,
            chat_request.professional,
            chat_request=chat_request,
            viewer=current_user,
        ),
    }
    if chat_request.status == PENDING and is_professional and not chat_request.awaiting_student:
        context["accept_form"] = forms.get("accept_form") or AcceptForm(
            chat_request, current_user.timezone, now
        )
        context["ask_form"] = forms.get("ask_form") or AskTimesForm()
        context["decline_form"] = forms.get("decline_form") or DeclineForm()
    if chat_request.status == PENDING and not is_professional:
        context["withdraw_form"] = EmptyForm()
        if chat_request.awaiting_student:
            context["repropose_form"] = forms.get("repropose_form") or ReproposeForm(
                _slots_for(chat_request.professional), current_user.timezone
            )
    return render_template("chats/detail.html", **context), status


def _failed(request_id: int, err: DomainError, name: str, form: Form):
    """Show the request again with the service's message on the form that failed."""
    if isinstance(err, NotAllowed | NotFound):
        raise err
    chat_request = services.load_request_for(current_user, request_id)
    if chat_request.status == PENDING or name == "message_form":
        form.show_error(err)
    else:  # the request was answered meanwhile, so its forms are gone: say it at the top
        flash(err.message, "warning")
    return _render_detail(chat_request, err.status_code, **{name: form})


def _answerable(request_id: int, role: str) -> tuple[ChatRequest, Any]:
    """Load the request for an answer by its ``role`` party. The wrong party gets 403; a
    request that is no longer pending gets its page back with a 409 and the reason, before
    any form is checked (a stale form's errors would be shown nowhere)."""
    chat_request = services.load_request_for(current_user, request_id)
    party = chat_request.student_id if role == "student" else chat_request.professional_id
    if current_user.id != party:
        raise NotAllowed(f"Only the {role} of this request can do that.")
    if chat_request.status != PENDING:
        flash(ANSWERED_MESSAGE, "warning")
        return chat_request, _render_detail(chat_request, 409)
    return chat_request, None


@bp.route("/people/<int:user_id>/block", methods=["GET", "POST"])
@login_required
def block(user_id: int):
    """Say what blocking someone does, then block them (``next``: where to go after). Only
    people the viewer has met on the site (:func:`mentorhub.registries.knows`: a
    professional's page, a request, an introduction)."""
    back = safe_next(request.args.get("next")) or url_for("home.dashboard")
    try:
        other = person_to_block(current_user, user_id)
    except NotFound:
        raise
    except DomainError as error:  # yourself
        flash(error.message, "error")
        return redirect(back)
    form = EmptyForm()
    if form.validate_on_submit():
        block_user(current_user, other)
        flash(f"You blocked {other.display_name}. They aren't told. You can unblock them in your account "
              "settings.", "success")
        return redirect(back)
    if form.csrf_failed:
        flash(EXPIRED_MESSAGE, "warning")
    return render_template("chats/block.html", other=other, form=form, back=back,
                           already=has_blocked(current_user, user_id)), 400 if form.csrf_failed else 200


@bp.get("/requests/<int:request_id>")
@login_required
def detail(request_id: int):
    """One request, for its student and its professional only."""
    return _render_detail(services.load_request_for(current_user, request_id))


def _answer(
    request_id: int,
    role: str,
    form_name: str,
    make_form: Callable[[ChatRequest], Form],
    act: Callable[[Any], object],
    done: Callable[[ChatRequest], tuple[str, str, str]],
):
    """The skeleton of every answer to a pending request: only ``role``'s party, only while
    pending; a form that does not validate, or a service that refuses, shows the page again
    with what was typed and why; success flashes ``done``'s (message, category, next page)."""
    chat_request, refused = _answerable(request_id, role)
    if refused:
        return refused
    form = make_form(chat_request)
    if not form.validate():
        return _render_detail(chat_request, 400, **{form_name: form})
    try:
        act(form)
    except DomainError as err:
        return _failed(request_id, err, form_name, form)
    message, category, target = done(chat_request)
    flash(message, category)
    return redirect(target)


def _detail_url(request_id: int) -> str:
    return url_for("chats.detail", request_id=request_id)


@bp.post("/requests/<int:request_id>/accept")
@login_required
def accept(request_id: int):
    """The professional accepts at one proposed time: the chat is booked."""
    return _answer(
        request_id, "professional", "accept_form",
        lambda r: AcceptForm(r, current_user.timezone, clock.now()),
        lambda form: services.accept_request(
            current_user, request_id, parse_time(form.start_at.data), form.location.data
        ),
        lambda r: ("Booked! You'll both get the details by email, with a calendar file.", "success",
                   _detail_url(request_id)),
    )


@bp.post("/requests/<int:request_id>/decline")
@login_required
def decline(request_id: int):
    """The professional declines, with an optional kind note."""
    return _answer(
        request_id, "professional", "decline_form",
        lambda r: DeclineForm(),
        lambda form: services.decline_request(current_user, request_id, form.decline_note.data or ""),
        lambda r: (f"You declined the request. {r.student.display_name} has been told.", "info",
                   url_for("chats.inbox")),
    )


@bp.post("/requests/<int:request_id>/ask-times")
@login_required
def ask_times(request_id: int):
    """The professional asks the student for other times."""
    return _answer(
        request_id, "professional", "ask_form",
        lambda r: AskTimesForm(),
        lambda form: services.ask_for_new_times(current_user, request_id, form.ask_note.data or ""),
        lambda r: (f"We asked {r.student.display_name} to propose other times.", "info", _detail_url(request_id)),
    )


@bp.post("/requests/<int:request_id>/times")
@login_required
def repropose(request_id: int):
    """The student proposes new times after being asked."""
    return _answer(
        request_id, "student", "repropose_form",
        lambda r: ReproposeForm(_slots_for(r.professional), current_user.timezone),
        lambda form: services.repropose_times(current_user, request_id, form.times.times),
        lambda r: ("New times sent. We'll let you know when they answer.", "success", _detail_url(request_id)),
    )


@bp.post("/requests/<int:request_id>/withdraw")
@login_required
def withdraw(request_id: int):
    """The student withdraws a pending request."""
    services.load_request_for(current_user, request_id)
    if not EmptyForm().validate():
        flash(EXPIRED_MESSAGE, "warning")
        return redirect(url_for("chats.detail", request_id=request_id))
    try:
        services.withdraw_request(current_user, request_id)
    except DomainError as err:
        if isinstance(err, NotAllowed | NotFound):
            raise
        flash(err.message, "warning")
        return redirect(url_for("chats.detail", request_id=request_id))
    flash("Request withdrawn.", "info")
    return redirect(url_for("chats.my_requests"))


@bp.post("/requests/<int:request_id>/messages")
@limiter.limit(limit_from("MESSAGE_RATE_LIMIT"), key_func=person_or_address)
@login_required
def post_message(request_id: int):
    """Either party adds a message to the thread."""
    chat_request = services.load_request_for(current_user, request_id)
    form = MessageForm()
    if not form.validate():
        return _render_detail(chat_request, 400, message_form=form)
    try:
        services.post_message(current_user, request_id, form.body.data)
    except DomainError as err:
        return _failed(request_id, err, "message_form", form)
    flash("Message sent.", "success")
    return redirect(url_for("chats.detail", request_id=request_id) + "#thread-heading")
