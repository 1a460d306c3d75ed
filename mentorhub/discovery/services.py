"""Discovery rules: searching and recommending professionals, saving and hiding them.

Search runs in two stages (see ``candidates`` and ``ranking``): the database picks a bounded
set of candidates and their facts, then only those are scored through the plugins' match
signals and the page is cut. Viewers who are not students browse without personal facts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts.blocks import not_blocked_with
from mentorhub.accounts.models import User
from mentorhub.accounts.suspension import not_suspended
from mentorhub.database import commit
from mentorhub.discovery.candidates import (
    Criteria,
    best_ids,
    best_ranked,
    count_matches,
    facts_for,
    sorted_ranked,
    text_search_plan,
)
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional
from mentorhub.discovery.ranking import Match, Ranked, best_first, load_professionals, load_ranked, score
from mentorhub.discovery.search_index import WordGroup, interest_groups
from mentorhub.errors import NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.profiles import vocabulary
from mentorhub.profiles.constants import industry_label
from mentorhub.profiles.models import Topic, professional_topics

PER_PAGE = 10
# Best match scores at most this many candidates; the database picks the likeliest ones.
CANDIDATE_CAP = 30
RECOMMENDATIONS = 5


@dataclass
class SearchResults:
    """One page of a search."""

    matches: list[Match]
    page: int
    per_page: int
    total: int
    capped: bool = False  # best match: more professionals matched than were ranked

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _student(viewer: User | None) -> User | None:
    return viewer if viewer is not None and viewer.is_student else None


def _words_of(student: User | None, criteria: Criteria) -> tuple[list[WordGroup], str]:
    """What the viewer asked for in their own words: the search's groups, else a student's
    interests read the same way; and which of the two it is."""
    if criteria.q.strip():
        return criteria.groups, "search"
    if student is not None and student.student_profile is not None:
        names = [t.name for t in student.student_profile.interests]
        if names:
            return interest_groups(names), "interests"
    return [], ""


def _interest_concepts(student: User | None) -> frozenset[str]:
    if student is None or student.student_profile is None:
        return frozenset()
    words = vocabulary.current()
    found: set[str] = set()
    for topic in student.student_profile.interests:
        found |= words.concepts_in(topic.name)
    return frozenset(found)


def related_topic_ids(student: User | None, concepts: frozenset[str]) -> list[int]:
    """Ids of topics professionals use that say the student's interests in other words (a
    concept in common: "A&R" for "finding new artists"), besides the interests themselves."""
    if not concepts:
        return []
    own = set(interest_ids(student))
    return [
        topic_id for topic_id, found in _topic_concepts().items() if topic_id not in own and found & concepts
    ][:_RELATED_TOPICS]


_RELATED_TOPICS = 200
_TOPIC_CONCEPTS = "mentorhub_topic_concepts"


def _topic_concepts() -> dict[int, frozenset[str]]:
    """Every topic's concepts, kept per app: at most every ``DISCOVERY_TOPICS_FRESH`` seconds
    a call reads the topics added since (one small query, usually empty). A renamed topic
    keeps the concepts of its old name until the app restarts (names are fixed once made)."""
    cache = current_app.extensions.setdefault(_TOPIC_CONCEPTS, {"after": 0, "concepts": {}, "read": -1e9})
    if time.monotonic() - cache["read"] < float(current_app.config.get("DISCOVERY_TOPICS_FRESH", 30)):
        return cache["concepts"]
    cache["read"] = time.monotonic()
    words = vocabulary.current()
    new = db.session.execute(
        select(Topic.id, Topic.name).where(Topic.id > cache["after"]).order_by(Topic.id)
    ).all()
    if new:
        concepts = dict(cache["concepts"])
        concepts.update({topic_id: words.concepts_of_name(name) for topic_id, name in new})
        cache["concepts"], cache["after"] = concepts, new[-1][0]
    return cache["concepts"]


def interest_ids(student: User | None) -> list[int]:
    """The topic ids of ``student``'s interests (empty for anyone else)."""
    if student is None or student.student_profile is None:
        return []
    return [t.id for t in student.student_profile.interests]


