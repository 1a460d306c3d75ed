"""Chat requests, their proposed times, bookings, events and message threads.

The request state machine (DESIGN.md): ``pending -> accepted | declined | expired |
withdrawn``; ``accepted -> completed | cancelled | no_show``. Every transition is a
conditional UPDATE recorded as a :class:`RequestEvent`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DDL,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

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


class ProposedTime(db.Model):
    """One of the 1-3 times a student proposed (UTC, half-open ``[start_at, end_at)``)."""

    __tablename__ = "proposed_times"
    __table_args__ = (CheckConstraint("start_at < end_at", name="start_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)

    request: Mapped[ChatRequest] = relationship(back_populates="proposed_times")


class Booking(db.Model):
    """An accepted chat at a fixed time. ``active`` is true while it is going ahead; the
    database refuses two active overlapping bookings of one professional or one student.

    ``sequence`` is the iCalendar SEQUENCE, raised on every reschedule or cancel.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("start_at < end_at", name="start_before_end"),
        Index("ix_bookings_professional_start", "professional_id", "start_at"),
        Index("ix_bookings_student_start", "student_id", "start_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), unique=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    late_cancel: Mapped[bool] = mapped_column(Boolean, default=False)
    no_show_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_24h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_1h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    request: Mapped[ChatRequest] = relationship(back_populates="booking")
    professional: Mapped[User] = relationship(foreign_keys=[professional_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])


# PostgreSQL enforces "never double-booked" with exclusion constraints. Alembic's autogenerate
# does not see these, so the migration creates them too and a test checks they exist.
BOOKING_EXCLUSIONS = {
    "ex_bookings_professional_overlap": "professional_id",
    "ex_bookings_student_overlap": "student_id",
}
event.listen(
    Booking.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)
for _name, _column in BOOKING_EXCLUSIONS.items():
    event.listen(
        Booking.__table__,
        "after_create",
        DDL(
            f"ALTER TABLE bookings ADD CONSTRAINT {_name} EXCLUDE USING gist "
            f"({_column} WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (active)"
        ).execute_if(dialect="postgresql"),
    )


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
