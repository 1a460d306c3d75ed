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
# The plugin API's version, "1.<minor>": each minor version only adds (docs/plugins.md, "Plugin
# API changelog"). A plugin says the version it needs with PluginInfo(api_version="1.k").
API_VERSION = "1.4"
_API_VERSION = re.compile(r"(\d+)\.(\d+)")


def api_version_problem(needed: str) -> str | None:
    """Why this MentorHub cannot run a plugin that needs plugin API ``needed``, or ``None``."""
    wanted = _API_VERSION.fullmatch(needed) if isinstance(needed, str) else None
    have = _API_VERSION.fullmatch(API_VERSION)
    assert have is not None
    if wanted is None:
        return f"its api_version {needed!r} is not a text of the form \"1.<minor>\", e.g. \"{API_VERSION}\""
    if int(wanted[1]) < int(have[1]):
        return (f"it was made for MentorHub's plugin API {needed}, and this MentorHub provides {API_VERSION}. "
                "Use a version of the plugin made for this one")
    if int(wanted[1]) != int(have[1]) or int(wanted[2]) > int(have[2]):
        return (f"it needs MentorHub's plugin API {needed}, but this MentorHub provides {API_VERSION}. "
                "Upgrade MentorHub, or use a version of the plugin made for this one")
    return None


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

    ``scope="club"`` plugins run only for clubs that switched them on. ``settings`` declares
    the plugin's settings: each a plain default (its type inferred: bool, int, float, str, or a
    list of strings) or a :class:`Setting`; site admins and club admins edit them in generated
    forms. ``api_version`` is the plugin API version it needs (``"1.1"``): a newer one than the
    host's fails start-up with a message naming both.
    """

    name: str
    version: str = ""
    title: str = ""
    description: str = ""
    scope: Literal["site", "club"] = "site"
    settings: dict[str, Any] = field(default_factory=dict)
    api_version: str = ""

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

    Built per plugin by the host: ``settings`` (the site's values) and ``store`` are always the
    plugin's own; for a club-scoped plugin ``club_ids`` holds only the clubs that switched it
    on; ``club_settings[club_id]`` holds each of those clubs' values (a club's own, else the
    site's).
    """

    viewer: User | None
    now: datetime
    settings: dict[str, Any] = field(default_factory=dict)
    store: PluginStore | None = None
    club_ids: tuple[int, ...] = ()
    club_settings: dict[int, dict[str, Any]] = field(default_factory=dict)


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
    "account_deleted",
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
