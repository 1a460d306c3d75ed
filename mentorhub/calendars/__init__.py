"""Calendars: a chat's calendar file to download, and each user's private feed."""

from __future__ import annotations

from flask import Flask

from mentorhub.calendars import views


def init_app(app: Flask) -> None:
    """The calendar file, feed and feed settings pages."""
    app.register_blueprint(views.bp)
