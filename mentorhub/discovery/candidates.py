"""Stage one of ranking: the database picks a bounded set of candidates, and the facts the
match signals need are computed for all of them at once.

Every function here runs a fixed number of queries whatever the number of candidates (no
N+1): candidates are ids chosen by one indexed query; facts are looked up with one
``IN (...)`` query per kind.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy.sql import ColumnElement, Subquery

from mentorhub.accounts.blocks import not_blocked_with
from mentorhub.accounts.models import User
from mentorhub.accounts.suspension import not_suspended
from mentorhub.chats.models import EXPIRED, ChatRequest
from mentorhub.database import UTCDateTime, is_sqlite
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional
from mentorhub.discovery.search_index import (
    ALTERNATIVES_PARAM,
    SEARCH,
    WordGroup,
    matching_ids,
    query_groups,
    relevance,
    relevance_alternatives,
)
from mentorhub.extensions import db
from mentorhub.profiles import vocabulary
from mentorhub.profiles.models import ProfessionalProfile, Topic, professional_topics
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.schedules import counted_bookings, month_bounds, zone_of

P = ProfessionalProfile
T = TypeVar("T")
PT = professional_topics
FREE_SOON_DAYS = 14
# "Best match" looks at this many matches (those free soonest) to pick its candidates.
PRESELECT = 150
# Requests answered (or left to expire) within this look-back make the response record.
RESPONSE_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Criteria:
    """A validated search: what the viewer asked for (see ``forms.SearchForm``)."""

    q: str = ""
    industry: str = ""
    topic: str = ""
    format: str = ""
    free_soon: bool = False
    accepting: bool = False
    sort: str = "best"

    @property
    def groups(self) -> list[WordGroup]:
        """What the text query asks for, read into concepts and words (see
        :func:`~mentorhub.discovery.search_index.query_groups`); a professional matches when
        any group does."""
        return query_groups(self.q) if self.q.strip() else []


# The named parameters of the candidate statements: a statement built once for a shape of
# search runs again for another viewer or other values with these (see :func:`best_ranked`).
_VIEWER, _INDUSTRY, _TOPIC, _NOW, _SOON, _INTERESTS = (
    "c_viewer_id", "c_industry", "c_topic", "c_now", "c_soon_until", "c_interest_ids",
)


def _values(criteria: Criteria, viewer: User | None, now: datetime) -> dict[str, Any]:
    """The values of :func:`filtered`'s named parameters."""
    return {
        _VIEWER: viewer.id if viewer is not None else None,
        _INDUSTRY: criteria.industry,
        _TOPIC: criteria.topic,
        _NOW: now,
        _SOON: now + timedelta(days=FREE_SOON_DAYS),
    }


def filtered(
    criteria: Criteria,
    viewer: User | None,
    now: datetime,
    *columns: Any,
    hide: bool = True,
    every_word: bool | None = None,
) -> Select:
    """A SELECT of ``columns`` over the professionals ``criteria`` lets through, without the
    viewer themself and (unless ``hide`` is false) without the ones the viewer hid.

    A text search lets through those matching any of its words for best match and those
    matching every word for the date orders; ``every_word`` chooses instead.

    Its values are required named parameters, passed whenever it runs (:func:`_values`), so
    a statement built from it can run again for another viewer or other values: its shape
    depends only on which filters are set and on the viewer's kind (none, student,
    professional). A run without them fails instead of using another page's."""
    conditions: list[ColumnElement[bool]] = []
    if criteria.industry:
        conditions.append(P.industry == bindparam(_INDUSTRY, type_=P.industry.type, required=True))
    if criteria.topic:
        slug = bindparam(_TOPIC, type_=Topic.slug.type, required=True)
        topic_id = select(Topic.id).where(Topic.slug == slug).scalar_subquery()
        conditions.append(P.user_id.in_(select(PT.c.profile_id).where(PT.c.topic_id == topic_id)))
    if criteria.format:
        conditions.append(getattr(P, f"offers_{criteria.format}").is_(True))
    if criteria.free_soon:
        moment = P.next_free_at.type
        conditions.append(P.next_free_at.between(
            bindparam(_NOW, type_=moment, required=True), bindparam(_SOON, type_=moment, required=True)
        ))
    if criteria.accepting:
        conditions.append(P.accepting_requests.is_(True))
    if criteria.q.strip():
        # Best match takes anyone matching any of the words and ranks them by how much
        # they match; the date orders have no such rank, so they take those matching all.
        every = criteria.sort != "best" if every_word is None else every_word
        conditions.append(P.user_id.in_(matching_ids(criteria.groups, every=every)))
    conditions.append(not_suspended(P.user_id))
    if viewer is not None:
        viewer_id = _viewer_id()
        conditions.append(P.user_id != viewer_id)
        conditions.append(not_blocked_with(viewer_id, P.user_id))  # either way: never shown
        if viewer.is_student and hide:
            conditions.append(_not_hidden(viewer_id, P.user_id))
    stmt = select(*columns).select_from(P)
    return stmt.where(and_(*conditions)) if conditions else stmt


