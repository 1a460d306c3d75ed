"""Who may run a club: its club admins (and site admins). Views call these first; they raise
:class:`NotFound` for an unknown club and :class:`NotAllowed` (403) for anyone else."""

from __future__ import annotations

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.errors import NotAllowed, NotFound
from mentorhub.extensions import db


def club_at(slug: str) -> Club:
    """The club at ``/clubs/<slug>``, or :class:`NotFound`."""
    club = db.session.scalar(select(Club).where(Club.slug == slug))
    if club is None:
        raise NotFound("There is no club at that address.")
    return club


def membership_of(club: Club, user: User | None) -> ClubMembership | None:
    """``user``'s membership of ``club``, or ``None`` (also for a visitor)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.get(ClubMembership, (club.id, user.id))


def is_club_admin(club: Club, user: User | None) -> bool:
    """Whether ``user`` runs ``club``: one of its club admins, or a site admin."""
    if user is not None and getattr(user, "is_admin", False):
        return True
    membership = membership_of(club, user)
    return membership is not None and membership.is_club_admin


def club_for_admin(slug: str, user: User) -> Club:
    """The club at ``slug`` if ``user`` runs it (its club admins and site admins); anyone
    else, members included, gets :class:`NotAllowed`."""
    club = club_at(slug)
    require_club_admin(user, club)
    return club


def require_club_admin(actor: User, club: Club) -> None:
    """:class:`NotAllowed` unless ``actor`` runs ``club``."""
    if not is_club_admin(club, actor):
        raise NotAllowed(f"Only the club admins of {club.name} can do this.")
