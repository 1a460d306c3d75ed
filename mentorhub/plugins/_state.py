"""Plugin switches, saved setting values and error counts, kept in the database so every
worker agrees.

Switches and setting values are read at most once per request (cached on ``g``), in one
statement on a connection of their own, so reading them never starts or disturbs the
request's transaction. Errors are counted in memory and written at the end of the app
context (the request) in a short transaction of their own; if that write fails (e.g. the
tables do not exist yet) they are kept and written next time.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Boolean, Integer, Text, cast, insert, literal, null, select, union_all, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from mentorhub import clock
from mentorhub.database import UTCDateTime
from mentorhub.extensions import db
from mentorhub.plugins._models import PluginClubState, PluginSettingValues, PluginState

log = logging.getLogger("mentorhub.plugins")
_CACHE = "_mentorhub_plugin_states"


@dataclass(frozen=True)
class ErrorTally:
    """Errors of one plugin: how many, the last one and when it happened."""

    count: int = 0
    last_error: str = ""
    last_error_at: datetime | None = None

    def plus(self, other: ErrorTally) -> ErrorTally:
        """This tally followed by ``other``."""
        if not other.count:
            return self
        return ErrorTally(self.count + other.count, other.last_error, other.last_error_at)


@dataclass(frozen=True)
class Switches:
    """What the database says about every plugin, as read once for a request."""

    disabled: frozenset[str]
    club_enabled: frozenset[tuple[str, int]]
    errors: dict[str, ErrorTally]
    # Saved setting values as stored (JSON): the site's by plugin, each club's by (plugin, club).
    site_settings: dict[str, Any] = field(default_factory=dict)
    club_settings: dict[tuple[str, int], Any] = field(default_factory=dict)


_STATE, _CLUB, _SETTINGS = 1, 2, 3


def _switch_rows(*, settings: bool) -> Any:
    """Every plugin's switch, club switches and saved settings in one statement (a page
    reads them all, so one round trip instead of three): rows of ``kind``, ``name``,
    ``club_id``, ``enabled``, the error columns and ``saved`` (the settings' JSON text)."""
    no_int, no_text = null().cast(Integer), null().cast(Text)
    parts = [
        select(literal(_STATE).label("kind"), PluginState.name.label("name"), no_int.label("club_id"),
               PluginState.enabled.label("enabled"), PluginState.error_count.label("error_count"),
               PluginState.last_error.label("last_error"), PluginState.last_error_at.label("last_error_at"),
               no_text.label("saved")),
        select(literal(_CLUB), PluginClubState.plugin_name, PluginClubState.club_id, null().cast(Boolean),
               no_int, no_text, null().cast(UTCDateTime()), no_text).where(PluginClubState.enabled),
    ]
    if settings:
        parts.append(
            select(literal(_SETTINGS), PluginSettingValues.plugin_name, PluginSettingValues.club_id,
                   null().cast(Boolean), no_int, no_text, null().cast(UTCDateTime()),
                   cast(PluginSettingValues.values, Text))
        )
    return union_all(*parts)


_SWITCHES = _switch_rows(settings=True)
_SWITCHES_WITHOUT_SETTINGS = _switch_rows(settings=False)


class PluginStates:
    """Reads switches and records errors for the plugins of one app."""

    def __init__(self) -> None:
        self._unsaved: dict[str, ErrorTally] = {}
        self._lock = threading.Lock()

    # --- switches ------------------------------------------------------------------------

    def switches(self) -> Switches:
        """The switches, read at most once per app context (a request)."""
        cached = g.get(_CACHE) if has_app_context() else None
        if cached is None:
            cached = self._read()
            if has_app_context():
                setattr(g, _CACHE, cached)
        return cached

    def forget(self) -> None:
        """Drop the cached switches (after this request changed them)."""
        if has_app_context():
            g.pop(_CACHE, None)

    @staticmethod
    def _read() -> Switches:
        try:
            # A connection of its own (a table missing before a migration must not break the
            # request's transaction), in autocommit where the database has it: one statement
            # that reads needs no BEGIN and COMMIT of its own (two round trips per page).
            with db.engine.connect() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="AUTOCOMMIT")
                try:
                    rows = conn.execute(_SWITCHES).all()
                except SQLAlchemyError:  # before migration 0011: no saved settings yet
                    conn.rollback()
                    rows = conn.execute(_SWITCHES_WITHOUT_SETTINGS).all()
        except SQLAlchemyError:
            log.debug("plugin state tables are not readable yet; treating every plugin as enabled")
            rows = []
        states = [r for r in rows if r.kind == _STATE]
        saved = [(r.name, r.club_id, None if r.saved is None else json.loads(r.saved))
                 for r in rows if r.kind == _SETTINGS]
        return Switches(
            disabled=frozenset(r.name for r in states if not r.enabled),
            club_enabled=frozenset((r.name, r.club_id) for r in rows if r.kind == _CLUB),
            errors={r.name: ErrorTally(r.error_count or 0, r.last_error or "", r.last_error_at) for r in states},
            site_settings={name: values for name, club_id, values in saved if club_id is None},
            club_settings={(name, club_id): values for name, club_id, values in saved if club_id is not None},
        )

    def clubs_to_run(self, name: str, scope: str, club_ids: tuple[int, ...]) -> tuple[int, ...] | None:
        """The ``club_ids`` plugin ``name`` runs for, or ``None`` when it must not run.

        A site-wide plugin runs for everyone unless disabled. A club-scoped one runs only
        when one of ``club_ids`` switched it on, and sees only those clubs.
        """
        switches = self.switches()
        if name in switches.disabled:
            return None
        if scope != "club":
            return club_ids
        mine = tuple(c for c in club_ids if (name, c) in switches.club_enabled)
        return mine or None

    # --- errors --------------------------------------------------------------------------

    def record_error(self, name: str, hook_name: str, exc: BaseException) -> None:
        """Log a plugin's exception with its name and count it (saved at the context's end)."""
        log.error("plugin %s failed in %s: %s: %s", name, hook_name, type(exc).__name__, exc, exc_info=exc)
        message = f"{hook_name}: {type(exc).__name__}: {exc}"[:2000]
        tally = ErrorTally(1, message, clock.now())
        with self._lock:
            self._unsaved[name] = self._unsaved.get(name, ErrorTally()).plus(tally)

    def unsaved(self, name: str) -> ErrorTally:
        """Errors of ``name`` counted but not written yet."""
        with self._lock:
            return self._unsaved.get(name, ErrorTally())

    def save_errors(self) -> None:
        """Write the counted errors in a short transaction of their own."""
        with self._lock:
            pending, self._unsaved = self._unsaved, {}
        if not pending:
            return
        try:
            with db.engine.begin() as conn:
                for name, tally in pending.items():
                    _add_errors(conn, name, tally)
        except SQLAlchemyError as exc:
            log.warning("could not record plugin errors yet (%s); will retry", type(exc).__name__)
            with self._lock:
                for name, tally in pending.items():
                    self._unsaved[name] = tally.plus(self._unsaved.get(name, ErrorTally()))
            return
        self.forget()


def _add_errors(conn: Connection, name: str, tally: ErrorTally) -> None:
    values: dict[str, Any] = {
        "error_count": PluginState.error_count + tally.count,
        "last_error": tally.last_error,
        "last_error_at": tally.last_error_at,
    }
    if conn.execute(update(PluginState).where(PluginState.name == name).values(**values)).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(PluginState).values(
                name=name, enabled=True, error_count=tally.count,
                last_error=tally.last_error, last_error_at=tally.last_error_at,
            ))
    except IntegrityError:  # another worker inserted the row meanwhile
        conn.execute(update(PluginState).where(PluginState.name == name).values(**values))