def topic_concepts(name: str) -> frozenset[str]:
    """The vocabulary's concepts a topic's name says."""
    return vocabulary.current().concepts_of_name(name)


def _viewer_id() -> Any:
    return bindparam(_VIEWER, type_=Integer, required=True)


def _not_hidden(viewer_id: Any, professional_id: Any) -> ColumnElement[bool]:
    return ~exists().where(
        HiddenProfessional.student_id == viewer_id,
        HiddenProfessional.professional_id == professional_id,
    )


def best_ranked(
    criteria: Criteria,
    viewer: User | None,
    interest_ids: list[int],
    now: datetime,
    limit: int,
    words: list[WordGroup] | None = None,
) -> Pick:
    """At most ``limit`` candidates for "best match", chosen in one bounded query (its
    ``total`` is ``NULL``: best match counts what it ranked).

    ``words`` are what the student asked for in their own words (the search's groups, or
    their interests read the same way). The database keeps the :data:`PRESELECT` matches
    that take requests soonest (a top-N over the indexed filters), and also the
    :data:`PRESELECT` soonest of those matching every word of a search or, without one (nor
    a topic or industry filter), having one of ``interest_ids`` (the student's topics and those close to them, see
    ``services.related_topic_ids``). It orders those few by how well they match the words
    (:func:`relevance`, computed on them only), then by the topics they share with the
    student; the match signals decide the real order among the ``limit`` kept.

    The statement is built once per shape (which filters, which kind of viewer, whether
    there are interests and words, ``limit``; and a text search's own words) and kept: each
    page binds its own values (``Pick.params``), so neither building it nor SQLAlchemy's
    cache key for it is paid again (about 4 of a browse page's 12 ms of CPU).
    """
    searching = bool(criteria.q.strip())
    alternatives = relevance_alternatives(words) if words and not searching else None
    params = {
        **_values(criteria, viewer, now),
        _INTERESTS: list(interest_ids),
        **({ALTERNATIVES_PARAM: alternatives} if alternatives is not None else {}),
    }
    if words and not searching and alternatives is None:
        # An interest too long for relevance's one shape: the statement follows its words.
        return replace(_best_ranked(criteria, viewer, interest_ids, now, limit, words), params=params)
    key = (
        db.engine.dialect.name, bool(criteria.industry), bool(criteria.topic), criteria.format,
        criteria.free_soon, criteria.accepting, criteria.sort, None if viewer is None else viewer.is_student,
        bool(interest_ids), None if not words else alternatives != "[]", limit,
        # A text search's statement follows its words (their patterns are in it).
        (tuple(criteria.groups), tuple(words or ())) if searching else None,
    )
    kept = _KEPT_SEARCHES if searching else _KEPT
    pick = kept.get(key, lambda: replace(_best_ranked(criteria, viewer, interest_ids, now, limit, words), key=key))
    return replace(pick, params=params)


class Kept(Generic[T]):
    """The ``size`` most recently used things built per key (statements kept by shape),
    safe to share between a worker's threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], T]) -> T:
        """The thing kept for ``key``, built with ``build`` (and kept) the first time."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = build()
        with self._lock:
            self._items[key] = made
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return made

    def __len__(self) -> int:
        return len(self._items)


# Best match's statements by shape (see best_ranked): the browsing shapes, a few dozen; and
# apart, so that many different searches never push those out, one per words searched for.
_KEPT: Kept[Pick] = Kept(100)
_KEPT_SEARCHES: Kept[Pick] = Kept(200)


