"""Scheduling's share of people's own data: a professional's availability in the data
download, and removed when they delete their account (:mod:`mentorhub.accounts.own_data`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.scheduling.models import AvailabilityWindow, Blackout
from mentorhub.signals import schedule_changed, send


def availability_part(user: User) -> dict[str, Any] | None:
    """A professional's weekly windows, one-off hours and days away (``None`` for a student)."""
    if not user.is_professional:
        return None
    windows = db.session.scalars(
        select(AvailabilityWindow).where(AvailabilityWindow.professional_id == user.id)
        .order_by(AvailabilityWindow.on_date.nulls_first(), AvailabilityWindow.weekday, AvailabilityWindow.start_time)
    )
    days_away = db.session.scalars(select(Blackout).where(Blackout.professional_id == user.id).order_by(Blackout.day))
    return {
        "time_zone": user.timezone,
        "windows": [w.label for w in windows],
        "days_away": [{"day": b.day.isoformat(), "note": b.note} for b in days_away],
    }


def remove_availability(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: the person's availability and days away go. Before the
    commit."""
    found = db.session.execute(delete(AvailabilityWindow).where(AvailabilityWindow.professional_id == user_id)).rowcount
    found += db.session.execute(delete(Blackout).where(Blackout.professional_id == user_id)).rowcount
    if found:
        send(schedule_changed, professional_id=user_id)
