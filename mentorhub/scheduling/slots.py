"""Weekly windows and one-off hours -> free slots: pure time arithmetic on a
:class:`Schedule`, no queries.

Windows (weekly, or one-off hours on a date) are wall-clock times in the professional's
zone, so a Tuesday 09:00 window stays at 09:00 local across daylight-saving changes while
its UTC time moves. A wall-clock time that does not exist (the spring-forward gap) offers no
slot; an ambiguous one (the fall-back hour) means its first occurrence (``fold=0``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorhub.plugins._api import Slot
from mentorhub.scheduling.schedules import Schedule, Window


def local_moment(day: date, wall: time, zone: ZoneInfo) -> datetime | None:
    """``day`` at ``wall`` in ``zone`` as aware UTC, or ``None`` when that time does not exist."""
    local = datetime.combine(day, wall, tzinfo=zone)  # fold=0: first of an ambiguous pair
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return moment


def window_starts(window: Window, day: date, step: timedelta, zone: ZoneInfo) -> list[datetime]:
    """UTC starts of the slots of ``window`` on local ``day``: from the window's start, every
    ``step``, as long as a whole slot fits before the window's end (wall-clock)."""
    starts = []
    wall = datetime.combine(day, window.start)
    last = datetime.combine(day, window.end) - step
    while wall <= last:
        moment = local_moment(day, wall.time(), zone)
        if moment is not None:
            starts.append(moment)
        wall += step
    return starts


def _overlaps_busy(start: datetime, end: datetime, schedule: Schedule) -> bool:
    before, after = schedule.buffer_before, schedule.buffer_after
    return any(start < b_end + after and b_start - before < end for b_start, b_end in schedule.busy)


def free_slots(
    schedule: Schedule, start: datetime, end: datetime, duration: timedelta, now: datetime
) -> list[Slot]:
    """The free slots of ``schedule`` lasting ``duration`` within ``[start, end)``.

    A local day offers its weekday's weekly windows and its own one-off hours alike. Removes:
    everything when paused or without capacity; times before ``now`` plus minimum notice or
    after ``now`` plus the booking horizon; blackout dates (local), one-off hours included;
    times touching an active booking widened by the buffers; months (local) whose chats
    reached capacity.
    """
    if not schedule.accepting or schedule.monthly_capacity <= 0 or duration <= timedelta(0):
        return []
    earliest = max(start, now + schedule.min_notice)
    latest = min(end, now + schedule.horizon)
    if earliest >= latest:
        return []
    zone = schedule.zone
    by_weekday: dict[int, list[Window]] = {}
    by_date: dict[date, list[Window]] = {}
    for window in schedule.windows:
        if window.on_date is not None:
            by_date.setdefault(window.on_date, []).append(window)
        elif window.weekday is not None:
            by_weekday.setdefault(window.weekday, []).append(window)
    slots = []
    day, last_day = earliest.astimezone(zone).date(), latest.astimezone(zone).date()
    while day <= last_day:
        full = schedule.chats_in_month(day.year, day.month) >= schedule.monthly_capacity
        if not full and day not in schedule.blackouts:
            for window in (*by_weekday.get(day.weekday(), ()), *by_date.get(day, ())):
                for slot_start in window_starts(window, day, duration, zone):
                    slot_end = slot_start + duration
                    if (
                        earliest <= slot_start
                        and slot_end <= latest
                        and not _overlaps_busy(slot_start, slot_end, schedule)
                    ):
                        slots.append(Slot(slot_start, slot_end))
        day += timedelta(days=1)
    return sorted(set(slots), key=lambda s: (s.start, s.end))
