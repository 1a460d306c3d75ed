"""The text index of professionals: one document per professional (name, headline, company,
bio and topic names), searched by substring with an index on both databases.

- PostgreSQL: a trigram GIN index (``pg_trgm``) on ``professional_search.document``, so
  ``ILIKE '%word%'`` is answered from the index.
- SQLite: an FTS5 table with the ``trigram`` tokenizer mirrors the documents (kept in step by
  triggers); a quoted phrase query is a case-insensitive substring match from the index.

Documents are refreshed after every ORM flush that changes a professional's name, profile
text or topics (a session event), so no feature has to remember to do it. Bulk loads made
with SQLAlchemy Core call :func:`rebuild` (``flask mentorhub reindex-search``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import DDL, and_, delete, event, func, insert, inspect, literal, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from mentorhub.accounts.models import User
from mentorhub.discovery.models import ProfessionalSearch
from mentorhub.extensions import db
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


def _document_select(ids: Iterable[int] | None) -> Any:
    topics = (
        select(func.aggregate_strings(Topic.name, " "))
        .select_from(professional_topics.join(Topic, Topic.id == professional_topics.c.topic_id))
        .where(professional_topics.c.profile_id == ProfessionalProfile.user_id)
        .scalar_subquery()
    )
    # Lower-cased, so PostgreSQL can match with LIKE (much cheaper than ILIKE).
    document = func.lower(
        User.display_name
        + literal(" ")
        + ProfessionalProfile.headline
        + literal(" ")
        + ProfessionalProfile.company
        + literal(" ")
        + ProfessionalProfile.bio
        + literal(" ")
        + func.coalesce(topics, literal(""))
    )
    stmt = select(ProfessionalProfile.user_id, document).join(
        User, User.id == ProfessionalProfile.user_id
    )
    if ids is not None:
        stmt = stmt.where(ProfessionalProfile.user_id.in_(list(ids)))
    return stmt


def refresh(connection: Connection, ids: Iterable[int]) -> None:
    """Rewrite the documents of professionals ``ids`` from their current rows."""
    ids = sorted(set(ids))
    if not ids:
        return
    connection.execute(delete(SEARCH).where(SEARCH.c.user_id.in_(ids)))
    connection.execute(insert(SEARCH).from_select(["user_id", "document"], _document_select(ids)))


def rebuild() -> int:
    """Rewrite every document (after a bulk load); commits. Returns how many there are."""
    connection = db.session.connection()
    connection.execute(delete(SEARCH))
    connection.execute(insert(SEARCH).from_select(["user_id", "document"], _document_select(None)))
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(SEARCH)) or 0


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


def matching_ids(terms: list[str]) -> Any:
    """A subquery of the ids of professionals whose document contains every term (any case)."""
    terms = [t.lower() for t in terms]
    short = [t for t in terms if len(t) < MIN_INDEXED_LENGTH]
    indexed = [t for t in terms if len(t) >= MIN_INDEXED_LENGTH]
    if db.engine.dialect.name != "sqlite":
        return select(SEARCH.c.user_id).where(and_(*(_contains(t) for t in terms)))
    if not indexed:
        return select(SEARCH.c.user_id).where(and_(*(_contains(t) for t in short)))
    phrase = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
    fts = (
        select(text("rowid"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase))
    )
    if not short:
        return fts
    return select(SEARCH.c.user_id).where(SEARCH.c.user_id.in_(fts), *(_contains(t) for t in short))


def _contains(term: str) -> ColumnElement[bool]:
    escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return SEARCH.c.document.like(f"%{escaped}%", escape="/")
