"""Reminders 24 hours and 1 hour before each chat, to both people (sent by ``tick``).

Each reminder is claimed with a conditional update (``... WHERE reminded_24h_at IS NULL``)
in the same transaction as its notifications, so concurrent ticks never send one twice.
A reminder is never sent late: it goes out only between its moment and the next reminder's
(or the start), and only if the chat was already booked at that moment; a chat booked 2 hours
ahead gets no "tomorrow" reminder, since the acceptance email has just told them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class ReminderLead:
    """What a feature above adds to the day-before reminder (followup: the preparation).

    The student's reminder links to ``student_link(request_id)`` instead of the request's
    page and gains ``student_line``; ``professional_lines(request_ids)`` gives, for the
    requests it knows something about, a paragraph for the professional's reminder (one call
    per ``tick``, so it can load them all at once).
    """

    student_link: Callable[[int], str]
    student_line: str
    professional_lines: Callable[[Sequence[int]], dict[int, str]]


_LEAD_KEY = "mentorhub.bookings.reminder_lead"


def lead_day_before_reminders_to(app: Flask, lead: ReminderLead) -> None:
    """Have the 24 h reminders of ``app`` carry ``lead``."""
    app.extensions[_LEAD_KEY] = lead


def _lead(reminder: Reminder) -> ReminderLead | None:
    return current_app.extensions.get(_LEAD_KEY) if reminder.kind == "reminder_24h" else None


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


def _text(reminder: Reminder, booking: Booking, user: User, extra: str) -> tuple[str, str]:
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
    else:
        body += (
            f"{other.display_name} wrote:\n{booking.request.introduction}\n\n"
            "Thank you for giving your time. If you cannot make it, please cancel or move the "
            "chat from the request page so they know."
        )
    return title, body + (f"\n\n{extra}" if extra else "")


def _messages(reminder: Reminder, due: list[Booking]) -> list[tuple[int, int, list[tuple[int, str, str, str]]]]:
    """For each due booking: its id, its request's id and, for each of its two people,
    ``(user_id, title, body, link)``."""
    lead = _lead(reminder)
    lines = lead.professional_lines([b.request_id for b in due]) if lead and due else {}
    made = []
    for b in due:
        page = request_link(b.request_id)
        student_link = lead.student_link(b.request_id) if lead else page
        texts = [
            (b.student_id, *_text(reminder, b, b.student, lead.student_line if lead else ""), student_link),
            (b.professional_id, *_text(reminder, b, b.professional, lines.get(b.request_id, "")), page),
        ]
        made.append((b.id, b.request_id, texts))
    return made


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
        due = _messages(reminder, _due(reminder, now))
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
