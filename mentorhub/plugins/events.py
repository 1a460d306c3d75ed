"""Events recorded by services and told to plugins after the change is committed."""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context

from mentorhub.extensions import db
from mentorhub.plugins.api import EVENTS

_PAYLOAD_KEYS = {"request_id", "booking_id", "student_id", "professional_id", "actor_id", "referral_id"}


def record_event(name: str, **payload: Any) -> None:
    """Queue event ``name`` to be told to plugins once the session commits."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}")
    extra = set(payload) - _PAYLOAD_KEYS
    if extra:
        raise ValueError(f"unknown payload keys {sorted(extra)}")
    db.session.info.setdefault("mentorhub_events", []).append((name, dict(payload)))


def discard_events() -> None:
    """Forget queued events (the change they described was rolled back)."""
    db.session.info.pop("mentorhub_events", None)


def flush_events() -> None:
    """Tell plugins about every queued event; called right after a successful commit."""
    from mentorhub.plugins.calls import emit_event

    events = db.session.info.pop("mentorhub_events", [])
    for name, payload in events:
        emit_event(name, payload, viewer=g.get("_mentorhub_viewer") if has_app_context() else None)
