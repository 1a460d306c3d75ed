"""Safety: members report people; site admins dismiss, warn, suspend and lift suspensions."""

from __future__ import annotations

from flask import Flask

from mentorhub.safety import views


def init_app(app: Flask) -> None:
    """The report page and the site admins' reports queue."""
    app.register_blueprint(views.bp)
