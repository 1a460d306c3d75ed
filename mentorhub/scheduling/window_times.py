"""What an availability window is, weekly or one-off, and when two of them clash: pure
rules, no queries, shared by the availability services and the page's forms.

On any date, windows of either kind may touch but not overlap: overlapping windows would
offer overlapping chats, and one set of times per date is what a professional means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WindowTimes:
    """Every ``weekday`` (0 = Monday), or once, on ``on_date`` (one-off hours), from
    ``start`` to ``end``, wall-clock in the professional's zone: a window without its row,
    e.g. what a deleted window leaves behind so that "Undo" can put it back."""

    weekday: int | None
    on_date: date | None
    start: time
    end: time

    @classmethod
    def of(cls, window) -> WindowTimes:
        """The times of an ``AvailabilityWindow`` row."""
        return cls(window.weekday, window.on_date, window.start_time, window.end_time)

    @property
    def is_one_off(self) -> bool:
        """True for hours on one date, false for a weekly window."""
        return self.on_date is not None

    @property
    def day_of_week(self) -> int | None:
        """The weekday these times fall on (0 = Monday)."""
        return self.on_date.weekday() if self.on_date is not None else self.weekday

    @property
    def label(self) -> str:
        """E.g. "Tuesday 17:00–19:00", or "Tue 9 Mar 2027, 18:00–20:00" for one-off hours."""
        hours = f"{self.start:%H:%M}–{self.end:%H:%M}"
        if self.on_date is not None:
            return f"{self.on_date:%a %-d %b %Y}, {hours}"
        return f"{WEEKDAY_NAMES[self.weekday or 0]} {hours}"

    def meets(self, other: WindowTimes) -> bool:
        """True when both can fall on the same date and their times overlap (half-open)."""
        if self.is_one_off and other.is_one_off:
            same_day = self.on_date == other.on_date
        else:
            same_day = self.day_of_week == other.day_of_week
        return same_day and self.start < other.end and other.start < self.end


def clash(times: WindowTimes, others: Iterable[WindowTimes], today: date) -> str | None:
    """Why ``times`` cannot sit beside ``others`` (a sentence for the professional), or
    ``None``. One-off hours before ``today`` no longer count."""
    for other in others:
        if other.on_date is not None and other.on_date < today:
            continue
        if not times.meets(other):
            continue
        if other == times:
            return f"You already have these hours ({other.label})."
        if not other.is_one_off:
            return (f"This overlaps your {WEEKDAY_NAMES[other.weekday or 0]} window "
                    f"{other.start:%H:%M}–{other.end:%H:%M}. Change the times or delete that window first.")
        return f"This overlaps your one-off hours on {other.label}. Change the times or delete those hours first."
    return None
