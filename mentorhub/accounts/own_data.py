"""People's own data: the download of everything MentorHub keeps of them, and deleting
their account.

**Download.** :func:`export_data` gathers each feature's part (``registries.personal_data``):
the account, profile, availability, requests and their own messages, chats, thank-yous and
notes, lists, clubs and reports, as JSON. Another person appears only by the name they show
everyone; their email and their private words never do.

**Deletion.** :func:`delete_account` (after the password is typed again) turns the account
into "a former member" in one transaction: the name, email, password and tokens go (every
session and the calendar feed end, nobody can log in), and :data:`~mentorhub.signals.
user_deleted` lets each feature end what was open with a note to the other person (pending
requests, upcoming chats, referral asks) and remove or anonymise what it keeps. The row stays,
so other people's requests, chats and thank-yous still read "A former member".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select

from mentorhub import clock
from mentorhub.accounts.models import Block, User, new_token
from mentorhub.accounts.passwords import verify_password
from mentorhub.database import commit, write_transaction
from mentorhub.errors import DomainError, NotAllowed
from mentorhub.extensions import db
from mentorhub.plugins._events import record_event
from mentorhub.plugins._face import club_ids_of
from mentorhub.registries import departure_blockers, personal_data_of
from mentorhub.signals import send, user_deleted

FORMER_MEMBER = "A former member"
WRONG_PASSWORD = "That isn't your password, so nothing was deleted. Please type it again."
# A value no password hash check accepts (Werkzeug reads it as no hash at all).
NO_PASSWORD = "!deleted"
FORMAT_VERSION = 1


def moment(value: Any) -> str | None:
    """A stored time as the download writes it (ISO 8601, UTC), or ``None``."""
    return value.isoformat() if value is not None else None


def account_part(user: User) -> dict[str, Any]:
    """The account itself: what the person told us and when things happened."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "timezone": user.timezone,
        "site_admin": user.is_admin,
        "created_at": moment(user.created_at),
        "email_confirmed_at": moment(user.email_confirmed_at),
        "last_seen_at": moment(user.last_seen_at),
    }


def blocks_part(user: User) -> list[dict[str, Any]]:
    """The people the person blocked, by the name they show everyone."""
    rows = db.session.execute(
        select(User.display_name, Block.created_at).join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == user.id).order_by(Block.created_at, User.id)
    )
    return [{"name": name, "blocked_at": moment(at)} for name, at in rows]


def only_site_admin(user: User, lock: bool) -> str | None:
    """The accounts' departure check: the site's only admin names another first."""
    if not user.is_admin:
        return None
    if lock:  # two admins leaving at once: the second waits, then counts one admin fewer
        db.session.execute(select(User.id).where(User.is_admin.is_(True)).order_by(User.id).with_for_update())
    others = select(func.count()).select_from(User).where(
        User.is_admin.is_(True), User.id != user.id, User.deleted_at.is_(None))
    if db.session.scalar(others):
        return None
    return ("You are MentorHub's only site admin. Make another member a site admin first "
            "(flask mentorhub create-admin), so someone can still look after reports.")


def export_data(user: User) -> dict[str, Any]:
    """Everything MentorHub keeps of ``user``, as one JSON-ready dict (see the module)."""
    return {
        "about": "Your MentorHub data: your account, profile, requests, messages, chats, "
                 "thank-yous and more. Times are in UTC.",
        "format_version": FORMAT_VERSION,
        "exported_at": moment(clock.now()),
        **personal_data_of(user),
    }


def delete_account(user: User, password: str) -> None:
    """Delete ``user``'s account once ``password`` is theirs (see the module). Raises
    :class:`DomainError` for a wrong password, :class:`NotAllowed` while a feature says they
    can't leave yet (the last admin of a club), and then nothing changes. Commits."""
    if not verify_password(user.password_hash, password or ""):
        raise DomainError(WRONG_PASSWORD, field="password")
    user_id = user.id
    with write_transaction():
        person = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
        blockers = departure_blockers(person, lock=True)
        if blockers:
            db.session.rollback()
            raise NotAllowed(" ".join(blockers))
        name, email, now = person.display_name, person.email, clock.now()
        clubs = club_ids_of(person)  # before the memberships go: club plugins hear of it
        person.display_name = FORMER_MEMBER
        person.email = f"former-member-{person.id}@deleted.invalid"
        person.password_hash = NO_PASSWORD
        person.is_admin = False
        person.timezone = "UTC"
        person.email_confirmed_at = person.last_seen_at = person.signup_notice_at = None
        person.session_token, person.calendar_token = new_token(), new_token()
        person.deleted_at = now
        person.suspended_at = person.suspended_at or now  # every list that hides the inactive
        db.session.flush()
        send(user_deleted, user_id=user_id, name=name, email=email)
        db.session.execute(delete(Block).where(or_(Block.blocker_id == user_id, Block.blocked_id == user_id)))
        record_event("account_deleted", user_id=user_id, club_ids=list(clubs))
        commit()
