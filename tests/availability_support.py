"""Helpers shared by the availability page's tests (one-off hours, editing, undo)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import AvailabilityWindow


def window_rows(app, pro) -> list[tuple[int | None, date | None, time, time]]:
    """``(weekday, on_date, start, end)`` of every window of ``pro``, sorted."""
    with app.app_context():
        found = db.session.scalars(select(AvailabilityWindow).where(AvailabilityWindow.professional_id == pro.id))
        return sorted(((w.weekday, w.on_date, w.start_time, w.end_time) for w in found), key=str)


def next_free_at(app, pro):
    """The stored ``next_free_at`` of ``pro``."""
    with app.app_context():
        return db.session.get(ProfessionalProfile, pro.id).next_free_at
