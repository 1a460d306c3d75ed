"""Wire the plugin host into an app: build it, let the core register its defaults, then load
the plugins, run ``mentorhub_register`` and add the per-request hooks and the Jinja slot."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, has_request_context, request
from markupsafe import Markup

from mentorhub import registries
from mentorhub.config import data_folder
from mentorhub.extensions import csrf, db
from mentorhub.plugins._calls import template_slot
from mentorhub.plugins._events import flush_events
from mentorhub.plugins._host import EXTENSION_KEY, PluginHost, get_host
from mentorhub.plugins._loader import find_plugins
from mentorhub.plugins._store import commit_store_writes, track_writes


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
