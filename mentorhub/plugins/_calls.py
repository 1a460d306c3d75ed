"""Typed helpers that call each hook and combine the results as the contract says.

The core calls hooks only through these. ``viewer`` defaults to the logged-in user of the
current request. Every answer has already been checked by the host (a plugin that returns
the wrong kind of value counts as failing), so the helpers only combine.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from flask import has_request_context
from flask_login import current_user
from markupsafe import Markup

from mentorhub.plugins._api import (
    TEMPLATE_SLOTS,
    Advice,
    HookContext,
    Question,
    Recommendation,
    Signal,
    Slot,
)
from mentorhub.plugins._face import club_ids_of
from mentorhub.plugins._host import base_context, get_host


def current_viewer() -> Any:
    """The logged-in ``User`` of the current request, or ``None``."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()  # a real User, not Flask-Login's proxy
    return None


def _ctx(viewer: Any, student: Any = None) -> HookContext:
    """A base context for ``viewer`` (default: the logged-in user) with the clubs of
    ``student`` (a ``User`` or an id), or of the viewer when there is no student."""
    viewer = viewer if viewer is not None else current_viewer()
    return base_context(viewer, club_ids_of(student if student is not None else viewer))


# Where questions that name no topic are listed.
OTHER_QUESTIONS = "More questions"


def question_key(text: str) -> str:
    """A question's text as the contract compares them: case and spacing ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def suggest_questions(student: Any, professional: Any, chat_request: Any = None, viewer: Any = None) -> list[Question]:
    """All plugins' questions in plugin order, de-duplicated by text (case and spacing ignored)."""
    results = get_host().hook.mentorhub_suggest_questions(
        student=student, professional=professional, chat_request=chat_request, ctx=_ctx(viewer, student)
    )
    seen: set[str] = set()
    questions = []
    for batch in results:
        for question in batch:
            key = question_key(question.text)
            if key not in seen:
                seen.add(key)
                questions.append(question)
    return questions


def questions_by_topic(
    student: Any, professional: Any, chat_request: Any = None, viewer: Any = None
) -> list[tuple[str, list[str]]]:
    """:func:`suggest_questions` grouped by topic, topics in the order they first appear
    (questions without one under :data:`OTHER_QUESTIONS`)."""
    groups: dict[str, list[str]] = {}
    for question in suggest_questions(student, professional, chat_request, viewer):
        groups.setdefault(question.topic or OTHER_QUESTIONS, []).append(question.text)
    return list(groups.items())


def available_slots(professional: Any, start: datetime, end: datetime, duration: timedelta,
                    viewer: Any = None, *, moving_booking: Any = None, defaults: bool = True) -> list[Slot] | None:
    """The first answer for free slots (``None`` when nobody answered); ``moving_booking`` is
    the booking being rescheduled, else ``None``.

    ``defaults=False`` asks the plugins only, not the core's own implementation (a bulk job
    that then calls the core scheduler with its preloaded schedules). Callers filter the
    answer against the range, the length and bookings
    (``mentorhub.scheduling.services.offer_slots`` does)."""
    host = get_host()
    hook = host.hook.mentorhub_available_slots if defaults else host.without_defaults("mentorhub_available_slots")
    return hook(
        professional=professional, start=start, end=end, duration=duration,
        moving_booking=moving_booking, ctx=_ctx(viewer),
    )


def match_signals(student: Any, professional: Any, facts: dict[str, Any], viewer: Any = None,
                  ctx: HookContext | None = None) -> list[Signal]:
    """Every plugin's signals for one pair, flattened (pass ``ctx`` to reuse one per page)."""
    results = get_host().hook.mentorhub_match_signals(
        student=student, professional=professional, facts=facts, ctx=ctx or _ctx(viewer, student)
    )
    return [signal for batch in results for signal in batch]


def recommend_referrals(student: Any, professional: Any, limit: int, viewer: Any = None) -> list[Recommendation]:
    """Recommendations merged by professional (highest score kept, reasons joined), ranked
    by score (plugin order among equals) and cut to ``limit``."""
    results = get_host().hook.mentorhub_recommend_referrals(
        student=student, professional=professional, limit=limit, ctx=_ctx(viewer, student)
    )
    merged: dict[int, Recommendation] = {}
    for batch in results:
        for rec in batch:
            key = rec.professional.id
            old = merged.get(key)
            if old is None:
                merged[key] = rec
                continue
            reasons = [r for r in old.reason.split("; ") if r]
            if rec.reason and rec.reason not in reasons:
                reasons.append(rec.reason)
            merged[key] = Recommendation(old.professional, "; ".join(reasons), max(old.score, rec.score))
    return sorted(merged.values(), key=lambda r: r.score, reverse=True)[:max(limit, 0)]


def review_request(student: Any, professional: Any, message: str, viewer: Any = None) -> list[Advice]:
    """All plugins' advice on a request message, in plugin order."""
    results = get_host().hook.mentorhub_review_request(
        student=student, professional=professional, message=message, ctx=_ctx(viewer, student)
    )
    return [advice for batch in results for advice in batch]


def emit_event(name: str, payload: dict[str, Any], viewer: Any = None) -> None:
    """Tell every plugin that ``name`` happened (club-scoped plugins: for the clubs the event
    names in ``club_ids``, else the student's, or the viewer's when the event names no
    student)."""
    clubs = payload.get("club_ids")
    ctx = (base_context(viewer if viewer is not None else current_viewer(), list(clubs)) if clubs is not None
           else _ctx(viewer, payload.get("student_id")))
    get_host().hook.mentorhub_event(name=name, payload=dict(payload), ctx=ctx)


def template_slot(name: str, context: dict[str, Any] | None = None, viewer: Any = None) -> Markup:
    """HTML that plugins add at slot ``name``, joined in plugin order."""
    if name not in TEMPLATE_SLOTS:
        raise ValueError(f"unknown template slot {name!r}; add it to TEMPLATE_SLOTS")
    results = get_host().hook.mentorhub_template_slot(name=name, context=dict(context or {}), ctx=_ctx(viewer))
    return Markup("").join(results)
