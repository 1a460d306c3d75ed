"""Request-wide web plumbing: the user loader, Jinja filters and security headers."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user
from sqlalchemy import select

from mentorhub.extensions import db, login_manager
from mentorhub.timefmt import all_zones, format_local, viewer_zone_name


def init_app(app: Flask) -> None:
    """Configure Flask-Login, template helpers and response headers."""
    from mentorhub.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(session_token: str) -> User | None:
        return db.session.scalar(select(User).where(User.session_token == session_token))

    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.globals["viewer_zone"] = viewer_zone_name
    app.jinja_env.globals["all_zones"] = all_zones
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _nav_counts():
        if not (current_user and current_user.is_authenticated):
            return {"unread_count": 0}
        from mentorhub.notifications.services import unread_count

        return {"unread_count": unread_count(current_user)}

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
