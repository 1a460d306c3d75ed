"""Small per-app registries that features fill in their ``init_app``.

The core runs what is registered here without knowing who registered it: callbacks just
before and just after a commit, the steps of ``flask mentorhub tick``, the sections that
features add to pages of other features (the dashboards, a request's page, a professional's
page) and the marks they put on chat requests in a professional's inbox, so a page never
includes a template of a feature it cannot import; the parts of a person's data download
and what may stop them deleting their account; and what comes with the signed-in user. Each app has its
own (kept in ``app.extensions``), so the suite's many apps in one process never share a
registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

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


# The pages that show sections, and the objects their ``render`` receives by keyword.
PAGES = {
    "student_dashboard": ("viewer",),
    "professional_dashboard": ("viewer",),
    "request_detail": ("viewer", "chat_request"),
    "professional_page": ("viewer", "professional"),
}


@dataclass(frozen=True)
class Section:
    """A part of page ``page`` (one of :data:`PAGES`) that a feature contributes.

    ``render(**objects)`` gets the page's objects by keyword and returns its HTML (usually
    ``render_template`` of the feature's own partial), or ``""`` when it has nothing to show
    there; sections appear by ``order``, then in the order they were registered.
    """

    page: str
    name: str
    render: Callable[..., str]
    order: int = 50


@dataclass(frozen=True)
class SignedInValue:
    """A value a feature reads of the signed-in user on nearly every page, which comes in the
    user loader's statement instead of a query of its own.

    ``column(user_id)`` returns a scalar SQL expression over the signed-in user's id (a
    correlated subquery, run once per page); ``keep(user_id, value)`` receives what it read,
    for the request; ``forget()`` drops it, when the request starts a write transaction or
    commits through :func:`mentorhub.database.commit` (before the after-commit callbacks),
    so what the request changed is read again. All three must be module-level functions:
    the loader's statement is built once per set of values registered."""

    name: str
    column: Callable[[Any], Any]
    keep: Callable[[int, Any], None]
    forget: Callable[[], None]


@dataclass
class Registries:
    """What the features of one app registered."""

    before_commit: list[Callable[[], None]] = field(default_factory=list)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    tick_steps: list[TickStep] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    request_marks: list[Callable[[list[Any]], dict[int, str]]] = field(default_factory=list)
    acquaintances: list[Callable[[int, int], bool]] = field(default_factory=list)
    personal_data: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    departure_checks: list[Callable[[Any, bool], str | None]] = field(default_factory=list)
    signed_in_values: list[SignedInValue] = field(default_factory=list)


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


def section(app: Flask, item: Section) -> None:
    """Add ``item`` to its page."""
    if item.page not in PAGES:
        raise ValueError(f"unknown page {item.page!r}; the pages with sections are {sorted(PAGES)}")
    if any(s.page == item.page and s.name == item.name for s in registries(app).sections):
        raise ValueError(f"section {item.name!r} of {item.page!r} is registered twice")
    registries(app).sections.append(item)


def render_sections(page: str, **objects: Any) -> Markup:
    """The HTML of every section of ``page``, in order, for the page's view to hand its
    template (``objects`` are the page's objects named in :data:`PAGES`)."""
    if set(objects) != set(PAGES[page]):
        raise TypeError(f"page {page!r} passes {PAGES[page]}, not {tuple(objects)}")
    items = sorted((s for s in registries().sections if s.page == page), key=lambda s: s.order)
    return Markup("").join(Markup(item.render(**objects)) for item in items)


def request_mark(app: Flask, marker: Callable[[list[Any]], dict[int, str]]) -> None:
    """Let ``marker(requests)`` mark chat requests where their people see them (the
    professional's inbox, the student's "My requests"): it returns a short label (e.g.
    "Referred by Ana Ruiz") by request id for those it marks, in a bounded number of queries.
    Marked pending requests come first in the inbox."""
    _add(registries(app).request_marks, marker)


def request_marks(requests: list[Any]) -> dict[int, list[str]]:
    """Every registered mark of these chat requests, by request id (unmarked ones absent)."""
    marks: dict[int, list[str]] = {}
    if not requests:
        return marks
    for marker in registries().request_marks:
        for request_id, label in marker(requests).items():
            marks.setdefault(request_id, []).append(label)
    return marks


def acquaintance(app: Flask, knows: Callable[[int, int], bool]) -> None:
    """Let ``knows(viewer_id, other_id)`` say that the viewer has met the other person on the
    site (a chat request between them, an introduction...), so may see and block them."""
    _add(registries(app).acquaintances, knows)


def knows(viewer_id: int, other_id: int) -> bool:
    """Whether any feature says ``viewer_id`` has met ``other_id`` on the site."""
    return any(check(viewer_id, other_id) for check in registries().acquaintances)


def personal_data(app: Flask, key: str, part: Callable[[Any], Any]) -> None:
    """Let ``part(user)`` add what the feature keeps of ``user`` to their data download, under
    ``key``: plain JSON values (str, numbers, bools, lists, dicts; times as ISO strings), only
    what is the user's own: never another person's email or private words. A bounded number of
    queries."""
    found = registries(app).personal_data
    if key in found and found[key] is not part:
        raise ValueError(f"personal data part {key!r} is registered twice")
    found[key] = part


def personal_data_of(user: Any) -> dict[str, Any]:
    """Every feature's part of ``user``'s data, by key, in the order the features registered."""
    return {key: part(user) for key, part in registries().personal_data.items()}


def departure_check(app: Flask, check: Callable[[Any, bool], str | None]) -> None:
    """Let ``check(user, lock)`` say why ``user`` can't delete their account yet (a sentence
    that says what to do first, e.g. "make another member an admin of …"), or ``None``. With
    ``lock`` it runs in the deletion's transaction and locks what it read, so no change made
    at the same moment slips past it; without, it only reads (for the page)."""
    _add(registries(app).departure_checks, check)


def departure_blockers(user: Any, *, lock: bool = False) -> list[str]:
    """Every reason ``user`` can't delete their account yet (empty: they can)."""
    return [why for check in registries().departure_checks if (why := check(user, lock))]


def signed_in_value(app: Flask, item: SignedInValue) -> None:
    """Read ``item`` with the signed-in user, in the user loader's one statement."""
    found = registries(app).signed_in_values
    if any(v.name == item.name and v != item for v in found):
        raise ValueError(f"signed-in value {item.name!r} is registered twice")
    _add(found, item)


def signed_in_values() -> tuple[SignedInValue, ...]:
    """What the features read with the signed-in user (see :class:`SignedInValue`)."""
    return tuple(registries().signed_in_values)
