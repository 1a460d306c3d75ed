"""Stage two of ranking: score the candidates through ``mentorhub_match_signals``.

Only the bounded candidate set of stage one reaches this module. The hook context is built
once per page, and the professionals are loaded as ``User`` objects (profile and topics
included, as the plugin contract promises) in one fixed set of queries for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, Text, bindparam, null, select
from sqlalchemy.orm import contains_eager

from mentorhub.accounts.models import User
from mentorhub.discovery.candidates import Kept, Pick
from mentorhub.discovery.search_index import SEARCH
from mentorhub.extensions import db
from mentorhub.plugins import club_ids_of
from mentorhub.plugins._api import HookContext, Signal
from mentorhub.plugins._calls import match_signals
from mentorhub.plugins._host import base_context
from mentorhub.profiles.models import ProfessionalProfile


@dataclass
class Match:
    """A professional in the results, the facts about them, and why they rank where they do."""

    professional: User
    facts: dict[str, Any]
    signals: list[Signal] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The sum of every signal's points."""
        return sum(s.points for s in self.signals)

    @property
    def reasons(self) -> list[str]:
        """Why they suit the student: the reasons of positive signals, strongest first."""
        return _texts(s for s in self.signals if s.points > 0)

    @property
    def notes(self) -> list[str]:
        """Things to know that lowered the rank (e.g. "fully booked this month")."""
        return _texts(s for s in self.signals if s.points < 0)

    @property
    def profile(self) -> ProfessionalProfile:
        """The professional's profile (always loaded)."""
        return self.professional.professional_profile  # type: ignore[return-value]


def _texts(signals: Any) -> list[str]:
    seen: set[str] = set()
    texts = []
    for signal in sorted(signals, key=lambda s: -abs(s.points)):
        text = str(signal.reason).strip()
        if text and text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def _with_profile_and_topics(stmt: Select) -> Select:
    """``stmt`` (selecting ``User``) with each professional's profile joined in and their
    topics loaded by a second statement for all of them (``selectinload``): joined in, each
    topic repeated the whole row of its professional (31 professionals made 157 wide rows,
    every column of each processed again)."""
    return stmt.join(User.professional_profile).options(
        contains_eager(User.professional_profile).selectinload(ProfessionalProfile.topics)
    )


# Built once: the statement's shape never changes, only the ids bound to it.
_PROFESSIONALS = _with_profile_and_topics(
    select(User).where(User.id.in_(bindparam("ids", expanding=True)))
)


def load_professionals(ids: list[int]) -> list[User]:
    """The professionals ``ids``, in that order, as ``User`` objects with profile and topics
    loaded (two queries, whatever the number of ids: them, then their topics)."""
    if not ids:
        return []
    users = db.session.scalars(_PROFESSIONALS, {"ids": ids}).unique().all()
    by_id = {u.id: u for u in users}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Ranked:
    """The professionals a ranked subquery picked, in its order, with what came with them."""

    professionals: list[User]
    documents: dict[int, str]  # their search documents, when asked for
    total: int | None  # the subquery's count of every match (``None``: it counts none)


def load_ranked(pick: Pick, *, documents: bool = False) -> Ranked:
    """The professionals ``pick`` chose (``candidates.best_ranked`` or ``sorted_ranked``),
    in its order, as ``User`` objects with profile and topics, and with their search
    documents when ``documents``: one query choosing and loading them, one for their topics."""
    if pick.key is None:
        stmt = _load_statement(pick, documents)
    else:
        stmt = _LOADS.get((pick.key, documents), lambda: _load_statement(pick, documents))
    people: list[User] = []
    texts: dict[int, str] = {}
    total = None
    for user, text_, count in db.session.execute(stmt, pick.params).unique():
        people.append(user)
        total = count
        if text_ is not None:
            texts[user.id] = text_
    return Ranked(people, texts, None if total is None else int(total))


# Load statements of picks kept for their shape (``candidates.best_ranked``), built once.
_LOADS: Kept[Select] = Kept(400)


def _load_statement(pick: Pick, documents: bool) -> Select:
    document = SEARCH.c.document if documents else null().cast(Text)
    stmt = _with_profile_and_topics(
        select(User, document.label("document"), pick.rows.c.total).join(pick.rows, pick.rows.c.user_id == User.id)
    ).order_by(*pick.order)
    if documents:
        stmt = stmt.outerjoin(SEARCH, SEARCH.c.user_id == User.id)
    return stmt


def page_context(student: User) -> HookContext:
    """The hook context of one page, built once and shared by every candidate."""
    return base_context(student, club_ids_of(student))


def score(
    student: User | None, professionals: list[User], facts: dict[int, dict[str, Any]]
) -> list[Match]:
    """A :class:`Match` per professional, with every plugin's signals for ``student``.

    Without a student (a visitor or a professional browsing) there is nothing personal to
    match on, so no hook is called and no reasons are given.
    """
    if student is None:
        return [Match(p, facts[p.id]) for p in professionals]
    ctx = page_context(student)
    return [
        Match(p, facts[p.id], match_signals(student, p, facts[p.id], ctx=ctx))
        for p in professionals
    ]


def best_first(matches: list[Match]) -> list[Match]:
    """Highest score first; ties keep the database's order (shared topics, soonest free)."""
    return sorted(matches, key=lambda m: -m.score)
