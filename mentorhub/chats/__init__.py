"""Chats: requests, the professional's answers, the message thread and request expiry."""

from __future__ import annotations

from flask import Flask

from mentorhub import registries
from mentorhub.chats import views
from mentorhub.chats.periodic import expire_step
from mentorhub.chats.queries import dashboard_chats
from mentorhub.registries import DashboardSection, TickStep


def init_app(app: Flask) -> None:
    """The request pages, request expiry in ``tick`` and the dashboards' chat lists."""
    app.register_blueprint(views.bp)
    registries.tick_step(app, TickStep("expired", "expiring requests", expire_step,
                                       "request expired", "requests expired", order=20))
    registries.dashboard_section(app, DashboardSection("chats", dashboard_chats))
