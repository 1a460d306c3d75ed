"""The text index of professionals: one document per professional (name, headline, company,
bio and topic names, then their word stems and the vocabulary's concepts found in them),
searched by substring with an index on both databases.

A document reads ``pat pro tour manager … ~tour~ ~manag~ … ~c:touring~``: the lower-cased
text (so a part of a word still finds it: "tour" finds "touring"), each stem as ``~stem~``
and each concept as ``~c:slug~`` (:mod:`mentorhub.profiles.vocabulary`). A student's words
are read the same way into :class:`WordGroup` s: one per concept or remaining word, each
matched by any of its alternatives; a professional matches when any group does, and ranks
by how many (:func:`relevance`).

- PostgreSQL: a trigram GIN index (``pg_trgm``) on ``professional_search.document``, so
  ``ILIKE '%word%'`` is answered from the index.
- SQLite: an FTS5 table with the ``trigram`` tokenizer mirrors the documents (kept in step by
  triggers); a quoted phrase query is a case-insensitive substring match from the index.

Documents are refreshed after every ORM flush that changes a professional's name, profile
text or topics (a session event), so no feature has to remember to do it. Bulk loads made
with SQLAlchemy Core call :func:`rebuild` (``flask mentorhub reindex-search``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Float,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    cast,
    column,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from mentorhub.accounts.models import User
from mentorhub.discovery.models import ProfessionalSearch
from mentorhub.extensions import db
from mentorhub.profiles import vocabulary
from mentorhub.profiles.models import ProfessionalProfile, Topic, professional_topics

FTS_TABLE = "professional_search_fts"
# Trigram indexes find substrings of three characters or more; shorter words are scanned.
MIN_INDEXED_LENGTH = 3
_PROFILE_TEXT = ("headline", "company", "bio", "industry", "topics")

SEARCH = ProfessionalSearch.__table__

# SQLite: the FTS5 mirror and the triggers that keep it in step with the documents table.
_ADD = f"INSERT INTO {FTS_TABLE}(rowid, document) VALUES (new.user_id, new.document);"
_REMOVE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, document) "
    "VALUES ('delete', old.user_id, old.document);"
)
_TRIGGER = "CREATE TRIGGER IF NOT EXISTS professional_search_{} AFTER {} ON professional_search"
# Statements a migration runs too (Alembic's autogenerate does not see them).
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(document, "
    "content='professional_search', content_rowid='user_id', tokenize='trigram')",
    f"{_TRIGGER.format('ai', 'INSERT')} BEGIN {_ADD} END",
    f"{_TRIGGER.format('ad', 'DELETE')} BEGIN {_REMOVE} END",
    f"{_TRIGGER.format('au', 'UPDATE')} BEGIN {_REMOVE} {_ADD} END",
)
POSTGRESQL_DDL = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",)

event.listen(SEARCH, "before_create", DDL(POSTGRESQL_DDL[0]).execute_if(dialect="postgresql"))
for _statement in SQLITE_DDL:
    event.listen(SEARCH, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(
    SEARCH, "before_drop", DDL(f"DROP TABLE IF EXISTS {FTS_TABLE}").execute_if(dialect="sqlite")
)


_TOPIC_SEPARATOR = "\n"


def _source_select(ids: Iterable[int] | None) -> Any:
    topics = (
        select(func.aggregate_strings(Topic.name, _TOPIC_SEPARATOR))
        .select_from(professional_topics.join(Topic, Topic.id == professional_topics.c.topic_id))
        .where(professional_topics.c.profile_id == ProfessionalProfile.user_id)
        .scalar_subquery()
    )
    stmt = select(
        ProfessionalProfile.user_id,
        User.display_name,
        ProfessionalProfile.headline,
        ProfessionalProfile.company,
        ProfessionalProfile.bio,
        func.coalesce(topics, literal("")),
    ).join(User, User.id == ProfessionalProfile.user_id)
    if ids is not None:
        stmt = stmt.where(ProfessionalProfile.user_id.in_(list(ids)))
    return stmt.order_by(ProfessionalProfile.user_id)


def stem_token(stem: str) -> str:
    """How a word stem is written in a document."""
    return f"~{stem}~"


def concept_token(slug: str) -> str:
    """How a concept of the vocabulary is written in a document."""
    return f"~c:{slug}~"


def document(name: str, headline: str, company: str, bio: str, topics: Sequence[str]) -> str:
    """The searchable document of one professional: their text lower-cased, then its stems
    and the concepts found in each part (each topic read on its own)."""
    words = vocabulary.current()
    parts = [name, headline, company, bio, *topics]
    found_stems: dict[str, None] = {}
    concepts: dict[str, None] = {}
    for part in parts:
        sequence = vocabulary.stems(part)
        found_stems.update(dict.fromkeys(sequence))
        for _start, _end, slugs in words.spans(sequence):
            concepts.update(dict.fromkeys(sorted(slugs)))
    plain = " ".join(p for p in (name, headline, company, bio, " ".join(topics)) if p).lower()
    tokens = [stem_token(s) for s in found_stems] + [concept_token(c) for c in concepts]
    return plain + " " + " ".join(tokens)


def _rows(connection: Connection, ids: Iterable[int] | None) -> list[dict[str, Any]]:
    return [
        {"user_id": user_id, "document": document(name, headline or "", company or "", bio or "",
                                                  [t for t in topics.split(_TOPIC_SEPARATOR) if t])}
        for user_id, name, headline, company, bio, topics in connection.execute(_source_select(ids))
    ]


def refresh(connection: Connection, ids: Iterable[int]) -> None:
    """Rewrite the documents of professionals ``ids`` from their current rows."""
    ids = sorted(set(ids))
    if not ids:
        return
    connection.execute(delete(SEARCH).where(SEARCH.c.user_id.in_(ids)))
    rows = _rows(connection, ids)
    if rows:
        connection.execute(insert(SEARCH), rows)


def rebuild_on(connection: Connection, chunk: int = 2000) -> int:
    """Rewrite every document over ``connection`` (a bulk load, a changed vocabulary, a
    migration); does not commit. Returns how many there are."""
    connection.execute(delete(SEARCH))
    ids = list(connection.scalars(select(ProfessionalProfile.user_id).order_by(ProfessionalProfile.user_id)))
    for start in range(0, len(ids), chunk):
        rows = _rows(connection, ids[start : start + chunk])
        if rows:
            connection.execute(insert(SEARCH), rows)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return len(ids)


def rebuild() -> int:
    """Rewrite every document (after a bulk load); commits. Returns how many there are."""
    count = rebuild_on(db.session.connection())
    db.session.commit()
    return count


def _changed(obj: Any, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _after_flush(session: Session, _context: Any) -> None:
    """Refresh the documents of professionals whose searchable text this flush changed."""
    ids: set[int] = set()
    topic_ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, ProfessionalProfile):
            ids.add(obj.user_id)
    for obj in session.dirty:
        if isinstance(obj, ProfessionalProfile) and _changed(obj, _PROFILE_TEXT):
            ids.add(obj.user_id)
        elif (
            isinstance(obj, User)
            and obj.role == "professional"
            and _changed(obj, ("display_name",))
        ):
            ids.add(obj.id)
        elif isinstance(obj, Topic) and _changed(obj, ("name",)):
            topic_ids.add(obj.id)
    if not ids and not topic_ids:
        return
    connection = session.connection()
    if topic_ids:
        ids.update(
            connection.scalars(
                select(professional_topics.c.profile_id).where(
                    professional_topics.c.topic_id.in_(topic_ids)
                )
            )
        )
    refresh(connection, ids)


if not event.contains(Session, "after_flush", _after_flush):
    event.listen(Session, "after_flush", _after_flush)


@dataclass(frozen=True)
class WordGroup:
    """One thing a student asked for, as a document must show it.

    ``label`` is how the student put it (a word of the search, an interest) or the concept's
    name; ``alternatives`` are ways a document can match, best first: each a tuple of
    substrings that must all be in it, and what matching that way is worth (the concept
    itself 2, all its words' stems 1, a word's stem 1, part of a word 0.5).
    """

    label: str
    alternatives: tuple[tuple[tuple[str, ...], float], ...]
    # For finding candidates: fewer, wider substrings that every alternative implies (one
    # index lookup instead of several); the alternatives themselves when none is wider.
    wide: tuple[tuple[str, ...], ...] = ()

    @property
    def finders(self) -> tuple[tuple[str, ...], ...]:
        """The substrings :func:`matching_ids` looks for."""
        return self.wide or tuple(parts for parts, _worth in self.alternatives)

    def strength(self, text: str) -> float:
        """What the document ``text`` is worth for this group: its best alternative's worth,
        or 0."""
        return max((worth for parts, worth in self.alternatives if all(p in text for p in parts)), default=0.0)


def _concept_group(label: str, slugs: Iterable[str], sequence: Sequence[str]) -> WordGroup:
    alternatives = [((concept_token(s),), 2.0) for s in sorted(slugs)]
    alternatives.append((tuple(stem_token(s) for s in sequence), 1.0))
    return WordGroup(label, tuple(alternatives))


def query_groups(text_: str) -> list[WordGroup]:
    """The groups of a search box's words: each concept the words say (matched by the
    concept or by all its words' stems), then each other word (matched by its stem, or as
    part of a word: "tour" finds "touring"). At most eight groups; words as common as
    "music" only count when nothing else was asked."""
    words = vocabulary.current()
    pairs = [(w, s) for w, s in vocabulary.word_stems(text_)]
    if any(s not in vocabulary.WEAK_WORDS for _w, s in pairs):
        pairs = [(w, s) for w, s in pairs if s not in vocabulary.WEAK_WORDS]
    sequence = [s for _w, s in pairs]
    groups: list[WordGroup] = []
    covered: set[int] = set()
    for start, end, slugs in words.spans(sequence):
        concept = words.concepts[sorted(slugs)[0]]
        groups.append(_concept_group(concept.name, slugs, sequence[start:end]))
        covered.update(range(start, end))
    seen: set[str] = set()
    for i, (word, stem) in enumerate(pairs):
        if i in covered or stem in seen:
            continue
        seen.add(stem)
        alternatives = [((stem_token(stem),), 1.0)]
        if len(word) >= MIN_INDEXED_LENGTH:
            alternatives.append(((word,), 0.5))
        # The stem is in its token and, when it begins the word, in the word too: looking
        # for the stem alone finds both.
        wide = ((stem,),) if stem in word and len(stem) >= MIN_INDEXED_LENGTH else ()
        groups.append(WordGroup(word, tuple(alternatives), wide))
    return groups[:8]


def interest_groups(names: Iterable[str]) -> list[WordGroup]:
    """One group per interest of a student, labelled with it: matched by any concept it says,
    or by all its words' stems."""
    words = vocabulary.current()
    groups = []
    for name in names:
        sequence = vocabulary.stems(name)
        if not sequence:
            continue
        slugs: set[str] = set()
        for _start, _end, found in words.spans(sequence):
            slugs |= found
        groups.append(_concept_group(name, slugs, sequence) if slugs else
                      WordGroup(name, ((tuple(stem_token(s) for s in sequence), 1.0),)))
    return groups[:12]


