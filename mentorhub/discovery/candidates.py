"""Stage one of ranking: the database picks a bounded set of candidates and computes, for
all of them at once, the facts the match signals need.

Every function here runs a fixed number of queries whatever the number of candidates (no
N+1): candidates are light rows, facts are looked up with one ``IN (...)`` query per kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from mentorhub.accounts.models import User
from mentorhub.chats.models import COMPLETED, EXPIRED, NO_SHOW, Booking, ChatRequest
from mentorhub.chats.models import ACCEPTED as REQUEST_ACCEPTED
from mentorhub.database import is_sqlite
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile, Topic, professional_topics

P = ProfessionalProfile
PT = professional_topics
FREE_SOON_DAYS = 14
# Requests answered within this look-back make the response record.
RESPONSE_LOOKBACK_DAYS = 365
# Chats that use up monthly capacity (cancelled ones give the time back).
CAPACITY_STATUSES = (REQUEST_ACCEPTED, COMPLETED, NO_SHOW)


@dataclass(frozen=True)
class Criteria:
    """A validated search: what the student asked for (see ``forms.SearchForm``)."""

    q: str = ""
    industry: str = ""
    topic: str = ""
    format: str = ""
    free_soon: bool = False
    accepting: bool = False
    sort: str = "best"

    @property
    def terms(self) -> list[str]:
        """The words of the text query (at most five; each must match somewhere)."""
        return [t for t in self.q.split() if t][:5]


@dataclass
class Candidate:
    """One professional as the database stage sees them: the columns a result needs,
    and the facts about this student-professional pair (filled by :func:`add_facts`)."""

    user_id: int
    display_name: str
    timezone: str
    headline: str
    company: str
    industry: str
    next_free_at: datetime | None
    created_at: datetime
    monthly_capacity: int
    accepting_requests: bool
    facts: dict[str, Any] = field(default_factory=dict)


_COLUMNS = (
    P.user_id, User.display_name, User.timezone, P.headline, P.company, P.industry,
    P.next_free_at, P.created_at, P.monthly_capacity, P.accepting_requests,
)


def _topic_id(slug: str) -> Any:
    return select(Topic.id).where(Topic.slug == slug).scalar_subquery()


def _text_match(term: str) -> ColumnElement[bool]:
    """``term`` appears in the name, headline, company, bio or a topic (any case)."""
    topic_hit = select(PT.c.profile_id).join(Topic, Topic.id == PT.c.topic_id).where(
        Topic.name.icontains(term, autoescape=True)
    )
    return or_(
        User.display_name.icontains(term, autoescape=True),
        P.headline.icontains(term, autoescape=True),
        P.company.icontains(term, autoescape=True),
        P.bio.icontains(term, autoescape=True),
        P.user_id.in_(topic_hit),
    )


def filtered(criteria: Criteria, viewer: User | None, now: datetime, *columns: Any) -> Select:
    """A SELECT of ``columns`` over the professionals ``criteria`` lets through, without the
    ones ``viewer`` hid (and without the viewer themself)."""
    stmt = select(*columns).select_from(P).join(User, User.id == P.user_id)
    conditions: list[ColumnElement[bool]] = []
    if criteria.industry:
        conditions.append(P.industry == criteria.industry)
    if criteria.topic:
        conditions.append(P.user_id.in_(select(PT.c.profile_id).where(PT.c.topic_id == _topic_id(criteria.topic))))
    if criteria.format:
        conditions.append(getattr(P, f"offers_{criteria.format}").is_(True))
    if criteria.free_soon:
        conditions.append(P.next_free_at.between(now, now + timedelta(days=FREE_SOON_DAYS)))
    if criteria.accepting:
        conditions.append(P.accepting_requests.is_(True))
    conditions.extend(_text_match(term) for term in criteria.terms)
    if viewer is not None:
        conditions.append(P.user_id != viewer.id)
        if viewer.is_student:
            hidden = select(HiddenProfessional.professional_id).where(HiddenProfessional.student_id == viewer.id)
            conditions.append(P.user_id.not_in(hidden))
    return stmt.where(and_(*conditions)) if conditions else stmt


def _rows_to_candidates(rows: Any) -> list[Candidate]:
    return [Candidate(*row[: len(_COLUMNS)]) for row in rows]


def best_candidates(criteria: Criteria, student: User | None, interest_ids: list[int], now: datetime,
                    cap: int) -> list[Candidate]:
    """At most ``cap`` candidates for "best match", pre-ordered by what SQL can judge cheaply
    (topics shared with the student, accepting requests, soonest free) so the cap keeps the
    likeliest matches; the match signals then decide the real order."""
    if interest_ids:
        shared = (
            select(PT.c.profile_id, func.count().label("n"))
            .where(PT.c.topic_id.in_(interest_ids))
            .group_by(PT.c.profile_id)
            .subquery()
        )
        shared_n = func.coalesce(shared.c.n, 0)
        stmt = filtered(criteria, student, now, *_COLUMNS).outerjoin(shared, shared.c.profile_id == P.user_id)
        stmt = stmt.order_by(shared_n.desc())
    else:
        stmt = filtered(criteria, student, now, *_COLUMNS)
    stmt = stmt.order_by(P.accepting_requests.desc(), P.next_free_at.asc().nulls_last(), P.user_id).limit(cap)
    return _rows_to_candidates(db.session.execute(stmt).all())


def sorted_page(criteria: Criteria, viewer: User | None, now: datetime, offset: int, limit: int) -> list[Candidate]:
    """One page of candidates in a database order: soonest free time, or newest first."""
    stmt = filtered(criteria, viewer, now, *_COLUMNS)
    if criteria.sort == "newest":
        stmt = stmt.order_by(P.created_at.desc(), P.user_id.desc())
    else:
        stmt = stmt.order_by(P.next_free_at.asc().nulls_last(), P.user_id)
    return _rows_to_candidates(db.session.execute(stmt.offset(offset).limit(limit)).all())


def count_matches(criteria: Criteria, viewer: User | None, now: datetime) -> int:
    """How many professionals the search lets through."""
    return db.session.scalar(filtered(criteria, viewer, now, func.count()).select_from(P)) or 0


def _seconds_between(later: Any, earlier: Any) -> ColumnElement[float]:
    if is_sqlite():
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def _month_bounds(zone: str, now: datetime) -> tuple[datetime, datetime]:
    """The current calendar month in ``zone``, as aware UTC bounds (half-open)."""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    local = now.astimezone(tz)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def add_facts(candidates: list[Candidate], student: User | None, interest_ids: list[int], now: datetime) -> None:
    """Fill ``candidate.facts`` for every candidate, in a fixed number of queries.

    Facts (the ``facts`` argument of ``mentorhub_match_signals``): ``shared_topics`` (names
    shared with the student's interests), ``industry``, ``next_free_at``,
    ``monthly_capacity``, ``chats_this_month``, ``capacity_left``, ``accepting_requests``,
    ``requests_considered``, ``requests_answered``, ``response_rate`` (0-1 or ``None``),
    ``response_hours`` (average, or ``None``), ``already_contacted``, ``hidden``, ``saved``.
    """
    if not candidates:
        return
    ids = [c.user_id for c in candidates]
    shared: dict[int, list[str]] = defaultdict(list)
    contacted: set[int] = set()
    saved: set[int] = set()
    if student is not None and interest_ids:
        rows = db.session.execute(
            select(PT.c.profile_id, Topic.name)
            .join(Topic, Topic.id == PT.c.topic_id)
            .where(PT.c.profile_id.in_(ids), PT.c.topic_id.in_(interest_ids))
            .order_by(Topic.name)
        )
        for profile_id, name in rows:
            shared[profile_id].append(name)
    if student is not None:
        contacted = set(db.session.scalars(
            select(ChatRequest.professional_id).distinct()
            .where(ChatRequest.student_id == student.id, ChatRequest.professional_id.in_(ids))
        ))
        saved = set(db.session.scalars(
            select(SavedProfessional.professional_id)
            .where(SavedProfessional.student_id == student.id, SavedProfessional.professional_id.in_(ids))
        ))
    responses = _response_records(ids, now)
    chats = _chats_this_month(candidates, now)
    for c in candidates:
        considered, answered, seconds = responses.get(c.user_id, (0, 0, None))
        used = chats.get(c.user_id, 0)
        c.facts = {
            "shared_topics": shared.get(c.user_id, []),
            "industry": c.industry,
            "next_free_at": c.next_free_at,
            "monthly_capacity": c.monthly_capacity,
            "chats_this_month": used,
            "capacity_left": max(c.monthly_capacity - used, 0),
            "accepting_requests": c.accepting_requests,
            "requests_considered": considered,
            "requests_answered": answered,
            "response_rate": (answered / considered) if considered else None,
            "response_hours": (seconds / 3600.0) if seconds is not None else None,
            "already_contacted": c.user_id in contacted,
            "hidden": False,  # hidden professionals never reach this stage
            "saved": c.user_id in saved,
        }


def _response_records(ids: list[int], now: datetime) -> dict[int, tuple[int, int, float | None]]:
    """Per professional: requests that were answered or left to expire, how many were
    answered, and the average seconds to answer."""
    answered = ChatRequest.responded_at.is_not(None)
    rows = db.session.execute(
        select(
            ChatRequest.professional_id,
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            func.avg(case((answered, _seconds_between(ChatRequest.responded_at, ChatRequest.created_at)))),
        )
        .where(
            ChatRequest.professional_id.in_(ids),
            or_(answered, ChatRequest.status == EXPIRED),
            ChatRequest.created_at >= now - timedelta(days=RESPONSE_LOOKBACK_DAYS),
        )
        .group_by(ChatRequest.professional_id)
    )
    return {pid: (int(n), int(a or 0), float(s) if s is not None else None) for pid, n, a, s in rows}


def _chats_this_month(candidates: list[Candidate], now: datetime) -> dict[int, int]:
    """Per professional: chats booked in the current calendar month of their own zone."""
    bounds = {c.timezone: _month_bounds(c.timezone, now) for c in candidates}
    earliest = min(b[0] for b in bounds.values())
    latest = max(b[1] for b in bounds.values())
    rows = db.session.execute(
        select(Booking.professional_id, Booking.start_at)
        .join(ChatRequest, ChatRequest.id == Booking.request_id)
        .where(
            Booking.professional_id.in_([c.user_id for c in candidates]),
            Booking.start_at >= earliest,
            Booking.start_at < latest,
            ChatRequest.status.in_(CAPACITY_STATUSES),
        )
    )
    zone_of = {c.user_id: c.timezone for c in candidates}
    counts: dict[int, int] = defaultdict(int)
    for professional_id, start_at in rows:
        start, end = bounds[zone_of[professional_id]]
        if start <= start_at < end:
            counts[professional_id] += 1
    return counts
