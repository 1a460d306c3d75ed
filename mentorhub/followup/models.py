"""After the chat: the student's preparation, thank-you notes and updates, and the nudges
(thank-you prompt and reminder, keep-in-touch at 1, 3 and 6 months) that ``tick`` sends.

A nudge row is written when its nudge goes out; its unique ``(request_id, stage)`` is what
makes each nudge go out once, whatever ticks run at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

THANK_YOU = "thank_you"
UPDATE = "update"


class Preparation(db.Model):
    """What the student wants to learn from one chat (its questions are
    :class:`PreparedQuestion` rows)."""

    __tablename__ = "followup_preparations"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("chat_requests.id", ondelete="CASCADE"), primary_key=True
    )
    learn_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PreparedQuestion(db.Model):
    """One question the student chose or wrote for a chat, at ``position`` (0 first)."""

    __tablename__ = "followup_questions"
    __table_args__ = (Index("ix_followup_questions_request_position", "request_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))


class FollowupNote(db.Model):
    """A note from the student to the professional after their chat: the thank-you (one per
    chat) or an update on what happened since (any number)."""

    __tablename__ = "followup_notes"
    __table_args__ = (
        CheckConstraint("kind IN ('thank_you','update')", name="kind"),
        Index(
            "uq_followup_notes_one_thank_you",
            "request_id",
            unique=True,
            postgresql_where=text("kind = 'thank_you'"),
            sqlite_where=text("kind = 'thank_you'"),
        ),
        Index("ix_followup_notes_professional_created", "professional_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    request: Mapped[ChatRequest] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])

    @property
    def is_thank_you(self) -> bool:
        """The thank-you note (else an update)."""
        return self.kind == THANK_YOU


class Nudge(db.Model):
    """A nudge that went out for one chat at one ``stage`` (see ``followup.nudges.STAGES``).

    A keep-in-touch nudge stays open until ``closed_at``: the student sent an update, or the
    chat's next nudge replaced it. Snoozed, it goes out again at ``snoozed_until`` (while it
    is still the chat's current nudge).
    """

    __tablename__ = "followup_nudges"
    __table_args__ = (
        UniqueConstraint("request_id", "stage", name="uq_followup_nudges_request_stage"),
        Index("ix_followup_nudges_student_open", "student_id", "closed_at"),
        Index("ix_followup_nudges_snoozed_until", "snoozed_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    times_sent: Mapped[int] = mapped_column(Integer, default=1)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[ChatRequest] = relationship()
    professional: Mapped[User] = relationship(foreign_keys=[professional_id])


class KeepInTouchStop(db.Model):
    """The student asked for no more keep-in-touch nudges about this professional."""

    __tablename__ = "followup_stops"

    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
