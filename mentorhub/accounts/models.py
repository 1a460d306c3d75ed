"""Users: the people who sign in, students and professionals alike."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

if TYPE_CHECKING:
    from mentorhub.profiles.models import ProfessionalProfile, StudentProfile

STUDENT = "student"
PROFESSIONAL = "professional"
ROLES = (STUDENT, PROFESSIONAL)


def new_token() -> str:
    """A fresh random URL-safe token (sessions, calendar feeds)."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """Someone with an account. ``email`` is stored lower-cased, so it is unique whatever
    the case it was typed in. Flask-Login identifies the user by ``session_token``, which a
    password change renews so every other session ends."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('student', 'professional')", name="role"),
        # Every list of people leaves the suspended out (``suspension.not_suspended``): the
        # few suspended ids, indexed on their own, keep that check off a scan of all users.
        Index("ix_users_suspended", "id", postgresql_where=text("suspended_at IS NOT NULL"),
              sqlite_where=text("suspended_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), index=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When someone last signed up with this address again and its owner was emailed.
    signup_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while a site admin's suspension lasts (accounts.suspension): no log-in, hidden.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person deleted their account (accounts.own_data): "A former member", no
    # personal data left; ``suspended_at`` is set too, so every list leaves them out.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    professional_profile: Mapped[ProfessionalProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan"
    )
    student_profile: Mapped[StudentProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """Flask-Login's alternative id: the session token, not the primary key."""
        return self.session_token

    @property
    def is_student(self) -> bool:
        return self.role == STUDENT

    @property
    def is_professional(self) -> bool:
        return self.role == PROFESSIONAL

    @property
    def is_deleted(self) -> bool:
        """Whether the person deleted this account (it reads "A former member")."""
        return self.deleted_at is not None

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class Block(db.Model):
    """``blocker`` blocked ``blocked``: neither can request, message, be recommended or be
    referred to the other, whichever of them blocked (see :mod:`mentorhub.accounts.blocks`).
    The blocked person is not told."""

    __tablename__ = "blocks"
    __table_args__ = (CheckConstraint("blocker_id <> blocked_id", name="not_self"),)

    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
