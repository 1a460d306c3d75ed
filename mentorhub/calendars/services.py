"""Calendar feeds: each user's private, subscribable list of their chats."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from mentorhub import clock
from mentorhub.accounts.models import User, new_token
from mentorhub.bookings.access import with_both_people
from mentorhub.chats.models import ACTIVE_BOOKING_STATUSES, COMPLETED, ChatRequest
from mentorhub.database import commit
from mentorhub.errors import NotFound
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

# Chats stay in the feed for a while after they end, so a calendar app does not erase them
# the moment they are over.
FEED_KEEPS_PAST = timedelta(days=30)


def user_for_feed(token: str) -> User:
    """The owner of calendar feed ``token``, or :class:`NotFound` (also for old tokens)."""
    user = db.session.scalar(
        select(User).where(User.calendar_token == token, User.suspended_at.is_(None))) if token else None
    if user is None:
        raise NotFound(
            "This calendar address is not valid (it may have been replaced by a new one)."
        )
    return user


def feed_bookings(user: User) -> list[Booking]:
    """``user``'s chats for their feed: every upcoming chat still going ahead, and those of the
    last 30 days that took place, earliest first, with request and people loaded."""
    since = clock.now() - FEED_KEEPS_PAST
    return list(
        db.session.scalars(
            select(Booking)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(
                or_(Booking.student_id == user.id, Booking.professional_id == user.id),
                Booking.active,
                ChatRequest.status.in_((*ACTIVE_BOOKING_STATUSES, COMPLETED)),
                Booking.end_at > since,
            )
            .options(*with_both_people())
            .order_by(Booking.start_at, Booking.id)
        ).unique()
    )


def regenerate_calendar_token(user: User) -> str:
    """Give ``user`` a new secret feed address; the old one stops working at once."""
    user.calendar_token = new_token()
    commit()
    return user.calendar_token
