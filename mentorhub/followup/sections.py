"""What the followup feature adds to other features' pages: the dashboards ("prepare",
"say thank you", "keep in touch"; the professional's thank-you notes and updates) and a
request's page (the preparation, the thank-you and updates, keep-in-touch controls).

Each decides here what to show, so the templates only show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from flask import render_template, url_for
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.blocks import not_blocked_with
from mentorhub.accounts.models import User
from mentorhub.accounts.suspension import not_suspended
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.chats.writing import is_open_between
from mentorhub.extensions import db
from mentorhub.followup import notes, nudges, preparation
from mentorhub.followup.models import FollowupNote
from mentorhub.forms import EmptyForm
from mentorhub.plugins._calls import question_key
from mentorhub.scheduling.models import Booking
from mentorhub.timefmt import to_zone

WHO_ELSE = "Is there anyone else you'd recommend I talk to?"
PREPARE_DAYS = 3  # today, tomorrow and the day after, in the student's zone
THANK_FOR_DAYS = 30  # how long after a chat the dashboard keeps asking


def _local_day_start(now: datetime, zone: str, days_ahead: int) -> datetime:
    local = to_zone(now, zone)
    day = local.date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(0), tzinfo=local.tzinfo)


def _student_bookings(student: User, *where: ColumnElement[bool], order: Any) -> list[Booking]:
    """``student``'s active bookings matching ``where``, with their professionals."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(Booking.student_id == student.id, Booking.active, *where)
            .options(joinedload(Booking.professional))
            .order_by(order)
        )
    )


def chats_to_prepare(student: User, now: datetime | None = None) -> list[Booking]:
    """``student``'s booked chats starting before the end of the day after tomorrow (in
    their zone) that have no saved question yet, soonest first."""
    now = now or clock.now()
    until = _local_day_start(now, student.timezone, PREPARE_DAYS)
    upcoming = _student_bookings(
        student, ChatRequest.status == ACCEPTED, Booking.start_at > now, Booking.start_at < until,
        order=Booking.start_at,
    )
    ready = preparation.requests_with_questions([b.request_id for b in upcoming])
    return [b for b in upcoming if b.request_id not in ready]


def chats_to_thank(student: User, now: datetime | None = None) -> list[Booking]:
    """``student``'s chats that ended in the last 30 days, took place, and have no thank-you."""
    now = now or clock.now()
    ended = _student_bookings(
        student,
        ChatRequest.status.in_((ACCEPTED, COMPLETED)),
        not_blocked_with(student, ChatRequest.professional_id),
        not_suspended(ChatRequest.professional_id),
        Booking.end_at <= now,
        Booking.end_at > now - timedelta(days=THANK_FOR_DAYS),
        order=Booking.end_at.desc(),
    )
    done = notes.thanked([b.request_id for b in ended])
    return [b for b in ended if b.request_id not in done]


def render_student_dashboard(viewer: User) -> str:
    """The student's "after the chat" card, or nothing when there is nothing to do."""
    now = clock.now()
    context = {
        "to_prepare": chats_to_prepare(viewer, now),
        "to_thank": chats_to_thank(viewer, now),
        "to_update": nudges.open_nudges(viewer, now),
        "since": nudges.SINCE,
        "button": EmptyForm(),
    }
    if not any(context[key] for key in ("to_prepare", "to_thank", "to_update")):
        return ""
    return render_template("followup/_dashboard_student.html", **context)


def render_professional_dashboard(viewer: User) -> str:
    """The professional's newest thank-you notes and updates."""
    return render_template(
        "followup/_dashboard_professional.html", received=notes.notes_for_professional(viewer)
    )


@dataclass(frozen=True)
class RequestFollowup:
    """What a request's page shows about before and after the chat, to one of its people."""

    viewer_is_student: bool
    prepared: preparation.Prepared
    can_prepare: bool
    shows_preparation: bool
    shows_after: bool
    can_thank: bool
    can_update: bool
    notes: list[FollowupNote]
    keep_in_touch_stopped: bool
    nudges_ahead: bool


def render_request_section(viewer: User, chat_request: ChatRequest) -> str:
    """The ``request_detail`` section: nothing before a chat is booked."""
    if not chat_request.has_chat_time:
        return ""
    now = clock.now()
    written = notes.notes_of(chat_request.id)
    ended = notes.chat_ended(chat_request, now)
    student = viewer.id == chat_request.student_id
    open_between = is_open_between(chat_request)
    last_nudge = chat_request.booking.end_at + nudges.KEEP_IN_TOUCH[-1].after
    state = RequestFollowup(
        viewer_is_student=student,
        prepared=preparation.prepared(chat_request.id),
        can_prepare=student and preparation.can_edit(chat_request, now),
        shows_preparation=preparation.is_kept(chat_request),
        # What was written stays visible even if a no-show was marked afterwards.
        shows_after=ended or bool(written),
        can_thank=student and ended and open_between and not any(n.is_thank_you for n in written),
        can_update=student and ended and open_between,
        notes=written,
        keep_in_touch_stopped=student
        and ended
        and nudges.is_stopped(chat_request.student_id, chat_request.professional_id),
        nudges_ahead=ended and now < last_nudge,
    )
    return render_template(
        "followup/_request.html", r=chat_request, followup=state, button=EmptyForm()
    )


def update_page(student: User, chat_request: ChatRequest, *, check_ended: bool) -> dict[str, Any]:
    """What the update page shows besides its form: the open nudge to snooze, whether
    nudges are stopped, and (``check_ended``, when the page is first opened) why no update
    can be sent yet. A page shown again after a refused post keeps its form and text."""
    return {
        "stopped": nudges.is_stopped(student.id, chat_request.professional_id),
        "open_nudge": nudges.open_nudge_of(student, chat_request.id),
        "not_yet": ""
        if not check_ended or notes.chat_ended(chat_request)
        else notes.refusal(chat_request, "an update"),
        "stop_form": EmptyForm(),
    }


def print_sheet(viewer: User, chat_request: ChatRequest) -> dict[str, Any]:
    """The print view's content, worded for whoever prints it."""
    saved = preparation.prepared(chat_request.id)
    student = viewer.id == chat_request.student_id
    asks_who_else = any(
        question_key(q) == question_key(WHO_ELSE) for q in saved.questions
    )
    return {
        "chat_request": chat_request,
        "saved": saved,
        "viewer_is_student": student,
        "other": chat_request.professional if student else chat_request.student,
        "back_url": url_for("followup.prepare", request_id=chat_request.id)
        if student
        else url_for("chats.detail", request_id=chat_request.id),
        "closing": [] if not student else ([] if asks_who_else else [WHO_ELSE]) + [
            "Thank them for their time, and send a thank-you note within a day or two."
        ],
    }
