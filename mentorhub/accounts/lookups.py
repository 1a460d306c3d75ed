"""What the plugin API's user lookups read (registered with the host by ``init_app``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import User
from mentorhub.extensions import db


def users_by_ids(ids: list[int]) -> list[User]:
    """The users with these ids, by id, with their profile (three queries). The profiles'
    relationships are named on ``User``, so this floor imports no profile model."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(ids))
            .options(selectinload(User.student_profile), selectinload(User.professional_profile))
            .order_by(User.id)
        )
    )
