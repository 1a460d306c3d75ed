"""Request-wide web plumbing: Flask-Login's settings, Jinja filters and security headers.

The user loader belongs to accounts, the unread count in the navigation to notifications:
each registers its own in ``init_app``.
"""

from __future__ import annotations

from flask import Flask

from mentorhub.extensions import login_manager
from mentorhub.timefmt import all_zones, format_local, viewer_zone_name


def init_app(app: Flask) -> None:
    """Configure Flask-Login, template helpers and response headers."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.globals["viewer_zone"] = viewer_zone_name
    app.jinja_env.globals["all_zones"] = all_zones
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
