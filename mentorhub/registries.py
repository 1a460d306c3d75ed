"""Small per-app registries that features fill in their ``init_app``.

The core runs what is registered here without knowing who registered it: callbacks just
before and just after a commit, the steps of ``flask mentorhub tick`` and the sections of the
dashboards. Each app has its own (kept in ``app.extensions``), so the suite's many apps in one
process never share a registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

EXTENSION_KEY = "mentorhub.registries"

# ``progress(done, total)``: a long step reports how far it got.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TickStep:
    """One step of ``flask mentorhub tick``.

    ``key`` names its count in the summary (``summary.expired``); ``label`` is shown in
    progress lines. ``run(progress, full)`` does the work once and returns how many items it
    handled; it must be idempotent and safe to run concurrently. ``full`` asks for work
    normally kept fresh incrementally to be redone for everyone (``tick --refresh-all``).
    ``one``/``many`` name what it counts (``"request expired"``/``"requests expired"``);
    steps run by ``order``.
    """

    key: str
    label: str
    run: Callable[[Progress | None, bool], int]
    one: str
    many: str
    order: int


@dataclass(frozen=True)
class DashboardSection:
    """A part of a dashboard: ``build(user)`` returns the template variables it adds (or an
    empty dict when it has nothing for that user); ``roles`` says whose dashboard it is on."""

    name: str
    build: Callable[[Any], dict[str, Any]]
    roles: tuple[str, ...] = ("student", "professional")


@dataclass
class Registries:
    """What the features of one app registered."""

    before_commit: list[Callable[[], None]] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    tick_steps: list[TickStep] = field(default_factory=list)
    dashboard_sections: list[DashboardSection] = field(default_factory=list)


def registries(app: Flask | None = None) -> Registries:
    """The registries of ``app`` (default: the current app), created on first use."""
    app = app or current_app
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:
        found = app.extensions[EXTENSION_KEY] = Registries()
    return found


def _add(items: list, item: Any) -> None:
    if item not in items:
        items.append(item)


def before_commit(app: Flask, callback: Callable[[], None]) -> None:
    """Run ``callback()`` inside the transaction just before every commit of the session
    (it may read and write; what it writes commits with the change, or rolls back with it)."""
    _add(registries(app).before_commit, callback)


def after_commit(app: Flask, callback: Callable[[], None]) -> None:
    """Run ``callback()`` after each successful :func:`mentorhub.database.commit` (events to
    plugins, emails), in the order registered."""
    _add(registries(app).after_commit, callback)


def tick_step(app: Flask, step: TickStep) -> None:
    """Add ``step`` to ``flask mentorhub tick``."""
    if any(s.key == step.key for s in registries(app).tick_steps):
        raise ValueError(f"tick step {step.key!r} is registered twice")
    registries(app).tick_steps.append(step)


def dashboard_section(app: Flask, section: DashboardSection) -> None:
    """Add ``section`` to the dashboards of ``section.roles``, after those added before it."""
    if any(s.name == section.name for s in registries(app).dashboard_sections):
        raise ValueError(f"dashboard section {section.name!r} is registered twice")
    registries(app).dashboard_sections.append(section)
