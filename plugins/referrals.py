"""The first-party referrals plugin: whom a professional might suggest when the student they
just talked to asks "is there anyone else you'd recommend I talk to?".

Candidates come from two lookups of the public face: professionals who talk about the
student's interests or the referring professional's own topics, or who work at the same
company or in the same industry (:func:`find_professionals`); and the referral graph
(:func:`referral_edges`): people the referring professional introduced a student to before,
who agreed, and the people those introduced students to in turn. Each reason is written for
the professional who is choosing, in plain words ("works at Acme too"). Points are settings
(0 switches a source off), so an operator can re-weight them with
``MENTORHUB_PLUGIN_SETTINGS``. At most eight queries, whatever the number of candidates.

Professionals who paused requests are never suggested: they take no chats now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mentorhub.plugins import (
    PluginInfo,
    Recommendation,
    find_professionals,
    get_professionals,
    hookimpl,
    industry_label,
    referral_edges,
)

PLUGIN_INFO = PluginInfo(
    name="referrals",
    version="1.0",
    title="Referrals",
    description="Suggests whom a professional could introduce a student to next: people they "
    "introduced students to before (and whom those introduced), people who talk about the "
    "student's interests or the same topics, and colleagues at the same company or in the "
    "same industry.",
    scope="site",
    settings={
        "interest_topic_points": 3.0,
        "shared_topic_points": 1.5,
        "max_topics": 3,
        "same_company_points": 2.0,
        "same_industry_points": 1.0,
        "introduced_before_points": 4.0,
        "introduced_by_them_points": 2.0,
        "candidates": 50,
    },
)

_NAMED_TOPICS = 3  # a reason names at most this many topics, then "and 2 more"


def _join(names: list[str], most: int = _NAMED_TOPICS) -> str:
    if len(names) > most:
        names = [*names[:most], f"{len(names) - most} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _topics(profile: Any, attr: str) -> dict[str, str]:
    """A profile's topics (or interests) as ``{slug: name}``."""
    return {t.slug: t.name for t in (getattr(profile, attr, None) or [])}


def _industry_words(slug: str) -> str:
    """An industry as a sentence says it: "tour management", "A&R", "film and TV music"."""
    label = industry_label(slug).split(" (")[0]
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in label.split())


@dataclass
class _Ask:
    """What one call compares every candidate with."""

    student_name: str
    interests: dict[str, str]
    own_topics: dict[str, str]
    company: str
    industry: str
    introduced: set[int]
    suggested_by: dict[int, set[int]]
    names: dict[int, str] = field(default_factory=dict)


def _introductions(professional_id: int, skip: set[int]) -> tuple[set[int], dict[int, set[int]]]:
    """Whom the professional introduced students to (and they agreed), and, for the people
    those introduced students to in turn, who did it (two queries)."""
    introduced = {b for a, b in referral_edges([professional_id]) if a == professional_id} - skip
    suggested_by: dict[int, set[int]] = {}
    if introduced:
        for a, b in referral_edges(introduced):
            if a in introduced and b not in skip and b not in introduced:
                suggested_by.setdefault(b, set()).add(a)
    return introduced, suggested_by


def topic_reasons(person: Any, ask: _Ask, settings: dict[str, Any]) -> list[tuple[float, str]]:
    """Points for each of the candidate's topics the student wants to learn about, fewer for
    each the referring professional talks about too; ``max_topics`` counted in all."""
    theirs = sorted(_topics(person.professional_profile, "topics").items(), key=lambda item: item[1])
    liked = [name for slug, name in theirs if slug in ask.interests]
    also = [name for slug, name in theirs if slug in ask.own_topics and slug not in ask.interests]
    room = int(settings["max_topics"])
    found = []
    if liked and settings["interest_topic_points"] > 0:
        counted = min(len(liked), room)
        room -= counted
        found.append((settings["interest_topic_points"] * counted,
                      f"talks about {_join(liked)}, which {ask.student_name} wants to learn about"))
    if also and settings["shared_topic_points"] > 0:
        found.append((settings["shared_topic_points"] * min(len(also), max(room, 0)),
                      f"also talks about {_join(also)}"))
    return found


def workplace_reasons(person: Any, ask: _Ask, settings: dict[str, Any]) -> list[tuple[float, str]]:
    """Points for working at the same company, or in the same industry."""
    profile = person.professional_profile
    found = []
    company = (profile.company or "").strip()
    if ask.company and company.lower() == ask.company.lower() and settings["same_company_points"] > 0:
        found.append((settings["same_company_points"], f"works at {ask.company} too"))
    if ask.industry and profile.industry == ask.industry and settings["same_industry_points"] > 0:
        found.append((settings["same_industry_points"], f"in {_industry_words(ask.industry)} too"))
    return found


def graph_reasons(person: Any, ask: _Ask, settings: dict[str, Any]) -> list[tuple[float, str]]:
    """Points for someone the professional introduced a student to before; fewer for someone
    one of those introduced a student to in turn."""
    if person.id in ask.introduced and settings["introduced_before_points"] > 0:
        return [(settings["introduced_before_points"], "you introduced a student to them before")]
    middles = ask.suggested_by.get(person.id)
    if not middles or settings["introduced_by_them_points"] <= 0:
        return []
    names = sorted(ask.names[i] for i in middles if i in ask.names)
    if not names:
        return [(settings["introduced_by_them_points"], "suggested by someone you introduced a student to")]
    students = "a student" if len(names) == 1 else "students"
    return [(settings["introduced_by_them_points"],
             f"suggested by {_join(names, 2)}, whom you introduced {students} to")]


def _candidates(ask: _Ask, skip: set[int], settings: dict[str, Any]) -> list[Any]:
    """Everyone worth scoring, with profile and topics: at most ``candidates`` by topic,
    company or industry, and as many from the referral graph (at most six queries)."""
    most = int(settings["candidates"])
    people = {
        p.id: p
        for p in find_professionals(
            topics=set(ask.interests) | set(ask.own_topics), industry=ask.industry or None,
            company=ask.company or None, exclude=skip, limit=most,
        )
    }
    graph: Iterable[int] = (*sorted(ask.introduced), *sorted(ask.suggested_by))
    missing = [i for i in graph if i not in people][:most]
    people.update((p.id, p) for p in get_professionals(missing))
    ask.names.update((p.id, p.display_name) for p in people.values())
    return [p for p in people.values() if p.id not in skip and p.professional_profile.accepting_requests]


@hookimpl
def mentorhub_recommend_referrals(student, professional, limit, ctx):
    """People the professional might suggest to the student, best first, at most ``limit``."""
    if limit <= 0:
        return []
    settings = ctx.settings
    mine = professional.professional_profile
    skip = {student.id, professional.id}
    introduced, suggested_by = _introductions(professional.id, skip)
    ask = _Ask(
        student_name=student.display_name,
        interests=_topics(getattr(student, "student_profile", None), "interests"),
        own_topics=_topics(mine, "topics"),
        company=(getattr(mine, "company", "") or "").strip(),
        industry=getattr(mine, "industry", "") or "",
        introduced=introduced,
        suggested_by=suggested_by,
    )
    recommendations = []
    for person in _candidates(ask, skip, settings):
        found = [*graph_reasons(person, ask, settings), *topic_reasons(person, ask, settings),
                 *workplace_reasons(person, ask, settings)]
        score = sum(points for points, _ in found)
        if found and score > 0:
            recommendations.append(Recommendation(person, "; ".join(r for _, r in found), float(score)))
    recommendations.sort(key=lambda r: (-r.score, r.professional.display_name, r.professional.id))
    return recommendations[:limit]
