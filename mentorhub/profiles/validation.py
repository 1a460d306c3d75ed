"""Checking what a user typed into a profile form: one clear message per bad field.

Pure functions of the form data (no database), so the services, the forms and the demo
loader share one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mentorhub import clock
from mentorhub.errors import DomainError
from mentorhub.profiles import constants as c
from mentorhub.profiles.models import CHAT_LENGTHS, FORMATS


class ProfileInvalid(DomainError):
    """Some profile fields are wrong; ``errors`` maps each field name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("Please correct the highlighted fields below.")
        self.errors = errors


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


class _Cleaner:
    """Collects one message per bad field while turning raw form data into clean values."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def line(self, key: str, label: str, max_len: int, *, required: bool = False) -> str:
        value = re.sub(r"\s+", " ", str(self.data.get(key) or "")).strip()
        if required and not value:
            self.errors[key] = f"Please enter your {label.lower()}."
        elif len(value) > max_len:
            self.errors[key] = (
                f"{label} must be at most {max_len} characters (it has {len(value)})."
            )
        return value

    def text(self, key: str, label: str, max_len: int) -> str:
        value = str(self.data.get(key) or "").replace("\r\n", "\n").strip()
        if len(value) > max_len:
            self.errors[key] = (
                f"{label} must be at most {max_len} characters (it has {len(value)})."
            )
        return value

    def number(
        self, key: str, label: str, low: int, high: int, *, optional: bool = False
    ) -> int | None:
        raw = str(self.data.get(key) if self.data.get(key) is not None else "").strip()
        if not raw and optional:
            return None
        message = f"{label} must be a whole number from {low} to {high}."
        try:
            value = int(raw)
        except ValueError:
            self.errors[key] = message
            return None
        if not low <= value <= high:
            self.errors[key] = message
            return None
        return value

    def topics(self, key: str, label: str) -> list[str]:
        raw = self.data.get(key) or ""
        parts = list(raw) if isinstance(raw, list | tuple) else str(raw).split(",")
        too_long = [
            p.strip()
            for p in parts
            if len(re.sub(r"\s+", " ", str(p)).strip()) > c.TOPIC_MAX_LENGTH
        ]
        if too_long:
            self.errors[key] = (
                f"Each {label} must be at most {c.TOPIC_MAX_LENGTH} characters: "
                f'"{too_long[0][:40]}…" is too long. Separate {label}s with commas.'
            )
            return []
        names = parse_topic_names(",".join(str(p).replace(",", " ") for p in parts))
        if len(names) > c.MAX_TOPICS:
            self.errors[key] = (
                f"Please keep to at most {c.MAX_TOPICS} {label}s (you entered {len(names)})."
            )
            return []
        return names

    def done(self) -> None:
        if self.errors:
            raise ProfileInvalid(self.errors)


def clean_professional(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check a professional's profile fields; raise :class:`ProfileInvalid` naming each bad one."""
    cl = _Cleaner(data)
    clean: dict[str, Any] = {
        "headline": cl.line("headline", "Role", c.HEADLINE_MAX, required=True),
        "company": cl.line("company", "Company", c.COMPANY_MAX),
        "bio": cl.text("bio", "Bio", c.BIO_MAX),
        "city": cl.line("city", "City", c.CITY_MAX),
        "will_not_do": cl.line("will_not_do", "What you won't do", c.WILL_NOT_DO_MAX),
        "meeting_link": cl.line("meeting_link", "Video meeting link", c.MEETING_LINK_MAX),
        "accepting_requests": bool(data.get("accepting_requests")),
        "topics": cl.topics("topics", "topic"),
    }
    industry = str(data.get("industry") or "").strip()
    if not industry:
        cl.errors["industry"] = "Please choose the field you work in."
    elif industry not in c.INDUSTRY_LABELS:
        cl.errors["industry"] = "Please choose a field from the list."
    clean["industry"] = industry
    formats = [str(f) for f in (data.get("formats") or [])]
    if any(f not in FORMATS for f in formats):
        cl.errors["formats"] = "Please choose among video, phone and in person."
    elif not formats:
        cl.errors["formats"] = "Please offer at least one way to chat: video, phone or in person."
    elif "in_person" in formats and not clean["city"] and "city" not in cl.errors:
        cl.errors["city"] = "Please say which city you meet in, since you offer in-person chats."
    link = clean["meeting_link"]
    parts = urlsplit(link)
    if link and "meeting_link" not in cl.errors and (
        parts.scheme not in ("http", "https") or not parts.netloc or " " in link
    ):
        cl.errors["meeting_link"] = "Please give the whole link, starting with https://"
    clean.update({f"offers_{f}": f in formats for f in FORMATS})
    chat = str(data.get("chat_minutes") or "").strip()
    if chat not in {str(n) for n in CHAT_LENGTHS}:
        cl.errors["chat_minutes"] = "Please choose a chat length of 15, 20 or 30 minutes."
    else:
        clean["chat_minutes"] = int(chat)
    clean["monthly_capacity"] = cl.number(
        "monthly_capacity", "Chats per month", c.MIN_CAPACITY, c.MAX_CAPACITY
    )
    cl.done()
    return clean


def graduation_year_range() -> tuple[int, int]:
    """The graduation years a student may enter, around the current year."""
    year = clock.now().year
    return year - c.GRADUATION_YEARS_BACK, year + c.GRADUATION_YEARS_AHEAD


def clean_student(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check a student's profile fields; raise :class:`ProfileInvalid` naming each bad one."""
    cl = _Cleaner(data)
    low, high = graduation_year_range()
    clean = {
        "school": cl.line("school", "School", c.SCHOOL_MAX),
        "programme": cl.line("programme", "Programme", c.PROGRAMME_MAX),
        "graduation_year": cl.number(
            "graduation_year", "Graduation year", low, high, optional=True
        ),
        "goals": cl.text("goals", "Goals", c.GOALS_MAX),
        "interests": cl.topics("interests", "interest"),
    }
    cl.done()
    return clean