def candidate_cap() -> int:
    """How many candidates "best match" scores (``MENTORHUB_DISCOVERY_CANDIDATES``)."""
    return max(int(current_app.config.get("DISCOVERY_CANDIDATES", CANDIDATE_CAP)), 1)


def search_professionals(
    viewer: User | None, criteria: Criteria, page: int = 1, per_page: int = PER_PAGE
) -> SearchResults:
    """One page of professionals matching ``criteria``, as seen by ``viewer``.

    A student gets personal facts and match reasons, and never sees people they hid.
    "Best match" ranks the :func:`candidate_cap` likeliest candidates (the database picks
    them); the other sorts are database orders, so only the page's rows are loaded and
    scored (for their reasons).
    """
    now = clock.now()
    student = _student(viewer)
    interests = interest_ids(student)
    offset = (page - 1) * per_page
    words, words_from = _words_of(student, criteria)
    concepts = _interest_concepts(student)
    interests = interests + related_topic_ids(student, concepts)

    def facts(found: Ranked) -> dict[int, dict[str, Any]]:
        return facts_for(
            found.professionals, student, interests, now, words, words_from, concepts, found.documents
        )

    if criteria.sort == "best":
        cap = candidate_cap()
        with text_search_plan(criteria):
            found = load_ranked(best_ranked(criteria, viewer, interests, now, cap + 1, words), documents=bool(words))
        capped = len(found.professionals) > cap
        found.professionals = found.professionals[:cap]
        ranked = best_first(score(student, found.professionals, facts(found)))
        return SearchResults(
            ranked[offset : offset + per_page], page, per_page, len(ranked), capped
        )
    with text_search_plan(criteria):
        found = load_ranked(sorted_ranked(criteria, viewer, now, offset, per_page), documents=bool(words))
    # The count comes with the page's rows; a page past the end has none to bring it.
    total = found.total if found.total is not None else count_matches(criteria, viewer, now)
    return SearchResults(score(student, found.professionals, facts(found)), page, per_page, total)


@dataclass
class Nearest:
    """What an empty search offers instead: the nearest topics (with their plain
    explanation) and a few people who talk about them."""

    topics: list[tuple[Topic, str]]
    people: list[Match]
    close: bool = False  # the topics are near the search's words (else the most used)


NEAREST_TOPICS = 6
NEAREST_PEOPLE = 3
# Topics in use that an empty search compares its words with (the most used first).
_TOPIC_POOL = 500


def _closeness(query: set[str], concepts: set[str], name: str) -> float:
    words = vocabulary.current()
    topic_stems = set(vocabulary.stems(name))
    score = 3.0 * len(words.concepts_in(name) & concepts) + 2.0 * len(topic_stems & query)
    # A word begun the same way ("royal" and "royalties"): a near miss, often a typo.
    score += sum(1.0 for q in query for t in topic_stems if q != t and len(q) >= 4 and t[:4] == q[:4])
    return score


def nearest(viewer: User | None, criteria: Criteria) -> Nearest:
    """For a search that found nobody: the topics in use nearest to its words (sharing a
    concept, a stem, or a word's beginning), else the most used ones; and the people who
    take requests soonest among those talking about them (the other filters dropped)."""
    used = (
        select(Topic, func.count().label("n"))
        .join(professional_topics, professional_topics.c.topic_id == Topic.id)
        .group_by(Topic.id)
        .order_by(func.count().desc(), Topic.name)
        .limit(_TOPIC_POOL)
    )
    pool = [(topic, n) for topic, n in db.session.execute(used)]
    query = set(vocabulary.stems(criteria.q))
    concepts = vocabulary.current().concepts_in(criteria.q)
    scored = [(_closeness(query, concepts, t.name), n, t) for t, n in pool] if query else []
    close = [t for score, _n, t in sorted(scored, key=lambda x: (-x[0], -x[1], x[2].name)) if score > 0]
    topics = (close or [t for t, _n in pool])[:NEAREST_TOPICS]
    words = vocabulary.current()
    people: list[Match] = []
    if topics:
        now = clock.now()
        student = _student(viewer)
        ids = best_ids(Criteria(accepting=True), viewer, [t.id for t in topics], now, NEAREST_PEOPLE * 3)
        professionals = load_professionals(ids)
        matches = score(student, professionals, facts_for(professionals, student, interest_ids(student), now))
        people = best_first(matches)[:NEAREST_PEOPLE]
    return Nearest([(t, words.explain(t.name)) for t in topics], people, bool(close))


