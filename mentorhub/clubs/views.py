"""Club pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from mentorhub.clubs.services import club_page

bp = Blueprint("clubs", __name__)


@bp.get("/clubs/<slug>")
def page(slug: str):
    """A club's page: what it is, its club admins, how many members; members see the list."""
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    return render_template("clubs/page.html", page=club_page(slug, viewer))
