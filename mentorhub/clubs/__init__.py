"""Clubs: student societies and career centres, their members and club admins. A page per
club; joining through invite links and emailed invitations; for club admins, the members
page, the club's plugin switches and the funnel dashboard; ``flask mentorhub create-club``;
plugins read memberships through the plugin API's club lookups."""

from __future__ import annotations

from flask import Flask

import mentorhub.clubs.dashboard_views  # noqa: F401  (routes on the clubs blueprint)
from mentorhub import registries
from mentorhub.cli import add_command
from mentorhub.clubs import views
from mentorhub.clubs.cli import create_club_command
from mentorhub.clubs.lookups import club_ids_column, club_ids_of, clubs_by_ids, clubs_of, keep_club_ids
from mentorhub.clubs.own_data import clubs_left_without_admin, clubs_part, remove_memberships
from mentorhub.clubs.sections import render_my_clubs
from mentorhub.plugins._face import forget_club_ids
from mentorhub.plugins._host import get_host
from mentorhub.registries import Section, SignedInValue
from mentorhub.signals import user_deleted


def init_app(app: Flask) -> None:
    """The club pages, ``flask mentorhub create-club``, the "Your clubs" card on both
    dashboards, the club lookups of the plugin API (``ctx.club_ids`` comes from them too), and
    clubs' part of people's own data (the last club admin can't delete their account)."""
    app.register_blueprint(views.bp)
    user_deleted.connect(remove_memberships)
    registries.departure_check(app, clubs_left_without_admin)
    registries.personal_data(app, "clubs", clubs_part)
    add_command(app, create_club_command)
    for page in ("student_dashboard", "professional_dashboard"):
        registries.section(app, Section(page, "clubs", render_my_clubs, order=20))
    # The signed-in user's clubs come with them (every page's plugins ask), read again once
    # the request writes (it may join or leave one).
    registries.signed_in_value(app, SignedInValue("club_ids", club_ids_column, keep_club_ids, forget_club_ids))
    host = get_host(app)
    host.provide("club_ids", club_ids_of)
    host.provide("clubs_of", clubs_of)
    host.provide("clubs", clubs_by_ids)
