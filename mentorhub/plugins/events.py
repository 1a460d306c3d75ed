"""Events recorded by services and told to plugins after the change is committed.

Services call :func:`record_event` next to their change; :func:`mentorhub.database.commit`
commits, then calls :func:`flush_events`, so every plugin hears of an event once, from the
request that made it, and never of a change that was rolled back (the session forgets its
queued events on rollback).
"""

from __future__ import annotations

from typing import Any

from mentorhub.extensions import db
from mentorhub.plugins.api import EVENTS

PAYLOAD_KEYS = frozenset({"request_id", "booking_id", "student_id", "professional_id", "actor_id", "referral_id"})
_QUEUE = "mentorhub_events"


def record_event(name: str, **payload: Any) -> None:
    """Queue event ``name`` (one of ``EVENTS``) to be told to plugins once the session
    commits. ``payload`` keys are among :data:`PAYLOAD_KEYS`."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}; the events are listed in mentorhub.plugins.EVENTS")
    extra = set(payload) - PAYLOAD_KEYS
    if extra:
        raise ValueError(f"unknown payload keys {sorted(extra)}; allowed: {sorted(PAYLOAD_KEYS)}")
    db.session.info.setdefault(_QUEUE, []).append((name, dict(payload)))


def flush_events() -> None:
    """Tell plugins about every queued event; called right after a successful commit.

    Plugins' store writes made while hearing them are committed at once.
    """
    from mentorhub.plugins.calls import emit_event
    from mentorhub.plugins.store import commit_store_writes

    events = db.session.info.pop(_QUEUE, [])
    for name, payload in events:
        emit_event(name, payload)
    if events:
        commit_store_writes()
