"""Profile rules: editing profiles and managing topic tags."""

from __future__ import annotations

import re

from sqlalchemy import select

from mentorhub.extensions import db
from mentorhub.profiles.models import Topic

MAX_TOPICS = 12


def slugify_topic(name: str) -> str:
    """``"Sync Licensing!"`` -> ``"sync-licensing"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:60]


def parse_topic_names(text: str) -> list[str]:
    """Split a comma-separated tag field into clean, de-duplicated names (order kept)."""
    names, seen = [], set()
    for part in text.split(","):
        name = re.sub(r"\s+", " ", part).strip()[:60]
        slug = slugify_topic(name)
        if slug and slug not in seen:
            seen.add(slug)
            names.append(name)
    return names


def topics_by_names(names: list[str]) -> list[Topic]:
    """The topics with these names, creating missing ones (added to the session, not committed)."""
    wanted = {slugify_topic(n): n for n in names if slugify_topic(n)}
    if not wanted:
        return []
    existing = {t.slug: t for t in db.session.scalars(select(Topic).where(Topic.slug.in_(wanted)))}
    topics = []
    for slug, name in wanted.items():
        topic = existing.get(slug)
        if topic is None:
            topic = Topic(slug=slug, name=name.strip().lower() if name.islower() else name.strip())
            db.session.add(topic)
            existing[slug] = topic
        topics.append(topic)
    return topics
