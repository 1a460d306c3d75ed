"""Suspension, the account's side: a suspended person cannot log in, every session and their
calendar feed end, and the lists of people leave them out (:func:`not_suspended`). Safety
decides; :data:`~mentorhub.signals.user_suspended` lets chats and bookings end what was open
with them, before the commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists

from mentorhub.accounts.models import User, new_token
from mentorhub.signals import send, user_suspended

SUSPENDED_MESSAGE = (
    "This account is suspended, so it can't log in. We emailed this address why when it happened; if "
    "you think it is a mistake, reply to that email."
)


def end_access(user: User, now: datetime) -> None:
    """Suspend ``user``: log-in refused, every session and remember-me cookie ended (a new
    session token), the calendar feed's address dead (a new one); then ``user_suspended``.
    Added to the caller's transaction."""
    user.suspended_at = now
    user.session_token = new_token()
    user.calendar_token = new_token()
    send(user_suspended, user_id=user.id)


def restore_access(user: User) -> None:
    """Lift ``user``'s suspension: they can log in again (with their password; the ended
    sessions stay ended). Added to the caller's transaction."""
    user.suspended_at = None


# Its own alias of ``users``, so the condition also fits a query that joins ``users``
# already. A table alias made once: an ORM ``aliased(User)`` per call cost about 1 ms to
# adapt each time, twice on every search page.
_ACCOUNT = User.__table__.alias("suspended_account")


def not_suspended(user_id: Any) -> ColumnElement[bool]:
    """A SQL condition: the user whose id is the column ``user_id`` is not suspended."""
    return ~exists().where(_ACCOUNT.c.id == user_id, _ACCOUNT.c.suspended_at.is_not(None))
