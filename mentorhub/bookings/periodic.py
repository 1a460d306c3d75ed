"""The periodic work behind ``flask mentorhub tick``: expire, remind, complete, email.

Every step changes rows with conditional updates in short transactions, so running it twice
in a row changes nothing the second time, and several ticks may run at once (cron on more
than one host) without doing anything twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import Row, and_, exists, or_, select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.reminders import send_due_reminders
from mentorhub.chats.models import (
    ACCEPTED,
    COMPLETED,
    EXPIRED,
    PENDING,
    Booking,
    ChatRequest,
    ProposedTime,
)
from mentorhub.chats.transitions import transition
from mentorhub.chats.writing import request_link
from mentorhub.database import commit
from mentorhub.errors import Conflict
from mentorhub.extensions import db
from mentorhub.notifications.services import deliver_due, notify, reclaim_stale_sending

Progress = Callable[[str, int, int], None]
T = TypeVar("T")


def _each_committed(
    items: Sequence[T], step: Callable[[T], None], progress: Callable[[int, int], None] | None
) -> int:
    """Run ``step`` on each item and commit it on its own. A :class:`Conflict` (a person or
    another tick changed the request first) undoes that item and skips it. Returns how many
    were committed."""
    done = 0
    for index, item in enumerate(items, start=1):
        try:
            step(item)
        except Conflict:
            db.session.rollback()
        else:
            commit()
            done += 1
        if progress:
            progress(index, len(items))
    return done


def _expiry_condition(now: datetime):
    future_time = exists().where(
        ProposedTime.request_id == ChatRequest.id, ProposedTime.start_at > now
    )
    # While the professional waits for new times from the student, old proposals don't count.
    return or_(
        ChatRequest.expires_at <= now, and_(ChatRequest.awaiting_student.is_(False), ~future_time)
    )


def expire_due_requests(
    now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Expire pending requests left unanswered past their ``expires_at`` (``REQUEST_EXPIRY_DAYS``
    after sending) or whose every proposed time has passed, and tell each student. Returns how
    many this call expired."""
    now = now or clock.now()
    condition = _expiry_condition(now)
    due = list(
        db.session.scalars(
            select(ChatRequest)
            .where(ChatRequest.status == PENDING, condition)
            .options(joinedload(ChatRequest.professional))
            .order_by(ChatRequest.id)
        )
    )
    plans = [(r.id, r.student_id, r.professional.display_name, r.expires_at <= now) for r in due]
    days = current_app.config["REQUEST_EXPIRY_DAYS"]

    def expire(plan: tuple[int, int, str, bool]) -> None:
        request_id, student_id, name, unanswered = plan
        transition(
            db.session.get(ChatRequest, request_id),
            expected=PENDING,
            to=EXPIRED,
            actor=None,
            event="request_expired",
            extra_where=(_expiry_condition(now),),
        )
        why = (
            f"{name} did not answer within {days} days"
            if unanswered
            else "every time you proposed has now passed"
        )
        notify(
            student_id,
            "request_expired",
            f"Your request to {name} expired",
            f"Your request expired because {why}. That happens: professionals are busy, and it "
            "is not about you. You can ask again with new times, or find someone else who does "
            "similar work.",
            request_link(request_id),
            request_id=request_id,
        )

    return _each_committed(plans, expire, progress)


def complete_due_chats(
    now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Complete every accepted chat that ended ``COMPLETE_AFTER_HOURS`` ago (no-shows are no
    longer accepted, so they are skipped) and invite the student to say thank you. Returns
    how many this call completed; safe to run concurrently (each is a conditional update)."""
    now = now or clock.now()
    cutoff = now - timedelta(hours=current_app.config["COMPLETE_AFTER_HOURS"])
    due = db.session.execute(
        select(Booking.id, Booking.request_id, Booking.student_id, User.display_name)
        .join(ChatRequest, ChatRequest.id == Booking.request_id)
        .join(User, User.id == Booking.professional_id)
        .where(ChatRequest.status == ACCEPTED, Booking.active, Booking.end_at <= cutoff)
        .order_by(Booking.end_at, Booking.id)
    ).all()

    def complete(row: Row) -> None:
        booking_id, request_id, student_id, professional_name = row
        transition(
            db.session.get(ChatRequest, request_id),
            expected=ACCEPTED,
            to=COMPLETED,
            actor=None,
            event="chat_completed",
            booking_id=booking_id,
        )
        notify(
            student_id,
            "chat_completed",
            f"How was your chat with {professional_name}?",
            f"Your chat with {professional_name} is done. A short thank-you note within a day "
            "or two goes a long way: say what you learned and what you will do next. It is also "
            "a good moment to ask who else they would recommend you talk to.",
            request_link(request_id),
            request_id=request_id,
        )

    return _each_committed(due, complete, progress)

@dataclass
class TickSummary:
    """What one run of ``tick`` did."""

    reclaimed: int = 0
    expired: int = 0
    reminded: int = 0
    completed: int = 0
    emailed: int = 0
    refreshed: int = 0

    def line(self) -> str:
        """One line for the operator, e.g. ``tick: expired 1 request, ...``."""
        words = {
            "reclaimed": ("stuck email reclaimed", "stuck emails reclaimed"),
            "expired": ("request expired", "requests expired"),
            "reminded": ("chat reminded", "chats reminded"),
            "completed": ("chat completed", "chats completed"),
            "emailed": ("email sent", "emails sent"),
            "refreshed": ("free time updated", "free times updated"),
        }
        parts = []
        for item in fields(self):
            count = getattr(self, item.name)
            one, many = words[item.name]
            parts.append(f"{count} {one if count == 1 else many}")
        return "tick: " + ", ".join(parts)


def run_tick(progress: Progress | None = None, *, refresh_all: bool = False) -> TickSummary:
    """Run every periodic step once, in order; ``progress(step, done, total)`` hears about
    long steps. Safe to run twice in a row or concurrently.

    Free times are recomputed only where time alone can have made them stale, unless
    ``refresh_all`` (for sites whose scheduling plugin reads an outside calendar)."""
    from mentorhub.scheduling.services import refresh_next_free_at, stale_next_free_ids

    def step(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(name, done, total)) if progress else None

    summary = TickSummary()
    summary.reclaimed = reclaim_stale_sending()
    summary.expired = expire_due_requests(progress=step("expiring requests"))
    summary.reminded = send_due_reminders(progress=step("sending reminders"))
    summary.completed = complete_due_chats(progress=step("completing chats"))
    summary.emailed = deliver_due(progress=step("sending emails"))
    summary.refreshed = refresh_next_free_at(None if refresh_all else stale_next_free_ids())
    return summary
