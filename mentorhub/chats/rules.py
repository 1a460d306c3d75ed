"""The rules a chat request must meet, checked by the services before anything changes.

Each check raises a :class:`~mentorhub.errors.DomainError` whose message the user can act on;
``field`` names the form field it belongs to, so the view can show it inline.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.blocks import blocked_between
from mentorhub.accounts.models import User
from mentorhub.chats.booking_guard import active_bookings_between
from mentorhub.chats.models import PENDING, ChatRequest
from mentorhub.errors import DomainError, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins._api import Slot
from mentorhub.profiles.constants import FORMAT_LABELS
from mentorhub.scheduling.availability import chats_this_month
from mentorhub.scheduling.services import chat_length, offer_slots
from mentorhub.timefmt import format_local

INTRO_MIN = 80
INTRO_MAX = 2000
NOTE_MAX = 2000
MESSAGE_MAX = 2000
LOCATION_MAX = 300
MAX_PROPOSED = 3
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{4,28}[0-9]$")

UNCONFIRMED_MESSAGE = (
    "Please confirm your email address before requesting a chat: use the link we emailed you."
)


def max_pending() -> int:
    """How many pending requests one student may have at once (``MAX_PENDING_REQUESTS``)."""
    return int(current_app.config.get("MAX_PENDING_REQUESTS", 5))


def expiry_delta() -> timedelta:
    """How long a request waits for an answer (``REQUEST_EXPIRY_DAYS``)."""
    return timedelta(days=int(current_app.config.get("REQUEST_EXPIRY_DAYS", 7)))


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive values are refused (they are nobody's local time)."""
    if moment.tzinfo is None:
        raise DomainError("That time is not valid. Please pick one from the list.", field="times")
    return moment.astimezone(UTC)


def professional_or_404(professional_id: int) -> User:
    """The professional with this id (profile loaded, in the same query), or :class:`NotFound`."""
    user = db.session.get(User, professional_id, options=[joinedload(User.professional_profile)])
    if user is None or not user.is_professional or user.professional_profile is None:
        raise NotFound("We couldn't find that professional.")
    return user


def pending_requests_of(student: User) -> list[ChatRequest]:
    """The student's pending requests (id and professional only are needed by the rules)."""
    return list(
        db.session.scalars(
            select(ChatRequest).where(
                ChatRequest.student_id == student.id, ChatRequest.status == PENDING
            )
        )
    )


def request_blocker(student: User, professional: User, *, fresh: bool = True) -> tuple[str, str] | None:
    """Why ``student`` cannot send ``professional`` a request now, as ``(kind, message)``,
    or ``None`` when they can. Kinds: ``unconfirmed``, ``paused``, ``capacity``,
    ``already_pending``, ``limit``. ``fresh`` (for a write) reads the blocks again; a page
    that only shows the answer takes what the request read already."""
    name = professional.display_name
    if not student.email_confirmed:
        return "unconfirmed", UNCONFIRMED_MESSAGE
    profile = professional.professional_profile
    # Blocked either way, suspended, or offering no way to chat (a profile the form would
    # refuse, from an import) reads as a pause: nothing tells why.
    if (not profile.accepting_requests or professional.suspended_at is not None
            or not profile.formats
            or blocked_between(student, professional, fresh=fresh)):
        return (
            "paused",
            f"{name} isn't taking new requests right now. "
            "Try again later, or find someone else to talk to.",
        )
    if profile.monthly_capacity <= 0 or chats_this_month(professional) >= profile.monthly_capacity:
        return "capacity", (
            f"{name} has given all the chats they can this month. "
            "Try again next month, or find someone else to talk to."
        )
    pending = pending_requests_of(student)
    if any(r.professional_id == professional.id for r in pending):
        return (
            "already_pending",
            f"You already have a pending request to {name}. "
            "Wait for their answer, or withdraw it first.",
        )
    if len(pending) >= max_pending():
        return "limit", (
            f"You have {len(pending)} pending requests, the most you can have at once. "
            "Wait for answers, or withdraw one, before asking someone else."
        )
    return None


def check_can_request(student: User, professional: User) -> None:
    """Raise the reason ``student`` cannot send ``professional`` a request, if any."""
    if not student.is_student:
        raise NotAllowed("Only students can request chats.")
    blocker = request_blocker(student, professional)
    if blocker is not None:
        kind, message = blocker
        raise (NotAllowed(message) if kind == "unconfirmed" else DomainError(message))