def recommendations(student: User, limit: int = RECOMMENDATIONS) -> list[Match]:
    """The best ``limit`` professionals for ``student`` who take requests, with reasons.

    Empty when the student has no interests yet: without them there is nothing to match on.
    """
    if not interest_ids(student):
        return []
    results = search_professionals(student, Criteria(accepting=True), page=1, per_page=limit)
    return [m for m in results.matches if m.score > 0]


def _professional(professional_id: int) -> User:
    user = db.session.get(User, professional_id)
    if user is None or not user.is_professional:
        raise NotFound("We couldn't find that professional. They may have left MentorHub.")
    return user


def _require_student(actor: User) -> None:
    if not actor.is_student:
        raise NotAllowed("Only students can save or hide professionals.")


def save_professional(actor: User, professional_id: int) -> User:
    """Save a professional for later (saving twice changes nothing). Returns them."""
    _require_student(actor)
    professional = _professional(professional_id)
    if db.session.get(SavedProfessional, (actor.id, professional_id)) is None:
        db.session.add(SavedProfessional(student_id=actor.id, professional_id=professional_id))
        try:
            commit()
        except IntegrityError:  # saved at the same moment in another tab
            db.session.rollback()
    return professional


def _forget(model: Any, student: User, professional_id: int) -> None:
    """Delete ``student``'s saved or hidden row for ``professional_id`` (if any)."""
    db.session.execute(
        delete(model).where(model.student_id == student.id, model.professional_id == professional_id)
    )


def unsave_professional(actor: User, professional_id: int) -> User:
    """Remove a professional from the saved list. Returns them."""
    _require_student(actor)
    professional = _professional(professional_id)
    _forget(SavedProfessional, actor, professional_id)
    commit()
    return professional


def hide_professional(actor: User, professional_id: int) -> User:
    """Hide a professional ("not for me"): gone from search, recommendations and the saved
    list until unhidden. Returns them."""
    _require_student(actor)
    professional = _professional(professional_id)
    _forget(SavedProfessional, actor, professional_id)
    if db.session.get(HiddenProfessional, (actor.id, professional_id)) is None:
        db.session.add(HiddenProfessional(student_id=actor.id, professional_id=professional_id))
    try:
        commit()
    except IntegrityError:  # hidden at the same moment in another tab
        db.session.rollback()
    return professional


def unhide_professional(actor: User, professional_id: int) -> User:
    """Show a hidden professional again. Returns them."""
    _require_student(actor)
    professional = _professional(professional_id)
    _forget(HiddenProfessional, actor, professional_id)
    commit()
    return professional


def _listed(model: Any, student: User) -> list[tuple[User, datetime]]:
    rows = db.session.execute(
        select(model.professional_id, model.created_at)
        .where(model.student_id == student.id, not_blocked_with(student, model.professional_id),
               not_suspended(model.professional_id))
        .order_by(model.created_at.desc(), model.professional_id)
    ).all()
    people = {p.id: p for p in load_professionals([pid for pid, _ in rows])}
    return [(people[pid], at) for pid, at in rows if pid in people]


def saved_professionals(student: User) -> list[tuple[User, datetime]]:
    """The professionals ``student`` saved, most recent first, with when they were saved."""
    return _listed(SavedProfessional, student)


def hidden_professionals(student: User) -> list[tuple[User, datetime]]:
    """The professionals ``student`` hid, most recent first, with when they were hidden."""
    return _listed(HiddenProfessional, student)


def student_dashboard(student: User) -> dict[str, Any]:
    """The discovery section of a student's dashboard: recommendations and saved people."""
    return {
        "has_interests": bool(interest_ids(student)),
        "recommendations": recommendations(student),
        "saved": saved_professionals(student),
        "industry_label": industry_label,
    }
