"""Wire the plugin host into an app: load, register, per-request hooks, CLI, Jinja."""

from __future__ import annotations

from flask import Flask, abort, g, request
from flask_login import current_user

from mentorhub.config import PROJECT_ROOT
from mentorhub.extensions import csrf, db
from mentorhub.plugins.host import EXTENSION_KEY, PluginHost, get_host
from mentorhub.plugins.loader import find_plugins


def init_app(app: Flask) -> PluginHost:
    """Build the app's plugin host from the three sources and run ``mentorhub_register``."""
    host = PluginHost(app)
    app.extensions[EXTENSION_KEY] = host
    host.load(find_plugins(PROJECT_ROOT / "plugins", app.config.get("PLUGIN_DIRS") or ""))

    @app.before_request
    def _plugin_request_state():
        g._mentorhub_in_request = True
        g._mentorhub_viewer = current_user if current_user.is_authenticated else None
        owner = host.blueprint_owner.get(request.blueprint or "")
        if owner is not None:
            if not host.is_enabled(owner, ()) and host.plugins[owner].scope == "site":
                abort(404)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                csrf.protect()

    @app.after_request
    def _commit_plugin_store(response):
        if g.pop("_mentorhub_store_dirty", False) and response.status_code < 400:
            db.session.commit()
        return response

    @app.teardown_appcontext
    def _flush_plugin_errors(_exc):
        get_host(app).flush_errors()

    from mentorhub.plugins.calls import template_slot

    def _slot(name: str, **context):
        viewer = current_user if current_user and current_user.is_authenticated else None
        return template_slot(name, viewer=viewer, **context)

    app.jinja_env.globals["template_slot"] = _slot

    from mentorhub.plugins.cli import plugins_cli

    app.cli.add_command(plugins_cli)
    with app.app_context():
        host.start()
    return host
