"""Discovery: search with ranked reasons, recommendations, saved and hidden professionals."""

from __future__ import annotations

from flask import Flask, render_template

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.cli import add_command
from mentorhub.discovery import views
from mentorhub.discovery.cli import reindex_search_command
from mentorhub.discovery.own_data import lists_part, remove_lists
from mentorhub.discovery.services import student_dashboard
from mentorhub.registries import Section
from mentorhub.signals import user_deleted


def _discovery_card(viewer: User) -> str:
    return render_template("discovery/_dashboard_student.html", discovery=student_dashboard(viewer))


def init_app(app: Flask) -> None:
    """The search pages, ``flask mentorhub reindex-search`` and the student dashboard's
    recommendations and saved people, and the lists' part of people's own data."""
    app.register_blueprint(views.bp)
    user_deleted.connect(remove_lists)
    registries.personal_data(app, "lists", lists_part)
    add_command(app, reindex_search_command)
    registries.section(app, Section("student_dashboard", "discovery", _discovery_card, order=30))
