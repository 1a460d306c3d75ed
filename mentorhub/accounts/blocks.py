"""Blocks: one person no longer reachable by another, silently.

A block works both ways: neither person can request, message, be recommended or be referred
to the other. The features above ask :func:`blocked_between` (one pair) or
:func:`blocked_ids` (everyone a user is blocked with, for lists) and filter queries with
:func:`not_blocked_with`. Blocking sends :data:`~mentorhub.signals.user_blocked` before the
commit, so chats and bookings end what was open between the two in the same transaction.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.exc import IntegrityError

from mentorhub.accounts.models import Block, User
from mentorhub.database import commit
from mentorhub.errors import DomainError, NotFound
from mentorhub.extensions import db
from mentorhub.signals import send, user_blocked

_CACHE = "mentorhub_blocked_ids"


def _id(user: User | int) -> int:
    return user if isinstance(user, int) else user.id


def blocked_ids(user: User | int) -> frozenset[int]:
    """Everyone ``user`` blocked or was blocked by (one query, cached for the request)."""
    user_id = _id(user)
    cache: dict[int, frozenset[int]] = g.setdefault(_CACHE, {}) if has_app_context() else {}
    if user_id not in cache:
        rows = db.session.execute(
            select(Block.blocker_id, Block.blocked_id).where(
                or_(Block.blocker_id == user_id, Block.blocked_id == user_id))
        ).all()
        cache[user_id] = frozenset(a if b == user_id else b for a, b in rows)
    return cache[user_id]


def blocked_between(a: User | int, b: User | int) -> bool:
    """Whether either of ``a`` and ``b`` blocked the other."""
    return _id(b) in blocked_ids(a)


def not_blocked_with(user: User | int, other_id: Any) -> ColumnElement[bool]:
    """A SQL condition: the user whose id is the column ``other_id`` is not blocked with
    ``user`` (either way), for queries that list people."""
    user_id = _id(user)
    return ~exists().where(or_(
        and_(Block.blocker_id == user_id, Block.blocked_id == other_id),
        and_(Block.blocker_id == other_id, Block.blocked_id == user_id),
    ))


def _forget() -> None:
    if has_app_context():
        g.pop(_CACHE, None)


def person_to_block(blocker: User, other_id: int) -> User:
    """The account ``blocker`` may block (anyone else), or :class:`NotFound`."""
    other = db.session.get(User, other_id)
    if other is None:
        raise NotFound("We couldn't find that person.")
    if other.id == blocker.id:
        raise DomainError("You can't block yourself.")
    return other


def block_user(blocker: User, other_id: int) -> User:
    """``blocker`` blocks ``other_id``: the pending requests and upcoming chats between them
    end (chats and bookings answer :data:`user_blocked`), and the blocked person is not told
    why. Blocking someone already blocked changes nothing. Returns the blocked user."""
    other = person_to_block(blocker, other_id)
    if db.session.get(Block, (blocker.id, other.id)) is not None:
        return other
    db.session.add(Block(blocker_id=blocker.id, blocked_id=other.id))
    try:
        db.session.flush()
    except IntegrityError:  # the same block made a moment ago (a double click)
        db.session.rollback()
        return other
    _forget()
    send(user_blocked, blocker_id=blocker.id, blocked_id=other.id)
    commit()
    return other


def unblock_user(blocker: User, other_id: int) -> User:
    """``blocker`` lifts their block of ``other_id`` (what it ended stays ended)."""
    other = db.session.get(User, other_id)
    if other is None:
        raise NotFound("We couldn't find that person.")
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
