"""The example club's own page: each of the viewer's clubs and the events it has seen.

A plugin's blueprint lives under ``/plugins/<name>/``; the host answers 404 for it while the
plugin is switched off site-wide, and checks CSRF on its POSTs.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.plugins.host import get_host
from mentorhub.plugins.store import PluginStore

from .keys import NAME, events_key

bp = Blueprint(NAME, __name__, url_prefix=f"/plugins/{NAME}", template_folder="templates")


@bp.get("/")
@login_required
def activity():
    """Event counts of each of the viewer's clubs that switched the plugin on."""
    clubs = db.session.scalars(
        select(Club).join(ClubMembership, ClubMembership.club_id == Club.id)
        .where(ClubMembership.user_id == current_user.id).order_by(Club.name)
    ).all()
    host, store = get_host(), PluginStore(NAME)
    activity = [
        (club, sorted(store.get(events_key(club.id), {}).items()))
        for club in clubs if host.is_enabled(NAME, (club.id,))
    ]
    return render_template("example_club/activity.html", activity=activity)
