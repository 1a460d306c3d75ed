"""What the plugin API's user lookups read (registered with the host by ``init_app``)."""

from __future__ import annotations

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.extensions import db


def users_by_ids(ids: list[int]) -> list[User]:
    """The users with these ids, by id (one query)."""
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))
