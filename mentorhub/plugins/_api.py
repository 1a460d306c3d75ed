"""Markers, value classes and constants that plugins import (re-exported by the package)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import pluggy

if TYPE_CHECKING:
    from mentorhub.accounts.models import User
    from mentorhub.plugins._store import PluginStore

PROJECT_NAME = "mentorhub"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
PLUGIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}")


@dataclass(frozen=True)
class Question:
    """A question a student could ask; ``topic`` groups it on the page."""

    text: str
    topic: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError(f"Question text must be a non-empty string, not {self.text!r}")


@dataclass(frozen=True)
class Slot:
    """A free time: aware UTC ``start`` and ``end``, half-open. The host drops slots that are
    naive, outside the asked range or of the wrong length."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Signal:
    """Points added to a match score, with the reason shown to the student."""

    points: float
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.points, bool) or not isinstance(self.points, int | float):
            raise ValueError(f"Signal points must be a number, not {self.points!r}")


@dataclass(frozen=True)
class Recommendation:
    """Someone the student could talk to next, and why."""

    professional: User
    reason: str
    score: float = 0.0


@dataclass(frozen=True)
class Advice:
    """Advice on a request before it is sent: ``info``, ``warn`` (needs "send anyway") or
    ``block`` (stops the send)."""

    level: Literal["info", "warn", "block"]
    text: str

    def __post_init__(self) -> None:
        if self.level not in ("info", "warn", "block"):
            raise ValueError(f"Advice level must be info, warn or block, not {self.level!r}")


@dataclass(frozen=True)
class PluginInfo:
    """How a plugin describes itself (module-level ``PLUGIN_INFO``).

    ``scope="club"`` plugins run only for clubs that switched them on; ``settings`` holds the
    defaults of the plugin's settings (JSON values), overridable by the operator.
    """

    name: str
    version: str = ""
    title: str = ""
    description: str = ""
    scope: Literal["site", "club"] = "site"
    settings: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not PLUGIN_NAME.fullmatch(self.name):
            raise ValueError(
                f"Plugin name {self.name!r} must be 1-80 letters, digits, '_', '-' or '.' "
                "(it is used in URLs: /plugins/<name>/)"
            )
        if self.scope not in ("site", "club"):
            raise ValueError(f"Plugin scope must be 'site' or 'club', not {self.scope!r}")
        if not isinstance(self.settings, dict):
            raise ValueError("Plugin settings must be a dict of JSON values")


@dataclass(frozen=True)
class HookContext:
    """What every hook but ``mentorhub_register`` receives as ``ctx``.

    Built per plugin by the host: ``settings`` and ``store`` are always the plugin's own, and
    for a club-scoped plugin ``club_ids`` holds only the clubs that switched it on.
    """

    viewer: User | None
    now: datetime
    settings: dict[str, Any] = field(default_factory=dict)
    store: PluginStore | None = None
    club_ids: tuple[int, ...] = ()


class _Names:
    """A fixed set of names readable as attributes (``EVENTS.REQUEST_CREATED``) and
    iterable / testable with ``in``."""

    def __init__(self, *names: str) -> None:
        self._names = names
        for name in names:
            setattr(self, name.upper(), name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._names!r}"


EVENTS = _Names(
    "request_created",
    "request_new_times_asked",
    "request_times_proposed",
    "request_accepted",
    "request_declined",
    "request_expired",
    "request_withdrawn",
    "booking_rescheduled",
    "booking_move_proposed",
    "booking_move_declined",
    "booking_move_withdrawn",
    "booking_cancelled",
    "no_show_marked",
    "chat_completed",
    "thank_you_sent",
    "followup_due",
    "referral_made",
    "referral_accepted",
)

# Places in the core's templates where plugins may add HTML (mentorhub_template_slot).
TEMPLATE_SLOTS = _Names(
    "head",
    "nav",
    "footer",
    "home_hero",
    "student_dashboard",
    "professional_dashboard",
    "professional_profile",
    "request_form",
    "request_detail",
    "search_results",
)
