"""Availability services: a professional edits their weekly windows, one-off hours on a
date, blackout dates and scheduling settings. Every change sends ``schedule_changed`` (so
their ``next_free_at`` is recomputed before the commit) and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
from mentorhub.scheduling.window_times import WindowTimes, clash
from mentorhub.signals import schedule_changed, send

PREVIEW_SIZE = 8
# One-off hours may be added up to a year ahead (they are offered once inside the horizon).
ONE_OFF_MAX_DAYS = 365
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
            .order_by(AvailabilityWindow.weekday, AvailabilityWindow.on_date, AvailabilityWindow.start_time)
        )
    )


def local_today(professional: User) -> date:
    """Today's date in the professional's zone."""
    return clock.now().astimezone(zone_of(professional.timezone)).date()


def _check(professional: User, times: WindowTimes, keep_id: int | None = None) -> None:
    """Refuse ``times`` (a new window, or window ``keep_id`` changed) unless they would offer
    chats: a real day or a date from today to a year ahead, not blacked out; the end after
    the start, room for one chat; no overlap with another window on the same date."""
    profile = _profile_of(professional)
    today = local_today(professional)
    if times.on_date is None and times.weekday not in range(7):
        raise DomainError("Choose a day of the week.", field="weekday")
    if times.on_date is not None:
        if times.on_date < today:
            raise DomainError("That date is in the past. Choose today or a later date.", field="on_date")
        if times.on_date > today + timedelta(days=ONE_OFF_MAX_DAYS):
            raise DomainError("Choose a date within the next year.", field="on_date")
    if times.start >= times.end:
        raise DomainError("The end time must be after the start time.", field="end")
    minutes = (times.end.hour * 60 + times.end.minute) - (times.start.hour * 60 + times.start.minute)
    if minutes < profile.chat_minutes:
        raise DomainError(
            f"This window is shorter than one {profile.chat_minutes}-minute chat, "
            "so it would offer no time. Make it longer.",
            field="end",
        )
    if times.on_date is not None and db.session.scalar(
        select(Blackout.id).where(Blackout.professional_id == professional.id, Blackout.day == times.on_date)
    ):
        raise DomainError(
            f"{times.on_date:%a %-d %b %Y} is one of your days off, so these hours would offer nothing. "
            "Remove the day off first.",
            field="on_date",
        )
    others = [WindowTimes.of(w) for w in _windows(professional.id) if w.id != keep_id]
    problem = clash(times, others, today)
    if problem:
        raise DomainError(problem, field="start")


def add_window(professional: User, weekday: int, start: time, end: time) -> AvailabilityWindow:
    """Add a weekly window (``weekday`` 0 = Monday, wall-clock times in the professional's
    zone). Refuses an empty or reversed window, one too short for a chat, and one that
    overlaps another window (weekly, or upcoming one-off hours) on the same day."""
    return _add(professional, WindowTimes(weekday, None, start, end))


def add_one_off(professional: User, on_date: date, start: time, end: time) -> AvailabilityWindow:
    """Add one-off hours on ``on_date`` (the professional's local date), offered exactly like
    a weekly window on that date only. Refuses a past date, one more than a year ahead or
    blacked out, and the weekly window's rules (times, length, overlaps)."""
    return _add(professional, WindowTimes(None, on_date, start, end))


def restore_window(professional: User, times: WindowTimes) -> AvailabilityWindow:
    """Put back a window just deleted ("Undo"), if its rules still allow it."""
    return _add(professional, times)


def _add(professional: User, times: WindowTimes) -> AvailabilityWindow:
    _check(professional, times)
    window = AvailabilityWindow(
        professional_id=professional.id, weekday=times.weekday, on_date=times.on_date,
        start_time=times.start, end_time=times.end,
    )
    db.session.add(window)
    _changed(professional)
    return window


def own_window(professional: User, window_id: int) -> AvailabilityWindow:
    """One of the professional's own windows (someone else's reads as not found)."""
    _profile_of(professional)
    window = db.session.get(AvailabilityWindow, window_id)
    if window is None or window.professional_id != professional.id:
        raise NotFound("That window does not exist (it may already be deleted).")
    return window


def update_window(professional: User, window_id: int, times: WindowTimes) -> AvailabilityWindow:
    """Change one of the professional's windows in place to ``times`` (a weekly window's day,
    one-off hours' date, and either's start and end) by the rules of adding one: it may not
    overlap the others, though it may overlap what it was. A weekly window stays weekly and
    one-off hours stay one-off; nothing changes when a rule is broken."""
    window = own_window(professional, window_id)
    if times.is_one_off != window.is_one_off:
        kind = "one-off hours" if window.is_one_off else "a weekly window"
        raise DomainError(f"This is {kind}: delete it and add the other kind instead.")
    _check(professional, times, keep_id=window.id)
    window.weekday, window.on_date = times.weekday, times.on_date
    window.start_time, window.end_time = times.start, times.end
    _changed(professional)
    return window


def delete_window(professional: User, window_id: int) -> WindowTimes:
    """Delete one of the professional's own windows (someone else's reads as not found);
    returns its times, for :func:`restore_window`."""
    window = own_window(professional, window_id)
    times = WindowTimes.of(window)
    db.session.delete(window)
    _changed(professional)
    return times


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
    """Remove one of the professional's own blackout dates (someone else's reads as not found)."""
    _profile_of(professional)
    blackout = db.session.get(Blackout, blackout_id)
    if blackout is None or blackout.professional_id != professional.id:
        raise NotFound("That blackout date does not exist (it may already be deleted).")
    db.session.delete(blackout)
    _changed(professional)


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
    one_off: list[AvailabilityWindow]
    next_free_at: datetime | None
    chats_this_month: int
    monthly_capacity: int
    accepting_requests: bool

    @property
    def has_windows(self) -> bool:
        """True when some weekly window or upcoming one-off hours can offer time."""
        return bool(self.windows or self.one_off)


def availability_summary(professional: User) -> AvailabilitySummary:
    """Weekly windows, upcoming one-off hours, next free time and capacity used this month
    (three small queries)."""
    profile = _profile_of(professional)
    weekly, one_off = _split(_windows(professional.id), local_today(professional))
    return AvailabilitySummary(
        zone=professional.timezone,
        windows=weekly,
        one_off=one_off,
        next_free_at=profile.next_free_at,
        chats_this_month=chats_this_month(professional),
        monthly_capacity=profile.monthly_capacity,
        accepting_requests=profile.accepting_requests,
    )


def _split(windows: list[AvailabilityWindow], today: date) -> tuple[list[AvailabilityWindow], list[AvailabilityWindow]]:
    """Weekly windows, and one-off hours from ``today`` on (by date), past ones left out."""
    weekly = [w for w in windows if w.on_date is None]
    upcoming = sorted((w for w in windows if w.on_date is not None and w.on_date >= today),
                      key=lambda w: (w.on_date, w.start_time))
    return weekly, upcoming


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
