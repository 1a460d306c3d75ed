"""Notifications: the in-app inbox and the emails that go with it.

Services call :func:`notify` before their commit; the row is committed with their change and
its email is sent right after the commit (see :func:`mentorhub.database.commit`). Emails
that fail stay ``pending`` and ``flask mentorhub tick`` retries them.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import func, select, update

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.mail import Attachment, MailError, send_mail
from mentorhub.notifications.models import EMAIL_PENDING, EMAIL_SENT, EMAIL_SKIPPED, Notification

log = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 5


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread."""
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def notify(
    user: User | int,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    *,
    request_id: int | None = None,
    booking_id: int | None = None,
    email: bool = True,
) -> Notification:
    """Add a notification for ``user`` to the session (committed by the caller's commit).

    ``link`` is a site path such as ``/requests/12``; ``booking_id`` attaches that booking's
    ``.ics`` to the email.
    """
    user_id = user if isinstance(user, int) else user.id
    note = Notification(
        user_id=user_id, kind=kind, title=title, body=body, link=link,
        request_id=request_id, booking_id=booking_id,
        email_status=EMAIL_PENDING if email else EMAIL_SKIPPED, created_at=clock.now(),
    )
    db.session.add(note)
    db.session.info.setdefault("mentorhub_new_notifications", []).append(note)
    return note


def _attachments(note: Notification) -> tuple[Attachment, ...]:
    if note.booking_id is None:
        return ()
    from mentorhub.calendars.ics import booking_ics_attachment

    return (booking_ics_attachment(note.booking_id),)


def _absolute(link: str) -> str:
    base = current_app.config.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def deliver(note_ids: list[int]) -> int:
    """Email the pending notifications among ``note_ids``; return how many were sent.

    Each is claimed with a conditional update first, so two workers never send one twice.
    """
    sent = 0
    for note_id in note_ids:
        claimed = db.session.execute(
            update(Notification)
            .where(Notification.id == note_id, Notification.email_status == EMAIL_PENDING)
            .values(email_status="sending", email_attempts=Notification.email_attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if not claimed:
            continue
        note = db.session.get(Notification, note_id, populate_existing=True)
        user = db.session.get(User, note.user_id)
        body = note.body + (f"\n\n{_absolute(note.link)}" if note.link else "")
        body += "\n\nMentorHub: short chats to learn what a job is really like."
        try:
            send_mail(user.email, note.title, body, _attachments(note))
            note.email_status = EMAIL_SENT
            sent += 1
        except MailError:
            note.email_status = EMAIL_PENDING if note.email_attempts < MAX_EMAIL_ATTEMPTS else EMAIL_SKIPPED
        db.session.commit()
    return sent


def deliver_new() -> None:
    """Email the notifications created by the commit that just happened."""
    notes = db.session.info.pop("mentorhub_new_notifications", [])
    ids = [n.id for n in notes if n.id is not None and n.email_status == EMAIL_PENDING]
    if ids:
        deliver(ids)


def deliver_due(limit: int = 500) -> int:
    """Email every pending notification (used by ``tick``); return how many were sent."""
    ids = list(db.session.scalars(
        select(Notification.id).where(Notification.email_status == EMAIL_PENDING).order_by(Notification.id).limit(limit)
    ))
    return deliver(ids)
