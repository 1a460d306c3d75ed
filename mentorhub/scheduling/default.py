"""The core's own scheduler: availability windows (weekly, or one-off hours on a date) ->
free slots.

Expands each professional's weekly windows and one-off hours (wall-clock times in their own
zone, correct across daylight-saving changes) into slots of the chat length, then removes
blackout dates (one-off hours included), booked times widened by the buffers, anything
sooner than the minimum notice or beyond the booking horizon, and months whose chats reached
the monthly capacity. A paused professional offers nothing.

It is the scheduling feature's implementation of ``mentorhub_available_slots``, registered
by the core before any plugin (as pytest registers its default plugins), ``trylast`` and
always on: any plugin that answers overrides it, none can switch it off. A bulk job passes
it a :class:`~mentorhub.scheduling.schedules.ScheduleBatch` through :func:`core_slots`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mentorhub.plugins._api import HookContext, Slot, hookimpl
from mentorhub.scheduling.schedules import ScheduleBatch, schedule_for
from mentorhub.scheduling.slots import free_slots

DEFAULT_NAME = "mentorhub.scheduling"


def core_slots(
    professional: Any,
    start: datetime,
    end: datetime,
    duration: timedelta,
    now: datetime,
    moving_booking: Any = None,
    batch: ScheduleBatch | None = None,
) -> list[Slot]:
    """Free slots of ``professional`` within ``[start, end)`` lasting ``duration``, as of
    ``now``; ``moving_booking``'s own time counts as free; schedules come from ``batch`` when
    it has them."""
    profile = professional.professional_profile
    if profile is None:
        return []
    moving_id = moving_booking.id if moving_booking is not None else None
    schedule = schedule_for(profile, start, end, moving_id, batch)
    return free_slots(schedule, start, end, duration, now)


class CoreScheduler:
    """The object the core registers with the plugin manager (name :data:`DEFAULT_NAME`)."""

    @hookimpl(trylast=True)
    def mentorhub_available_slots(
        self, professional: Any, start: datetime, end: datetime, duration: timedelta,
        moving_booking: Any, ctx: HookContext,
    ) -> list[Slot]:
        """Free slots from the professional's windows (see the module docstring)."""
        return core_slots(professional, start, end, duration, ctx.now, moving_booking)
