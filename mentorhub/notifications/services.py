"""Notifications: the in-app inbox and the emails that go with it.

Services call :func:`notify` before their commit; the row is committed with their change and
its email is sent right after the commit (:func:`deliver_new` is an after-commit callback).
Emails that fail stay ``pending`` and ``flask mentorhub tick`` retries them. What an email
carries besides its text comes from the attachment makers features register with
:func:`attach_with` (bookings attaches a chat's calendar file): notifications know no feature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import case, func, select, update
from sqlalchemy.orm.exc import ObjectDeletedError

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import commit, queue, take_queue
from mentorhub.errors import NotFound
from mentorhub.extensions import db
from mentorhub.jobs import run_later
from mentorhub.mail import Attachment, MailError, send_mail
from mentorhub.notifications.models import (
    EMAIL_OPTED_OUT,
    EMAIL_PENDING,
    EMAIL_SENDING,
    EMAIL_SENT,
    EMAIL_SKIPPED,
    Notification,
)
from mentorhub.notifications.preferences import EmailChoice, choice_of_kind, opted_out, unsubscribe_path
from mentorhub.web import safe_next, site_url

log = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 5
# A claim older than this is a worker that died mid-send (SMTP itself times out far sooner).
STALE_SENDING_AFTER = timedelta(minutes=10)
PAGE_SIZE = 30
# The per-transaction queue of notifications added by notify(), emailed after the commit.
NEW_NOTES = _NEW = "notifications.new"
_MAKERS_KEY = "mentorhub.notification_attachments"

# ``maker(notification)`` returns the files to attach to its email (often none).
AttachmentMaker = Callable[[Notification], Iterable[Attachment]]


def attach_with(app: Flask, maker: AttachmentMaker) -> None:
    """Have ``maker`` add attachments to every notification email ``app`` sends."""
    makers = app.extensions.setdefault(_MAKERS_KEY, [])
    if maker not in makers:
        makers.append(maker)


def unread_count_column(user_id: Any) -> Any:
    """How many of the notifications of the user whose id is the column ``user_id`` are
    unread, as a correlated subquery (read with the signed-in user)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


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

    ``link`` is a site path such as ``/requests/12``; ``request_id`` and ``booking_id`` say
    what it is about (an attachment maker may attach, say, the booking's calendar file).
    """
    user_id = user if isinstance(user, int) else user.id
    note = Notification(
        user_id=user_id,
        kind=kind,
        title=title,
        body=body,
        link=link,
        request_id=request_id,
        booking_id=booking_id,
        email_status=EMAIL_PENDING if email else EMAIL_SKIPPED,
        created_at=clock.now(),
    )
    db.session.add(note)
    queue(_NEW).append(note)
    return note


def _attachments(note: Notification) -> tuple[Attachment, ...]:
    makers: list[AttachmentMaker] = current_app.extensions.get(_MAKERS_KEY, [])
    return tuple(item for maker in makers for item in maker(note))


def _with_unsubscribe(body: str, user: User, choice: EmailChoice) -> tuple[str, dict[str, str]]:
    """The body with its one-click unsubscribe line, and the headers mail programs use for
    their own unsubscribe button (RFC 8058)."""
    link = site_url(unsubscribe_path(user, choice.key))
    body += (
        f"\n\nYou get this email because {choice.label.lower()} are on for your account. "
        f"To stop only these emails (your MentorHub inbox keeps them), open: {link}"
    )
    return body, {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def deliver(note_ids: list[int]) -> int:
    """Email the pending notifications among ``note_ids``; return how many were sent.

    Each is claimed with a conditional update first, so two workers never send one twice.
    """
    sent = 0
    for note_id in note_ids:
        claimed = db.session.execute(
            update(Notification)
            .where(Notification.id == note_id, Notification.email_status == EMAIL_PENDING)
            .values(
                email_status=EMAIL_SENDING,
                email_attempts=Notification.email_attempts + 1,
                email_claimed_at=clock.now(),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if not claimed:
            continue
        note = db.session.get(Notification, note_id, populate_existing=True)
        if note is None:  # its account was deleted in the meantime
            continue
        user = db.session.get(User, note.user_id)
        if user.is_deleted:  # the account is gone, and its address with it
            note.email_status = EMAIL_SKIPPED
            db.session.commit()
            continue
        choice = choice_of_kind(note.kind)
        if choice is not None and choice.key in opted_out(user.id):
            note.email_status = EMAIL_OPTED_OUT  # they said no to these emails; the inbox has it
            db.session.commit()
            continue
        body = note.body + (f"\n\n{site_url(note.link)}" if note.link else "")
        body += "\n\nMentorHub: short chats to learn what a job is really like."
        headers: dict[str, str] = {}
        if choice is not None:
            body, headers = _with_unsubscribe(body, user, choice)
        try:
            send_mail(user.email, note.title, body, _attachments(note), headers)
            note.email_status = EMAIL_SENT
            sent += 1
        except MailError:
            note.email_status = (
                EMAIL_PENDING if note.email_attempts < MAX_EMAIL_ATTEMPTS else EMAIL_SKIPPED
            )
        db.session.commit()
    return sent


def deliver_new() -> None:
    """Email the notifications created by the commit that just happened, off the request
    path (:func:`mentorhub.jobs.run_later`: the queue's worker, or once the response is sent);
    what a lost job leaves pending, ``tick`` sends."""
    ids = []
    for note in take_queue(_NEW):
        try:
            if note.id is not None and note.email_status == EMAIL_PENDING:
                ids.append(note.id)
        except ObjectDeletedError:  # removed in the same transaction (a deleted account's inbox)
            continue
    if ids:
        run_later(deliver, ids)


def deliver_due(
    limit: int | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Email every pending notification, each tried once per call, oldest first (used by
    ``tick``; ``limit`` caps how many are tried). Returns how many were sent."""
    ids = list(
        db.session.scalars(
            select(Notification.id)
            .where(Notification.email_status == EMAIL_PENDING)
            .order_by(Notification.id)
            .limit(limit)
        )
    )
    sent = 0
    for start in range(0, len(ids), 100):
        sent += deliver(ids[start : start + 100])
        if progress:
            progress(min(start + 100, len(ids)), len(ids))
    return sent


def reclaim_stale_sending(now: datetime | None = None) -> int:
    """Put emails stuck in ``sending`` (their worker died mid-send) back to ``pending``, or
    give up on them after ``MAX_EMAIL_ATTEMPTS``; returns how many were reclaimed."""
    cutoff = (now or clock.now()) - STALE_SENDING_AFTER
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.email_status == EMAIL_SENDING,
            (Notification.email_claimed_at.is_(None)) | (Notification.email_claimed_at < cutoff),
        )
        .values(
            email_status=case(
                (Notification.email_attempts >= MAX_EMAIL_ATTEMPTS, EMAIL_SKIPPED),
                else_=EMAIL_PENDING,
            )
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0


def notifications_page(user: User, page: int = 1) -> tuple[list[Notification], bool]:
    """One page of ``user``'s notifications, newest first, and whether there are more."""
    page = max(page, 1)
    rows = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def safe_link(link: str) -> str:
    """``link`` when it is a path on this site, else the inbox (never an open redirect)."""
    return safe_next(link) or "/notifications"


def open_notification(user: User, note_id: int) -> str:
    """Mark ``user``'s notification read and return where it leads (a site path)."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != user.id:
        raise NotFound("That notification does not exist, or it is not yours.")
    if note.read_at is None:
        note.read_at = clock.now()
        commit()
    return safe_link(note.link) if note.link else "/notifications"


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    commit()
    return result.rowcount or 0


def settle(user: User | int, request_id: int, outcome: str) -> int:
    """``user`` acted on request ``request_id`` (accepted it, declined it, proposed times...):
    their unread notifications about it are read now, each saying ``outcome`` ("You
    accepted") in the inbox. Added to the caller's transaction; returns how many."""
    user_id = user if isinstance(user, int) else user.id
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.request_id == request_id,
               Notification.read_at.is_(None))
        .values(read_at=clock.now(), outcome=outcome[:120])
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
