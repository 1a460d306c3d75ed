"""Reports about people, and what site admins decided about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db

REASONS = {
    "harassment": "Harassment, or unwanted contact",
    "inappropriate": "Inappropriate or offensive messages",
    "job_pressure": "Pressure to give a job, a referral or money",
    "no_show": "Repeatedly did not turn up",
    "fake": "A fake profile, or not who they say they are",
    "other": "Something else",
}
OPEN = "open"
HANDLED = "handled"

DISMISS = "dismiss"
WARN = "warn"
SUSPEND = "suspend"
LIFT = "lift"
ACTIONS = (DISMISS, WARN, SUSPEND, LIFT)
ACTION_LABELS = {DISMISS: "Dismissed", WARN: "Warned", SUSPEND: "Suspended", LIFT: "Suspension lifted"}


class Report(db.Model):
    """``reporter`` reported ``reported``, about a request (or their profile), with a reason."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("reporter_id <> reported_id", name="not_self"),
        CheckConstraint("status IN ('open', 'handled')", name="status"),
        Index("ix_reports_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("chat_requests.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(30))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    reported: Mapped[User] = relationship(foreign_keys=[reported_id])

    @property
    def is_open(self) -> bool:
        """Waiting for a site admin's decision."""
        return self.status == OPEN


class Decision(db.Model):
    """What a site admin decided about a person (on a report, or lifting a suspension): who,
    when and why."""

    __tablename__ = "safety_decisions"
    __table_args__ = (CheckConstraint("action IN ('dismiss', 'warn', 'suspend', 'lift')", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    why: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def label(self) -> str:
        """What was decided, in words ("Warned")."""
        return ACTION_LABELS.get(self.action, self.action)
