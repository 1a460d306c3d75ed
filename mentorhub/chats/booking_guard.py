""""Never double-booked": the prior check and the database's final word, as one message.

PostgreSQL's exclusion constraints reject an overlapping active booking even when two
transactions race; on SQLite the booking transaction holds the write lock (``BEGIN
IMMEDIATE``), so the prior check cannot be raced, and a lock timeout reads the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorhub.database import is_lock_error
from mentorhub.errors import Conflict
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

TAKEN_MESSAGE = "That time was just taken. Please pick another time."
STUDENT_BUSY_MESSAGE = "The student already has a chat at that time. Please pick another time."


def _is_exclusion_violation(error: IntegrityError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "23P01" or "exclusion" in str(error.orig).lower()


def _violated_constraint(error: IntegrityError) -> str:
    diag = getattr(error.orig, "diag", None)
    return (getattr(diag, "constraint_name", None) or str(error.orig)).lower()


@contextmanager
def booking_conflicts(message: str | None = None) -> Iterator[None]:
    """Turn an overlap rejected by the database (or a lock timeout) into :class:`Conflict`.

    Without ``message``, the student's overlap constraint reads as "the student already has
    a chat at that time" and everything else as "that time was just taken".
    """
    try:
        yield
    except IntegrityError as exc:
        db.session.rollback()
        if _is_exclusion_violation(exc):
            if message is None and "student" in _violated_constraint(exc):
                raise Conflict(STUDENT_BUSY_MESSAGE) from exc
            raise Conflict(message or TAKEN_MESSAGE) from exc
        raise
    except OperationalError as exc:
        db.session.rollback()
        if is_lock_error(exc):
            raise Conflict(message or TAKEN_MESSAGE) from exc
        raise


def check_free(professional_id: int, student_id: int, start: datetime, end: datetime,
               exclude_booking_id: int | None = None) -> None:
    """Raise :class:`Conflict` if either person already has an active booking overlapping
    ``[start, end)`` (half-open: back-to-back chats are fine)."""
    overlapping = (Booking.active, Booking.start_at < end, Booking.end_at > start)
    if exclude_booking_id is not None:
        overlapping += (Booking.id != exclude_booking_id,)
    professional_busy = db.session.scalar(
        select(exists().where(Booking.professional_id == professional_id, *overlapping))
    )
    if professional_busy:
        raise Conflict(TAKEN_MESSAGE)
    student_busy = db.session.scalar(select(exists().where(Booking.student_id == student_id, *overlapping)))
    if student_busy:
        raise Conflict(STUDENT_BUSY_MESSAGE)


def active_bookings_between(user_ids: list[int], start: datetime, end: datetime) -> list[Booking]:
    """Active bookings of any of ``user_ids`` (either side) overlapping ``[start, end)``."""
    return list(
        db.session.scalars(
            select(Booking).where(
                Booking.active,
                Booking.start_at < end,
                Booking.end_at > start,
                or_(Booking.professional_id.in_(user_ids), Booking.student_id.in_(user_ids)),
            )
        )
    )
