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


# --- "Is there anyone else you'd recommend I talk to?" ---------------------------------

# A referral's states: someone off MentorHub was invited and has not signed up yet; a member
# was asked whether they agree to be introduced; they agreed; they declined (silently).
INVITED = "invited"
ASKED = "asked"
ACCEPTED = "accepted"
DECLINED = "declined"
REFERRAL_STATES = (INVITED, ASKED, ACCEPTED, DECLINED)


class ReferralAsk(db.Model):
    """The student asked the professional of one ended chat who else they should talk to
    (once per chat). ``reminded_at``: the one reminder went out; ``answered_at``: the
    professional suggested someone."""

    __tablename__ = "followup_referral_asks"
    __table_args__ = (Index("ix_followup_referral_asks_professional", "professional_id", "answered_at"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[ChatRequest] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])
    professional: Mapped[User] = relationship(foreign_keys=[professional_id])


class Referral(db.Model):
    """One person a professional (the referrer) suggested the student talk to, after their
    chat: a member (``referred_id``), or someone off MentorHub invited by name and email
    until they sign up through the invitation. The student sees the name only once the
    referred person agreed (``status`` accepted)."""

    __tablename__ = "followup_referrals"
    __table_args__ = (
        CheckConstraint("status IN ('invited','asked','accepted','declined')", name="status"),
        UniqueConstraint("ask_request_id", "referred_id", name="uq_followup_referrals_ask_referred"),
        Index("ix_followup_referrals_student_referred", "student_id", "referred_id", "status"),
        Index("ix_followup_referrals_referred_status", "referred_id", "status"),
        Index("ix_followup_referrals_referrer_created", "referrer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_request_id: Mapped[int] = mapped_column(ForeignKey("chat_requests.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    referrer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    referred_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    invite_name: Mapped[str] = mapped_column(String(80), default="")
    invite_email: Mapped[str | None] = mapped_column(String(254))
    invite_nonce: Mapped[str | None] = mapped_column(String(32))
    invite_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The referrer was told that the chat they made possible took place.
    referrer_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    student: Mapped[User] = relationship(foreign_keys=[student_id])
    referrer: Mapped[User] = relationship(foreign_keys=[referrer_id])
    referred: Mapped[User | None] = relationship(foreign_keys=[referred_id])

    @property
    def is_open(self) -> bool:
        """The referred member has not answered yet."""
        return self.status == ASKED

    @property
    def is_agreed(self) -> bool:
        """The referred member agreed to be introduced."""
        return self.status == ACCEPTED

    @property
    def shown_name(self) -> str:
        """The referred person's name as the referrer typed or the member has it."""
        return self.referred.display_name if self.referred is not None else self.invite_name


class InvitationOptOut(db.Model):
    """An address that asked MentorHub never to email it an invitation again (kept as a
    digest, so the table holds no address)."""

    __tablename__ = "followup_invitation_opt_outs"

    email_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
