"""Reminders 24 hours and 1 hour before each chat, to both people (sent by ``tick``).

Each reminder is claimed with a conditional update (``... WHERE reminded_24h_at IS NULL``)
in the same transaction as its notifications, so concurrent ticks never send one twice.
A reminder is never sent late: it goes out only between its moment and the next reminder's
(or the start), and only if the chat was already booked at that moment; a chat booked 2 hours
ahead gets no "tomorrow" reminder, since the acceptance email has just told them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import select, update

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.access import with_both_people
from mentorhub.chats.models import ACCEPTED, ChatRequest
from mentorhub.chats.writing import request_link
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.notifications.services import notify
from mentorhub.scheduling.models import Booking
from mentorhub.timefmt import format_local


@dataclass(frozen=True)
class Reminder:
    """One reminder: sent ``before`` the start, until ``until`` before it; claimed in ``column``."""

    kind: str
    before: timedelta
    until: timedelta
    column: str
    when_text: str


# A feature above may give the student's day-before reminder a better place to lead than the
# request's page (followup: the chat's preparation page): ``link(request_id) -> site path``.
_PREPARE_LINK_KEY = "mentorhub.bookings.prepare_link"
PrepareLink = Callable[[int], str]


def lead_day_before_reminders_to(app: Flask, link: PrepareLink) -> None:
    """Have the student's 24 h reminder link to ``link(request_id)`` and say so."""
    app.extensions[_PREPARE_LINK_KEY] = link


def _prepare_link() -> PrepareLink | None:
    return current_app.extensions.get(_PREPARE_LINK_KEY)


REMINDERS = (
    Reminder(
        "reminder_24h", timedelta(hours=24), timedelta(hours=1), "reminded_24h_at", "tomorrow"
    ),
    Reminder("reminder_1h", timedelta(hours=1), timedelta(0), "reminded_1h_at", "in an hour"),
)


def _due(reminder: Reminder, now: datetime) -> list[Booking]:
    column = getattr(Booking, reminder.column)
    candidates = db.session.scalars(
        select(Booking)
        .join(ChatRequest, ChatRequest.id == Booking.request_id)
        .where(
            Booking.active,
            ChatRequest.status == ACCEPTED,
            column.is_(None),
            Booking.start_at <= now + reminder.before,
            Booking.start_at > now + reminder.until,
        )
        .options(*with_both_people())
        .order_by(Booking.start_at, Booking.id)
    ).unique()
    # Only chats that were already booked when the reminder's moment came.
    return [b for b in candidates if b.created_at <= b.start_at - reminder.before]


def _claim(reminder: Reminder, booking_id: int, now: datetime) -> bool:
    column = getattr(Booking, reminder.column)
    claimed = db.session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.active, column.is_(None))
        .values({reminder.column: now, "updated_at": Booking.updated_at})
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def _link(reminder: Reminder, booking: Booking, user: User) -> str:
    prepare = _prepare_link()
    if prepare is not None and reminder.kind == "reminder_24h" and user.id == booking.student_id:
        return prepare(booking.request_id)
    return request_link(booking.request_id)


def _text(reminder: Reminder, booking: Booking, user: User) -> tuple[str, str]:
    student = user.id == booking.student_id
    other = booking.professional if student else booking.student
    when = format_local(booking.start_at, zone=user.timezone)
    title = f"Reminder: your chat with {other.display_name} is {reminder.when_text}"
    body = f"Your chat with {other.display_name} starts {when}.\nWhere: {booking.location}\n\n"
    if student:
        body += (
            "Before you go: reread their profile, bring 3 to 5 questions about what their work is "
            "really like, keep to the time you asked for, and remember you are there to learn, "
            "not to ask for a job. At the end, ask who else they would recommend you talk to."
        )
        if _link(reminder, booking, user) != request_link(booking.request_id):
            body += (
                "\n\nYour preparation page (linked from this reminder) keeps your questions in "
                "order and what you want to learn, ready to print."
            )
    else:
        body += (
            f"{other.display_name} wrote:\n{booking.request.introduction}\n\n"
            "Thank you for giving your time. If you cannot make it, please cancel or move the "
            "chat from the request page so they know."
        )
    return title, body


def send_due_reminders(
    now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Send every reminder that is due now to both people of each chat; returns how many
    chats were reminded by this call (each reminder at most once, whatever runs at once)."""
    now = now or clock.now()
    sent = 0
    for reminder in REMINDERS:
        # Texts first: the commits below expire loaded objects, and reloading them one by one
        # would cost queries per chat.
        due = [
            (
                b.id,
                b.request_id,
                [(u.id, *_text(reminder, b, u), _link(reminder, b, u)) for u in (b.student, b.professional)],
            )
            for b in _due(reminder, now)
        ]
        for index, (booking_id, request_id, texts) in enumerate(due, start=1):
            if not _claim(reminder, booking_id, now):
                db.session.rollback()
                continue
            for user_id, title, body, link in texts:
                notify(user_id, reminder.kind, title, body, link, request_id=request_id)
            commit()
            sent += 1
            if progress:
                progress(index, len(due))
    return sent
