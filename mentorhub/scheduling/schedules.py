"""What the scheduler needs to know about a professional, loaded for many at once.

A :class:`Schedule` is a read-only snapshot: settings, weekly windows, blackout dates, active
bookings and the chats counted against capacity per month. :func:`load_schedules` builds
them for any number of professionals in a fixed number of queries; :func:`prefetched` lets a
batch job (``refresh_next_free_at``) load them once while every professional's slots still go
through the ``mentorhub_available_slots`` hook, whose first-party answer reads the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from mentorhub.chats.models import ACCEPTED, COMPLETED, NO_SHOW, Booking, ChatRequest
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import AvailabilityWindow, Blackout

# Requests whose booking counts as a chat given (DESIGN.md: capacity counts chats).
COUNTED_STATUSES = (ACCEPTED, COMPLETED, NO_SHOW)
MAX_BUFFER = timedelta(minutes=60)
# A calendar month is at most 31 days: this margin loads every chat of the months a range touches.
MONTH_MARGIN = timedelta(days=32)
_CHUNK = 500


def zone_of(name: str | None) -> ZoneInfo:
    """The ``ZoneInfo`` of an IANA name; UTC when the name is unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def month_bounds(zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """The calendar month of ``now`` in ``zone``, as aware UTC bounds (half-open)."""
    start = now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """A weekly window, wall-clock time in the professional's zone (weekday 0 = Monday)."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Schedule:
    """Everything about one professional that decides their free slots."""

    professional_id: int
    zone: ZoneInfo
    accepting: bool
    monthly_capacity: int
    buffer_before: timedelta
    buffer_after: timedelta
    min_notice: timedelta
    horizon: timedelta
    windows: tuple[Window, ...]
    blackouts: frozenset[date]
    busy: tuple[tuple[datetime, datetime], ...]
    chats_by_month: dict[tuple[int, int], int]

    def chats_in_month(self, year: int, month: int) -> int:
        """Chats counted against capacity in that calendar month (professional's zone)."""
        return self.chats_by_month.get((year, month), 0)


_moving: ContextVar[int | None] = ContextVar("mentorhub_moving_booking", default=None)


@contextmanager
def moving(booking_id: int | None) -> Iterator[None]:
    """Inside the block, booking ``booking_id`` is being moved: it neither blocks its own
    time (nor the buffers around it) nor counts against capacity, so a chat can move within
    a full month or by a few minutes."""
    token = _moving.set(booking_id)
    try:
        yield
    finally:
        _moving.reset(token)


def _not_moving() -> tuple:
    booking_id = _moving.get()
    return () if booking_id is None else (Booking.id != booking_id,)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def load_schedules(
    profiles: Iterable[ProfessionalProfile], start: datetime, end: datetime
) -> dict[int, Schedule]:
    """Schedules of ``profiles`` (with ``user`` loaded) good for slots within ``[start, end)``.

    Four queries per 500 professionals, whatever the number of windows or bookings.
    """
    by_id = {p.user_id: p for p in profiles}
    windows: dict[int, list[Window]] = defaultdict(list)
    blackouts: dict[int, set[date]] = defaultdict(set)
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    counted: dict[int, list[datetime]] = defaultdict(list)
    # Local dates of the range in any zone lie within a day either side of the UTC dates.
    first_day, last_day = (start - timedelta(days=1)).date(), (end + timedelta(days=1)).date()
    for ids in _chunks(sorted(by_id)):
        for w in db.session.scalars(
            select(AvailabilityWindow)
            .where(AvailabilityWindow.professional_id.in_(ids))
            .order_by(AvailabilityWindow.weekday, AvailabilityWindow.start_time)
        ):
            windows[w.professional_id].append(Window(w.weekday, w.start_time, w.end_time))
        for pid, day in db.session.execute(
            select(Blackout.professional_id, Blackout.day).where(
                Blackout.professional_id.in_(ids),
                Blackout.day >= first_day,
                Blackout.day <= last_day,
            )
        ):
            blackouts[pid].add(day)
        for pid, b_start, b_end in db.session.execute(
            select(Booking.professional_id, Booking.start_at, Booking.end_at)
            .where(
                Booking.professional_id.in_(ids),
                Booking.active,
                Booking.start_at < end + MAX_BUFFER,
                Booking.end_at > start - MAX_BUFFER,
                *_not_moving(),
            )
            .order_by(Booking.start_at)
        ):
            busy[pid].append((b_start, b_end))
        for pid, b_start in db.session.execute(
            select(Booking.professional_id, Booking.start_at)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(
                Booking.professional_id.in_(ids),
                ChatRequest.status.in_(COUNTED_STATUSES),
                Booking.start_at >= start - MONTH_MARGIN,
                Booking.start_at < end + MONTH_MARGIN,
                *_not_moving(),
            )
        ):
            counted[pid].append(b_start)
    schedules = {}
    for pid, profile in by_id.items():
        zone = zone_of(profile.user.timezone)
        months: dict[tuple[int, int], int] = defaultdict(int)
        for moment in counted[pid]:
            local = moment.astimezone(zone)
            months[(local.year, local.month)] += 1
        schedules[pid] = Schedule(
            professional_id=pid,
            zone=zone,
            accepting=bool(profile.accepting_requests),
            monthly_capacity=profile.monthly_capacity or 0,
            buffer_before=timedelta(minutes=profile.buffer_before_minutes or 0),
            buffer_after=timedelta(minutes=profile.buffer_after_minutes or 0),
            min_notice=timedelta(hours=profile.min_notice_hours or 0),
            horizon=timedelta(days=profile.horizon_days or 0),
            windows=tuple(windows[pid]),
            blackouts=frozenset(blackouts[pid]),
            busy=tuple(busy[pid]),
            chats_by_month=dict(months),
        )
    return schedules


@dataclass(frozen=True)
class _Batch:
    start: datetime
    end: datetime
    schedules: dict[int, Schedule]


_batch: ContextVar[_Batch | None] = ContextVar("mentorhub_schedule_batch", default=None)


@contextmanager
def prefetched(
    profiles: Iterable[ProfessionalProfile], start: datetime, end: datetime
) -> Iterator[dict[int, Schedule]]:
    """Load the schedules of ``profiles`` once; inside the block, :func:`schedule_for` and
    :func:`active_bookings` answer from them for ranges within ``[start, end)``."""
    schedules = load_schedules(profiles, start, end)
    token = _batch.set(_Batch(start, end, schedules))
    try:
        yield schedules
    finally:
        _batch.reset(token)


def _from_batch(professional_id: int, start: datetime, end: datetime) -> Schedule | None:
    batch = _batch.get()
    if batch is None or _moving.get() is not None:
        return None
    if not (batch.start <= start and end <= batch.end):
        return None
    return batch.schedules.get(professional_id)


def schedule_for(profile: ProfessionalProfile, start: datetime, end: datetime) -> Schedule:
    """The schedule of one professional for ``[start, end)`` (from the batch when loaded)."""
    cached = _from_batch(profile.user_id, start, end)
    if cached is not None:
        return cached
    return load_schedules([profile], start, end)[profile.user_id]


def active_bookings(
    professional_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """``(start, end)`` of the professional's active bookings overlapping ``[start, end)``."""
    cached = _from_batch(professional_id, start, end)
    if cached is not None:
        return [b for b in cached.busy if b[0] < end and start < b[1]]
    rows = db.session.execute(
        select(Booking.start_at, Booking.end_at).where(
            Booking.professional_id == professional_id,
            Booking.active,
            Booking.start_at < end,
            Booking.end_at > start,
            *_not_moving(),
        )
    )
    return [(s, e) for s, e in rows]
