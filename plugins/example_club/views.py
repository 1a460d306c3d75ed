"""The example club's own page: each of the viewer's clubs and the events it has seen.

A plugin's blueprint lives under ``/plugins/<name>/``; the host answers 404 for it while the
plugin is switched off site-wide, and checks CSRF on its POSTs.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from mentorhub.plugins import clubs_of, is_enabled, plugin_session, store_for

from .keys import NAME, events_key
from .models import ActivityVisit

bp = Blueprint(NAME, __name__, url_prefix=f"/plugins/{NAME}", template_folder="templates")


@bp.get("/")
@login_required
def activity():
    """Event counts of each of the viewer's clubs that switched the plugin on, and how often
    members opened this page (a row in the plugin's own table per visit)."""
    store = store_for(NAME)
    clubs = [club for club in clubs_of(current_user) if is_enabled(NAME, club.id)]
    with plugin_session() as session:
        session.add_all(ActivityVisit(club_id=club.id, user_id=current_user.id) for club in clubs)
        session.flush()
        visits = dict(session.execute(
            select(ActivityVisit.club_id, func.count()).where(ActivityVisit.club_id.in_([c.id for c in clubs]))
            .group_by(ActivityVisit.club_id)).all()) if clubs else {}
    activity = [(club, sorted(store.get(events_key(club.id), {}).items()), visits.get(club.id, 0)) for club in clubs]
    return render_template("example_club/activity.html", activity=activity)
