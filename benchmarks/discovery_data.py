"""Fill a MentorHub database with a large, plausible data set for the discovery benchmark.

Bulk inserts with SQLAlchemy Core (no ORM objects): professionals with profiles, topics and
weekly availability; students with interests and goals; chat requests in every state with
their bookings, so response records and monthly capacity have something to count. Then
``next_free_at`` is set through the scheduling service, as ``tick`` would.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from datetime import time as wall_time
from typing import Any

from sqlalchemy import insert

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.profiles.constants import INDUSTRIES
from mentorhub.profiles.models import (
    ProfessionalProfile,
    StudentProfile,
    Topic,
    professional_topics,
    student_interests,
)
from mentorhub.profiles.services import slugify_topic
from mentorhub.scheduling.models import AvailabilityWindow, Booking
from mentorhub.scheduling.services import refresh_next_free_at

PASSWORD = "bench password 1"
CHUNK = 5000

FIRST = (
    "Ana Ben Cara Dev Eli Fay Gus Hana Ivo Jade Kai Lena Milo Nia Omar Pia Quin Rosa Sam Tess Uma "
    "Vik Wren Xan Yara Zed Aiko Bram Cleo Dario Esme Finn Gia Hugo Iris Jonas Kira Luca Mara Nils"
).split()
LAST = (
    "Alvarez Brooks Chen Dubois Evans Fischer Garcia Haddad Ito Jensen Kowalski Lopez Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Silva Tanaka Umarov Varga Weber Xu Yilmaz Zhang Abbott "
    "Bauer Costa Diaz"
).split()
ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "UTC",
)
TOPICS = (
    "touring",
    "tour logistics",
    "advancing shows",
    "festival booking",
    "ticketing",
    "crowd safety",
    "artist development",
    "talent scouting",
    "demo reviews",
    "record deals",
    "publishing deals",
    "songwriting splits",
    "sync licensing",
    "music supervision",
    "trailer music",
    "royalties",
    "performing rights",
    "mechanical rights",
    "copyright basics",
    "contract negotiation",
    "streaming strategy",
    "playlist pitching",
    "digital marketing",
    "social media",
    "fan engagement",
    "press releases",
    "radio promotion",
    "podcasting",
    "music journalism",
    "photography",
    "mixing",
    "mastering",
    "studio recording",
    "live sound",
    "sound design",
    "game audio",
    "film scoring",
    "orchestration",
    "music theory",
    "teaching music",
    "music therapy",
    "venue operations",
    "event production",
    "stage management",
    "lighting design",
    "merch design",
    "e-commerce",
    "brand partnerships",
    "sponsorship",
    "budgeting",
    "accounting",
    "business affairs",
    "data analytics",
    "music tech startups",
    "audio plugins",
    "ai in music",
    "metadata",
    "distribution",
    "vinyl pressing",
    "label operations",
    "a&r",
    "career change",
    "freelancing",
    "networking",
    "work-life balance",
    "remote work",
    "diversity in music",
    "independent artists",
    "hip hop",
    "classical music",
    "jazz",
    "electronic music",
    "country music",
    "k-pop",
    "latin music",
)
ROLES = {
    "a-and-r": ("A&R scout", "A&R manager"),
    "artist-management": ("Artist manager", "Day-to-day manager"),
    "tour-management": ("Tour manager", "Production manager"),
    "booking-agency": ("Booking agent", "Agent assistant"),
    "live-events": ("Promoter", "Event producer"),
    "music-publishing": ("Publishing coordinator", "Creative manager"),
    "sync-licensing": ("Sync licensing lead", "Music supervisor"),
    "label-marketing": ("Label marketing manager", "Product manager"),
    "digital-distribution": ("Streaming strategist", "Distribution manager"),
    "audio-engineering": ("Mixing engineer", "Mastering engineer"),
    "music-tech": ("Audio software developer", "Product designer"),
    "radio-broadcasting": ("Radio producer", "Presenter"),
    "music-journalism": ("Music journalist", "Editor"),
    "film-tv-music": ("Composer", "Music editor"),
    "games-audio": ("Game audio designer", "Audio director"),
    "music-law": ("Music lawyer", "Business affairs manager"),
    "royalties-rights": ("Royalty analyst", "Rights manager"),
    "music-education": ("Music teacher", "Programme lead"),
    "venue-management": ("Venue manager", "Booker"),
    "merchandise": ("Merch manager", "Merch designer"),
}
COMPANY_A = (
    "Acme Blue Bright Cedar Echo Golden Harbor Indigo Juniper Lunar North Silver Velvet Wild"
).split()
CLOSINGS = ("No job referrals, please.", "I love helping students.", "Ask me about the day-to-day.")
COMPANY_B = (
    "Live Records Music Sound Studios Media Agency Group Collective Audio Works Rights".split()
)


def _progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.monotonic() - started, 1e-6)
    sys.stdout.write(f"\r  {label}: {done:,}/{total:,} ({rate:,.0f}/s)   ")
    sys.stdout.flush()
    if done >= total:
        sys.stdout.write("\n")


def _insert(table: Any, rows: list[dict[str, Any]], label: str) -> None:
    started = time.monotonic()
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[i : i + CHUNK])
        _progress(label, min(i + CHUNK, len(rows)), len(rows), started)
    if not rows:
        _progress(label, 0, 0, started)
    db.session.commit()


def _sentence(rng: random.Random, industry_label: str, topics: list[str]) -> str:
    return (
        f"I have worked in {industry_label.lower()} for {rng.randint(2, 25)} years. "
        f"Happy to talk about {', '.join(topics[:2])} and how I got started. "
        f"{rng.choice(CLOSINGS)}"
    )


def _formats(rng: random.Random) -> dict[str, bool]:
    """Which ways to chat a professional offers: at least one, as the profile form asks
    (video when the draw gave none)."""
    video, phone, in_person = rng.random() < 0.85, rng.random() < 0.4, rng.random() < 0.2
    return {"offers_video": video or not (phone or in_person), "offers_phone": phone,
            "offers_in_person": in_person}


def fill(professionals: int, students: int, seed: int = 4) -> dict[str, Any]:
    """Insert the data set into the app's (empty) database; return what the load needs."""
    from mentorhub.accounts.passwords import hash_password

    rng = random.Random(seed)
    now = clock.now()
    password_hash = hash_password(PASSWORD)
    topic_rows = [{"id": i + 1, "slug": slugify_topic(n), "name": n} for i, n in enumerate(TOPICS)]
    _insert(Topic.__table__, topic_rows, "topics")
    industries = [slug for slug, _ in INDUSTRIES]
    labels = dict(INDUSTRIES)

    users, profiles, tags, windows = [], [], [], []
    for i in range(1, professionals + 1):
        industry = rng.choice(industries)
        chosen = rng.sample(range(1, len(TOPICS) + 1), rng.randint(3, 6))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        users.append(
            {
                "id": i,
                "email": f"pro{i}@bench.example",
                "password_hash": password_hash,
                "display_name": f"{first} {last}",
                "role": "professional",
                "timezone": rng.choice(ZONES),
                "email_confirmed_at": now,
                "created_at": now,
            }
        )
        profiles.append(
            {
                "user_id": i,
                "headline": rng.choice(ROLES[industry]),
                "company": f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}",
                "industry": industry,
                "bio": _sentence(rng, labels[industry], [TOPICS[t - 1] for t in chosen]),
                **_formats(rng),
                "chat_minutes": rng.choice((15, 20, 30)),
                "monthly_capacity": rng.randint(1, 8),
                "accepting_requests": rng.random() < 0.9,
                "min_notice_hours": 24,
                "horizon_days": 30,
                "created_at": now
                - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440)),
                "updated_at": now,
            }
        )
        tags.extend({"profile_id": i, "topic_id": t} for t in chosen)
        for weekday in rng.sample(range(7), rng.randint(0, 3)):
            start = rng.randint(8, 18)
            windows.append(
                {
                    "professional_id": i,
                    "weekday": weekday,
                    "start_time": wall_time(start),
                    "end_time": wall_time(start + rng.randint(1, 3)),
                }
            )
    first_student = professionals + 1
    student_rows, interests = [], []
    for i in range(first_student, first_student + students):
        users.append(
            {
                "id": i,
                "email": f"student{i - professionals}@bench.example",
                "password_hash": password_hash,
                "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "role": "student",
                "timezone": rng.choice(ZONES),
                "email_confirmed_at": now,
                "created_at": now,
            }
        )
        student_rows.append(
            {
                "user_id": i,
                "school": "Bench University",
                "programme": "Music business",
                "goals": "I want to learn how people get into "
                f"{labels[rng.choice(industries)].lower()}.",
                "updated_at": now,
            }
        )
        interests.extend(
            {"profile_id": i, "topic_id": t}
            for t in rng.sample(range(1, len(TOPICS) + 1), rng.randint(2, 5))
        )
    _insert(User.__table__, users, "users")
    _insert(ProfessionalProfile.__table__, profiles, "professional profiles")
    _insert(professional_topics, tags, "professional topics")
    _insert(StudentProfile.__table__, student_rows, "student profiles")
    _insert(student_interests, interests, "student interests")
    _insert(AvailabilityWindow.__table__, windows, "availability windows")
    _fill_requests(rng, professionals, first_student, students, now)
    advance_sequences(db.session.connection())
    db.session.commit()
    return {
        "student_emails": [f"student{n}@bench.example" for n in range(1, students + 1)],
        "password": PASSWORD,
    }


