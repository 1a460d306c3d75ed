"""Home: the landing page, the dashboards (built from the sections features register) and
the health check."""

from __future__ import annotations

from flask import Flask

from mentorhub.home import views


def init_app(app: Flask) -> None:
    """The landing page, dashboards and ``/healthz``."""
    app.register_blueprint(views.bp)
