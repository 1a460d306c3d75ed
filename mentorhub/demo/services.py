"""Load the demo data: professionals, students and one admin, keyed by email.

Loading is idempotent: an account whose email exists is left exactly as it is, so running
the command twice (or after people edited their demo profiles) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.accounts.models import PROFESSIONAL, STUDENT, User
from mentorhub.accounts.passwords import hash_password
from mentorhub.database import commit
from mentorhub.demo.clubs import add_demo_clubs, demo_clubs
from mentorhub.demo.conversations import add_demo_chats
from mentorhub.demo.professionals import PROFESSIONALS, WINDOW_PATTERNS, DemoProfessional
from mentorhub.demo.students import STUDENTS
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile, Topic
from mentorhub.profiles.services import topics_by_names
from mentorhub.profiles.validation import parse_topic_names, slugify_topic
from mentorhub.scheduling.models import AvailabilityWindow
from mentorhub.signals import schedule_changed, send

# A reserved documentation domain (RFC 2606) that email validation accepts (".test" is refused).
DEMO_DOMAIN = "demo.mentorhub.example"
DEMO_PASSWORD = "listen-and-learn"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


def professional_email(index: int) -> str:
    """The login of the ``index``-th demo professional (1-based)."""
    return f"pro{index}@{DEMO_DOMAIN}"


def student_email(index: int) -> str:
    """The login of the ``index``-th demo student (1-based)."""
    return f"student{index}@{DEMO_DOMAIN}"


@dataclass
class DemoResult:
    """What a demo load did."""

    created: int = 0
    existing: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def any_user_exists() -> bool:
    """True when the database holds at least one user."""
    return db.session.scalar(select(func.count()).select_from(User)) > 0


def load_demo(progress: Callable[[str], Any] = print) -> DemoResult:
    """Create every missing demo account with its profile (and a professional's weekly
    availability), commit once, then refresh the professionals' next free times."""
    emails = [ADMIN_EMAIL]
    emails += [professional_email(i) for i in range(1, len(PROFESSIONALS) + 1)]
    emails += [student_email(i) for i in range(1, len(STUDENTS) + 1)]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    result = DemoResult(existing=len(existing))
    total = len(emails)
    progress(
        f"Loading demo data: {len(PROFESSIONALS)} professionals, {len(STUDENTS)} students "
        "and 1 admin "
        f"({len(existing)} of {total} accounts already there)…"
    )
    if len(existing) < total:
        password_hash = hash_password(DEMO_PASSWORD)  # once: hashing is slow on purpose
        topics = _all_topics()
        now = clock.now()
        new_professionals: list[tuple[int, User]] = []

        def account(
            email: str, name: str, role: str, zone: str, *, is_admin: bool = False
        ) -> User | None:
            if email in existing:
                return None
            user = User(
                email=email,
                password_hash=password_hash,
                display_name=name,
                role=role,
                timezone=zone,
                is_admin=is_admin,
                email_confirmed_at=now,
            )
            db.session.add(user)
            result.created += 1
            return user

        admin = account(ADMIN_EMAIL, "Demo Admin", STUDENT, "Europe/London", is_admin=True)
        if admin is not None:
            admin.student_profile = StudentProfile(school="MentorHub team", programme="Site admin")
        for index, spec in enumerate(PROFESSIONALS, start=1):
            user = account(professional_email(index), spec.name, PROFESSIONAL, spec.timezone)
            if user is not None:
                _add_professional(user, spec, index, topics)
                new_professionals.append((index, user))
            if index % 10 == 0:
                progress(f"  {index}/{len(PROFESSIONALS)} professionals ready")
        for index, spec in enumerate(STUDENTS, start=1):
            user = account(student_email(index), spec.name, STUDENT, spec.timezone)
            if user is not None:
                user.student_profile = StudentProfile(
                    school=spec.school,
                    programme=spec.programme,
                    goals=spec.goals,
                    graduation_year=now.year + spec.years_to_go,
                    interests=[topics[slugify_topic(n)] for n in parse_topic_names(spec.interests)],
                )
        progress(f"  {len(STUDENTS)}/{len(STUDENTS)} students ready; saving…")
        db.session.flush()  # gives the new professionals their ids for their windows
        for index, user in new_professionals:
            for weekday, start, end in WINDOW_PATTERNS[(index - 1) % len(WINDOW_PATTERNS)]:
                db.session.add(
                    AvailabilityWindow(
                        professional_id=user.id, weekday=weekday, start_time=start, end_time=end
                    )
                )
            send(schedule_changed, professional_id=user.id)
        progress("Working out the new professionals' next free times…")
        commit()
    # Only with freshly made accounts, so a second run (or edited demo accounts) changes nothing.
    chat_people = (professional_email(1), (student_email(1), student_email(2)))
    if not existing.intersection([chat_people[0], *chat_people[1]]):
        made = add_demo_chats(*chat_people)
        progress(f"Added {made} demo conversations for {chat_people[0]}.")
    clubs = demo_clubs(student_email, professional_email)
    made_clubs = add_demo_clubs(clubs)
    if made_clubs:
        progress(f"Added {made_clubs} demo clubs: " + ", ".join(f"/clubs/{c.slug}" for c in clubs) + ".")
    result.logins = [
        (ADMIN_EMAIL, "admin"),
        *[(student_email(i), f"student: {s.name}" + "".join(f", club admin of {c.name}" for c in clubs
                                                            if student_email(i) in c.admins))
          for i, s in enumerate(STUDENTS[:3], start=1)],
        *[
            (professional_email(i), f"professional: {p.name}, {p.headline}")
            for i, p in enumerate(PROFESSIONALS[:3], start=1)
        ],
    ]
    return result


def _all_topics() -> dict[str, Topic]:
    """Every topic the demo uses, by slug (created once, so accounts share them)."""
    names = [n for p in PROFESSIONALS for n in parse_topic_names(p.topics)]
    names += [n for s in STUDENTS for n in parse_topic_names(s.interests)]
    return {t.slug: t for t in topics_by_names(names)}


def _add_professional(
    user: User, spec: DemoProfessional, index: int, topics: dict[str, Topic]
) -> None:
    user.professional_profile = ProfessionalProfile(
        headline=spec.headline,
        company=spec.company,
        industry=spec.industry,
        bio=spec.bio,
        offers_video="v" in spec.formats,
        offers_phone="p" in spec.formats,
        offers_in_person="i" in spec.formats,
        city=spec.city,
        chat_minutes=spec.chat_minutes,
        monthly_capacity=spec.capacity,
        accepting_requests=spec.accepting,
        will_not_do=spec.will_not_do,
        min_notice_hours=24,
        horizon_days=30,
        buffer_after_minutes=10 if index % 3 == 0 else 0,
        topics=[topics[slugify_topic(n)] for n in parse_topic_names(spec.topics)],
    )
