"""Clubs: student societies and career centres, their members and admins (tables so far, no
pages); plugins read memberships through the plugin API's club lookups."""

from __future__ import annotations

from flask import Flask

from mentorhub.clubs.lookups import club_ids_of, clubs_by_ids, clubs_of
from mentorhub.plugins._host import get_host


def init_app(app: Flask) -> None:
    """The club lookups of the plugin API (``ctx.club_ids`` comes from them too)."""
    host = get_host(app)
    host.provide("club_ids", club_ids_of)
    host.provide("clubs_of", clubs_of)
    host.provide("clubs", clubs_by_ids)