def _alternative_fts(alternative: tuple[str, ...]) -> str:
    return "(" + " AND ".join('"' + part.replace('"', '""') + '"' for part in alternative) + ")"


def _indexed(alternative: tuple[str, ...]) -> bool:
    return all(len(part) >= MIN_INDEXED_LENGTH for part in alternative)


def _all_in(parts: tuple[str, ...]) -> ColumnElement[bool]:
    return and_(*(_contains(part) for part in parts))


def _matches(group: WordGroup) -> ColumnElement[bool]:
    return or_(*(_all_in(parts) for parts in group.finders))


def matching_ids(groups: Sequence[WordGroup], every: bool = False) -> Any:
    """A subquery of the ids of professionals whose document matches any of ``groups``
    (``every``: all of them), answered from the trigram index on both databases."""
    groups = [g for g in groups if any(g.finders)]
    alternatives = [parts for g in groups for parts in g.finders if parts]
    if not alternatives:
        return select(SEARCH.c.user_id).where(false())
    combine = and_ if every else or_
    if db.engine.dialect.name != "sqlite" or not all(_indexed(a) for a in alternatives):
        return select(SEARCH.c.user_id).where(combine(*(_matches(g) for g in groups)))
    expression = (" AND " if every else " OR ").join(
        "(" + " OR ".join(_alternative_fts(parts) for parts in g.finders if parts) + ")"
        for g in groups
    )
    return (
        select(text("rowid"))
        .select_from(text(FTS_TABLE))
        # A unique name: a statement may hold two of these (any word, every word).
        .where(text(f"{FTS_TABLE} MATCH :expression").bindparams(bindparam("expression", expression, unique=True)))
    )


