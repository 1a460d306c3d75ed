"""The one source of the current time.

Everything asks :func:`now`; tests and the browser journey move the clock with
:func:`travel_to` / :func:`advance` instead of patching ``datetime``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """Return the current time as an aware UTC datetime (shifted when the clock was moved)."""
    return datetime.now(UTC) + _offset


def travel_to(moment: datetime) -> None:
    """Move the clock so that :func:`now` returns ``moment`` (aware) from now on, ticking."""
    global _offset
    if moment.tzinfo is None:
        raise ValueError("travel_to needs an aware datetime")
    _offset = moment - datetime.now(UTC)


def advance(delta: timedelta) -> None:
    """Move the clock forward (or back, with a negative delta)."""
    global _offset
    _offset += delta


def reset() -> None:
    """Put the clock back to real time."""
    global _offset
    _offset = timedelta(0)
