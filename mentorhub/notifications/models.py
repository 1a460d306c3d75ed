"""In-app notifications; each may also go out by email."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

EMAIL_PENDING = "pending"
EMAIL_SENT = "sent"
EMAIL_SKIPPED = "skipped"
EMAIL_SENDING = "sending"
EMAIL_OPTED_OUT = "opted_out"  # the person turned this kind of email off


class Notification(db.Model):
    """A row in a user's inbox. ``email_status`` is ``pending`` until the email went out
    (``sent``), was given up on or never wanted (``skipped``), or its kind was turned off by
    the person (``opted_out``); ``tick`` retries pending ones.
    ``booking_id`` attaches the booking's ``.ics`` file to the email. While a worker sends
    it, the status is ``sending`` (claimed at ``email_claimed_at``)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_email_status", "email_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_requests.id", ondelete="CASCADE")
    )
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    email_status: Mapped[str] = mapped_column(String(10), default=EMAIL_PENDING)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When a worker claimed the email (status "sending"); tick reclaims claims left stale.
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the person did about it, once they did ("You accepted"), shown in the inbox.
    outcome: Mapped[str] = mapped_column(String(120), default="")


class EmailOptOut(db.Model):
    """``user_id`` asked not to get the emails of one optional kind, ``choice`` (a key of a
    registered :class:`~mentorhub.notifications.preferences.EmailChoice`). The inbox still
    shows those notifications; only their emails stop."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    choice: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
