"""Demo clubs: a student society and a careers centre with members, one club-scoped plugin
switched on for the society."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.clubs.plugin_switches import set_club_plugin_enabled
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins._host import get_host

CLUB_PLUGIN = "example_club"


class DemoClub(NamedTuple):
    """One demo club; ``admins`` and ``members`` are emails."""

    name: str
    slug: str
    description: str
    admins: tuple[str, ...]
    members: tuple[str, ...]
    plugin_on: bool


def demo_clubs(student: Callable[[int], str], professional: Callable[[int], str]) -> tuple[DemoClub, ...]:
    """The demo clubs, with members given by the demo logins ``student(i)`` and
    ``professional(i)``."""
    return (
        DemoClub("Westbridge Music Business Society", "westbridge-mbs",
                 "Westbridge University students who want to work in music: talks, chats with people in the "
                 "industry and a mentoring evening each term.",
                 (student(1),), (student(11), student(4), student(9), professional(2)), True),
        DemoClub("Hudson Careers Centre", "hudson-careers",
                 "The careers team of the Hudson School of Music: we help students find and prepare for "
                 "informational interviews.",
                 (student(2),), (student(16), student(3), student(5)), False),
    )


def add_demo_clubs(clubs: tuple[DemoClub, ...]) -> int:
    """Create the clubs that do not exist yet with their members (accounts that exist), and
    switch the club plugin on where asked; returns how many clubs were made."""
    slugs = set(db.session.scalars(select(Club.slug).where(Club.slug.in_([c.slug for c in clubs]))))
    emails = {e for c in clubs for e in (*c.admins, *c.members)}
    users = {u.email: u.id for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    made = []
    for spec in clubs:
        if spec.slug in slugs:
            continue
        club = Club(name=spec.name, slug=spec.slug, description=spec.description)
        db.session.add(club)
        db.session.flush()
        for email in spec.admins + spec.members:
            if email in users:
                db.session.add(ClubMembership(club_id=club.id, user_id=users[email],
                                              is_club_admin=email in spec.admins))
        made.append((club.id, spec))
    commit()
    if CLUB_PLUGIN in get_host().plugins:
        for club_id, spec in made:
            if spec.plugin_on:
                set_club_plugin_enabled(None, CLUB_PLUGIN, club_id, True)
    return len(made)
