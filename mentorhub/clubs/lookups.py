"""What the plugin API's club lookups read (registered with the host by ``init_app``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, func, select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.plugins._face import remember_club_ids


def club_ids_of(user_id: int) -> list[int]:
    """The ids of the clubs user ``user_id`` belongs to, sorted (one query)."""
    return list(
        db.session.scalars(
            select(ClubMembership.club_id).where(ClubMembership.user_id == user_id).order_by(ClubMembership.club_id)
        )
    )


def club_ids_column(user_id: Any) -> Any:
    """The ids of the clubs of the user whose id is the column ``user_id``, as one text
    (``"3,7"``; ``NULL`` for none): read with the signed-in user (see ``init_app``)."""
    return (
        select(func.aggregate_strings(cast(ClubMembership.club_id, String), ","))
        .where(ClubMembership.user_id == user_id)
        .scalar_subquery()
    )


def keep_club_ids(user_id: int, value: str | None) -> None:
    """Keep what :func:`club_ids_column` read for the request (``club_ids_of`` reads it)."""
    remember_club_ids(user_id, (int(part) for part in (value or "").split(",") if part))


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
