"""Email preferences: which optional emails (reminders, nudges) each person gets.

Features register their optional kinds of email as :class:`EmailChoice` (bookings: chat
reminders; followup: thank-you reminders and keep-in-touch nudges). Everyone gets them unless
they said no, on the preferences page or with the one-click link every such email carries
(signed, so it works without logging in; ``List-Unsubscribe`` points at it too). Other
emails (a request was answered, a thank-you arrived) always go out. The inbox always shows
every notification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts.models import ROLES, User
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.notifications.models import EmailOptOut

_CHOICES_KEY = "mentorhub.email_choices"
UNSUBSCRIBE_SALT = "mentorhub-unsubscribe"
UNSUBSCRIBE_PATH = "/email/unsubscribe/"


@dataclass(frozen=True)
class EmailChoice:
    """An optional kind of email people can turn off: notifications of any of ``kinds``.

    ``key`` is stored with each opt-out and signed into unsubscribe links (never rename
    it); ``label`` and ``help`` are shown on the preferences page; only people whose role is
    in ``roles`` are offered it. Choices are listed by ``order``.
    """

    key: str
    label: str
    help: str
    kinds: tuple[str, ...]
    roles: tuple[str, ...] = ROLES
    order: int = 50


class UnsubscribeLinkInvalid(Exception):
    """An unsubscribe link that was tampered with, cut short or names no current choice."""


def email_choice(app: Flask, choice: EmailChoice) -> None:
    """Offer ``choice`` on ``app``'s preferences page and honour it when emailing."""
    found: list[EmailChoice] = app.extensions.setdefault(_CHOICES_KEY, [])
    taken = {kind for c in found for kind in c.kinds}
    if any(c.key == choice.key for c in found) or taken & set(choice.kinds):
        raise ValueError(f"email choice {choice.key!r} (or one of its kinds) is registered twice")
    found.append(choice)


def all_choices() -> list[EmailChoice]:
    """Every registered choice of the current app, in order."""
    return sorted(current_app.extensions.get(_CHOICES_KEY, []), key=lambda c: c.order)


def choices_for(user: User) -> list[EmailChoice]:
    """The choices offered to ``user`` (by role)."""
    return [c for c in all_choices() if user.role in c.roles]


def choice_of_kind(kind: str) -> EmailChoice | None:
    """The choice a notification kind belongs to, or ``None`` for emails that always go."""
    return next((c for c in all_choices() if kind in c.kinds), None)


def choice_named(key: str) -> EmailChoice | None:
    """The registered choice called ``key``, if any."""
    return next((c for c in all_choices() if c.key == key), None)


def opted_out(user_id: int) -> set[str]:
    """The keys of the choices ``user_id`` turned off."""
    return set(db.session.scalars(select(EmailOptOut.choice).where(EmailOptOut.user_id == user_id)))


def save_preferences(user: User, wanted: Mapping[str, bool]) -> None:
    """Set which of ``user``'s offered choices they get (``wanted[key]``); keys not offered
    to them are ignored."""
    offered = {c.key for c in choices_for(user)}
    off = {key for key, yes in wanted.items() if key in offered and not yes}
    on = {key for key, yes in wanted.items() if key in offered and yes}
    current = opted_out(user.id)
    if on & current:
        db.session.execute(
            delete(EmailOptOut).where(EmailOptOut.user_id == user.id, EmailOptOut.choice.in_(on & current))
        )
    db.session.add_all(EmailOptOut(user_id=user.id, choice=key, created_at=clock.now()) for key in off - current)
    _commit_ignoring_twice()


def unsubscribe(user_id: int, key: str) -> None:
    """Turn choice ``key`` off for ``user_id`` (nothing happens if it already is)."""
    if key not in opted_out(user_id):
        db.session.add(EmailOptOut(user_id=user_id, choice=key, created_at=clock.now()))
        _commit_ignoring_twice()


def resubscribe(user_id: int, key: str) -> None:
    """Turn choice ``key`` back on for ``user_id``."""
    db.session.execute(delete(EmailOptOut).where(EmailOptOut.user_id == user_id, EmailOptOut.choice == key))
    commit()


def _commit_ignoring_twice() -> None:
    # Two clicks at once on one link: the second insert finds the row the first made.
    try:
        commit()
    except IntegrityError:
        db.session.rollback()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def _account_mark(user: User) -> str:
    # Ties a link to the account it was sent to: a reused id or a changed address voids it.
    return hashlib.sha256(user.email.casefold().encode()).hexdigest()[:12]


def unsubscribe_token(user: User, key: str) -> str:
    """The signed token of the link that turns ``key`` off for ``user`` (it never expires:
    an old email's link must still work)."""
    return _serializer().dumps({"u": user.id, "c": key, "m": _account_mark(user)})


def unsubscribe_path(user: User, key: str) -> str:
    """The site path of that link."""
    return UNSUBSCRIBE_PATH + unsubscribe_token(user, key)


def read_unsubscribe_token(token: str) -> tuple[User, EmailChoice]:
    """The person and choice a genuine token names; raises :class:`UnsubscribeLinkInvalid`
    for anything else (a changed character, another salt's token, a deleted account, an
    address changed since)."""
    try:
        payload = _serializer().loads(token)
    except BadSignature as exc:
        raise UnsubscribeLinkInvalid(str(exc)) from exc
    if not isinstance(payload, dict):
        raise UnsubscribeLinkInvalid("unexpected payload")
    user_id, key = payload.get("u"), payload.get("c")
    choice = choice_named(key) if isinstance(key, str) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if choice is None or user is None or payload.get("m") != _account_mark(user):
        raise UnsubscribeLinkInvalid("unknown person or choice")
    return user, choice
