"""Discovery: search with ranked reasons, recommendations, saved and hidden professionals."""

from __future__ import annotations

from typing import Any

from flask import Flask

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.cli import add_command
from mentorhub.discovery import views
from mentorhub.discovery.cli import reindex_search_command
from mentorhub.discovery.services import student_dashboard
from mentorhub.registries import DashboardSection


def _discovery_section(user: User) -> dict[str, Any]:
    return {"discovery": student_dashboard(user)}


def init_app(app: Flask) -> None:
    """The search pages, ``flask mentorhub reindex-search`` and the student dashboard's
    recommendations and saved people."""
    app.register_blueprint(views.bp)
    add_command(app, reindex_search_command)
    registries.dashboard_section(app, DashboardSection("discovery", _discovery_section, ("student",)))
