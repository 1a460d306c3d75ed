"""Clubs' share of people's own data (:mod:`mentorhub.accounts.own_data`): the clubs someone
belongs to in the download; when they delete their account, their memberships and the
invitations to their address go. The last club admin of a club can't delete their account
until someone else runs it (:func:`clubs_left_without_admin`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import aliased

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club, ClubInvite, ClubMembership
from mentorhub.extensions import db


def clubs_part(user: User) -> list[dict[str, Any]]:
    """The clubs the person belongs to, and whether they are a club admin of each."""
    rows = db.session.execute(
        select(Club.name, Club.slug, ClubMembership.is_club_admin)
        .join(ClubMembership, ClubMembership.club_id == Club.id)
        .where(ClubMembership.user_id == user.id).order_by(Club.name, Club.id))
    return [{"club": name, "address": f"/clubs/{slug}", "club_admin": bool(admin)} for name, slug, admin in rows]


def clubs_left_without_admin(user: User, lock: bool) -> str | None:
    """The departure check: why ``user`` can't delete their account while they are the only
    club admin of a club (with ``lock``, its row locked first, as every change of club admins
    does), or ``None``."""
    others = aliased(ClubMembership)
    other_admins = (select(func.count()).select_from(others)
                    .where(others.club_id == Club.id, others.is_club_admin.is_(True), others.user_id != user.id)
                    .scalar_subquery())
    runs = select(Club.id).join(ClubMembership, ClubMembership.club_id == Club.id).where(
        ClubMembership.user_id == user.id, ClubMembership.is_club_admin.is_(True))
    if lock:
        db.session.execute(select(Club.id).where(Club.id.in_(runs)).order_by(Club.id).with_for_update())
    alone = list(db.session.scalars(select(Club.name).where(Club.id.in_(runs), other_admins == 0).order_by(Club.name)))
    if not alone:
        return None
    return (f"You are the only club admin of {', '.join(alone)}. Make another member a club admin on the club's "
            "members page first, so the club keeps someone to run it.")


def remove_memberships(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: the person's memberships and the invitations sent to their
    address go; invitations they sent stay with the club, no longer theirs. Before the
    commit."""
    db.session.execute(delete(ClubMembership).where(ClubMembership.user_id == user_id))
    db.session.execute(delete(ClubInvite).where(func.lower(ClubInvite.email) == email.lower()))
    db.session.execute(update(ClubInvite).where(ClubInvite.created_by_id == user_id)
                       .values(created_by_id=None).execution_options(synchronize_session=False))
