"""A professional's time: weekly windows and one-off hours in their own zone, blacked-out
dates, and the bookings that fill it.

A :class:`Booking` belongs to an accepted chat request (the chats feature, one floor up);
scheduling owns it because free times and monthly capacity are computed from bookings.
Capacity counts a booking by its request's status, read through the ``chat_requests`` table
by name (:data:`chat_requests`), the way the foreign key names it, so this floor imports
nothing above it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import (
    DDL,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    column,
    event,
    table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db
from mentorhub.scheduling.window_times import WindowTimes

if TYPE_CHECKING:
    from mentorhub.chats.models import ChatRequest

# The request statuses whose booking counts as a chat given (DESIGN.md: capacity counts
# chats): accepted, completed and no-show; not cancelled. A test keeps them in step with
# the statuses chats defines.
COUNTED_STATUSES = ("accepted", "completed", "no_show")
# The columns of chats' table that the capacity count reads.
chat_requests = table("chat_requests", column("id"), column("status"))


class AvailabilityWindow(db.Model):
    """Wall-clock time in the professional's zone (so 17:00 stays 17:00 across
    daylight-saving changes) from ``start_time`` to ``end_time``: every ``weekday``
    (0 = Monday) for a weekly window, or once, on ``on_date``, for one-off hours. Exactly one
    of ``weekday`` and ``on_date`` is set."""

    __tablename__ = "availability_windows"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("start_time < end_time", name="start_before_end"),
        CheckConstraint(
            "(weekday IS NULL AND on_date IS NOT NULL) OR (weekday IS NOT NULL AND on_date IS NULL)",
            name="weekly_or_one_off",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int | None] = mapped_column(Integer)
    on_date: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)

    @property
    def is_one_off(self) -> bool:
        """True for one-off hours on ``on_date``, false for a weekly window."""
        return self.on_date is not None

    @property
    def label(self) -> str:
        """E.g. "Tuesday 17:00–19:00", or "Tue 9 Mar 2027, 18:00–20:00" for one-off hours."""
        return WindowTimes.of(self).label


class Blackout(db.Model):
    """A date (in the professional's zone) with no chats, e.g. a holiday."""

    __tablename__ = "blackouts"
    __table_args__ = (UniqueConstraint("professional_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(120), default="")


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

    # The request lives on the floor above (chats): named, not imported.
    request: Mapped[ChatRequest] = relationship("ChatRequest", back_populates="booking")
    professional: Mapped[User] = relationship(foreign_keys=[professional_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])

    @property
    def join_link(self) -> str:
        """The chat's video link, for a "Join call" button: the location when it is an
        http(s) address and the chat is going ahead, else ``""``."""
        parts = urlsplit(self.location or "")
        if self.active and parts.scheme in ("http", "https") and parts.netloc and " " not in self.location:
            return self.location
        return ""


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

