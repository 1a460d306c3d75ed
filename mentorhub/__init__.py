"""MentorHub: informational interviews between students and working professionals.

This module is the composition root: with :mod:`mentorhub.models` and
:mod:`mentorhub.testing` it is the only code that knows every feature. ``create_app`` sets up
the core, builds the plugin host, lets each feature wire itself in (its ``init_app``
registers its blueprint, commands, signal receivers, tick steps and dashboard sections),
lower floors first, then loads the plugins. ``docs/architecture.md`` explains the floors.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from mentorhub import (
    accounts,
    admin,
    bookings,
    calendars,
    chats,
    cli,
    clubs,
    database,
    demo,
    discovery,
    errors,
    followup,
    home,
    jobs,
    models,  # noqa: F401 - every table in the metadata (create_all, Alembic)
    notifications,
    profiles,
    routing,
    safety,
    scheduling,
    web,
)
from mentorhub.config import PACKAGE_ROOT, data_folder, default_instance_path, load_config
from mentorhub.extensions import csrf, db, limiter, login_manager, migrate
from mentorhub.plugins import _setup as plugin_setup

# Lower floors first: a feature's receivers and registrations exist before those above it.
FEATURES = (
    accounts, notifications, profiles, scheduling, chats, bookings, calendars, discovery, followup, clubs, safety,
    home, admin, demo,
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build a MentorHub app. ``test_config`` overrides every other setting."""
    app = Flask(
        __name__,
        root_path=str(PACKAGE_ROOT),
        template_folder=str(data_folder("templates")),
        static_folder=str(data_folder("static")),
        instance_path=str((test_config or {}).get("INSTANCE_PATH") or default_instance_path()),
        instance_relative_config=False,
    )
    load_config(app, test_config)
    if app.config.get("PROXY_FIX"):
        # Behind one trusted reverse proxy: take the client address (rate limits) and scheme
        # from its X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    logging.basicConfig(
        level=app.config.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)

    jobs.init_app(app)  # first, so its after-request hook runs last
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(data_folder("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    routing.init_app(app)
    cli.init_app(app)
    plugin_setup.init_app(app)

    for feature in FEATURES:
        feature.init_app(app)

    plugin_setup.start(app)
    return app
