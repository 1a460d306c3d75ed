"""Typed helpers that call each hook and combine the results as the contract says."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import g, has_app_context
from markupsafe import Markup, escape
from sqlalchemy import select

from mentorhub.extensions import db
from mentorhub.plugins.api import TEMPLATE_SLOTS, Advice, Question, Recommendation, Signal, Slot
from mentorhub.plugins.host import base_context, get_host


def club_ids_of(user: Any) -> tuple[int, ...]:
    """The ids of the clubs ``user`` belongs to (cached per request)."""
    if user is None or getattr(user, "id", None) is None:
        return ()
    from mentorhub.clubs.models import ClubMembership

    cache: dict[int, tuple[int, ...]] = g.setdefault("_mentorhub_club_ids", {}) if has_app_context() else {}
    if user.id not in cache:
        cache[user.id] = tuple(
            db.session.scalars(select(ClubMembership.club_id).where(ClubMembership.user_id == user.id)).all()
        )
    return cache[user.id]


def _ctx(viewer: Any, student: Any = None):
    return base_context(viewer, club_ids_of(student if student is not None else viewer))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def suggest_questions(student: Any, professional: Any, chat_request: Any = None, viewer: Any = None) -> list[Question]:
    """All plugins' questions in plugin order, de-duplicated by text (case and spacing ignored)."""
    results = get_host().hook.mentorhub_suggest_questions(
        student=student, professional=professional, chat_request=chat_request, ctx=_ctx(viewer, student)
    )
    seen: set[str] = set()
    questions = []
    for batch in results:
        for item in batch or ():
            question = item if isinstance(item, Question) else Question(str(item))
            key = _normalise(question.text)
            if key and key not in seen:
                seen.add(key)
                questions.append(question)
    return questions


def available_slots(professional: Any, start: datetime, end: datetime, duration: timedelta, viewer: Any = None) -> list[Slot] | None:
    """The first plugin answer for free slots (``None`` when no plugin answered).

    Callers filter the answer against bookings (see ``scheduling.services``)."""
    result = get_host().hook.mentorhub_available_slots(
        professional=professional, start=start, end=end, duration=duration, ctx=_ctx(viewer)
    )
    if result is None:
        return None
    return [s for s in result if isinstance(s, Slot)]


def match_signals(student: Any, professional: Any, facts: dict[str, Any], viewer: Any = None, ctx: Any = None) -> list[Signal]:
    """Every plugin's signals for one pair, flattened (pass ``ctx`` to reuse one per page)."""
    results = get_host().hook.mentorhub_match_signals(
        student=student, professional=professional, facts=facts, ctx=ctx or _ctx(viewer, student)
    )
    signals: list[Signal] = []
    for result in results:
        items: Iterable[Any] = result if isinstance(result, list | tuple) else [result]
        signals.extend(s for s in items if isinstance(s, Signal))
    return signals


def recommend_referrals(student: Any, professional: Any, limit: int, viewer: Any = None) -> list[Recommendation]:
    """Recommendations merged by professional (highest score, reasons joined), ranked, cut."""
    results = get_host().hook.mentorhub_recommend_referrals(
        student=student, professional=professional, limit=limit, ctx=_ctx(viewer, student)
    )
    merged: dict[int, Recommendation] = {}
    for batch in results:
        for rec in batch or ():
            if not isinstance(rec, Recommendation):
                continue
            key = rec.professional.id
            if key in merged:
                old = merged[key]
                reasons = old.reason if rec.reason in old.reason else f"{old.reason}; {rec.reason}"
                merged[key] = Recommendation(old.professional, reasons, max(old.score, rec.score))
            else:
                merged[key] = rec
    return sorted(merged.values(), key=lambda r: r.score, reverse=True)[:limit]


def review_request(student: Any, professional: Any, message: str, viewer: Any = None) -> list[Advice]:
    """All plugins' advice on a request message, in plugin order."""
    results = get_host().hook.mentorhub_review_request(
        student=student, professional=professional, message=message, ctx=_ctx(viewer, student)
    )
    return [a for batch in results for a in (batch or ()) if isinstance(a, Advice)]


def emit_event(name: str, payload: dict[str, Any], viewer: Any = None) -> None:
    """Tell every plugin that ``name`` happened."""
    get_host().hook.mentorhub_event(name=name, payload=dict(payload), ctx=_ctx(viewer))


def template_slot(name: str, viewer: Any = None, **context: Any) -> Markup:
    """HTML that plugins add at slot ``name``, joined in plugin order."""
    if name not in TEMPLATE_SLOTS:
        raise ValueError(f"unknown template slot {name!r}; add it to TEMPLATE_SLOTS")
    results = get_host().hook.mentorhub_template_slot(name=name, context=context, ctx=_ctx(viewer))
    return Markup("").join(r if isinstance(r, Markup) else escape(str(r)) for r in results if r is not None)