def _fill_requests(
    rng: random.Random, professionals: int, first_student: int, students: int, now: datetime
) -> None:
    """About four requests per student, in every state; accepted and completed ones booked
    at distinct hours, so no two bookings overlap."""
    requests, bookings = [], []
    slot = 0
    statuses = ("pending", "accepted", "completed", "declined", "expired", "withdrawn")
    weights = (15, 15, 25, 15, 20, 10)
    for student_id in range(first_student, first_student + students):
        for professional_id in rng.sample(range(1, professionals + 1), 4):
            status = rng.choices(statuses, weights)[0]
            created = now - timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 23))
            answered = status in ("accepted", "completed", "declined")
            request_id = len(requests) + 1
            requests.append(
                {
                    "id": request_id,
                    "student_id": student_id,
                    "professional_id": professional_id,
                    "status": status,
                    "format": "video",
                    "introduction": "Hello! I'm a student curious about your work.",
                    "created_at": created,
                    "updated_at": created,
                    "responded_at": created + timedelta(hours=rng.randint(1, 96))
                    if answered
                    else None,
                    "expires_at": created + timedelta(days=7),
                }
            )
            if status in ("accepted", "completed"):
                slot += 1
                offset = timedelta(hours=slot) if status == "accepted" else -timedelta(hours=slot)
                start = (now + offset).replace(minute=0, second=0, microsecond=0)
                bookings.append(
                    {
                        "request_id": request_id,
                        "professional_id": professional_id,
                        "student_id": student_id,
                        "start_at": start,
                        "end_at": start + timedelta(minutes=20),
                        "location": "Video link",
                        "active": status == "accepted",
                        "uid": f"bench-{request_id}@mentorhub",
                        "created_at": created,
                        "updated_at": created,
                    }
                )
    _insert(ChatRequest.__table__, requests, "chat requests")
    _insert(Booking.__table__, bookings, "bookings")


# The tables filled with explicit ids (the rows refer to each other by them).
EXPLICIT_IDS = ("topics", "users", "chat_requests")


def advance_sequences(conn: Any) -> None:
    """Move PostgreSQL's id sequences past the ids inserted explicitly, so rows the app adds
    later (a chat request sent under load, a sign-up) get fresh ids. Nothing on SQLite, whose
    next id is always past the largest."""
    if conn.dialect.name != "postgresql":
        return
    for table in EXPLICIT_IDS:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )


def set_next_free_times() -> float:
    """Compute every professional's ``next_free_at`` through the scheduling service (the same
    path as ``tick --refresh-all``: plugins first, then the core scheduler); returns the
    seconds it took."""
    started = time.monotonic()
    print("  next_free_at: computing through the scheduling service (as tick does) ...", flush=True)
    changed = refresh_next_free_at()
    took = time.monotonic() - started
    print(f"  next_free_at: {changed:,} professionals have a next free time ({took:.1f}s)")
    return took
