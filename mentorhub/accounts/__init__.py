"""Accounts: sign-up, log-in, passwords, settings and the user loader (the lowest feature)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from mentorhub.accounts import views
from mentorhub.accounts.cli import create_admin
from mentorhub.accounts.lookups import users_by_ids
from mentorhub.accounts.models import User
from mentorhub.cli import add_command
from mentorhub.extensions import db, login_manager
from mentorhub.plugins._host import get_host


def load_user(session_token: str) -> User | None:
    """Flask-Login's user loader: the user whose current session token this is (never a
    suspended one)."""
    return db.session.scalar(select(User).where(User.session_token == session_token, User.suspended_at.is_(None)))


def init_app(app: Flask) -> None:
    """The account pages, the user loader, ``flask mentorhub create-admin`` and the plugin
    API's user lookup."""
    app.register_blueprint(views.bp)
    get_host(app).provide("users", users_by_ids)
    login_manager.user_loader(load_user)
    add_command(app, create_admin)
