"""What happens to a booked chat: cancel, reschedule, no-show (completion is ``tick``'s:
:func:`mentorhub.bookings.periodic.complete_due_chats`).

Every change moves the chat request with a conditional update
(:func:`mentorhub.chats.transitions.transition`), so two people acting at once cannot both
win, and tells the other party (the email carries the updated ``.ics``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import current_app

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.access import (
    available_actions,
    booking_for,
    closed_message,
    is_late,
    other_party,
)
from mentorhub.bookings.reminders import REMINDERS
from mentorhub.chats.booking_guard import active_bookings_between, booking_conflicts, check_free
from mentorhub.chats.models import ACCEPTED, CANCELLED, NO_SHOW, ChatRequest
from mentorhub.chats.transitions import transition
from mentorhub.chats.writing import request_link
from mentorhub.database import commit, write_transaction
from mentorhub.errors import Conflict, DomainError
from mentorhub.extensions import db
from mentorhub.notifications.services import notify
from mentorhub.plugins._api import Slot
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.services import chat_length, is_offered, upcoming_slots
from mentorhub.signals import schedule_changed, send
from mentorhub.timefmt import format_local

MAX_REASON_LENGTH = 1000


def _undone_on_error(service: Callable[..., Booking]) -> Callable[..., Booking]:
    """A refused change leaves nothing behind: roll the session back, then re-raise."""

    @wraps(service)
    def wrapped(*args: Any, **kwargs: Any) -> Booking:
        try:
            return service(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise

    return wrapped


def _when(booking: Booking, user: User) -> str:
    return format_local(booking.start_at, zone=user.timezone)


@_undone_on_error
def cancel_booking(actor: User, booking_id: int, reason: str) -> Booking:
    """Call the chat off before it starts (either side, with a reason for the other person).

    Less than ``LATE_CANCEL_HOURS`` before the start it is marked late. The booking stops
    blocking the time, its SEQUENCE rises, and the other party is told (the email carries the
    cancelled ``.ics``, which removes the event from their calendar).
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Please say why you are cancelling: the other person set this time aside.",
            field="reason",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            f"Please keep the reason under {MAX_REASON_LENGTH} characters.", field="reason"
        )
    booking = booking_for(actor, booking_id)
    now = clock.now()
    if not available_actions(booking, actor, now).can_cancel:
        raise Conflict(closed_message(booking, now))
    late = is_late(booking, now)
    transition(
        booking.request,
        expected=ACCEPTED,
        to=CANCELLED,
        actor=actor,
        event="booking_cancelled",
        note=reason,
        booking_id=booking.id,
        conflict_message="This chat changed in the meantime. Please check it again.",
    )
    booking.active = False
    booking.sequence = booking.sequence + 1
    booking.cancel_reason = reason
    booking.cancelled_by_id = actor.id
    booking.late_cancel = late
    other = other_party(booking, actor)
    late_note = (
        " This is a late cancellation (less than "
        f"{current_app.config['LATE_CANCEL_HOURS']} hours before the start)."
        if late
        else ""
    )
    notify(
        other,
        "booking_cancelled",
        f"{actor.display_name} cancelled your chat on {_when(booking, other)}",
        f"{actor.display_name} had to cancel the chat planned for {_when(booking, other)}."
        f"{late_note}\n\nTheir reason: {reason}\n\n"
        "The attached calendar file removes it from your calendar.",
        request_link(booking.request_id),
        request_id=booking.request_id,
        booking_id=booking.id,
    )
    send(schedule_changed, professional_id=booking.professional_id)
    commit()
    return booking