def _best_ranked(
    criteria: Criteria,
    viewer: User | None,
    interest_ids: list[int],
    now: datetime,
    limit: int,
    words: list[WordGroup] | None,
) -> Pick:
    """:func:`best_ranked`'s statement, built."""
    columns = (P.user_id, P.accepting_requests, P.next_free_at)
    soonest_order = (P.accepting_requests.desc(), P.next_free_at.asc().nulls_last(), P.user_id)
    # Hidden people are dropped from the preselected few rather than from every match.
    soonest = (
        filtered(criteria, viewer, now, *columns, hide=False)
        .order_by(*soonest_order)
        .limit(max(PRESELECT, limit))
    )
    worded = None
    if criteria.q.strip() and len(criteria.groups) > 1:
        # Those matching every word of the search join the soonest matching any of them,
        # however many match only some. (Matching every word, not also any: the second
        # look through the documents cost a fifth of the statement's time.)
        worded = filtered(criteria, viewer, now, *columns, hide=False, every_word=True)
    elif interest_ids and not (criteria.q.strip() or criteria.topic or criteria.industry):
        # Those with a topic of the student's interests (or close to them in other words)
        # join the soonest free (a topic or industry asked for narrows enough already).
        worded = filtered(criteria, viewer, now, *columns, hide=False).where(
            P.user_id.in_(select(PT.c.profile_id).where(PT.c.topic_id.in_(_interests())))
        )
    if worded is not None:
        parts = [soonest.subquery(), worded.order_by(*soonest_order).limit(PRESELECT).subquery()]
        pool = union(*(select(p.c.user_id, p.c.accepting_requests, p.c.next_free_at) for p in parts)).subquery()
    else:
        pool = soonest.subquery()
    order: list[tuple[Any, str]] = []
    stmt = select(pool.c.user_id)
    if viewer is not None and viewer.is_student:
        stmt = stmt.where(_not_hidden(_viewer_id(), pool.c.user_id))
    if words:
        stmt = stmt.join(SEARCH, SEARCH.c.user_id == pool.c.user_id)
        # A text search's statement follows its words anyway (``matching_ids``); a student's
        # interests get one shape for everyone.
        order.append((relevance(words, one_shape=not criteria.q.strip()), "desc"))
    if interest_ids:
        shared = (
            select(func.count())
            .select_from(PT)
            .where(PT.c.profile_id == pool.c.user_id, PT.c.topic_id.in_(_interests()))
            .scalar_subquery()
        )
        order.append((shared, "desc"))
    order += [(pool.c.accepting_requests, "desc"), (pool.c.next_free_at, "nulls last"), (pool.c.user_id, "asc")]
    return _pick(stmt, order, limit)


def _interests() -> Any:
    return bindparam(_INTERESTS, expanding=True, type_=Integer, required=True)


def best_ids(
    criteria: Criteria,
    viewer: User | None,
    interest_ids: list[int],
    now: datetime,
    limit: int,
    words: list[WordGroup] | None = None,
) -> list[int]:
    """The ids :func:`best_ranked` picks, best first (one query)."""
    ranked = best_ranked(criteria, viewer, interest_ids, now, limit, words)
    with text_search_plan(criteria):
        return list(db.session.scalars(select(ranked.rows.c.user_id).order_by(*ranked.order), ranked.params))


@dataclass(frozen=True)
class Pick:
    """A bounded choice of professionals in an order, for
    :func:`~mentorhub.discovery.ranking.load_ranked`: ``rows`` is a subquery of ``user_id``,
    ``total`` (a count of every match, or ``NULL``) and the sort keys, which ``order``
    (an ORDER BY over ``rows``) puts back in the chosen order.

    ``params``: the values of the statement's named parameters, to pass whenever it runs
    (they are required: a statement kept for its shape holds no page's values). ``key``:
    the shape it was kept under, or ``None`` when it was built for this page only."""

    rows: Subquery
    order: list[Any]
    params: dict[str, Any] = field(default_factory=dict)
    key: tuple[Any, ...] | None = None


def _in_order(column: Any, how: str) -> Any:
    if how == "desc":
        return column.desc()
    return column.asc().nulls_last() if how == "nulls last" else column.asc()


def _pick(stmt: Select, order: list[tuple[Any, str]], limit: int, offset: int = 0, total: Any = None) -> Pick:
    """``stmt`` (selecting one ``user_id``) cut to ``limit`` rows in ``order`` (expressions,
    each ``"asc"``, ``"desc"`` or ``"nulls last"``), the keys kept as columns so a query
    around it can order by them again (a top-N the database answers from its indexes)."""
    keys = [expression.label(f"key{n}") for n, (expression, _how) in enumerate(order)]
    rows = (
        stmt.add_columns((total if total is not None else null().cast(Integer)).label("total"), *keys)
        .order_by(*(_in_order(key, how) for key, (_e, how) in zip(keys, order, strict=True)))
        .offset(offset)
        .limit(limit)
        .subquery("picked")
    )
    return Pick(rows, [_in_order(rows.c[f"key{n}"], how) for n, (_e, how) in enumerate(order)])


