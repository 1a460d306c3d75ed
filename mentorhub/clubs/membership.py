"""Who is in a club: leaving, removing members, and promoting or demoting club admins,
never the last one; the members page's rows. (How people get in: :mod:`invites`.)

Changes to a club's admins lock the club's row first (``SELECT ... FOR UPDATE`` on
PostgreSQL, the write lock on SQLite), so two admins demoting each other at the same moment
cannot leave the club with none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.clubs.access import club_at, require_club_admin
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.database import commit, write_transaction
from mentorhub.errors import Conflict, DomainError, NotFound
from mentorhub.extensions import db

LAST_ADMIN = "{club} needs at least one club admin. Make another member a club admin first."


# --- leaving, removing, club admins ---------------------------------------------------------


def _locked_club(club_id: int) -> Club:
    """``club_id``'s row, locked for this transaction (the write lock on SQLite)."""
    db.session.expire_all()
    club = db.session.scalar(select(Club).where(Club.id == club_id).with_for_update())
    if club is None:
        raise NotFound("There is no such club.")
    return club


def _admin_count(club_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ClubMembership).where(
        ClubMembership.club_id == club_id, ClubMembership.is_club_admin.is_(True))) or 0


def _end_membership(club: Club, user_id: int) -> None:
    membership = db.session.get(ClubMembership, (club.id, user_id))
    if membership is None:
        raise NotFound("They are not a member of this club.")
    if membership.is_club_admin and _admin_count(club.id) <= 1:
        raise Conflict(LAST_ADMIN.format(club=club.name))
    db.session.delete(membership)
    commit()


def leave_club(user: User, slug: str) -> Club:
    """``user`` leaves the club at ``slug``; its last club admin cannot (they name another
    first)."""
    club_id = club_at(slug).id
    with write_transaction():
        club = _locked_club(club_id)
        if db.session.get(ClubMembership, (club.id, user.id)) is None:
            db.session.rollback()
            raise NotFound(f"You are not a member of {club.name}.")
        try:
            _end_membership(club, user.id)
        except Conflict as err:
            db.session.rollback()
            raise Conflict(f"You are the last club admin of {club.name}. Make another member a club admin "
                           "before you leave.") from err
    return club


def remove_member(actor: User, slug: str, user_id: int) -> User:
    """A club admin removes member ``user_id`` (never the last club admin); returns them."""
    club_id = club_at(slug).id
    with write_transaction():
        club = _locked_club(club_id)
        require_club_admin(actor, club)
        member = db.session.get(User, user_id)
        try:
            _end_membership(club, user_id)
        except DomainError:
            db.session.rollback()
            raise
    assert member is not None
    return member


def set_club_admin(actor: User, slug: str, user_id: int, make_admin: bool) -> User:
    """A club admin makes member ``user_id`` a club admin, or an ordinary member again
    (never the last club admin); returns them."""
    club_id = club_at(slug).id
    with write_transaction():
        club = _locked_club(club_id)
        require_club_admin(actor, club)
        membership = db.session.get(ClubMembership, (club.id, user_id))
        if membership is None:
            db.session.rollback()
            raise NotFound("They are not a member of this club.")
        if membership.is_club_admin and not make_admin and _admin_count(club.id) <= 1:
            db.session.rollback()
            raise Conflict(LAST_ADMIN.format(club=club.name))
        membership.is_club_admin = make_admin
        member = db.session.get(User, user_id)
        commit()
    assert member is not None
    return member


@dataclass(frozen=True)
class MemberRow:
    """One member on the members page, with what the viewer may do about them."""

    user: User
    is_club_admin: bool
    is_viewer: bool
    can_promote: bool
    can_demote: bool  # also "step down" on the viewer's own row
    can_remove: bool  # "leave" on the viewer's own row


def member_rows(club: Club, viewer: User) -> list[MemberRow]:
    """Every member of ``club``, club admins first, then by name, with the actions the
    viewer (a club admin) has on each: never one that would leave the club without a club
    admin (one query)."""
    rows = db.session.execute(
        select(User, ClubMembership.is_club_admin)
        .join(ClubMembership, ClubMembership.user_id == User.id)
        .where(ClubMembership.club_id == club.id)
        .order_by(ClubMembership.is_club_admin.desc(), User.display_name, User.id)
    ).all()
    admins = sum(1 for _user, admin in rows if admin)
    found = []
    for user, admin in rows:
        not_the_last = not admin or admins > 1
        found.append(MemberRow(user, bool(admin), user.id == viewer.id, can_promote=not admin,
                               can_demote=bool(admin) and not_the_last, can_remove=not_the_last))
    return found
