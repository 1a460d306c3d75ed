"""The first-party scheduler: weekly availability windows -> free slots.

Expands each professional's weekly windows (wall-clock times in their own zone, correct
across daylight-saving changes) into slots of the chat length, then removes blackout dates,
booked times widened by the buffers, anything sooner than the minimum notice or beyond the
booking horizon, and months whose chats reached the monthly capacity. A paused professional
offers nothing.

It answers last (``trylast``): any other plugin that answers ``mentorhub_available_slots``
overrides it. It only reads.
"""

from __future__ import annotations

from mentorhub.plugins import PluginInfo, hookimpl
from mentorhub.scheduling.schedules import schedule_for
from mentorhub.scheduling.slots import free_slots

PLUGIN_INFO = PluginInfo(
    name="scheduler",
    version="1.0",
    title="Scheduler",
    description="Turns professionals' weekly availability into free chat times, minus bookings, "
    "buffers, notice, blackouts and full months.",
)


@hookimpl(trylast=True)
def mentorhub_available_slots(professional, start, end, duration, ctx):
    """Free slots of ``professional`` within ``[start, end)`` lasting ``duration``."""
    profile = professional.professional_profile
    if profile is None:
        return []
    schedule = schedule_for(profile, start, end)
    return free_slots(schedule, start, end, duration, ctx.now)
