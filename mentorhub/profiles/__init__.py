"""Profiles: what professionals and students say about themselves, and topic tags."""

from __future__ import annotations

from typing import Any

from flask import Flask

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.profiles import views
from mentorhub.profiles.checklist import profile_checklist
from mentorhub.profiles.services import give_profile
from mentorhub.registries import DashboardSection
from mentorhub.signals import user_signed_up


def _checklist_section(user: User) -> dict[str, Any]:
    return {"user": user, "profile_checklist": profile_checklist(user)}


def init_app(app: Flask) -> None:
    """The profile pages, an empty profile for each new user, and the dashboard checklist."""
    app.register_blueprint(views.bp)
    user_signed_up.connect(give_profile)
    registries.dashboard_section(app, DashboardSection("profile_checklist", _checklist_section))
