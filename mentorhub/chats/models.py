"""Chat requests, their proposed times, bookings, events and message threads.

The request state machine (DESIGN.md): ``pending -> accepted | declined | expired |
withdrawn``; ``accepted -> completed | cancelled | no_show``. Every transition is a
conditional UPDATE recorded as a :class:`RequestEvent`. An accepted request has a
:class:`~mentorhub.scheduling.models.Booking` (scheduling owns bookings: free times and
capacity are computed from them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

PENDING = "pending"
ACCEPTED = "accepted"
DECLINED = "declined"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
COMPLETED = "completed"
CANCELLED = "cancelled"
NO_SHOW = "no_show"
STATUSES = (PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN, COMPLETED, CANCELLED, NO_SHOW)
OPEN_STATUSES = (PENDING,)
ACTIVE_BOOKING_STATUSES = (ACCEPTED,)


class ChatRequest(db.Model):
    """A student's request for a chat with a professional.

    ``awaiting_student`` is set when the professional asked for other times: the request
    stays pending and new proposals are due from the student.
    """

    __tablename__ = "chat_requests"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending','accepted','declined','expired','withdrawn',"
            "'completed','cancelled','no_show')",
            name="status",
        ),
        Index("ix_chat_requests_student_status", "student_id", "status"),
        Index("ix_chat_requests_professional_status", "professional_id", "status"),
        # One pending request per student and professional, even when two are sent at once.
        Index(
            "uq_chat_requests_one_pending_pair",
            "student_id",
            "professional_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    format: Mapped[str] = mapped_column(String(20))
    introduction: Mapped[str] = mapped_column(Text)
    awaiting_student: Mapped[bool] = mapped_column(Boolean, default=False)
    decline_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    student: Mapped[User] = relationship(foreign_keys=[student_id])
    professional: Mapped[User] = relationship(foreign_keys=[professional_id])
    proposed_times: Mapped[list[ProposedTime]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ProposedTime.start_at"
    )
    booking: Mapped[Booking | None] = relationship(back_populates="request", uselist=False)
    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestEvent.id"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Message.id"
    )

    # Flags and labels for templates, which compare no status strings.

    @property
    def is_pending(self) -> bool:
        """Waiting: for the professional's answer, or (``awaiting_student``) for new times."""
        return self.status == PENDING

    @property
    def awaits_answer(self) -> bool:
        """Pending with times the professional can answer (not waiting for new times)."""
        return self.status == PENDING and not self.awaiting_student

    @property
    def has_chat_time(self) -> bool:
        """A chat was booked for it (whatever became of the chat since)."""
        return self.status in (ACCEPTED, COMPLETED, NO_SHOW, CANCELLED) and self.booking is not None

    @property
    def status_text(self) -> str:
        """The status in words (``"no show"``); its CSS class is ``status-<status>``."""
        return self.status.replace("_", " ")


class ProposedTime(db.Model):
    """One of the 1-3 times a student proposed (UTC, half-open ``[start_at, end_at)``)."""

    __tablename__ = "proposed_times"
    __table_args__ = (CheckConstraint("start_at < end_at", name="start_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)

    request: Mapped[ChatRequest] = relationship(back_populates="proposed_times")


class RequestEvent(db.Model):
    """One transition of a request: who, when, from which state to which, and its name."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    request: Mapped[ChatRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Message(db.Model):
    """A plain-text message in a request's thread (shown escaped)."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    request: Mapped[ChatRequest] = relationship(back_populates="messages")
    sender: Mapped[User] = relationship()
