"""The first-party matching plugin: the built-in match signals, all from ``facts``.

Discovery's database stage computes the facts of each student-professional pair (shared
topics, next free time, capacity left this month, response record, already contacted), so
this plugin runs no query of its own. Each signal carries the reason a student reads under
a result, in plain words. Points are settings, so an operator can re-weight them with
``MENTORHUB_PLUGIN_SETTINGS``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from mentorhub.plugins import PluginInfo, Signal, hookimpl, industry_label, industry_labels

PLUGIN_INFO = PluginInfo(
    name="matching",
    version="1.0",
    title="Matching",
    description="Ranks professionals for a student: shared interests, their own words (a search "
    "or interests) in a profile, industry fit, free time soon, room left this month, response "
    "record, and people already contacted.",
    settings={
        "shared_topic_points": 3.0,
        # A search says what the student wants now: matching it outweighs their profile.
        "search_word_points": 5.0,
        "interest_word_points": 1.0,
        "max_interest_word_strength": 3.0,
        "max_shared_topics": 3,
        "industry_points": 2.0,
        "free_this_week_points": 2.0,
        "free_two_weeks_points": 1.0,
        "room_points": 1.0,
        "last_chat_points": -1.0,
        "full_points": -3.0,
        "responsive_points": 1.0,
        "unresponsive_points": -2.0,
        "contacted_points": -4.0,
        "paused_points": -6.0,
        "hidden_points": -100.0,
    },
)

# Words too common in industry names to say anything about fit on their own.
_GENERIC = frozenset(
    {
        "music",
        "management",
        "and",
        "the",
        "with",
        "events",
        "rights",
        "business",
        "affairs",
        "video",
    }
)
_MIN_REQUESTS_FOR_RECORD = 3


@lru_cache(maxsize=64)
def _industry_words(slug: str) -> frozenset[str]:
    label = re.sub(r"\(.*?\)", " ", industry_labels().get(slug, slug.replace("-", " "))).lower()
    return frozenset(w for w in re.findall(r"[a-z&]+", label) if len(w) >= 4 and w not in _GENERIC)


@lru_cache(maxsize=256)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z&]+", text.lower()) if len(w) >= 4)


def _fits(industry_words: frozenset[str], words: frozenset[str]) -> bool:
    # "touring" fits "tour management", "artist" fits "artists": compare word stems.
    return any(w.startswith(k) or k.startswith(w) for k in industry_words for w in words)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def shared_topics_signal(facts, settings):
    """More points for each interest the professional shares with the student."""
    shared = list(facts.get("shared_topics") or [])
    if not shared:
        return None
    counted = shared[: int(settings.get("max_shared_topics", 3))]
    noun = "interest" if len(shared) == 1 else "interests"
    return Signal(
        settings["shared_topic_points"] * len(counted), f"Shares your {noun} in {_join(shared)}"
    )


def words_signal(facts, settings):
    """Points for each thing the student asked for in their own words (a search's words or
    concepts, or an interest) that the professional's profile speaks of, stems and the
    field's synonyms included."""
    matched = list(facts.get("matched_words") or [])
    if not matched:
        return None
    strength = float(facts.get("match_strength") or len(matched))
    if facts.get("matched_by") == "search":
        return Signal(settings["search_word_points"] * strength, f"Matches your search: {_join(matched)}")
    # Interests already score as shared topics: their words only add a little, capped.
    strength = min(strength, float(settings.get("max_interest_word_strength", 3.0)))
    return Signal(settings["interest_word_points"] * strength, f"Their profile mentions {_join(matched)}")


def industry_signal(student, facts, settings):
    """Points when the professional's industry matches the student's interests or goals."""
    slug = facts.get("industry") or ""
    profile = getattr(student, "student_profile", None)
    if not slug or profile is None:
        return None
    industry_words = _industry_words(slug)
    if not industry_words:
        return None
    label = industry_label(slug).split(" (")[0]
    for topic in profile.interests:
        if _fits(industry_words, _words(topic.name)):
            return Signal(
                settings["industry_points"],
                f"Works in {label.lower()}, close to your interest in {topic.name}",
            )
    if profile.goals and _fits(industry_words, _words(profile.goals)):
        return Signal(
            settings["industry_points"], f"Works in {label.lower()}, which fits your goals"
        )
    return None


def free_time_signal(facts, now, settings):
    """Points for a free time soon: this week, or in the next two weeks."""
    free_at = facts.get("next_free_at")
    if free_at is None or free_at < now:
        return None
    if free_at - now <= timedelta(days=7):
        return Signal(settings["free_this_week_points"], "Free this week")
    if free_at - now <= timedelta(days=14):
        return Signal(settings["free_two_weeks_points"], "Free in the next two weeks")
    return None


def capacity_signal(facts, settings):
    """Room left in the monthly capacity: people near their cap rank lower, so the most
    popular are not flooded."""
    if facts.get("accepting_requests") is False:
        return Signal(settings["paused_points"], "Paused for now, so listed lower: save them and ask later")
    capacity = int(facts.get("monthly_capacity") or 0)
    left = facts.get("capacity_left")
    if left is None:
        return None
    if capacity == 0 or left <= 0:
        return Signal(settings["full_points"], "Fully booked this month")
    if left == 1 and capacity > 1:
        return Signal(settings["last_chat_points"], "Only one chat left this month")
    if left >= max(2, capacity / 2):
        return Signal(settings["room_points"], "Has room for more chats this month")
    return None


def response_signal(facts, settings):
    """The response record: replies to most requests, or often leaves them unanswered."""
    rate = facts.get("response_rate")
    if rate is None or int(facts.get("requests_considered") or 0) < _MIN_REQUESTS_FOR_RECORD:
        return None
    if rate >= 0.8:
        # How fast is on the card itself ("Usually replies within 2 days"), from the facts'
        # ``usual_reply_seconds``: the reason says only that they answer.
        return Signal(settings["responsive_points"], "Answers most requests")
    if rate < 0.5:
        return Signal(settings["unresponsive_points"], "Often doesn't reply to requests")
    return None


def contacted_signal(facts, settings):
    """A penalty for people the student already contacted (time to meet someone new) or hid."""
    if facts.get("hidden"):
        return Signal(settings["hidden_points"], "You marked them “not for me”")
    if facts.get("already_contacted"):
        return Signal(settings["contacted_points"], "You've already contacted them")
    return None


@hookimpl
def mentorhub_match_signals(student, facts, ctx):
    """The built-in signals for one student-professional pair."""
    settings = ctx.settings
    signals = (
        shared_topics_signal(facts, settings),
        words_signal(facts, settings),
        industry_signal(student, facts, settings),
        free_time_signal(facts, ctx.now, settings),
        capacity_signal(facts, settings),
        response_signal(facts, settings),
        contacted_signal(facts, settings),
    )
    return [s for s in signals if s is not None]
