"""``ctx.store``: a plugin's own key-value store (JSON values).

Each write runs inside a savepoint of the request's session, so a plugin's database error
rolls back only that write and never aborts the request's transaction. Store writes are
committed with the request's own change when there is one; otherwise the host commits them
at the end of a successful request (and right after plugins are told of events), but only
when they are all the session holds: a half-done change of the core is never committed on
a plugin's behalf.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from itertools import chain
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import TextClause

from mentorhub.extensions import db
from mentorhub.plugins._models import PluginStoreEntry
from mentorhub.plugins._tables import PLUGIN_WRITES, PluginModel

log = logging.getLogger("mentorhub.plugins")
STORE_WRITES = PLUGIN_WRITES
CORE_WRITES = "mentorhub_core_writes"
MAX_KEY_LENGTH = 200


class PluginStoreError(RuntimeError):
    """A store write failed; the request's own transaction is unharmed."""


class PluginStore:
    """Key-value store of one plugin; values are anything JSON can hold.

    Plugins get theirs as ``ctx.store``; a plugin's own views can use
    ``PluginStore("<plugin name>")``. A plugin sees only its own keys.
    """

    def __init__(self, plugin_name: str) -> None:
        self.plugin_name = plugin_name

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        query = select(PluginStoreEntry.value).where(
            PluginStoreEntry.plugin_name == self.plugin_name, PluginStoreEntry.key == _checked(key)
        )
        value = self._read(lambda: db.session.scalar(query))
        return default if value is None else value

    def keys(self) -> list[str]:
        """Every key this plugin stored, sorted."""
        query = (select(PluginStoreEntry.key).where(PluginStoreEntry.plugin_name == self.plugin_name)
                 .order_by(PluginStoreEntry.key))
        return self._read(lambda: list(db.session.scalars(query)))

    def set(self, key: str, value: Any) -> None:
        """Store a JSON value under ``key``; raises ``TypeError``/``ValueError`` for anything
        JSON cannot hold (e.g. a ``datetime``: store ``.isoformat()``)."""
        key = _checked(key)
        value = json.loads(json.dumps(value, allow_nan=False))  # fail here, in the plugin
        self._write(lambda: db.session.merge(PluginStoreEntry(plugin_name=self.plugin_name, key=key, value=value)))

    def delete(self, key: str) -> None:
        """Remove ``key`` (no error if it is absent)."""
        key = _checked(key)
        self._write(lambda: db.session.execute(
            delete(PluginStoreEntry).where(
                PluginStoreEntry.plugin_name == self.plugin_name, PluginStoreEntry.key == key
            )
        ))

    def _write(self, action: Callable[[], Any]) -> None:
        self._in_savepoint(action)
        db.session.info[STORE_WRITES] = True

    def _read(self, action: Callable[[], Any]) -> Any:
        # A failed read aborts a PostgreSQL transaction. Without changes of the core pending
        # the host can simply restart it; with some, only a savepoint keeps them safe.
        session = db.session()
        if session.info.get(CORE_WRITES) or session.new or session.dirty or session.deleted:
            return self._in_savepoint(action)
        try:
            return action()
        except SQLAlchemyError as exc:
            raise PluginStoreError(f"store of plugin {self.plugin_name!r}: {exc}") from exc

    def _in_savepoint(self, action: Callable[[], Any]) -> Any:
        try:
            with db.session.begin_nested():
                return action()
        except SQLAlchemyError as exc:
            raise PluginStoreError(f"store of plugin {self.plugin_name!r}: {exc}") from exc


def _checked(key: str) -> str:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH:
        raise ValueError(f"store keys are strings of 1 to {MAX_KEY_LENGTH} characters, not {key!r}")
    return key


def commit_store_writes() -> None:
    """Commit the session when it holds plugins' writes (their store, their own tables) and
    nothing else."""
    info = db.session.info
    if not info.get(STORE_WRITES):
        return
    try:
        db.session.flush()  # core changes not flushed yet must count before deciding
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not flush before committing plugin writes")
        return
    if info.get(CORE_WRITES):
        log.warning("plugin writes (store, own tables) not committed: the request left other changes uncommitted")
        return
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not commit plugin store writes")


def recover_failed_transaction(plugin_name: str) -> None:
    """After a plugin's database error, restart the request's transaction if the error left
    it aborted (PostgreSQL) and it held no change of the core yet, so the page still works."""
    session = db.session()
    if not session.in_transaction():
        return
    try:
        raw = session.connection().connection.dbapi_connection
    except SQLAlchemyError:
        return
    status = getattr(getattr(raw, "info", None), "transaction_status", None)
    if getattr(status, "name", "") != "INERROR":
        return
    if session.info.get(CORE_WRITES):
        log.error("plugin %s aborted the request's transaction, which held changes", plugin_name)
        return
    session.rollback()


# --- telling store writes from the core's -------------------------------------------------

def _note_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    changed = list(chain(session.new, session.deleted, (o for o in session.dirty if session.is_modified(o))))
    if any(not isinstance(obj, PluginStoreEntry | PluginModel) for obj in changed):
        session.info[CORE_WRITES] = True
    if any(isinstance(obj, PluginModel) for obj in changed):  # a plugin's own rows, however written
        session.info[STORE_WRITES] = True


def _note_statement(state: ORMExecuteState) -> None:
    statement = state.statement
    if state.is_select or (isinstance(statement, TextClause) and statement.text.lstrip()[:6].upper() == "SELECT"):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in PluginModel.metadata.tables:
        state.session.info[STORE_WRITES] = True
    elif name != PluginStoreEntry.__tablename__:
        state.session.info[CORE_WRITES] = True


def _note_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction committed or rolled back
        session.info.pop(STORE_WRITES, None)
        session.info.pop(CORE_WRITES, None)


def track_writes() -> None:
    """Listen to every session so the host can tell store writes from the core's."""
    for name, listener in (("before_flush", _note_flush), ("do_orm_execute", _note_statement),
                           ("after_transaction_end", _note_end)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
