"""Profiles: what professionals and students say about themselves, and topic tags."""

from __future__ import annotations

from flask import Flask, render_template

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.plugins._host import get_host
from mentorhub.profiles import lookups, views, vocabulary
from mentorhub.profiles.checklist import profile_checklist
from mentorhub.profiles.own_data import empty_profile, profile_part
from mentorhub.profiles.services import give_profile
from mentorhub.registries import Section
from mentorhub.signals import user_deleted, user_signed_up


def _student_card(viewer: User) -> str:
    return render_template("profiles/_dashboard_student.html", profile_checklist=profile_checklist(viewer))


def _professional_card(viewer: User) -> str:
    return render_template("profiles/_dashboard_professional.html", profile_checklist=profile_checklist(viewer))


def _pause_notice(viewer: User) -> str:
    return render_template("profiles/_pause_notice.html", pause=profile_checklist(viewer))


def init_app(app: Flask) -> None:
    """The profile pages, an empty profile for each new user, the dashboard checklist, the
    plugin API's professional and label lookups, the profile's part of people's own data, and
    the field's vocabulary (read now: a
    missing or broken file stops the start with its name)."""
    vocabulary.init_app(app)
    app.register_blueprint(views.bp)
    host = get_host(app)
    host.provide("professionals", lookups.professionals_by_ids)
    host.provide("find_professionals", lookups.find_professionals)
    host.provide("industry_labels", lookups.industry_labels)
    host.provide("topic_labels", lookups.topic_labels)
    user_signed_up.connect(give_profile)
    user_deleted.connect(empty_profile)
    registries.personal_data(app, "profile", profile_part)
    registries.section(app, Section("student_dashboard", "profile", _student_card, order=10))
    registries.section(app, Section("professional_dashboard", "profile", _professional_card, order=40))
    registries.section(app, Section("professional_dashboard", "pause_notice", _pause_notice, order=0))
