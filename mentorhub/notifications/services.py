"""Notifications: the in-app inbox and the emails that go with it."""

from __future__ import annotations

from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification


def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread."""
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0