# The most substrings one alternative of a group can need for :func:`relevance`'s one shape
# (an interest of eight words); a longer one takes the expression that follows the words.
_PARTS = 8


def relevance(groups: Sequence[WordGroup], one_shape: bool = True) -> ColumnElement[float]:
    """How well a document (``professional_search.document`` in the query) matches: the
    summed worth of each group's best alternative (as :meth:`WordGroup.strength`).

    With ``one_shape`` the statement has one shape whatever the words: the alternatives
    travel as one JSON parameter, read as a table (``json_to_recordset`` on PostgreSQL,
    ``json_each`` on SQLite). A shape that followed the words (a ``CASE`` per group)
    differed for nearly every student's interests, so SQLAlchemy compiled best match anew
    on most first visits: about 25 ms of a browse page's 54 ms of CPU, a tenth of the
    workers' time under load. Without it (a text search, whose matching already follows its words) the
    ``CASE`` form, which the database evaluates a little faster (about 1 ms per 300 rows).

    The expression reads ``professional_search`` from the query around it: that query must
    have the table in its FROM (joined on the professional), or it would sum over every
    document."""
    alternatives_json = relevance_alternatives(groups) if one_shape else None
    if alternatives_json is None:
        return _relevance_by_cases(groups)
    if alternatives_json == "[]":
        return literal(0.0)
    alternatives = _alternatives_table(alternatives_json)
    doc = SEARCH.c.document
    best = (
        select(func.max(alternatives.c.w).label("best"))
        .where(and_(*(doc.like(alternatives.c[f"p{i}"], escape="/") for i in range(_PARTS))))
        .group_by(alternatives.c.g)
        .correlate(SEARCH)
        .subquery("best")
    )
    return select(func.coalesce(func.sum(best.c.best), literal(0.0))).scalar_subquery()


