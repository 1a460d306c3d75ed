"""What the plugin API's professional and label lookups read (registered with the host by
``init_app``)."""

from __future__ import annotations

import operator
from functools import reduce

from sqlalchemy import ColumnElement, Integer, Select, cast, func, or_, select
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import PROFESSIONAL, User
from mentorhub.extensions import db
from mentorhub.profiles.constants import INDUSTRY_LABELS
from mentorhub.profiles.models import ProfessionalProfile, Topic, professional_topics


def _with_profile(stmt: Select) -> Select:
    # The loader every professional lookup shares: the profile, then its topics (two queries).
    return stmt.options(selectinload(User.professional_profile).selectinload(ProfessionalProfile.topics))


def professionals_by_ids(ids: list[int]) -> list[User]:
    """The professionals among these ids, by id, with profile and topics (three queries)."""
    return list(
        db.session.scalars(
            _with_profile(select(User).where(User.id.in_(ids), User.role == PROFESSIONAL,
                                             User.suspended_at.is_(None))).order_by(User.id)
        )
    )


def find_professionals(
    *, topics: list[str], industry: str | None, company: str | None, exclude: list[int], limit: int
) -> list[User]:
    """Professionals taking requests whose profile has any of the topic slugs ``topics``, the
    industry slug ``industry`` or the company ``company`` (trimmed, case-insensitive), minus
    the ids in ``exclude``: at most ``limit``, those that match most first (each matching
    topic, the company and the industry count one), then by id; with profile and topics
    (three queries). ``None`` or ``""`` matches nothing.

    Paused professionals (``accepting_requests`` off) are left out: whoever is shown them
    would be pointed at someone who takes no requests now.
    """
    P, PT = ProfessionalProfile, professional_topics  # noqa: N806 - short names, as discovery uses
    company = (company or "").strip()
    wanted: list[ColumnElement[bool]] = []  # any of these lets a professional in
    rank: list[ColumnElement[int]] = []  # summed: how many of the asked things they match
    if topics:
        topic_ids = select(Topic.id).where(Topic.slug.in_(topics))
        wanted.append(P.user_id.in_(select(PT.c.profile_id).where(PT.c.topic_id.in_(topic_ids))))
        rank.append(
            select(func.count())
            .select_from(PT)
            .where(PT.c.profile_id == P.user_id, PT.c.topic_id.in_(topic_ids))
            .scalar_subquery()
        )
    if industry:
        wanted.append(P.industry == industry)
        rank.append(cast(wanted[-1], Integer))
    if company:
        # Both sides through the database's lower(), so a name always matches itself (SQLite
        # folds ASCII letters only; PostgreSQL folds all).
        wanted.append(func.lower(func.trim(P.company)) == func.lower(company))
        rank.append(cast(wanted[-1], Integer))
    if not wanted or limit <= 0:
        return []
    stmt = (
        select(User)
        .join(P, P.user_id == User.id)
        .where(User.role == PROFESSIONAL, User.suspended_at.is_(None), P.accepting_requests.is_(True), or_(*wanted))
        .order_by(reduce(operator.add, rank).desc(), User.id)
        .limit(limit)
    )
    if exclude:
        stmt = stmt.where(User.id.not_in(exclude))
    return list(db.session.scalars(_with_profile(stmt)))


def industry_labels() -> dict[str, str]:
    """Every industry's label by slug."""
    return dict(INDUSTRY_LABELS)


def topic_labels(slugs: list[str]) -> dict[str, str]:
    """The names of the topics with these slugs (one query)."""
    rows = db.session.execute(select(Topic.slug, Topic.name).where(Topic.slug.in_(slugs)))
    return {slug: name for slug, name in rows}
