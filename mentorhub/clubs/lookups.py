"""What the plugin API's club lookups read (registered with the host by ``init_app``)."""

from __future__ import annotations

from sqlalchemy import select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db


def club_ids_of(user_id: int) -> list[int]:
    """The ids of the clubs user ``user_id`` belongs to, sorted (one query)."""
    return list(
        db.session.scalars(
            select(ClubMembership.club_id).where(ClubMembership.user_id == user_id).order_by(ClubMembership.club_id)
        )
    )


def clubs_of(user_id: int) -> list[Club]:
    """The clubs user ``user_id`` belongs to, by name (one query)."""
    return list(
        db.session.scalars(
            select(Club)
            .join(ClubMembership, ClubMembership.club_id == Club.id)
            .where(ClubMembership.user_id == user_id)
            .order_by(Club.name, Club.id)
        )
    )


def clubs_by_ids(ids: list[int]) -> list[Club]:
    """The clubs with these ids, by id (one query)."""
    return list(db.session.scalars(select(Club).where(Club.id.in_(ids)).order_by(Club.id)))
