"""A proposed move of a booked chat, waiting for the other person's consent.

One person proposes a new time with a note; the booking keeps its time until the other
person confirms (then it moves) or keeps the current time. At most one proposal per booking
is open at once (a partial unique index): a new proposal from either side replaces it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

OPEN = "open"
CONFIRMED = "confirmed"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
REPLACED = "replaced"
CLOSED = "closed"  # the chat was cancelled, or the proposed time passed, before an answer
MOVE_STATUSES = (OPEN, CONFIRMED, DECLINED, WITHDRAWN, REPLACED, CLOSED)


class MoveProposal(db.Model):
    """``proposed_by`` asks to move ``booking`` from ``old_start_at`` to ``start_at``."""

    __tablename__ = "booking_moves"
    __table_args__ = (
        CheckConstraint("start_at < end_at", name="start_before_end"),
        CheckConstraint(
            "status IN ('open', 'confirmed', 'declined', 'withdrawn', 'replaced', 'closed')",
            name="status",
        ),
        Index(
            "ux_booking_moves_open",
            "booking_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    old_start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    booking: Mapped[Booking] = relationship()
    proposed_by: Mapped[User] = relationship()
