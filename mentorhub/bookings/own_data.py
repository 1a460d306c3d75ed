"""Bookings' share of people's own data (:mod:`mentorhub.accounts.own_data`).

**Download.** Each chat booked with the person: with whom, when, where, and how it went
(going ahead, cancelled, missed), with the notes *they* wrote when moving it.

**Deletion.** Chats that haven't started are cancelled by MentorHub with a note to the other
person (they left MentorHub); a professional's meeting places go from their chats; the
person's notes on moves and cancellations are emptied, and their name and email scrubbed
from the other person's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import User
from mentorhub.accounts.own_data import moment as _moment
from mentorhub.bookings.models import MoveProposal
from mentorhub.bookings.services import cancel_upcoming_of
from mentorhub.database import scrub_text
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.notifications.own_data import MENTION, scrub_mentions
from mentorhub.scheduling.models import Booking


def _state(booking: Booking) -> str:
    if booking.active:
        return "booked"
    if booking.no_show_marked_by_id is not None:
        return "missed"
    return "cancelled"


def chats_part(user: User) -> list[dict[str, Any]]:
    """Every chat booked with the person, oldest first (see the module)."""
    bookings = db.session.scalars(
        select(Booking).where(or_(Booking.student_id == user.id, Booking.professional_id == user.id))
        .options(selectinload(Booking.student), selectinload(Booking.professional))
        .order_by(Booking.start_at, Booking.id)
    ).all()
    moves: dict[int, list[MoveProposal]] = {}
    if bookings:
        for move in db.session.scalars(
            select(MoveProposal).where(MoveProposal.booking_id.in_([b.id for b in bookings]),
                                       MoveProposal.proposed_by_id == user.id).order_by(MoveProposal.id)
        ):
            moves.setdefault(move.booking_id, []).append(move)
    return [
        {
            "request_id": b.request_id,
            "with": (b.professional if b.student_id == user.id else b.student).display_name,
            "start": _moment(b.start_at),
            "end": _moment(b.end_at),
            "where": b.location,
            "state": _state(b),
            **({"cancel_reason": b.cancel_reason} if b.cancelled_by_id == user.id and b.cancel_reason else {}),
            "moves_you_proposed": [{"to": _moment(m.start_at), "note": m.note, "at": _moment(m.created_at)}
                                   for m in moves.get(b.id, [])],
        }
        for b in bookings
    ]


def erase_bookings(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver (see the module). Before the commit."""
    cancel_upcoming_of(user_id, left=True)
    mine = or_(Booking.student_id == user_id, Booking.professional_id == user_id)
    theirs = select(Booking.id).where(mine).scalar_subquery()
    their_requests = select(Booking.request_id).where(mine).scalar_subquery()
    words = (email, name)
    db.session.execute(update(Booking).where(Booking.professional_id == user_id)
                       .values(location="").execution_options(synchronize_session=False))
    db.session.execute(update(Booking).where(Booking.cancelled_by_id == user_id, Booking.cancel_reason != "")
                       .values(cancel_reason="").execution_options(synchronize_session=False))
    db.session.execute(update(MoveProposal).where(MoveProposal.proposed_by_id == user_id)
                       .values(note="").execution_options(synchronize_session=False))
    scrub_text(Booking, ("location", "cancel_reason"), Booking.id.in_(theirs), words, MENTION)
    scrub_text(MoveProposal, ("note",), MoveProposal.booking_id.in_(theirs), words, MENTION)
    scrub_mentions(or_(Notification.booking_id.in_(theirs), Notification.request_id.in_(their_requests)),
                   name, email, about_them=True)
