"""Blocks: one person no longer reachable by another, silently.

A block works both ways: neither person can request, message, be recommended or be referred
to the other. The features above ask :func:`blocked_between` (one pair) or
:func:`blocked_ids` (everyone a user is blocked with, for lists) and filter queries with
:func:`not_blocked_with`. Blocking sends :data:`~mentorhub.signals.user_blocked` before the
commit, so chats and bookings end what was open between the two in the same transaction.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context, has_request_context
from sqlalchemy import ColumnElement, and_, delete, exists, inspect, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorhub import registries
from mentorhub.accounts.models import Block, User
from mentorhub.database import commit, is_lock_error, write_transaction
from mentorhub.errors import Conflict, DomainError, NotFound
from mentorhub.extensions import db
from mentorhub.signals import send, user_blocked

_CACHE = "mentorhub_blocked_ids"


def _id(user: User | int) -> int:
    return user if isinstance(user, int) else user.id


def _blocks_of(user_id: int, fresh: bool) -> frozenset[tuple[int, int]]:
    """``(blocker_id, blocked_id)`` of every block ``user_id`` is in (one query, cached for
    the request; ``fresh`` reads again: a write checks what its own transaction sees)."""
    cache: dict[int, frozenset[tuple[int, int]]] = g.setdefault(_CACHE, {}) if has_app_context() else {}
    if fresh or user_id not in cache:
        rows = db.session.execute(select(Block.blocker_id, Block.blocked_id).where(
            or_(Block.blocker_id == user_id, Block.blocked_id == user_id)))
        cache[user_id] = frozenset((blocker, blocked) for blocker, blocked in rows)
    return cache[user_id]


def blocked_ids(user: User | int, *, fresh: bool = False) -> frozenset[int]:
    """Everyone ``user`` blocked or was blocked by (see :func:`_blocks_of` for ``fresh``)."""
    user_id = _id(user)
    return frozenset(a if b == user_id else b for a, b in _blocks_of(user_id, fresh))


def blocked_between(a: User | int, b: User | int, *, fresh: bool = False) -> bool:
    """Whether either of ``a`` and ``b`` blocked the other (``fresh``: see :func:`blocked_ids`);
    from whichever of the two had their blocks read already in this request, else from the
    signed-in person's (which the page is likely to ask about again, :func:`has_blocked`)."""
    a_id, b_id = _id(a), _id(b)
    cache = g.get(_CACHE, {}) if has_app_context() else {}
    if a_id not in cache and (b_id in cache or b_id == _signed_in_id()):
        a_id, b_id = b_id, a_id
    return b_id in blocked_ids(a_id, fresh=fresh)


def _signed_in_id() -> int | None:
    if not has_request_context():
        return None
    # Flask-Login's user, once it has loaded it. Its identity, not its ``id`` attribute: a
    # commit earlier in the request expires the user, and reading ``id`` would reload it.
    state = inspect(g.get("_login_user"), raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None


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


def person_met(viewer: User, other_id: int, yourself: str) -> User:
    """Someone else ``viewer`` has met on the site (:func:`mentorhub.registries.knows`: a
    professional's public page, a request, an introduction), whom they may block or report;
    else :class:`NotFound`, which tells nothing of who has an account. ``yourself`` is the
    message when it is the viewer. A deleted account ("a former member") is nobody to block
    or report."""
    other = db.session.get(User, other_id)
    if other is None or other.is_deleted or (other.id != viewer.id and not registries.knows(viewer.id, other.id)):
        raise NotFound("We couldn't find that person.")
    if other.id == viewer.id:
        raise DomainError(yourself)
    return other


def person_to_block(blocker: User, other_id: int) -> User:
    """The account ``blocker`` may block (:func:`person_met`)."""
    return person_met(blocker, other_id, "You can't block yourself.")


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
    if other is None or not has_blocked(blocker, other_id, fresh=True):
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


def has_blocked(user: User, other_id: int, *, fresh: bool = False) -> bool:
    """Whether ``user`` blocked ``other_id`` (not the other way round: that stays unseen);
    from the same cached read as :func:`blocked_ids`, so a page asking both runs one query."""
    return (user.id, other_id) in _blocks_of(user.id, fresh)