def sorted_ranked(
    criteria: Criteria, viewer: User | None, now: datetime, offset: int, limit: int
) -> Pick:
    """One page in a database order (soonest free time, or newest first), with ``total``
    (how many match) counted in the same statement; a page past the end has no row to
    carry it (see :func:`count_matches`)."""
    if criteria.sort == "newest":
        order = [(P.created_at, "desc"), (P.user_id, "desc")]
    else:
        order = [(P.next_free_at, "nulls last"), (P.user_id, "asc")]
    # An uncorrelated subquery: counted once, while the page stays a top-N off the index.
    total = filtered(criteria, viewer, now, func.count()).scalar_subquery()
    pick = _pick(filtered(criteria, viewer, now, P.user_id), order, limit, offset, total)
    return replace(pick, params=_values(criteria, viewer, now))


def count_matches(criteria: Criteria, viewer: User | None, now: datetime) -> int:
    """How many professionals the search lets through."""
    with text_search_plan(criteria):
        return db.session.scalar(filtered(criteria, viewer, now, func.count()), _values(criteria, viewer, now)) or 0


@contextmanager
def text_search_plan(criteria: Criteria) -> Iterator[None]:
    """On PostgreSQL, make a text search use the trigram index.

    pg_trgm's row estimates for ``LIKE '%word%'`` are rough, and the planner then often
    prefers a sequential LIKE over every document, ten times slower than the index. The
    switch is ``SET LOCAL`` and put back at once, so no other statement is affected.
    """
    if not criteria.q.strip() or is_sqlite():
        yield
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        db.session.execute(text("SET LOCAL enable_seqscan = on"))


def facts_for(
    professionals: list[User],
    student: User | None,
    interest_ids: list[int],
    now: datetime,
    words: list[WordGroup] | None = None,
    words_from: str = "",
    interest_concepts: frozenset[str] = frozenset(),
    texts: dict[int, str] | None = None,
) -> dict[int, dict[str, Any]]:
    """The facts of each professional (profile and topics loaded) for ``student``, in one
    query whatever their number. These are the ``facts`` of ``mentorhub_match_signals``:

    ``shared_topics`` (names shared with the student's interests), ``industry``,
    ``next_free_at``, ``accepting_requests``, ``monthly_capacity``, ``chats_this_month``,
    ``capacity_left``, ``requests_considered`` (answered or left to expire, last year),
    ``requests_answered``, ``response_rate`` (0-1, or ``None`` without requests),
    ``response_hours`` (average time to answer, or ``None``), ``usual_reply_seconds`` (the
    median time to their first answer that their card shows, or ``None``: see
    :mod:`mentorhub.chats.responsiveness`), ``already_contacted``,
    ``hidden`` (always false: hidden people never get this far), ``saved``,
    ``matched_words`` (the labels of ``words`` their profile matches), ``match_strength``
    (how well: the concept itself counts 2 per thing asked, all its words 1, part of a word
    0.5) and ``matched_by`` (``words_from``: ``"search"`` or ``"interests"``; ``""`` without
    words).

    ``interest_concepts``: the vocabulary's concepts in the student's interests; a topic of
    the professional that says one of them in other words ("A&R" for "finding new
    artists") counts as shared too. ``texts``: their search documents, by id, which
    ``words`` are matched against (loaded with them, see ``ranking.load_ranked``).
    """
    if not professionals:
        return {}
    contacted: set[int] = set()
    saved: set[int] = set()
    responses: dict[int, tuple[int, int, float | None]] = {}
    booked: list[tuple[int, datetime]] = []
    for row in db.session.execute(_fact_queries(db.engine.dialect.name), _fact_params(professionals, student, now)):
        if row.kind == _CONTACTED:
            contacted.add(row.professional_id)
        elif row.kind == _SAVED:
            saved.add(row.professional_id)
        elif row.kind == _RESPONSES:
            responses[row.professional_id] = (
                int(row.n), int(row.answered or 0), float(row.seconds) if row.seconds is not None else None
            )
        else:
            booked.append((row.professional_id, row.start_at))
    chats = _chats_this_month(professionals, now, booked)
    interests = set(interest_ids)
    texts = texts or {}
    facts = {}
    for user in professionals:
        profile = user.professional_profile
        considered, answered, seconds = responses.get(user.id, (0, 0, None))
        used = chats.get(user.id, 0)
        facts[user.id] = {
            "shared_topics": [
                t.name for t in profile.topics
                if t.id in interests or (interest_concepts and topic_concepts(t.name) & interest_concepts)
            ],
            "industry": profile.industry,
            "next_free_at": profile.next_free_at,
            "accepting_requests": profile.accepting_requests,
            "monthly_capacity": profile.monthly_capacity,
            "chats_this_month": used,
            "capacity_left": max(profile.monthly_capacity - used, 0),
            "requests_considered": considered,
            "requests_answered": answered,
            "response_rate": (answered / considered) if considered else None,
            "response_hours": (seconds / 3600.0) if seconds is not None else None,
            "usual_reply_seconds": profile.usual_reply_seconds,
            "already_contacted": user.id in contacted,
            "hidden": False,
            "saved": user.id in saved,
            **_word_facts(words, texts.get(user.id, ""), words_from),
        }
    return facts


