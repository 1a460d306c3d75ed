"""A student's saved and hidden professionals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db


class SavedProfessional(db.Model):
    """A professional the student saved for later."""

    __tablename__ = "saved_professionals"

    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class HiddenProfessional(db.Model):
    """A professional the student marked "not for me": never shown to them until unhidden."""

    __tablename__ = "hidden_professionals"

    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
