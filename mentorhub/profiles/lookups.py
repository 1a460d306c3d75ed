"""What the plugin API's professional and label lookups read (registered with the host by
``init_app``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import PROFESSIONAL, User
from mentorhub.extensions import db
from mentorhub.profiles.constants import INDUSTRY_LABELS
from mentorhub.profiles.models import ProfessionalProfile, Topic


def professionals_by_ids(ids: list[int]) -> list[User]:
    """The professionals among these ids, by id, with profile and topics (three queries)."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(ids), User.role == PROFESSIONAL)
            .options(selectinload(User.professional_profile).selectinload(ProfessionalProfile.topics))
            .order_by(User.id)
        )
    )


def industry_labels() -> dict[str, str]:
    """Every industry's label by slug."""
    return dict(INDUSTRY_LABELS)


def topic_labels(slugs: list[str]) -> dict[str, str]:
    """The names of the topics with these slugs (one query)."""
    rows = db.session.execute(select(Topic.slug, Topic.name).where(Topic.slug.in_(slugs)))
    return {slug: name for slug, name in rows}