def _word_facts(words: list[WordGroup] | None, text_: str, words_from: str) -> dict[str, Any]:
    strengths = [(g.label, g.strength(text_)) for g in words or ()]
    return {
        "matched_words": [label for label, worth in strengths if worth > 0],
        "match_strength": sum(worth for _label, worth in strengths),
        "matched_by": words_from if words else "",
    }


_CONTACTED, _SAVED, _RESPONSES, _BOOKING = 1, 2, 3, 4


@lru_cache(maxsize=4)
def _fact_queries(dialect: str) -> Any:
    """Every fact's rows in one statement, built once per dialect (its values are bound per
    call): ``professional_id``, ``kind`` and the columns of that kind, the others ``NULL``."""
    ids = bindparam("ids", expanding=True)
    answered = ChatRequest.responded_at.is_not(None)
    seconds = (
        (func.julianday(ChatRequest.responded_at) - func.julianday(ChatRequest.created_at))
        * 86400.0
        if dialect == "sqlite"
        else func.extract("epoch", ChatRequest.responded_at - ChatRequest.created_at)
    )
    no_int, no_float, no_time = null().cast(Integer), null().cast(Float), null().cast(UTCDateTime())
    bookings = counted_bookings().where(
        Booking.professional_id.in_(ids),
        Booking.start_at >= bindparam("start", type_=UTCDateTime()),
        Booking.start_at < bindparam("end", type_=UTCDateTime()),
    ).subquery("booked")
    return union_all(
        # Already contacted or saved by the student.
        select(ChatRequest.professional_id.label("professional_id"), literal(_CONTACTED).label("kind"),
               no_int.label("n"), no_int.label("answered"), no_float.label("seconds"),
               no_time.label("start_at"))
        .where(ChatRequest.student_id == bindparam("student"), ChatRequest.professional_id.in_(ids)),
        select(SavedProfessional.professional_id, literal(_SAVED), no_int, no_int, no_float, no_time)
        .where(SavedProfessional.student_id == bindparam("student"), SavedProfessional.professional_id.in_(ids)),
        # Requests answered or left to expire, how many were answered, average seconds to answer.
        select(
            ChatRequest.professional_id,
            literal(_RESPONSES),
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            cast(func.avg(case((answered, seconds))), Float),
            no_time,
        )
        .where(
            ChatRequest.professional_id.in_(ids),
            or_(answered, ChatRequest.status == EXPIRED),
            ChatRequest.created_at >= bindparam("since", type_=UTCDateTime()),
        )
        .group_by(ChatRequest.professional_id),
        # Chats that use up capacity, in a range of time.
        select(bookings.c.professional_id, literal(_BOOKING), no_int, no_int, no_float, bookings.c.start_at),
    )


def _fact_params(professionals: list[User], student: User | None, now: datetime) -> dict[str, Any]:
    """The values :func:`_fact_queries` is run with: the ids, the student (``None``: no
    row is theirs), the look-back of the responses and the months the bookings may fall in."""
    bounds = [month_bounds(zone_of(zone), now) for zone in {u.timezone for u in professionals}]
    return {
        "ids": [u.id for u in professionals],
        "student": student.id if student is not None else None,
        "since": now - timedelta(days=RESPONSE_LOOKBACK_DAYS),
        "start": min(b[0] for b in bounds),
        "end": max(b[1] for b in bounds),
    }


def _chats_this_month(
    professionals: list[User], now: datetime, booked: list[tuple[int, datetime]]
) -> dict[int, int]:
    """Per professional: chats booked (``booked``: their start times) in the current calendar
    month of their own zone."""
    bounds = {zone: month_bounds(zone_of(zone), now) for zone in {u.timezone for u in professionals}}
    zone_by_id = {u.id: u.timezone for u in professionals}
    counts: dict[int, int] = defaultdict(int)
    for professional_id, start_at in booked:
        start, end = bounds[zone_by_id[professional_id]]
        if start <= start_at < end:
            counts[professional_id] += 1
    return counts
