"""A professional's availability: weekly windows in their own zone and blacked-out dates."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub.extensions import db


class AvailabilityWindow(db.Model):
    """Every ``weekday`` (0 = Monday) from ``start_time`` to ``end_time``, wall-clock time in
    the professional's zone (so 17:00 stays 17:00 across daylight-saving changes)."""

    __tablename__ = "availability_windows"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("start_time < end_time", name="start_before_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


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