# The name of the one-shape relevance's parameter: a statement built once can be run again
# with other words by passing it (see ``candidates.best_ranked``).
ALTERNATIVES_PARAM = "word_alternatives"


def relevance_alternatives(groups: Sequence[WordGroup]) -> str | None:
    """The value of :func:`relevance`'s one-shape parameter for ``groups`` (JSON rows of group
    ``g``, worth ``w`` and ``LIKE`` patterns ``p0``…; ``"[]"`` for none), or ``None`` when an
    alternative needs more than the shape's substrings (then only the ``CASE`` form fits)."""
    rows: list[dict[str, Any]] = []
    for g, group in enumerate(groups):
        for parts, worth in group.alternatives:
            if len(parts) > _PARTS:
                return None
            patterns = [_pattern(part) for part in parts] + ["%"] * (_PARTS - len(parts))
            rows.append({"g": g, "w": worth, **{f"p{i}": patterns[i] for i in range(_PARTS)}})
    return json.dumps(rows)


def _alternatives_table(rows_json: str) -> Any:
    """The alternatives of :func:`relevance` (group ``g``, worth ``w``, patterns ``p0``…) as a
    CTE (materialised once on PostgreSQL; SQLite reads its ``json_each`` again for each
    candidate). Its parameter is named :data:`ALTERNATIVES_PARAM`: one per statement."""
    param = bindparam(ALTERNATIVES_PARAM, rows_json, type_=Text)
    names = ["g", "w"] + [f"p{i}" for i in range(_PARTS)]
    if db.engine.dialect.name == "sqlite":
        each = func.json_each(param).table_valued("value")
        table = select(*(func.json_extract(each.c.value, f"$.{name}").label(name) for name in names))
        return table.cte()
    types = [Integer, Float] + [Text] * _PARTS
    records = (
        func.json_to_recordset(cast(param, JSON))
        .table_valued(*(column(name, type_) for name, type_ in zip(names, types, strict=True)))
        .render_derived("alternative", with_types=True)
    )
    return select(records).cte().prefix_with("MATERIALIZED", dialect="postgresql")


def _relevance_by_cases(groups: Sequence[WordGroup]) -> ColumnElement[float]:
    """:func:`relevance` as one ``CASE`` per group (its shape follows the words)."""
    return sum(
        (case(*((_all_in(parts), literal(worth)) for parts, worth in g.alternatives), else_=literal(0.0))
         for g in groups),
        literal(0.0),
    )


def documents_of(ids: Sequence[int]) -> dict[int, str]:
    """The documents of professionals ``ids`` (one query)."""
    if not ids:
        return {}
    return dict(db.session.execute(select(SEARCH.c.user_id, SEARCH.c.document).where(SEARCH.c.user_id.in_(ids))).all())


def _pattern(term: str) -> str:
    """The ``LIKE`` pattern (escape ``/``) of a document containing ``term``."""
    escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _contains(term: str) -> ColumnElement[bool]:
    return SEARCH.c.document.like(_pattern(term), escape="/")
