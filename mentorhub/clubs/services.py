"""Club rules: creating a club with its first club admins, and what a club's page shows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mentorhub.accounts.models import User
from mentorhub.accounts.rules import AccountError, normalise_email
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.database import commit
from mentorhub.errors import DomainError, NotFound
from mentorhub.extensions import db

NAME_MAX = 120
SLUG_MAX = 60
DESCRIPTION_MAX = 2000
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def create_club(name: str, slug: str, description: str, admin_emails: Iterable[str]) -> Club:
    """Create a club named ``name`` at ``/clubs/<slug>`` with its first club admins (the
    accounts of ``admin_emails``, at least one). Bad input raises :class:`DomainError` with
    the field and changes nothing."""
    name = " ".join((name or "").split())  # one line: it goes into email subjects
    slug, description = (slug or "").strip().lower(), (description or "").strip()
    if not name:
        raise DomainError("Please give the club a name.", field="name")
    if len(name) > NAME_MAX:
        raise DomainError(f"Please keep the name under {NAME_MAX} characters.", field="name")
    if not _SLUG.match(slug) or len(slug) > SLUG_MAX:
        raise DomainError(
            "The address must be lower-case letters, digits and single hyphens, e.g. audio-society.",
            field="slug",
        )
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(f"Please keep the description under {DESCRIPTION_MAX} characters.", field="description")
    typed = [e.strip() for e in admin_emails if e and e.strip()]
    if not typed:
        raise DomainError("Please name at least one club admin by their email.", field="admins")
    emails = []
    for email in typed:
        try:
            emails.append(normalise_email(email))
        except AccountError as err:
            raise DomainError(f"{email} is not an email address. Please correct it.", field="admins") from err
    emails = sorted(set(emails))
    admins = list(db.session.scalars(select(User).where(User.email.in_(emails))))
    missing = sorted(set(emails) - {u.email for u in admins})
    if missing:
        raise DomainError(f"No MentorHub account has this address: {', '.join(missing)}.", field="admins")
    if db.session.scalar(select(Club.id).where(func.lower(Club.name) == name.lower())) is not None:
        raise DomainError(f"A club is already called {name}. Please choose another name.", field="name")
    if db.session.scalar(select(Club.id).where(Club.slug == slug)) is not None:
        raise DomainError(f"A club already has the address /clubs/{slug}. Please choose another.", field="slug")
    club = Club(name=name, slug=slug, description=description)
    db.session.add(club)
    try:
        db.session.flush()
        db.session.add_all(ClubMembership(club_id=club.id, user_id=u.id, is_club_admin=True) for u in admins)
        commit()
    except IntegrityError as err:  # the same name or address taken at the same moment
        db.session.rollback()
        raise DomainError(f"Another club took the name {name} or the address /clubs/{slug} a moment ago. "
                          "Please choose another.", field="slug") from err
    return club


@dataclass(frozen=True)
class ClubPage:
    """What a club's page shows to one viewer."""

    club: Club
    admins: list[User]
    member_count: int
    members: list[User] | None  # only for members
    viewer_is_member: bool

    viewer_id: int | None = None

    @property
    def viewer_is_only_admin(self) -> bool:
        """The viewer is the club's one club admin (so they cannot leave yet)."""
        return len(self.admins) == 1 and self.admins[0].id == self.viewer_id


def club_page(slug: str, viewer: User | None) -> ClubPage:
    """The page of the club at ``slug`` as ``viewer`` (or a visitor) sees it: what it is,
    its club admins and how many members; the member list only to members (three queries)."""
    club = db.session.scalar(select(Club).where(Club.slug == slug))
    if club is None:
        raise NotFound("There is no club at that address.")
    rows = db.session.execute(
        select(User, ClubMembership.is_club_admin)
        .join(ClubMembership, ClubMembership.user_id == User.id)
        .where(ClubMembership.club_id == club.id, ClubMembership.is_club_admin.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    admins = [user for user, _admin in rows]
    count = db.session.scalar(select(func.count()).select_from(ClubMembership).where(ClubMembership.club_id == club.id))
    is_member = viewer is not None and db.session.get(ClubMembership, (club.id, viewer.id)) is not None
    members = None
    if is_member:
        members = list(db.session.scalars(
            select(User).join(ClubMembership, ClubMembership.user_id == User.id)
            .where(ClubMembership.club_id == club.id).order_by(User.display_name, User.id)
        ))
    return ClubPage(club, admins, count or 0, members, is_member, viewer.id if viewer is not None else None)


@dataclass(frozen=True)
class ClubRow:
    """A club in the site admin's list."""

    club: Club
    member_count: int
    admin_count: int


def club_list() -> list[ClubRow]:
    """Every club by name, with how many members and club admins it has (one query)."""
    admins = func.count().filter(ClubMembership.is_club_admin.is_(True))
    rows = db.session.execute(
        select(Club, func.count(ClubMembership.user_id), admins)
        .outerjoin(ClubMembership, ClubMembership.club_id == Club.id)
        .group_by(Club.id).order_by(Club.name, Club.id)
    ).all()
    return [ClubRow(club, members or 0, admin_count or 0) for club, members, admin_count in rows]
