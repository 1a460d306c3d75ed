"""What the followup feature adds to other features' pages: the dashboards ("prepare",
"say thank you", "keep in touch"; the professional's thank-you notes and updates) and a
request's page (the preparation, the thank-you and updates, keep-in-touch controls).

Each decides here what to show, so the templates only show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.extensions import db
from mentorhub.followup import notes, nudges, preparation
from mentorhub.followup.models import FollowupNote
from mentorhub.forms import EmptyForm
from mentorhub.scheduling.models import Booking
from mentorhub.timefmt import to_zone

PREPARE_DAYS = 3  # today, tomorrow and the day after, in the student's zone
THANK_FOR_DAYS = 30  # how long after a chat the dashboard keeps asking


def _local_day_start(now: datetime, zone: str, days_ahead: int) -> datetime:
    local = to_zone(now, zone)
    day = local.date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(0), tzinfo=local.tzinfo)


def chats_to_prepare(student: User, now: datetime | None = None) -> list[Booking]:
    """``student``'s booked chats starting before the end of the day after tomorrow (in
    their zone) that have no saved question yet, soonest first."""
    now = now or clock.now()
    until = _local_day_start(now, student.timezone, PREPARE_DAYS)
    upcoming = list(
        db.session.scalars(
            select(Booking)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(
                Booking.student_id == student.id,
                Booking.active,
                ChatRequest.status == ACCEPTED,
                Booking.start_at > now,
                Booking.start_at < until,
            )
            .options(joinedload(Booking.professional))
            .order_by(Booking.start_at)
        )
    )
    ready = preparation.requests_with_questions([b.request_id for b in upcoming])
    return [b for b in upcoming if b.request_id not in ready]


def chats_to_thank(student: User, now: datetime | None = None) -> list[Booking]:
    """``student``'s chats that ended in the last 30 days, took place, and have no thank-you."""
    now = now or clock.now()
    ended = list(
        db.session.scalars(
            select(Booking)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(
                Booking.student_id == student.id,
                Booking.active,
                ChatRequest.status.in_((ACCEPTED, COMPLETED)),
                Booking.end_at <= now,
                Booking.end_at > now - timedelta(days=THANK_FOR_DAYS),
            )
            .options(joinedload(Booking.professional))
            .order_by(Booking.end_at.desc())
        )
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
    ended: bool
    can_thank: bool
    notes: list[FollowupNote]
    keep_in_touch_stopped: bool


def render_request_section(viewer: User, chat_request: ChatRequest) -> str:
    """The ``request_detail`` section: nothing before a chat is booked."""
    if not chat_request.has_chat_time:
        return ""
    written = notes.notes_of(chat_request.id)
    ended = notes.chat_ended(chat_request)
    student = viewer.id == chat_request.student_id
    state = RequestFollowup(
        viewer_is_student=student,
        prepared=preparation.prepared(chat_request.id),
        can_prepare=student and preparation.can_edit(chat_request),
        shows_preparation=preparation.is_kept(chat_request),
        ended=ended,
        can_thank=student and ended and not any(n.is_thank_you for n in written),
        notes=written,
        keep_in_touch_stopped=student
        and ended
        and nudges.is_stopped(chat_request.student_id, chat_request.professional_id),
    )
    return render_template(
        "followup/_request.html", r=chat_request, followup=state, button=EmptyForm()
    )