@_undone_on_error
def reschedule_booking(actor: User, booking_id: int, start_at: datetime) -> Booking:
    """Move the chat to another currently free time of the professional (either side).

    The new time must be one of the professional's offered slots (the chat itself set aside),
    in the future, and free for both people; the database has the final word on overlaps.
    The request stays accepted, the SEQUENCE rises, and the other party gets the updated
    ``.ics``.
    """
    booking = booking_for(actor, booking_id)
    now = clock.now()
    if not available_actions(booking, actor, now).can_reschedule:
        raise Conflict(closed_message(booking, now))
    if start_at.tzinfo is None:
        raise DomainError("Please pick one of the times listed.", field="start_at")
    if start_at <= now:
        raise DomainError(
            "That time has already passed. Please pick a time in the future.", field="start_at"
        )
    if start_at == booking.start_at:
        raise DomainError(
            "That is the time the chat already has. Please pick a different time.", field="start_at"
        )
    professional = booking.professional
    if not is_offered(professional, start_at, viewer=actor, moving_booking=booking):
        raise DomainError(
            f"{professional.display_name} is not free at that time. "
            "Please pick one of the times listed.",
            field="start_at",
        )
    end_at = start_at + chat_length(professional)
    ids = (booking.id, booking.request_id, booking.professional_id, booking.student_id)
    with booking_conflicts():
        with write_transaction():
            booking = db.session.get(Booking, ids[0], populate_existing=True)
            check_free(ids[2], ids[3], start_at, end_at, exclude_booking_id=booking.id)
            chat_request = db.session.get(ChatRequest, ids[1])
            old_start = booking.start_at
            transition(
                chat_request,
                expected=ACCEPTED,
                to=ACCEPTED,
                actor=actor,
                event="booking_rescheduled",
                note=f"moved from {old_start.isoformat()} to {start_at.isoformat()}",
                booking_id=booking.id,
                conflict_message="This chat changed in the meantime. Please check it again.",
            )
            booking.start_at, booking.end_at = start_at, end_at
            booking.sequence = booking.sequence + 1
            _reset_reminders(booking, now)
            db.session.flush()
    other = db.session.get(User, ids[3] if actor.id == ids[2] else ids[2])
    notify(
        other,
        "booking_rescheduled",
        f"{actor.display_name} moved your chat to {_when(booking, other)}",
        f"{actor.display_name} moved your chat from {format_local(old_start, zone=other.timezone)} "
        f"to {_when(booking, other)}.\n\n"
        "The attached calendar file updates the event in your calendar.",
        request_link(ids[1]),
        request_id=ids[1],
        booking_id=booking.id,
    )
    send(schedule_changed, professional_id=ids[2])
    commit()
    return booking


def reschedule_options(actor: User, booking: Booking) -> list[Slot]:
    """The professional's upcoming free slots that also suit the student (no clash with
    their other chats): the times ``booking`` can move to. The chat being moved blocks no
    time and uses no capacity, so it can move within a full month or by a few minutes."""
    slots = [
        s
        for s in upcoming_slots(booking.professional, viewer=actor, moving_booking=booking)
        if s.start != booking.start_at
    ]
    if not slots:
        return []
    busy = [
        (b.start_at, b.end_at)
        for b in active_bookings_between([booking.student_id], slots[0].start, slots[-1].end)
        if b.id != booking.id
    ]
    return [s for s in slots if not any(s.start < end and start < s.end for start, end in busy)]


def _reset_reminders(booking: Booking, now: datetime) -> None:
    """A moved chat gets its reminders again, except those whose moment already passed: the
    reschedule email itself is the reminder then (a reminder is never sent late)."""
    for reminder in REMINDERS:
        due = booking.start_at - reminder.before
        setattr(booking, reminder.column, None if due > now else now)


@_undone_on_error
def mark_no_show(actor: User, booking_id: int) -> Booking:
    """Record that the other person did not come (from the start until the chat is
    completed, either side). The chat is then never completed by ``tick``."""
    booking = booking_for(actor, booking_id)
    now = clock.now()
    actions = available_actions(booking, actor, now)
    if not actions.can_mark_no_show:
        if booking.active and booking.request.status == ACCEPTED and now < booking.start_at:
            raise DomainError("A no-show can only be marked once the chat has started.")
        raise Conflict(closed_message(booking, now))
    transition(
        booking.request,
        expected=ACCEPTED,
        to=NO_SHOW,
        actor=actor,
        event="no_show_marked",
        booking_id=booking.id,
        conflict_message="This chat changed in the meantime. Please check it again.",
    )
    booking.active = False
    booking.no_show_marked_by_id = actor.id
    other = other_party(booking, actor)
    notify(
        other,
        "no_show_marked",
        f"{actor.display_name} marked your chat as missed",
        f"{actor.display_name} says the chat planned for {_when(booking, other)} did not take "
        "place because you were not there. If something went wrong, send them a message on the "
        "request page.",
        request_link(booking.request_id),
        request_id=booking.request_id,
    )
    send(schedule_changed, professional_id=booking.professional_id)
    commit()
    return booking

