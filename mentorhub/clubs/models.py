"""Clubs (student societies, career centres) and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


# One club per name, whatever the case (SQLite's lower() folds ASCII letters only).
Index("uq_clubs_name_lower", func.lower(Club.name), unique=True)


class ClubMembership(db.Model):
    """A user's membership of a club; ``is_club_admin`` may manage the club's plugins."""

    __tablename__ = "club_memberships"

    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    is_club_admin: Mapped[bool] = mapped_column(Boolean, default=False)


class ClubInvite(db.Model):
    """A way into a club: an invite link a club admin made (``email`` empty), or an
    invitation emailed to ``email`` (one use). It works until ``expires_at``, ``max_uses``
    joins or ``revoked_at``, whichever comes first. ``uses`` counts the joins."""

    __tablename__ = "club_invites"
    __table_args__ = (
        CheckConstraint("max_uses >= 1", name="max_uses_positive"),
        CheckConstraint("uses >= 0 AND uses <= max_uses", name="uses_within_limit"),
        Index("ix_club_invites_club_created", "club_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("clubs.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(43), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_uses: Mapped[int] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    club: Mapped[Club] = relationship()

    def is_usable(self, now: datetime) -> bool:
        """Still lets someone join at ``now``."""
        return self.revoked_at is None and self.uses < self.max_uses and now < self.expires_at

    @property
    def is_emailed(self) -> bool:
        """An invitation emailed to one address (not a link to share)."""
        return bool(self.email)
