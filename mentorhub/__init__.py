"""MentorHub: informational interviews between students and working professionals."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from flask import Flask

from mentorhub.config import PROJECT_ROOT, load_config

# Feature packages, each with a ``views.bp`` blueprint (and optionally ``cli.register``).
FEATURES = (
    "home",
    "accounts",
    "profiles",
    "scheduling",
    "chats",
    "bookings",
    "calendars",
    "notifications",
    "discovery",
    "admin",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build a MentorHub app. ``test_config`` overrides every other setting."""
    app = Flask(
        __name__,
        root_path=str(PROJECT_ROOT),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str((test_config or {}).get("INSTANCE_PATH") or PROJECT_ROOT / "instance"),
        instance_relative_config=False,
    )
    load_config(app, test_config)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind one trusted reverse proxy: take the client address (rate limits) and scheme
        # from its X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    logging.basicConfig(
        level=app.config.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from mentorhub import database, errors, models, routing, web  # noqa: F401 - models registers tables
    from mentorhub.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    routing.init_app(app)

    for feature in FEATURES:
        module = importlib.import_module(f"mentorhub.{feature}.views")
        app.register_blueprint(module.bp)

    from mentorhub.cli import init_app as init_cli

    init_cli(app)

    from mentorhub.plugins.setup import init_app as init_plugins

    init_plugins(app)
    return app
