"""Availability services: a professional edits their weekly windows, blackout dates and
scheduling settings. Every change sends ``schedule_changed`` (so their ``next_free_at`` is
recomputed before the commit) and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import commit
from mentorhub.errors import DomainError, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins._api import Slot
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import AvailabilityWindow, Blackout, Booking
from mentorhub.scheduling.schedules import counted_bookings, month_bounds, zone_of
from mentorhub.scheduling.services import upcoming_slots
from mentorhub.signals import schedule_changed, send

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PREVIEW_SIZE = 8
SETTING_RANGES = {
    "buffer_before_minutes": (
        0,
        60,
        "Free time before each chat must be between 0 and 60 minutes.",
    ),
    "buffer_after_minutes": (0, 60, "Free time after each chat must be between 0 and 60 minutes."),
    "min_notice_hours": (0, 168, "Minimum notice must be between 0 and 168 hours."),
    "horizon_days": (1, 90, "The booking horizon must be between 1 and 90 days."),
}


def _changed(professional: User) -> None:
    send(schedule_changed, professional_id=professional.id)
    commit()


def _profile_of(professional: User) -> ProfessionalProfile:
    profile = professional.professional_profile if professional.is_professional else None
    if profile is None:
        raise NotAllowed("Only professionals have availability.")
    return profile


def _windows(professional_id: int) -> list[AvailabilityWindow]:
    return list(
        db.session.scalars(
            select(AvailabilityWindow)
            .where(AvailabilityWindow.professional_id == professional_id)
            .order_by(AvailabilityWindow.weekday, AvailabilityWindow.start_time)
        )
    )


def local_today(professional: User) -> date:
    """Today's date in the professional's zone."""
    return clock.now().astimezone(zone_of(professional.timezone)).date()


def add_window(professional: User, weekday: int, start: time, end: time) -> AvailabilityWindow:
    """Add a weekly window (``weekday`` 0 = Monday, wall-clock times in the professional's
    zone). Refuses an empty or reversed window, one too short for a chat, and one that
    overlaps another window on the same day."""
    profile = _profile_of(professional)
    if weekday not in range(7):
        raise DomainError("Choose a day of the week.", field="weekday")
    if start >= end:
        raise DomainError("The end time must be after the start time.", field="end")
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes < profile.chat_minutes:
        raise DomainError(
            f"This window is shorter than one {profile.chat_minutes}-minute chat, "
            "so it would offer no time. Make it longer.",
            field="end",
        )
    for other in _windows(professional.id):
        if other.weekday == weekday and start < other.end_time and other.start_time < end:
            raise DomainError(
                f"This overlaps your {WEEKDAY_NAMES[weekday]} window "
                f"{other.start_time:%H:%M}–{other.end_time:%H:%M}. "
                "Change the times or delete that window first.",
                field="start",
            )
    window = AvailabilityWindow(
        professional_id=professional.id, weekday=weekday, start_time=start, end_time=end
    )
    db.session.add(window)
    _changed(professional)
    return window


def _delete_own(professional: User, model: type[AvailabilityWindow | Blackout], row_id: int, missing: str) -> None:
    """Delete one of the professional's own rows (someone else's reads as not found)."""
    _profile_of(professional)
    row = db.session.get(model, row_id)
    if row is None or row.professional_id != professional.id:
        raise NotFound(missing)
    db.session.delete(row)
    _changed(professional)


def delete_window(professional: User, window_id: int) -> None:
    """Delete one of the professional's own windows (someone else's reads as not found)."""
    _delete_own(professional, AvailabilityWindow, window_id, "That window does not exist (it may already be deleted).")


def add_blackout(professional: User, day: date, note: str = "") -> Blackout:
    """Black out ``day`` (the professional's local date): no chats are offered on it."""
    _profile_of(professional)
    note = (note or "").strip()
    if len(note) > 120:
        raise DomainError("Keep the note under 120 characters.", field="note")
    if day < local_today(professional):
        raise DomainError("That date is in the past. Choose today or a later date.", field="day")
    exists = db.session.scalar(
        select(Blackout.id).where(Blackout.professional_id == professional.id, Blackout.day == day)
    )
    taken = DomainError(f"{day:%a %-d %b %Y} is already blacked out.", field="day")
    if exists is not None:
        raise taken
    blackout = Blackout(professional_id=professional.id, day=day, note=note)
    db.session.add(blackout)
    try:
        db.session.flush()
    except IntegrityError:  # the same date sent twice at once: the unique constraint decides
        db.session.rollback()
        raise taken from None
    _changed(professional)
    return blackout


def delete_blackout(professional: User, blackout_id: int) -> None:
    """Remove one of the professional's own blackout dates."""
    _delete_own(professional, Blackout, blackout_id, "That blackout date does not exist (it may already be deleted).")


def update_settings(professional: User, **values: int) -> None:
    """Set buffers, minimum notice and booking horizon (each checked against its range)."""
    profile = _profile_of(professional)
    unknown = set(values) - set(SETTING_RANGES)
    if unknown:
        raise ValueError(f"unknown availability settings {sorted(unknown)}")
    for name, value in values.items():
        low, high, message = SETTING_RANGES[name]
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(message, field=name)
    for name, value in values.items():
        setattr(profile, name, value)
    _changed(professional)


def chats_this_month(professional: User) -> int:
    """Chats counted against capacity in the current calendar month (professional's zone)."""
    first, following = month_bounds(zone_of(professional.timezone), clock.now())
    counted = counted_bookings().where(
        Booking.professional_id == professional.id,
        Booking.start_at >= first,
        Booking.start_at < following,
    )
    return db.session.scalar(select(func.count()).select_from(counted.subquery())) or 0


@dataclass(frozen=True)
class AvailabilitySummary:
    """What the dashboard and the availability page show about a professional's time."""

    zone: str
    windows: list[AvailabilityWindow]
    next_free_at: datetime | None
    chats_this_month: int
    monthly_capacity: int
    accepting_requests: bool


def availability_summary(professional: User) -> AvailabilitySummary:
    """Windows, next free time and capacity used this month (three small queries)."""
    profile = _profile_of(professional)
    return AvailabilitySummary(
        zone=professional.timezone,
        windows=_windows(professional.id),
        next_free_at=profile.next_free_at,
        chats_this_month=chats_this_month(professional),
        monthly_capacity=profile.monthly_capacity,
        accepting_requests=profile.accepting_requests,
    )


def upcoming_blackouts(professional: User) -> list[Blackout]:
    """The professional's blackout dates from today (their zone) on."""
    return list(
        db.session.scalars(
            select(Blackout)
            .where(
                Blackout.professional_id == professional.id,
                Blackout.day >= local_today(professional),
            )
            .order_by(Blackout.day)
        )
    )


def preview_slots(professional: User) -> list[Slot]:
    """The next few free slots, as a student (in no club) would be offered them."""
    _profile_of(professional)
    return upcoming_slots(professional)[:PREVIEW_SIZE]
