"""Free slots as every page sees them, and the ``next_free_at`` that discovery sorts by.

Slots come from the ``mentorhub_available_slots`` hook (the first plugin that answers wins;
the first-party ``scheduler`` answers last). Whatever answered, the host rule applies: only
slots inside the asked range, of the chat length, and clear of the professional's active
bookings are offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins import calls
from mentorhub.plugins.api import Slot
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.schedules import active_bookings, moving, prefetched

MAX_HORIZON_DAYS = 90
_REFRESH_CHUNK = 500
FIRST_LOOK = timedelta(days=8)


def chat_length(professional: User) -> timedelta:
    """How long one chat with ``professional`` lasts."""
    profile = professional.professional_profile
    return timedelta(minutes=profile.chat_minutes if profile else 0)


def _as_utc(moment: object) -> datetime | None:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def host_filter(
    professional_id: int,
    answer: Iterable[Slot],
    start: datetime,
    end: datetime,
    duration: timedelta,
) -> list[Slot]:
    """The host rule on a plugin's answer: keep slots inside ``[start, end)``, lasting exactly
    ``duration`` and overlapping no active booking (one query); sorted, de-duplicated."""
    candidates = set()
    for slot in answer:
        s_start, s_end = _as_utc(slot.start), _as_utc(slot.end)
        if s_start is None or s_end is None:
            continue
        if start <= s_start and s_end <= end and s_end - s_start == duration:
            candidates.add(Slot(s_start, s_end))
    if not candidates:
        return []
    busy = active_bookings(professional_id, start, end)
    kept = [
        s
        for s in candidates
        if not any(s.start < b_end and b_start < s.end for b_start, b_end in busy)
    ]
    return sorted(kept, key=lambda s: s.start)


def offer_slots(
    professional: User,
    start: datetime,
    end: datetime,
    viewer: User | None = None,
    *,
    moving_booking_id: int | None = None,
) -> list[Slot]:
    """The free slots of ``professional`` (a ``User`` with profile loaded) within
    ``[start, end)``, lasting their chat length, as ``viewer`` may be offered them.

    ``moving_booking_id``: the booking being rescheduled, which then blocks no time and
    does not count against capacity (see :func:`~mentorhub.scheduling.schedules.moving`).
    """
    duration = chat_length(professional)
    if duration <= timedelta(0) or start >= end:
        return []
    with moving(moving_booking_id):
        answer = calls.available_slots(professional, start, end, duration, viewer)
        if not answer:
            return []
        return host_filter(professional.id, answer, start, end, duration)


def booking_window(professional: User) -> tuple[datetime, datetime]:
    """``(now, now + booking horizon)`` for ``professional``."""
    now = clock.now()
    profile = professional.professional_profile
    days = profile.horizon_days if profile else 0
    return now, now + timedelta(days=days or 0)


def upcoming_slots(
    professional: User, viewer: User | None = None, *, moving_booking_id: int | None = None
) -> list[Slot]:
    """Every free slot of ``professional`` from now to the end of their booking horizon."""
    start, end = booking_window(professional)
    return offer_slots(professional, start, end, viewer, moving_booking_id=moving_booking_id)


def is_offered(
    professional: User,
    start: datetime,
    viewer: User | None = None,
    *,
    moving_booking_id: int | None = None,
) -> bool:
    """True when a chat starting at ``start`` is one of the professional's free slots now."""
    start = start.astimezone(UTC)
    end = start + chat_length(professional)
    offered = offer_slots(professional, start, end, viewer, moving_booking_id=moving_booking_id)
    return Slot(start, end) in offered


def first_free_at(professional: User, viewer: User | None = None) -> datetime | None:
    """The start of the first upcoming free slot of ``professional``, or ``None``.

    Asks about the coming week first (weekly windows almost always offer something there),
    and about the whole booking horizon only when that week is empty.
    """
    start, end = booking_window(professional)
    week_end = min(end, start + FIRST_LOOK)
    slots = offer_slots(professional, start, week_end, viewer)
    if not slots and week_end < end:
        slots = offer_slots(professional, start, end, viewer)
    return slots[0].start if slots else None


def _professional_users(ids: list[int] | None) -> list[User]:
    query = (
        select(User)
        .join(ProfessionalProfile, ProfessionalProfile.user_id == User.id)
        .options(selectinload(User.professional_profile).selectinload(ProfessionalProfile.topics))
        .order_by(User.id)
    )
    if ids is not None:
        query = query.where(User.id.in_(ids))
    return list(db.session.scalars(query))


def stale_next_free_ids() -> list[int]:
    """Professionals whose stored next free time may have gone stale by time passing alone:
    none is stored (new windows may have come inside the horizon, a new month may have freed
    capacity), or it now falls inside their minimum notice. Every other change (availability,
    bookings, profile) refreshes the professional at once, so ``tick`` need only look here."""
    now = clock.now()
    rows = db.session.execute(
        select(ProfessionalProfile.user_id, ProfessionalProfile.next_free_at, ProfessionalProfile.min_notice_hours)
    ).all()
    return [uid for uid, first, notice in rows if first is None or first < now + timedelta(hours=notice)]


def refresh_next_free_at(professional_ids: list[int] | None = None) -> int:
    """Store each professional's first upcoming free slot (or ``None``) in
    ``ProfessionalProfile.next_free_at``; all professionals when ``professional_ids`` is
    ``None``. Returns how many changed, and commits.

    Schedules are loaded in batches (a few queries per 500 professionals), yet every
    professional's slots still go through the hook, so a plugin that decides scheduling is
    respected here as on every page.
    """
    ids = None if professional_ids is None else sorted(set(professional_ids))
    users = [] if ids == [] else _professional_users(ids)
    changes: list[dict[str, object]] = []
    for i in range(0, len(users), _REFRESH_CHUNK):
        chunk = users[i : i + _REFRESH_CHUNK]
        now = clock.now()
        profiles = [u.professional_profile for u in chunk]
        with prefetched(profiles, now, now + timedelta(days=MAX_HORIZON_DAYS + 1)):
            for user in chunk:
                first = first_free_at(user)
                if user.professional_profile.next_free_at != first:
                    changes.append({"pid": user.id, "first": first})
    if changes:
        # A Core UPDATE: the profile's updated_at means "edited by its owner", not this.
        table = ProfessionalProfile.__table__
        db.session.execute(
            update(table)
            .where(table.c.user_id == bindparam("pid"))
            .values(next_free_at=bindparam("first"), updated_at=table.c.updated_at),
            changes,
        )
    commit()
    return len(changes)
