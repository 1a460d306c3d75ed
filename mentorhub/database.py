"""Database helpers shared by every feature: the UTC timestamp type, engine tuning, write
transactions, per-transaction queues and the one commit.

How a write flows: a service changes rows and queues what should follow (signals' receivers
queue ids, plugins' events, new notifications) with :func:`queue`; :func:`commit` commits,
and just before that the session runs the callbacks registered with
:func:`mentorhub.registries.before_commit` (derived values, in the same transaction); after
it, those registered with :func:`mentorhub.registries.after_commit` (events, emails). A
rollback forgets every queue, so nothing follows a change that was undone.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, has_app_context
from psycopg.pq import TransactionStatus
from sqlalchemy import DateTime, event, exc, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.types import TypeDecorator

from mentorhub.extensions import db
from mentorhub.registries import registries

_QUEUES = "mentorhub_queues"
log = logging.getLogger(__name__)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned as an aware UTC ``datetime``.

    SQLite hands back naive values and PostgreSQL aware ones; this type makes both aware,
    and refuses naive values on the way in so no local time sneaks into the database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT and cannot BEGIN IMMEDIATE, so we
    # take over (the recipe from SQLAlchemy's SQLite dialect docs).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


# What a statement that only reads starts with (``WITH``: unless it writes in a CTE).
_READS = ("SELECT", "SHOW", "SET LOCAL", "WITH")
_WRITES_IN_CTE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b")
_WROTE = "mentorhub_transaction_wrote"


def _statement_writes(statement: str) -> bool:
    head = statement.lstrip()[:9].upper()
    if not head.startswith(_READS):
        return True
    return head.startswith("WITH") and bool(_WRITES_IN_CTE.search(statement.upper()))


def _keep_prepared_statements(engine: Engine) -> None:
    """End transactions that only read with COMMIT instead of ROLLBACK, on PostgreSQL.

    psycopg prepares a statement on the server once a connection has run it five times,
    which spares the server planning it again (for a short statement, planning takes
    longer than running it). But psycopg forgets every prepared statement on a ROLLBACK, and
    every request that only read ends with one (the session's close), so nothing was ever
    prepared. For a transaction that only read, COMMIT and ROLLBACK leave the same database;
    one that wrote anything (or failed) still rolls back.
    """

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.info[_WROTE] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _note(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not conn.info.get(_WROTE) and _statement_writes(statement):
            conn.info[_WROTE] = True

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Any) -> None:
        # A connection lost or closed meanwhile is SQLAlchemy's to clean up: reading its
        # ``info`` would raise.
        if conn.invalidated or conn.closed or conn.info.get(_WROTE, True):
            return
        dbapi_conn = conn.connection.dbapi_connection
        if dbapi_conn is None or dbapi_conn.info.transaction_status != TransactionStatus.INTRANS:
            return
        try:
            dbapi_conn.commit()  # then psycopg's rollback finds no transaction and keeps them
        except Exception as exc:  # the rollback that follows (or the pool) deals with it
            log.debug("a read-only transaction could not end with COMMIT (%s); rolling back", exc)


def _forget_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    # What was queued describes changes that were just undone: drop it. The rollback of a
    # savepoint or of a failed flush inside one (a plugin's store write) leaves the outer
    # transaction's queues alone.
    if previous_transaction.parent is None:
        session.info.pop(_QUEUES, None)


def _before_commit(session: Session) -> None:
    # SQLAlchemy calls this for a savepoint's commit too; only the transaction's own commit
    # counts, or a savepoint rolled back later would take the queued work with it.
    if session.in_nested_transaction() or not has_app_context() or session is not db.session():
        return
    for callback in registries().before_commit:
        callback()


def queue(name: str) -> list[Any]:
    """The list ``name`` of things to do once the current transaction commits (a feature's
    own key, e.g. ``"scheduling.changed"``). Forgotten when the transaction rolls back."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even with nothing written yet, forgets it
    return session.info.setdefault(_QUEUES, {}).setdefault(name, [])


def take_queue(name: str) -> list[Any]:
    """Remove and return the queue ``name`` (empty when nothing was queued)."""
    return db.session.info.get(_QUEUES, {}).pop(name, [])


def init_app(app: Flask) -> None:
    """Tune engines for their dialect (called after ``db.init_app``) and run the registered
    before-commit callbacks and rollback clean-up on every session."""
    if not event.contains(Session, "after_soft_rollback", _forget_after_rollback):
        event.listen(Session, "after_soft_rollback", _forget_after_rollback)
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        elif engine.dialect.driver == "psycopg":
            _keep_prepared_statements(engine)


def schema_object_included(obj: Any, name: str | None, type_: str, reflected: bool, dialect: str) -> bool:
    """Whether Alembic should compare this schema object (migrations' ``include_object``).

    Objects declared for another dialect only (``.ddl_if(dialect=...)``) and SQLite's FTS5
    search mirror (a virtual table and its shadow tables) are managed by hand in migrations;
    plugins' own tables (in the database, not in the core's models) by the plugins' migrations.
    """
    if type_ == "table" and name and name.startswith("professional_search_fts"):
        return False
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    if reflected and (table or "").startswith("plugin_") and (table or "") not in db.metadata.tables:
        return False
    ddl_if = getattr(obj, "_ddl_if", None)
    if ddl_if is not None and ddl_if.dialect and ddl_if.dialect != dialect:
        return False
    return True


def is_sqlite() -> bool:
    """True when the app's database is SQLite."""
    return db.engine.dialect.name == "sqlite"


@contextmanager
def write_transaction() -> Iterator[None]:
    """Start a transaction that takes the write lock at once.

    On SQLite that is ``BEGIN IMMEDIATE`` (so two bookings serialise instead of failing half
    way); on PostgreSQL an ordinary transaction, where constraints decide. Any transaction
    the session had open (for reads) is ended first; loaded objects are reloaded on access,
    and what came with the signed-in user is read again.
    """
    db.session.rollback()
    forget_signed_in_values()
    if is_sqlite():
        db.session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    yield


def is_lock_error(error: exc.DBAPIError) -> bool:
    """True for SQLite's "database is locked" (busy timeout ran out)."""
    return "database is locked" in str(getattr(error, "orig", error)).lower()


def commit() -> None:
    """Commit the session, then run the after-commit callbacks (events to plugins, emails).

    Services call this (never ``db.session.commit()`` directly) so what follows a change
    happens once, by the request that made it, and only once the change is committed.
    """
    db.session.commit()
    forget_signed_in_values()  # before the callbacks: plugins' events read the viewer's clubs
    for callback in registries().after_commit:
        callback()


def forget_signed_in_values() -> None:
    """Drop what came with the signed-in user for the request
    (:class:`~mentorhub.registries.SignedInValue`): the request is about to write, or wrote."""
    if not has_app_context():
        return
    for value in registries().signed_in_values:
        value.forget()



def _word_patterns(words: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<!\w){re.escape(w.strip())}(?!\w)", re.IGNORECASE) for w in words if w and w.strip()]


def scrub_words(text_: str, words: Iterable[str], replacement: str) -> str:
    """``text_`` with each of ``words`` (whole words, any case) read as ``replacement``,
    capitalised where a sentence starts."""
    capital = replacement[:1].upper() + replacement[1:]
    for pattern in _word_patterns(words):
        pieces, last = [], 0
        for match in pattern.finditer(text_):
            before = text_[:match.start()].rstrip()
            pieces += [text_[last:match.start()], capital if not before or before[-1] in ".!?\n" else replacement]
            last = match.end()
        text_ = "".join(pieces) + text_[last:]
    return text_


def scrub_text(model: Any, columns: Iterable[str], where: Any, words: Iterable[str], replacement: str) -> int:
    """In the rows of ``model`` matching ``where``, each of ``words`` (a deleted person's name
    and email) reads ``replacement`` in the text ``columns``: whole words in any case, never
    inside another word, cut to the column's length. Returns how many rows changed. Part of
    the caller's transaction; reads only the rows that contain a word."""
    wanted = [w.strip() for w in words if w and w.strip()]
    names = list(columns)
    if not wanted or not names:
        return 0
    keys = list(sa_inspect(model).primary_key)
    found = or_(*(getattr(model, name).icontains(w, autoescape=True) for name in names for w in wanted))
    changed = 0
    for row in db.session.execute(select(*keys, *(getattr(model, n) for n in names)).where(where, found)).all():
        values = {}
        for name, old in zip(names, row[len(keys):], strict=True):
            if not old:
                continue
            new = scrub_words(old, wanted, replacement)
            limit = getattr(getattr(model, name).type, "length", None)
            new = new[:limit] if limit else new
            if new != old:
                values[name] = new
        if values:
            db.session.execute(update(model).where(*(k == v for k, v in zip(keys, row[:len(keys)], strict=True)))
                               .values(values).execution_options(synchronize_session=False))
            changed += 1
    return changed
