"""Clubs: student societies and career centres, their members and admins: a page per club,
``flask mentorhub create-club``; plugins read memberships through the plugin API's club
lookups."""

from __future__ import annotations

from flask import Flask

from mentorhub.cli import add_command
from mentorhub.clubs import views
from mentorhub.clubs.cli import create_club_command
from mentorhub.clubs.lookups import club_ids_of, clubs_by_ids, clubs_of
from mentorhub.plugins._host import get_host


def init_app(app: Flask) -> None:
    """The club pages, ``flask mentorhub create-club``, and the club lookups of the plugin API
    (``ctx.club_ids`` comes from them too)."""
    app.register_blueprint(views.bp)
    add_command(app, create_club_command)
    host = get_host(app)
    host.provide("club_ids", club_ids_of)
    host.provide("clubs_of", clubs_of)
    host.provide("clubs", clubs_by_ids)
