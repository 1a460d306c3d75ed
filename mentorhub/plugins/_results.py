"""Check each plugin's answer inside its isolating wrapper.

A plugin that returns the wrong kind of value is treated like one that raised: the error is
logged and counted against that plugin, and its answer is skipped. Answers are also turned
into lists here, so a generator that fails half way fails inside the wrapper, not in a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from mentorhub.plugins._api import Advice, Question, Recommendation, Signal, Slot


class BadAnswer(TypeError):
    """A plugin answered a hook with a value the contract does not allow."""


def _items(hook: str, value: Any, kind: type, *, single: bool = False, strings: bool = False) -> list[Any]:
    if single and isinstance(value, kind):
        return [value]
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        wanted = f"str or {kind.__name__}" if strings else kind.__name__
        raise BadAnswer(f"{hook} must return a list of {wanted}, not {type(value).__name__}")
    items = []
    for item in value:
        if strings and isinstance(item, str):
            if not item.strip():
                continue
            item = Question(item)
        if not isinstance(item, kind):
            raise BadAnswer(f"{hook} returned a {type(item).__name__} in its list; expected {kind.__name__}")
        items.append(item)
    return items


def _questions(value: Any) -> list[Question]:
    return _items("mentorhub_suggest_questions", value, Question, strings=True)


def _slots(value: Any) -> list[Slot]:
    return _items("mentorhub_available_slots", value, Slot)


def _signals(value: Any) -> list[Signal]:
    return _items("mentorhub_match_signals", value, Signal, single=True)


def _recommendations(value: Any) -> list[Recommendation]:
    return _items("mentorhub_recommend_referrals", value, Recommendation)


def _advice(value: Any) -> list[Advice]:
    return _items("mentorhub_review_request", value, Advice)


def _html(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    raise BadAnswer(f"mentorhub_template_slot must return Markup, str or None, not {type(value).__name__}")


def _nothing(_value: Any) -> None:
    return None


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "mentorhub_suggest_questions": _questions,
    "mentorhub_available_slots": _slots,
    "mentorhub_match_signals": _signals,
    "mentorhub_recommend_referrals": _recommendations,
    "mentorhub_review_request": _advice,
    "mentorhub_template_slot": _html,
    "mentorhub_event": _nothing,
    "mentorhub_register": _nothing,
}


def check_answer(hook: str, value: Any) -> Any:
    """``value`` in the shape the host combines (``None`` stays ``None``: "no answer").

    Raises :class:`BadAnswer` when the value breaks the hook's contract.
    """
    if value is None:
        return None
    return _CHECKS[hook](value)
