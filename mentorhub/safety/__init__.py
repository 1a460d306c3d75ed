"""Safety: members report people; site admins dismiss, warn, suspend and lift suspensions."""

from __future__ import annotations

from flask import Flask

from mentorhub import registries
from mentorhub.safety import views
from mentorhub.safety.own_data import reports_part, scrub_reports
from mentorhub.signals import user_deleted


def init_app(app: Flask) -> None:
    """The report page, the site admins' reports queue, and reports' part of people's own
    data (download and deletion)."""
    app.register_blueprint(views.bp)
    user_deleted.connect(scrub_reports)
    registries.personal_data(app, "reports_you_filed", reports_part)
