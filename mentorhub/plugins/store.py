"""``ctx.store``: a plugin's own key-value store, JSON values, written inside a savepoint so a
plugin's database error cannot abort the request's transaction."""

from __future__ import annotations

import json
from typing import Any

from flask import g, has_app_context
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from mentorhub.extensions import db
from mentorhub.plugins.models import PluginStoreEntry


class PluginStoreError(RuntimeError):
    """A store write failed; the request's own transaction is unharmed."""


class PluginStore:
    """Key-value store of one plugin. Writes are committed with the request (the host commits
    them at the end of a successful request that made no other change)."""

    def __init__(self, plugin_name: str) -> None:
        self.plugin_name = plugin_name

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""
        value = db.session.scalar(
            select(PluginStoreEntry.value).where(
                PluginStoreEntry.plugin_name == self.plugin_name, PluginStoreEntry.key == key
            )
        )
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable ``value`` under ``key``."""
        json.dumps(value)  # fail here, in the plugin, not at commit time
        self._write(lambda: db.session.merge(PluginStoreEntry(plugin_name=self.plugin_name, key=key, value=value)))

    def delete(self, key: str) -> None:
        """Remove ``key`` (no error if it is absent)."""
        self._write(
            lambda: db.session.execute(
                delete(PluginStoreEntry).where(
                    PluginStoreEntry.plugin_name == self.plugin_name, PluginStoreEntry.key == key
                )
            )
        )

    def _write(self, action) -> None:
        try:
            with db.session.begin_nested():
                action()
        except SQLAlchemyError as exc:
            raise PluginStoreError(f"store of plugin {self.plugin_name!r}: {exc}") from exc
        if has_app_context():
            g._mentorhub_store_dirty = True
