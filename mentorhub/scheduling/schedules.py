"""What the scheduler needs to know about a professional, loaded for many at once.

A :class:`Schedule` is a read-only snapshot: settings, weekly windows and one-off hours,
blackout dates, active bookings and the chats counted against capacity per month.
:func:`load_schedules` builds them for any number of professionals in a fixed number of
queries; a :class:`ScheduleBatch` holds them for a bulk job (the next-free-time refresh),
which hands the batch to the core scheduler explicitly (:mod:`mentorhub.scheduling.default`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, or_, select

from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import COUNTED_STATUSES, AvailabilityWindow, Blackout, Booking, chat_requests

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
    """Wall-clock time in the professional's zone: every ``weekday`` (0 = Monday), or once,
    on ``on_date`` (one-off hours; ``weekday`` is then ``None``)."""

    weekday: int | None
    start: time
    end: time
    on_date: date | None = None


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


def _not_moving(moving_booking_id: int | None) -> tuple:
    # The booking being rescheduled neither blocks its own time (nor the buffers around it)
    # nor counts against capacity, so a chat can move within a full month or by a few minutes.
    return () if moving_booking_id is None else (Booking.id != moving_booking_id,)


def counted_bookings() -> Select[tuple[int, datetime]]:
    """A ``select`` of bookings that count against capacity (join and status condition);
    add ``.where(...)`` for the professional and the months wanted. The one capacity rule."""
    return select(Booking.professional_id, Booking.start_at).join(
        chat_requests, chat_requests.c.id == Booking.request_id
    ).where(chat_requests.c.status.in_(COUNTED_STATUSES))


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def load_schedules(
    profiles: Iterable[ProfessionalProfile],
    start: datetime,
    end: datetime,
    moving_booking_id: int | None = None,
) -> dict[int, Schedule]:
    """Schedules of ``profiles`` (with ``user`` loaded) good for slots within ``[start, end)``;
    booking ``moving_booking_id`` (being rescheduled) is left out of them.

    Four queries per 500 professionals, whatever the number of windows or bookings. One-off
    hours are loaded only for the dates the range can touch.
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
            .where(
                AvailabilityWindow.professional_id.in_(ids),
                or_(
                    AvailabilityWindow.on_date.is_(None),
                    AvailabilityWindow.on_date.between(first_day, last_day),
                ),
            )
            .order_by(AvailabilityWindow.on_date, AvailabilityWindow.weekday, AvailabilityWindow.start_time)
        ):
            windows[w.professional_id].append(Window(w.weekday, w.start_time, w.end_time, w.on_date))
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
                *_not_moving(moving_booking_id),
            )
            .order_by(Booking.start_at)
        ):
            busy[pid].append((b_start, b_end))
        for pid, b_start in db.session.execute(
            counted_bookings().where(
                Booking.professional_id.in_(ids),
                Booking.start_at >= start - MONTH_MARGIN,
                Booking.start_at < end + MONTH_MARGIN,
                *_not_moving(moving_booking_id),
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
class ScheduleBatch:
    """The schedules of many professionals, loaded once for slots within ``[start, end)``
    (no booking being moved): what a bulk job passes to the core scheduler."""

    start: datetime
    end: datetime
    schedules: dict[int, Schedule]

    @classmethod
    def load(cls, profiles: Iterable[ProfessionalProfile], start: datetime, end: datetime) -> ScheduleBatch:
        """Load the schedules of ``profiles`` for ``[start, end)``."""
        return cls(start, end, load_schedules(profiles, start, end))

    def get(
        self, professional_id: int, start: datetime, end: datetime, moving_booking_id: int | None = None
    ) -> Schedule | None:
        """The batch's schedule of ``professional_id`` when it covers ``[start, end)``; never
        while a booking moves (the batch counts every booking)."""
        if moving_booking_id is not None or not (self.start <= start and end <= self.end):
            return None
        return self.schedules.get(professional_id)


def schedule_for(
    profile: ProfessionalProfile,
    start: datetime,
    end: datetime,
    moving_booking_id: int | None = None,
    batch: ScheduleBatch | None = None,
) -> Schedule:
    """The schedule of one professional for ``[start, end)`` (from ``batch`` when it has it)."""
    cached = batch.get(profile.user_id, start, end, moving_booking_id) if batch else None
    if cached is not None:
        return cached
    return load_schedules([profile], start, end, moving_booking_id)[profile.user_id]


def active_bookings(
    professional_id: int,
    start: datetime,
    end: datetime,
    moving_booking_id: int | None = None,
    batch: ScheduleBatch | None = None,
) -> list[tuple[datetime, datetime]]:
    """``(start, end)`` of the professional's active bookings overlapping ``[start, end)``,
    leaving out ``moving_booking_id``."""
    cached = batch.get(professional_id, start, end, moving_booking_id) if batch else None
    if cached is not None:
        return [b for b in cached.busy if b[0] < end and start < b[1]]
    rows = db.session.execute(
        select(Booking.start_at, Booking.end_at).where(
            Booking.professional_id == professional_id,
            Booking.active,
            Booking.start_at < end,
            Booking.end_at > start,
            *_not_moving(moving_booking_id),
        )
    )
    return [(s, e) for s, e in rows]
