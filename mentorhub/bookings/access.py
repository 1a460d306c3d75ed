"""Who may see a booked chat, and what each of its two people may do with it right now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ACCEPTED, CANCELLED, COMPLETED, NO_SHOW
from mentorhub.errors import NotFound
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

NOT_FOUND_MESSAGE = "That chat does not exist, or it is not one of yours."


def with_both_people() -> tuple:
    """Loader options for a booking with its request and both people (joined: no query more)."""
    return (joinedload(Booking.request), joinedload(Booking.student), joinedload(Booking.professional))


def load_booking(booking_id: int) -> Booking | None:
    """The booking with its request and both people loaded (one query)."""
    return db.session.scalar(select(Booking).where(Booking.id == booking_id).options(*with_both_people()))


def booking_for(user: User, booking_id: int) -> Booking:
    """The booking ``booking_id`` with its request and both people, if ``user`` is one of the
    two people in it; otherwise :class:`NotFound` (others cannot tell it exists)."""
    booking = load_booking(booking_id)
    if booking is None or user.id not in (booking.student_id, booking.professional_id):
        raise NotFound(NOT_FOUND_MESSAGE)
    return booking


def other_party(booking: Booking, user: User) -> User:
    """The person in ``booking`` who is not ``user``."""
    return booking.professional if user.id == booking.student_id else booking.student


@dataclass(frozen=True)
class BookingActions:
    """What ``user`` may do with a booking right now (shown as buttons, checked by services)."""

    can_cancel: bool
    can_reschedule: bool
    can_mark_no_show: bool
    is_late_cancel: bool


def available_actions(
    booking: Booking | None, user: User, now: datetime | None = None
) -> BookingActions:
    """The actions open to ``user`` on ``booking``: before the start, cancel and reschedule;
    from the start until the chat is completed, mark a no-show."""
    if booking is None or user.id not in (booking.student_id, booking.professional_id):
        return BookingActions(False, False, False, False)
    now = now or clock.now()
    going_ahead = booking.active and booking.request.status == ACCEPTED
    before_start = now < booking.start_at
    return BookingActions(
        can_cancel=going_ahead and before_start,
        can_reschedule=going_ahead and before_start,
        can_mark_no_show=going_ahead and not before_start,
        is_late_cancel=going_ahead and before_start and is_late(booking, now),
    )


def is_late(booking: Booking, now: datetime) -> bool:
    """True when cancelling at ``now`` is a late cancellation (``LATE_CANCEL_HOURS``)."""
    return booking.start_at - now < timedelta(hours=current_app.config["LATE_CANCEL_HOURS"])


def closed_message(booking: Booking, now: datetime) -> str:
    """Why ``booking`` can no longer be cancelled or moved, in the user's words."""
    status = booking.request.status
    if status == CANCELLED:
        return "This chat was already cancelled."
    if status in (COMPLETED, NO_SHOW) or not booking.active:
        return "This chat is over, so it can no longer be changed."
    if now >= booking.start_at:
        return (
            "This chat has already started, so it can no longer be cancelled or moved. "
            "If the other person did not come, mark a no-show instead."
        )
    return "This chat can no longer be changed."
