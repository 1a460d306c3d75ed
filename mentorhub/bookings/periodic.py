"""The bookings feature's periodic work: chats that ended are completed, reminders go out
(``tick`` steps).

Every step changes rows with conditional updates in short transactions, so running it twice
in a row changes nothing the second time, and several ticks may run at once (cron on more
than one host) without doing anything twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Row, select

from mentorhub import clock
from mentorhub.bookings.reminders import send_due_reminders
from mentorhub.bookings.services import close_open_moves
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.chats.transitions import transition
from mentorhub.extensions import db
from mentorhub.registries import Progress
from mentorhub.scheduling.models import Booking
from mentorhub.tick import each_committed


def complete_due_chats(
    now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Complete every accepted chat that ended ``COMPLETE_AFTER_HOURS`` ago (no-shows are no
    longer accepted, so they are skipped). Returns how many this call completed; safe to run
    concurrently (each is a conditional update). The student was already asked to say thank
    you when the chat ended (the followup feature), so completion itself tells nobody."""
    now = now or clock.now()
    cutoff = now - timedelta(hours=current_app.config["COMPLETE_AFTER_HOURS"])
    due = db.session.execute(
        select(Booking.id, Booking.request_id)
        .join(ChatRequest, ChatRequest.id == Booking.request_id)
        .where(ChatRequest.status == ACCEPTED, Booking.active, Booking.end_at <= cutoff)
        .order_by(Booking.end_at, Booking.id)
    ).all()

    def complete(row: Row) -> None:
        booking_id, request_id = row
        transition(
            db.session.get(ChatRequest, request_id),
            expected=ACCEPTED,
            to=COMPLETED,
            actor=None,
            event="chat_completed",
            booking_id=booking_id,
        )
        close_open_moves(booking_id, now)

    return each_committed(due, complete, progress)


def complete_step(progress: Progress | None, full: bool) -> int:
    """``tick`` step: :func:`complete_due_chats`."""
    return complete_due_chats(progress=progress)


def remind_step(progress: Progress | None, full: bool) -> int:
    """``tick`` step: :func:`~mentorhub.bookings.reminders.send_due_reminders`."""
    return send_due_reminders(progress=progress)
