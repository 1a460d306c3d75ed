"""Admin: the plugins page and ``flask plugins``, the site admin's switches (a top floor)."""

from __future__ import annotations

from flask import Flask

from mentorhub.admin import views
from mentorhub.admin.cli import plugins_cli


def init_app(app: Flask) -> None:
    """The admin pages and the ``flask plugins`` commands."""
    app.register_blueprint(views.bp)
    app.cli.add_command(plugins_cli)
