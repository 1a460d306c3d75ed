"""Clubs (student societies, career centres) and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db


class Club(db.Model):
    """A club; club-scoped plugins can be switched on for it."""

    __tablename__ = "clubs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ClubMembership(db.Model):
    """A user's membership of a club; ``is_club_admin`` may manage the club's plugins."""

    __tablename__ = "club_memberships"

    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_club_admin: Mapped[bool] = mapped_column(Boolean, default=False)
