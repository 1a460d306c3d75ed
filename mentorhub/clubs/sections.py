"""The clubs' part of the dashboards: the viewer's clubs, with the way to run those they
are a club admin of."""

from __future__ import annotations

from flask import render_template, session
from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.invites import InviteView, read_invite
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.errors import NotFound
from mentorhub.extensions import db
from mentorhub.forms import EmptyForm

# The session key of an invite opened before logging in (or signing up) in this browser.
PENDING_INVITE = "club_invite"


def _pending_invite(viewer: User) -> InviteView | None:
    """The invite this browser opened before logging in, while it still works for ``viewer``."""
    token = session.get(PENDING_INVITE)
    if not token:
        return None
    try:
        shown = read_invite(token, viewer)
    except NotFound:
        shown = None
    if shown is None or shown.problem or shown.already_member:
        session.pop(PENDING_INVITE, None)
        return None
    return shown


def render_my_clubs(viewer: User) -> str:
    """The "Your clubs" card (one query) with the invite this browser opened before logging
    in, if it still works; nothing for someone in no club and with no invite."""
    rows = db.session.execute(
        select(Club, ClubMembership.is_club_admin)
        .join(ClubMembership, ClubMembership.club_id == Club.id)
        .where(ClubMembership.user_id == viewer.id)
        .order_by(Club.name, Club.id)
    ).all()
    pending = _pending_invite(viewer)
    if not rows and pending is None:
        return ""
    return render_template("clubs/_dashboard.html", clubs=[(club, bool(admin)) for club, admin in rows],
                           pending=pending, form=EmptyForm())
