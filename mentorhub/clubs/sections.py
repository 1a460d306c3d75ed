"""The clubs' part of the dashboards: the viewer's clubs, with the way to run those they
are a club admin of."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db


def render_my_clubs(viewer: User) -> str:
    """The "Your clubs" card (one query), or nothing for someone in no club."""
    rows = db.session.execute(
        select(Club, ClubMembership.is_club_admin)
        .join(ClubMembership, ClubMembership.club_id == Club.id)
        .where(ClubMembership.user_id == viewer.id)
        .order_by(Club.name, Club.id)
    ).all()
    if not rows:
        return ""
    return render_template("clubs/_dashboard.html", clubs=[(club, bool(admin)) for club, admin in rows])
