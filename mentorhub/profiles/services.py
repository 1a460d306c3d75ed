"""Profile rules: editing profiles, managing topic tags, and loading a public profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorhub.accounts.models import PROFESSIONAL, User
from mentorhub.database import commit
from mentorhub.errors import NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins._calls import questions_by_topic
from mentorhub.profiles import vocabulary
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile, Topic, professional_topics
from mentorhub.profiles.validation import clean_professional, clean_student, slugify_topic
from mentorhub.signals import schedule_changed, send


def give_profile(sender: Any, *, user: User) -> None:
    """``user_signed_up`` receiver: a new user starts with an empty profile of their role."""
    if user.role == PROFESSIONAL:
        user.professional_profile = ProfessionalProfile()
    else:
        user.student_profile = StudentProfile()


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


def topics_text(topics: list[Topic]) -> str:
    """Topics as the comma-separated text a tag field shows."""
    return ", ".join(t.name for t in topics)


# --- saving ----------------------------------------------------------------------------------


def _save_profile(
    model: type[Any], user_id: int, clean: dict[str, Any], topics_key: str, schedule: bool = False
) -> Any:
    """Write ``clean`` onto ``user_id``'s profile of ``model`` (creating it), ``topics_key`` as
    topics, and commit; ``schedule`` sends ``schedule_changed`` first. If another request
    created one of our new topics at the same moment (unique slug), start again once: the
    topic now exists and is reused."""

    def apply_and_commit() -> Any:
        profile = db.session.get(model, user_id)
        if profile is None:
            profile = model(user_id=user_id)
            db.session.add(profile)
        for key, value in clean.items():
            setattr(profile, key, topics_by_names(value) if key == topics_key else value)
        if schedule:
            send(schedule_changed, professional_id=user_id)
        commit()
        return profile

    try:
        return apply_and_commit()
    except IntegrityError:
        db.session.rollback()
        return apply_and_commit()


def update_professional_profile(actor: User, data: Mapping[str, Any]) -> ProfessionalProfile:
    """Save ``actor``'s professional profile from form ``data`` (all fields, validated here)."""
    if not actor.is_professional:
        raise NotAllowed("Only professionals have a professional profile.")
    # Chat length, capacity and the pause switch change the free times; a slot plugin may
    # read any other field, so every save recomputes (one professional: cheap).
    clean = clean_professional(data)
    profile = actor.professional_profile
    shown = data.get("accepting_shown")
    if profile is not None and shown in ("y", "n") and (shown == "y") == clean.get("accepting_requests"):
        # The switch was left as the page showed it: keep it as it is now (a pause made since
        # the page was opened stays).
        clean["accepting_requests"] = profile.accepting_requests
    if clean.get("accepting_requests") and profile is not None and not profile.accepting_requests:
        # Back from a pause: whatever paused them, the count of expiries starts again.
        clean.update(auto_paused_at=None, expired_in_a_row=0)
    return _save_profile(ProfessionalProfile, actor.id, clean, "topics", schedule=True)


def resume_requests(actor: User) -> bool:
    """Open ``actor``'s requests again after a pause (theirs, or the one three expired requests
    in a row made), in one step; returns whether they were paused. Commits."""
    if not actor.is_professional:
        raise NotAllowed("Only professionals take requests.")
    P = ProfessionalProfile
    resumed = db.session.execute(
        update(P).where(P.user_id == actor.id, P.accepting_requests.is_(False))
        .values(accepting_requests=True, auto_paused_at=None, expired_in_a_row=0)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if resumed:
        send(schedule_changed, professional_id=actor.id)
    commit()
    db.session.expire_all()
    return resumed


def update_student_profile(actor: User, data: Mapping[str, Any]) -> StudentProfile:
    """Save ``actor``'s student profile from form ``data`` (all fields, validated here).

    ``picked`` (optional) holds slugs of topics in use the student ticked; they join the
    interests typed in ``interests`` (unknown slugs are ignored)."""
    if not actor.is_student:
        raise NotAllowed("Only students have a student profile.")
    picked = [str(p) for p in data.get("picked") or () if p][:MAX_PICKED]
    if picked:
        names = list(db.session.scalars(select(Topic.name).where(Topic.slug.in_(picked)).order_by(Topic.name)))
        typed = str(data.get("interests") or "").strip()
        data = {**data, "interests": ", ".join([*names, typed] if typed else names)}
    return _save_profile(StudentProfile, actor.id, clean_student(data), "interests")


# More ticks than topics offered are ignored (the list offers 24).
MAX_PICKED = 50


@dataclass(frozen=True)
class TopicChoice:
    """A topic professionals use, as a student can pick it."""

    slug: str
    name: str
    explains: str


def topics_in_use(limit: int = 24) -> list[TopicChoice]:
    """The topics the most professionals talk about (one query), each with its plain
    explanation from the vocabulary ("A&R: finding and signing new artists"), by name."""
    rows = db.session.execute(
        select(Topic.slug, Topic.name)
        .join(professional_topics, professional_topics.c.topic_id == Topic.id)
        .group_by(Topic.id, Topic.slug, Topic.name)
        .order_by(func.count().desc(), Topic.name)
        .limit(limit)
    ).all()
    words = vocabulary.current()
    return sorted((TopicChoice(slug, name, words.explain(name)) for slug, name in rows), key=lambda t: t.name.lower())


# --- reading ---------------------------------------------------------------------------------


def load_public_profile(user_id: int) -> User:
    """The professional ``user_id`` with profile and topics loaded; :class:`NotFound` otherwise."""
    user = db.session.scalar(
        select(User)
        .where(User.id == user_id, User.role == PROFESSIONAL, User.suspended_at.is_(None))
        .options(joinedload(User.professional_profile).selectinload(ProfessionalProfile.topics))
    )
    if user is None or user.professional_profile is None:
        raise NotFound("We couldn't find that professional. They may have left MentorHub.")
    return user


def suggested_questions(viewer: User | None, professional: User) -> list[tuple[str, list[str]]]:
    """Questions a student viewer could ask ``professional``, grouped by topic in plugin order.

    Empty for anyone but a logged-in student (only students hold informational interviews).
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not viewer.is_student:
        return []
    # Hooks get the student with profile and interests loaded (the plugin contract): the
    # signed-in user comes with them (``accounts.load_user``), anyone else is read here.
    student = viewer if _interests_loaded(viewer) else db.session.scalar(
        select(User)
        .where(User.id == viewer.id)
        .options(joinedload(User.student_profile).selectinload(StudentProfile.interests))
    )
    return questions_by_topic(student, professional, None, viewer=viewer)


def _interests_loaded(user: User) -> bool:
    state = sa_inspect(user)
    if "student_profile" in state.unloaded:
        return False
    profile = user.student_profile
    return profile is not None and "interests" not in sa_inspect(profile).unloaded
