"""Events recorded by services and told to plugins after the change is committed.

Services call :func:`record_event` next to their change; :func:`mentorhub.database.commit`
commits, then runs :func:`flush_events` (registered as an after-commit callback), so every
plugin hears of an event once, from the request that made it, and never of a change that was
rolled back (the session forgets its queued events on rollback).
"""

from __future__ import annotations

from typing import Any

from mentorhub.database import queue, take_queue
from mentorhub.plugins._api import EVENTS
from mentorhub.plugins._calls import emit_event
from mentorhub.plugins._store import commit_store_writes

PAYLOAD_KEYS = frozenset({"request_id", "booking_id", "student_id", "professional_id", "actor_id", "referral_id",
                          "user_id", "club_ids"})
_QUEUE = "plugins.events"


def record_event(name: str, **payload: Any) -> None:
    """Queue event ``name`` (one of ``EVENTS``) to be told to plugins once the session
    commits. ``payload`` keys are among :data:`PAYLOAD_KEYS`."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}; the events are listed in mentorhub.plugins.EVENTS")
    extra = set(payload) - PAYLOAD_KEYS
    if extra:
        raise ValueError(f"unknown payload keys {sorted(extra)}; allowed: {sorted(PAYLOAD_KEYS)}")
    queue(_QUEUE).append((name, dict(payload)))


def flush_events() -> None:
    """Tell plugins about every queued event; called right after a successful commit.

    Plugins' store writes made while hearing them are committed at once.
    """
    events = take_queue(_QUEUE)
    for name, payload in events:
        emit_event(name, payload)
    if events:
        commit_store_writes()
