"""The example club's own page: each of the viewer's clubs and the events it has seen.

A plugin's blueprint lives under ``/plugins/<name>/``; the host answers 404 for it while the
plugin is switched off site-wide, and checks CSRF on its POSTs.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from mentorhub.plugins import clubs_of, is_enabled, store_for

from .keys import NAME, events_key

bp = Blueprint(NAME, __name__, url_prefix=f"/plugins/{NAME}", template_folder="templates")


@bp.get("/")
@login_required
def activity():
    """Event counts of each of the viewer's clubs that switched the plugin on."""
    store = store_for(NAME)
    activity = [
        (club, sorted(store.get(events_key(club.id), {}).items()))
        for club in clubs_of(current_user) if is_enabled(NAME, club.id)
    ]
    return render_template("example_club/activity.html", activity=activity)
