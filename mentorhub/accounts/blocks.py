"""Blocks: one person no longer reachable by another, silently.

A block works both ways: neither person can request, message, be recommended or be referred
to the other. The features above ask :func:`blocked_between` (one pair) or
:func:`blocked_ids` (everyone a user is blocked with, for lists) and filter queries with
:func:`not_blocked_with`. Blocking sends :data:`~mentorhub.signals.user_blocked` before the
commit, so chats and bookings end what was open between the two in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, has_app_context
from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorhub.accounts.models import Block, User
from mentorhub.database import commit, is_lock_error, write_transaction
from mentorhub.errors import Conflict, DomainError, NotFound
from mentorhub.extensions import db
from mentorhub.signals import send, user_blocked

_CACHE = "mentorhub_blocked_ids"


def _id(user: User | int) -> int:
    return user if isinstance(user, int) else user.id


def blocked_ids(user: User | int, *, fresh: bool = False) -> frozenset[int]:
    """Everyone ``user`` blocked or was blocked by (one query, cached for the request;
    ``fresh`` reads again: a write checks what its own transaction sees)."""
    user_id = _id(user)
    cache: dict[int, frozenset[int]] = g.setdefault(_CACHE, {}) if has_app_context() else {}
    if fresh or user_id not in cache:
        rows = db.session.execute(
            select(Block.blocker_id, Block.blocked_id).where(
                or_(Block.blocker_id == user_id, Block.blocked_id == user_id))
        ).all()
        cache[user_id] = frozenset(a if b == user_id else b for a, b in rows)
    return cache[user_id]


def blocked_between(a: User | int, b: User | int, *, fresh: bool = False) -> bool:
    """Whether either of ``a`` and ``b`` blocked the other (``fresh``: see :func:`blocked_ids`)."""
    return _id(b) in blocked_ids(a, fresh=fresh)


def not_blocked_with(user: Any, other_id: Any) -> ColumnElement[bool]:
    """A SQL condition: the user whose id is the column ``other_id`` is not blocked with
    ``user`` (a ``User``, an id, or a column too: "the pair of this row"), either way, for
    queries that list people or pairs."""
    user_id = user.id if isinstance(user, User) else user
    return ~exists().where(or_(
        and_(Block.blocker_id == user_id, Block.blocked_id == other_id),
        and_(Block.blocker_id == other_id, Block.blocked_id == user_id),
    ))


def _forget() -> None:
    if has_app_context():
        g.pop(_CACHE, None)


def person_to_block(blocker: User, other_id: int, known: Callable[[int, int], bool]) -> User:
    """The account ``blocker`` may block: anyone else they can see (``known(blocker_id,
    other_id)`` says so: a professional's public page, a request between them), else
    :class:`NotFound`, which tells nothing of who has an account."""
    other = db.session.get(User, other_id)
    if other is None or (other.id != blocker.id and not known(blocker.id, other.id)):
        raise NotFound("We couldn't find that person.")
    if other.id == blocker.id:
        raise DomainError("You can't block yourself.")
    return other


def block_user(blocker: User, other: User) -> User:
    """``blocker`` blocks ``other`` (from :func:`person_to_block`): what was open between them
    ends (chats, bookings and followup answer :data:`user_blocked` in this transaction), and
    the blocked person is not told why. Blocking someone already blocked changes nothing.

    Both people's rows are locked first (the write lock on SQLite), as a request's send
    locks its student's: a request sent at the same moment is either refused or ended."""
    try:
        with write_transaction():
            db.session.execute(select(User.id).where(User.id.in_(sorted({blocker.id, other.id})))
                               .order_by(User.id).with_for_update())
            if db.session.get(Block, (blocker.id, other.id)) is not None:
                return other
            db.session.add(Block(blocker_id=blocker.id, blocked_id=other.id))
            db.session.flush()
            _forget()
            send(user_blocked, blocker_id=blocker.id, blocked_id=other.id)
            commit()
    except IntegrityError:  # the same block made a moment ago (a double click)
        db.session.rollback()
    except OperationalError as exc:
        db.session.rollback()
        if is_lock_error(exc):
            raise Conflict("The site is busy right now. Please try again in a moment.") from exc
        raise
    return other


def unblock_user(blocker: User, other_id: int) -> User:
    """``blocker`` lifts their block of ``other_id`` (what it ended stays ended)."""
    other = db.session.get(User, other_id)
    if other is None or not has_blocked(blocker, other_id):
        raise NotFound("You haven't blocked that person.")
    db.session.execute(delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == other.id))
    _forget()
    commit()
    return other


def people_blocked_by(user: User) -> list[User]:
    """Whom ``user`` blocked, by name (their settings page lists them with "Unblock")."""
    return list(db.session.scalars(
        select(User).join(Block, Block.blocked_id == User.id).where(Block.blocker_id == user.id)
        .order_by(User.display_name, User.id)))


def has_blocked(user: User, other_id: int) -> bool:
    """Whether ``user`` blocked ``other_id`` (not the other way round: that stays unseen)."""
    return db.session.get(Block, (user.id, other_id)) is not None
