"""Profiles: what a professional offers and what a student wants to learn."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

CHAT_LENGTHS = (15, 20, 30)


def reply_words(seconds: float | None) -> str:
    """A usual reply time in words, rounded up: "Usually replies within an hour", "... within
    5 hours", "... within a day", "... within 2 days"; ``""`` for ``None``."""
    if seconds is None:
        return ""
    hours = math.ceil(max(seconds, 1) / 3600)
    if hours <= 1:
        return "Usually replies within an hour"
    if hours < 24:
        return f"Usually replies within {hours} hours"
    days = math.ceil(seconds / 86400)
    return "Usually replies within a day" if days <= 1 else f"Usually replies within {days} days"
FORMATS = ("video", "phone", "in_person")

professional_topics = Table(
    "professional_topics",
    db.metadata,
    Column("profile_id", ForeignKey("professional_profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

student_interests = Table(
    "student_interests",
    db.metadata,
    Column("profile_id", ForeignKey("student_profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Topic(db.Model):
    """A tag such as "touring" or "sync licensing"; ``slug`` is its unique lower-case key."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(60))

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


class ProfessionalProfile(db.Model):
    """What a professional does, how they chat, and how much time they give.

    Scheduling settings (buffers, notice, horizon) live here too; ``next_free_at`` is kept
    current by the scheduling service for discovery's "free soon" filter and sort.
    """

    __tablename__ = "professional_profiles"
    __table_args__ = (
        CheckConstraint("chat_minutes IN (15, 20, 30)", name="chat_minutes"),
        CheckConstraint("monthly_capacity >= 0", name="monthly_capacity"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    headline: Mapped[str] = mapped_column(String(120), default="")
    company: Mapped[str] = mapped_column(String(120), default="")
    industry: Mapped[str] = mapped_column(String(40), default="", index=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    offers_video: Mapped[bool] = mapped_column(Boolean, default=True)
    offers_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_in_person: Mapped[bool] = mapped_column(Boolean, default=False)
    city: Mapped[str] = mapped_column(String(80), default="")
    chat_minutes: Mapped[int] = mapped_column(Integer, default=20)
    monthly_capacity: Mapped[int] = mapped_column(Integer, default=4)
    accepting_requests: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    will_not_do: Mapped[str] = mapped_column(String(300), default="")
    # The video link accepted chats use unless the professional gives another when accepting.
    meeting_link: Mapped[str] = mapped_column(String(300), default="")
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    min_notice_hours: Mapped[int] = mapped_column(Integer, default=24)
    horizon_days: Mapped[int] = mapped_column(Integer, default=30)
    next_free_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # How fast they usually answer: the median time to their first answer over their last
    # requests, kept by chats (``None`` until enough requests were answered lately).
    usual_reply_seconds: Mapped[int | None] = mapped_column(Integer)
    # Requests in a row they let expire without an answer; chats pause them at three.
    expired_in_a_row: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When requests were paused for them because of those expiries (``None``: not that way).
    auto_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    user: Mapped[User] = relationship(back_populates="professional_profile")
    topics: Mapped[list[Topic]] = relationship(secondary=professional_topics, order_by=Topic.name)

    @property
    def usual_reply(self) -> str:
        """How fast they usually reply, in words ("Usually replies within 2 days"), or ``""``
        while there are too few answers to say."""
        return reply_words(self.usual_reply_seconds)

    @property
    def formats(self) -> list[str]:
        """The formats offered, in a fixed order: ``video``, ``phone``, ``in_person``."""
        flags = (self.offers_video, self.offers_phone, self.offers_in_person)
        return [name for name, on in zip(FORMATS, flags, strict=True) if on]


class StudentProfile(db.Model):
    """Where a student studies and what they want to learn about."""

    __tablename__ = "student_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    school: Mapped[str] = mapped_column(String(120), default="")
    programme: Mapped[str] = mapped_column(String(120), default="")
    graduation_year: Mapped[int | None] = mapped_column(Integer)
    goals: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    user: Mapped[User] = relationship(back_populates="student_profile")
    interests: Mapped[list[Topic]] = relationship(secondary=student_interests, order_by=Topic.name)
