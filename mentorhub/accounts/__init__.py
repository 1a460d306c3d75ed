"""Accounts: sign-up, log-in, passwords, settings and the user loader (the lowest feature)."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Flask
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, joinedload

from mentorhub.accounts import views
from mentorhub.accounts.cli import create_admin
from mentorhub.accounts.lookups import users_by_ids
from mentorhub.accounts.models import User
from mentorhub.accounts.own_data import account_part, blocks_part, only_site_admin
from mentorhub.cli import add_command
from mentorhub.extensions import db, login_manager
from mentorhub.plugins._host import get_host
from mentorhub.registries import SignedInValue, departure_check, personal_data, signed_in_values


def load_user(session_token: str) -> User | None:
    """Flask-Login's user loader: the user whose current session token this is (never a
    suspended one), with what the features read with them (:func:`registries.signed_in_value`)."""
    values = signed_in_values()
    row = db.session.execute(_signed_in(values), {"token": session_token}).unique().one_or_none()
    if row is None:
        return None
    user = row[0]
    for value, read in zip(values, row[1:], strict=True):
        value.keep(user.id, read)
    return user


@cache
def _signed_in(values: tuple[SignedInValue, ...] = ()) -> Select[Any]:
    """The user loader's statement, built once per set of ``values`` (on first use: the
    profile models are mapped by then). The profile comes in the same statement, and a
    student's interests with it (most pages read them), so a page does not ask again; each
    of ``values`` is a column of it. The relationships are named on ``User`` and found
    through its mapper, so this floor imports no profile model."""
    interests = User.student_profile.property.mapper.relationships["interests"]
    topic = interests.mapper.class_
    # The joins are written flat: ``joinedload`` nests the interests' pair of tables
    # (``LEFT OUTER JOIN (student_interests JOIN topics)``), which SQLite materialises whole,
    # 17,529 interests, on every page (about 8 ms).
    stmt = select(User)
    if values:
        # Read once, in a one-row subquery (its LIMIT keeps the database from folding it into
        # the rows the interests multiply, which would run each value once per interest).
        signed_in = (
            select(User.id.label("user_id"), *(value.column(User.id).label(value.name) for value in values))
            .where(User.session_token == bindparam("token"))
            .limit(1)
            .subquery("signed_in")
        )
        stmt = select(User, *(signed_in.c[value.name] for value in values)).join(
            signed_in, signed_in.c.user_id == User.id
        )
    return (
        stmt
        .outerjoin(User.student_profile)
        .outerjoin(interests.secondary, interests.primaryjoin)
        .outerjoin(topic, interests.secondaryjoin)
        .where(User.session_token == bindparam("token"), User.suspended_at.is_(None))
        .options(
            contains_eager(User.student_profile).contains_eager(interests.class_attribute),
            joinedload(User.professional_profile),
        )
        .order_by(*(interests.order_by or ()))
    )


def init_app(app: Flask) -> None:
    """The account pages, the user loader, ``flask mentorhub create-admin``, the plugin
    API's user lookup and the account's part of a person's data download."""
    app.register_blueprint(views.bp)
    get_host(app).provide("users", users_by_ids)
    login_manager.user_loader(load_user)
    add_command(app, create_admin)
    personal_data(app, "account", account_part)
    personal_data(app, "people_you_blocked", blocks_part)
    departure_check(app, only_site_admin)