def clean_introduction(text: str | None) -> str:
    """The introduction, stripped, between 80 and 2,000 characters."""
    text = (text or "").strip()
    if len(text) < INTRO_MIN:
        raise DomainError(
            f"Please write at least {INTRO_MIN} characters: who you are, "
            "what you want to learn and why this person.",
            field="introduction",
        )
    if len(text) > INTRO_MAX:
        raise DomainError(
            f"Please keep your introduction under {INTRO_MAX} characters.", field="introduction"
        )
    return text


def clean_format(professional: User, chat_format: str | None) -> str:
    """A format the professional offers."""
    if chat_format not in professional.professional_profile.formats:
        offered = (
            ", ".join(FORMAT_LABELS[f].lower() for f in professional.professional_profile.formats)
            or "none"
        )
        raise DomainError(
            f"Please choose a format {professional.display_name} offers ({offered}).",
            field="format",
        )
    return chat_format


def clean_text(
    text: str | None, limit: int, what: str, *, required: bool = False, field: str | None = None
) -> str:
    """Plain text, stripped, at most ``limit`` characters (and not empty when ``required``).

    Control and formatting characters other than newlines and tabs become spaces: a NUL
    cannot even be stored in PostgreSQL, and the others garble pages and emails."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text).strip()
    if required and not text:
        raise DomainError(f"Please write a {what}.", field=field)
    if len(text) > limit:
        raise DomainError(f"Please keep your {what} under {limit:,} characters.", field=field)
    return text


def offered_proposals(professional: User, student: User, starts: list[datetime]) -> list[Slot]:
    """The 1-3 proposed ``starts`` as slots, each in the future and offered right now, and none
    clashing with a chat the student already has."""
    wanted = sorted({as_utc(s) for s in starts})
    if not 1 <= len(wanted) <= MAX_PROPOSED:
        raise DomainError(
            f"Please propose between 1 and {MAX_PROPOSED} of the offered times.", field="times"
        )
    zone = student.timezone
    now = clock.now()
    for start in wanted:
        if start <= now:
            raise DomainError(
                f"{format_local(start, zone=zone)} has already passed. Please pick a later time.",
                field="times",
            )
    duration = chat_length(professional)
    offered = {
        s.start: s
        for s in offer_slots(professional, wanted[0], wanted[-1] + duration, viewer=student)
    }
    slots = []
    for start in wanted:
        if start not in offered:
            raise DomainError(
                f"{format_local(start, zone=zone)} isn't one of the times "
                f"{professional.display_name} offers now. Please pick from the list.",
                field="times",
            )
        slots.append(offered[start])
    for booking in active_bookings_between([student.id], wanted[0], wanted[-1] + duration):
        if booking.student_id == student.id and any(
            s.start < booking.end_at and booking.start_at < s.end for s in slots
        ):
            raise DomainError(
                f"You already have a chat at {format_local(booking.start_at, zone=zone)}. "
                "Please pick another time.",
                field="times",
            )
    return slots


def clean_location(chat_format: str, location: str | None) -> str:
    """Where the chat happens, as its format needs: an http(s) link for video, a phone number
    for phone, a place for in person."""
    location = (location or "").strip()
    if any(not ch.isprintable() for ch in location):  # a line break would reach emails
        raise DomainError("Please write this on one line, without special characters.", field="location")
    if len(location) > LOCATION_MAX:
        raise DomainError(f"Please keep this under {LOCATION_MAX} characters.", field="location")
    if chat_format == "video":
        parsed = urlparse(location)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in location:
            raise DomainError(
                "Please give the video link, starting with https://", field="location"
            )
    elif chat_format == "phone":
        digits = sum(ch.isdigit() for ch in location)
        if not _PHONE.match(location) or digits < 6:
            raise DomainError(
                "Please give a phone number the student can call, e.g. +44 20 7946 0958.",
                field="location",
            )
    elif len(location) < 3:
        raise DomainError("Please say where you'll meet (a place and address).", field="location")
    return location


def advice_problem(advice: list, send_anyway: bool) -> str | None:
    """Why the reviewed request cannot be sent as it is, or ``None``: ``block`` advice stops
    the send; ``warn`` advice needs the student to tick "send anyway"."""
    levels = {a.level for a in advice}
    if "block" in levels:
        return (
            "Your request can't be sent as it is. "
            "Please change it as the advice above says, then check it again."
        )
    if "warn" in levels and not send_anyway:
        return (
            "Please read the advice above: change your message, "
            'or tick "Send anyway" to send it as it is.'
        )
    return None
