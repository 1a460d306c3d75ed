"""Accounts: sign-up, log-in, passwords, settings and the user loader (the lowest feature)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from mentorhub.accounts import views
from mentorhub.accounts.cli import create_admin
from mentorhub.accounts.models import User
from mentorhub.cli import add_command
from mentorhub.extensions import db, login_manager


def load_user(session_token: str) -> User | None:
    """Flask-Login's user loader: the user whose current session token this is."""
    return db.session.scalar(select(User).where(User.session_token == session_token))


def init_app(app: Flask) -> None:
    """The account pages, the user loader and ``flask mentorhub create-admin``."""
    app.register_blueprint(views.bp)
    login_manager.user_loader(load_user)
    add_command(app, create_admin)
