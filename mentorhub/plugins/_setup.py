"""Wire the plugin host into an app: build it, let the core register its defaults, then load
the plugins, run ``mentorhub_register`` and add the per-request hooks and the Jinja slot."""

from __future__ import annotations

import os
from typing import Any

from alembic.script import ScriptDirectory
from flask import Flask, abort, current_app, has_request_context, request
from flask_migrate.cli import db as db_commands
from markupsafe import Markup
from sqlalchemy import inspect, text

from mentorhub import registries
from mentorhub.config import data_folder
from mentorhub.extensions import csrf, db, migrate
from mentorhub.plugins._calls import template_slot
from mentorhub.plugins._events import flush_events
from mentorhub.plugins._host import EXTENSION_KEY, PluginHost, get_host
from mentorhub.plugins._loader import find_plugins
from mentorhub.plugins._store import commit_store_writes, track_writes

CORE_BRANCH = "mentorhub"  # the branch label of the core's migrations (0001)


@migrate.configure
def _plugin_version_locations(config: Any) -> Any:
    """Alembic sees the core's migrations and each loaded plugin's own folder, so ``flask db
    upgrade`` (every head), ``heads`` and ``history`` cover them all."""
    host = current_app.extensions.get(EXTENSION_KEY)
    folders = [str(p.migrations) for p in host.plugins.values() if p.migrations] if host else []
    if folders:
        core = os.path.join(config.get_main_option("script_location"), "versions")
        config.set_main_option("version_path_separator", "os")  # Alembic < 1.16
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join([core, *folders]))
    return config


def _default_to_every_head() -> None:
    """``flask db upgrade`` and ``stamp`` with no revision mean every head (the core's and
    each plugin's branch); ``migrate``, ``revision``, ``show`` and ``edit`` mean the core's
    head, and ``downgrade`` one step of the core's branch. (Flask-Migrate's ``db`` commands are
    one click group per process: every MentorHub app shares these defaults.)"""
    core_head = f"{CORE_BRANCH}@head"
    defaults = {"upgrade": ("revision", "heads"), "stamp": ("revision", "heads"),
                "migrate": ("head", core_head), "revision": ("head", core_head),
                "show": ("revision", core_head), "edit": ("revision", core_head),
                "downgrade": ("revision", f"{CORE_BRANCH}@-1")}
    for command, (param, value) in defaults.items():
        for option in db_commands.commands[command].params:
            if option.name == param:
                option.default = value


_default_to_every_head()


_HEADS = "mentorhub.migration_heads"


def migrations_behind(app: Flask) -> list[str] | None:
    """The heads (core's and each loaded plugin's) that the database has not reached yet;
    ``None`` when the database is not managed by migrations (built with ``create_all``). The
    heads are read from the scripts once per app."""
    known = app.extensions.get(_HEADS)
    if known is None:
        script = ScriptDirectory.from_config(migrate.get_config())
        known = (set(script.get_heads()), {r.revision for r in script.walk_revisions()})
        app.extensions[_HEADS] = known
    heads, revisions = known
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        current = set(conn.scalars(text("SELECT version_num FROM alembic_version")))
    if current - revisions:
        # Rows this code does not know: a removed plugin's, or migrations of newer code being
        # rolled out. Not a reason to stop serving.
        return []
    return sorted(heads - current)


def plugin_tables(app: Flask) -> list[Any]:
    """The tables of every loaded plugin (for ``create_all``-built databases: tests, demos)."""
    return [table for plugin in get_host(app).plugins.values() for table in plugin.tables]


def init_app(app: Flask) -> PluginHost:
    """Build the app's plugin host (no plugin loaded yet: features register the core's own
    implementations first, with :meth:`PluginHost.register_default`) and tell plugins of
    events after every commit."""
    track_writes()
    host = PluginHost(app)
    app.extensions[EXTENSION_KEY] = host
    registries.after_commit(app, flush_events)
    return host


def start(app: Flask) -> PluginHost:
    """Load the plugins from the three sources, run ``mentorhub_register`` once, and add the
    request hooks that guard plugin pages and save their store writes and errors."""
    host = get_host(app)
    host.load(find_plugins(data_folder("plugins"), app.config.get("PLUGIN_DIRS") or ""))

    @app.before_request
    def _guard_plugin_pages():
        # A plugin's own pages: gone while it is disabled site-wide, and CSRF-protected
        # (the core checks CSRF in its forms; plugin views may not use our Form class).
        owner = host.blueprint_owner.get(request.blueprint or "")
        if owner is not None:
            if not host.is_switched_on(owner):
                abort(404)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                csrf.protect()

    @app.after_request
    def _commit_plugin_store(response):
        if response.status_code < 500:
            commit_store_writes()
        return response

    @app.teardown_appcontext
    def _save_plugin_errors(exc):
        # A command (no request) that ended well keeps its plugins' store writes, as a
        # request does in _commit_plugin_store.
        if exc is None and not has_request_context():
            commit_store_writes()
        # Runs before Flask-SQLAlchemy's own teardown (teardowns run in reverse), so end the
        # session first: on SQLite a transaction left open would block the write below.
        db.session.remove()
        get_host(app).flush_errors()

    def _slot(name: str, /, **context: Any) -> Markup:
        return template_slot(name, context)

    app.jinja_env.globals["template_slot"] = _slot
    with app.app_context():
        host.start()
    return host
