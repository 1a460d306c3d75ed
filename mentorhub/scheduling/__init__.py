"""Scheduling: availability, bookings' free times and capacity, and the core scheduler.

It owns the derived ``next_free_at``: writes anywhere send ``schedule_changed`` and this
feature's one receiver recomputes before the commit.
"""

from __future__ import annotations

from flask import Flask, render_template

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.plugins._host import get_host
from mentorhub.registries import Section, TickStep
from mentorhub.scheduling import views
from mentorhub.scheduling.availability import availability_summary
from mentorhub.scheduling.default import DEFAULT_NAME, CoreScheduler
from mentorhub.scheduling.own_data import availability_part, remove_availability
from mentorhub.scheduling.services import note_schedule_changed, refresh_changed, refresh_stale
from mentorhub.signals import schedule_changed, user_deleted


def _availability_card(viewer: User) -> str:
    if viewer.professional_profile is None:
        return ""
    return render_template("scheduling/_dashboard_professional.html", availability=availability_summary(viewer))


def init_app(app: Flask) -> None:
    """The availability page, the core scheduler (before any plugin), the next-free-time
    refresh (on ``schedule_changed``, before the commit; and as a tick step), the
    dashboard's availability card and availability's part of people's own data."""
    app.register_blueprint(views.bp)
    get_host(app).register_default(DEFAULT_NAME, CoreScheduler())
    schedule_changed.connect(note_schedule_changed)
    user_deleted.connect(remove_availability)
    registries.personal_data(app, "availability", availability_part)
    registries.before_commit(app, refresh_changed)
    registries.tick_step(app, TickStep("refreshed", "refreshing free times", refresh_stale,
                                       "free time updated", "free times updated", order=90))
    registries.section(app, Section("professional_dashboard", "availability", _availability_card, order=30))
