"""Free slots as every page sees them, and the ``next_free_at`` that discovery sorts by.

Slots come from the ``mentorhub_available_slots`` hook (the first plugin that answers wins;
the core scheduler, :mod:`mentorhub.scheduling.default`, answers last). Whatever answered,
the host rule applies: only slots inside the asked range, of the chat length, and clear of
the professional's other active bookings are offered.

``next_free_at`` is derived state with one writer: every write that can change it sends
``schedule_changed``; :func:`note_schedule_changed` queues the professional and
:func:`refresh_changed` recomputes the queued ones just before the commit, in the same
transaction (a rollback forgets the queue). Time passing is ``tick``'s job
(:func:`refresh_stale`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.database import commit, queue, take_queue
from mentorhub.extensions import db
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._api import Slot
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.registries import Progress
from mentorhub.scheduling.default import core_slots
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.schedules import ScheduleBatch, active_bookings

MAX_HORIZON_DAYS = 90
_REFRESH_CHUNK = 500
FIRST_LOOK = timedelta(days=8)
_CHANGED = "scheduling.changed"


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
    moving_booking_id: int | None = None,
    batch: ScheduleBatch | None = None,
) -> list[Slot]:
    """The host rule on a plugin's answer: keep slots inside ``[start, end)``, lasting exactly
    ``duration`` and overlapping no active booking but ``moving_booking_id`` (one query, or
    none with a ``batch``); sorted, de-duplicated."""
    candidates = set()
    for slot in answer:
        s_start, s_end = _as_utc(slot.start), _as_utc(slot.end)
        if s_start is None or s_end is None:
            continue
        if start <= s_start and s_end <= end and s_end - s_start == duration:
            candidates.add(Slot(s_start, s_end))
    if not candidates:
        return []
    busy = active_bookings(professional_id, start, end, moving_booking_id, batch)
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
    moving_booking: Booking | None = None,
    batch: ScheduleBatch | None = None,
) -> list[Slot]:
    """The free slots of ``professional`` (a ``User`` with profile loaded) within
    ``[start, end)``, lasting their chat length, as ``viewer`` may be offered them.

    ``moving_booking``: the booking being rescheduled, which then blocks no time and does not
    count against capacity (every slot plugin is told). ``batch``: schedules a bulk job
    loaded once; plugins are asked first as always, and when none answers the core scheduler
    answers from the batch.
    """
    duration = chat_length(professional)
    if duration <= timedelta(0) or start >= end:
        return []
    if batch is None:
        answer = calls.available_slots(professional, start, end, duration, viewer, moving_booking=moving_booking)
    else:
        answer = calls.available_slots(
            professional, start, end, duration, viewer, moving_booking=moving_booking, defaults=False
        )
        if answer is None:
            answer = core_slots(professional, start, end, duration, clock.now(), moving_booking, batch)
    if not answer:
        return []
    moving_id = moving_booking.id if moving_booking is not None else None
    return host_filter(professional.id, answer, start, end, duration, moving_id, batch)


def booking_window(professional: User) -> tuple[datetime, datetime]:
    """``(now, now + booking horizon)`` for ``professional``."""
    now = clock.now()
    profile = professional.professional_profile
    days = profile.horizon_days if profile else 0
    return now, now + timedelta(days=days or 0)


def upcoming_slots(
    professional: User, viewer: User | None = None, *, moving_booking: Booking | None = None
) -> list[Slot]:
    """Every free slot of ``professional`` from now to the end of their booking horizon."""
    start, end = booking_window(professional)
    return offer_slots(professional, start, end, viewer, moving_booking=moving_booking)


def is_offered(
    professional: User,
    start: datetime,
    viewer: User | None = None,
    *,
    moving_booking: Booking | None = None,
) -> bool:
    """True when a chat starting at ``start`` is one of the professional's free slots now."""
    start = start.astimezone(UTC)
    end = start + chat_length(professional)
    offered = offer_slots(professional, start, end, viewer, moving_booking=moving_booking)
    return Slot(start, end) in offered


def first_free_at(
    professional: User, viewer: User | None = None, batch: ScheduleBatch | None = None
) -> datetime | None:
    """The start of the first upcoming free slot of ``professional``, or ``None``.

    Asks about the coming week first (weekly windows almost always offer something there),
    and about the whole booking horizon only when that week is empty.
    """
    start, end = booking_window(professional)
    week_end = min(end, start + FIRST_LOOK)
    slots = offer_slots(professional, start, week_end, viewer, batch=batch)
    if not slots and week_end < end:
        slots = offer_slots(professional, start, end, viewer, batch=batch)
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
    """:func:`recompute_next_free_at`, then commit (for ``tick`` and bulk jobs)."""
    changed = recompute_next_free_at(professional_ids)
    commit()
    return changed


def recompute_next_free_at(professional_ids: list[int] | None = None) -> int:
    """Store each professional's first upcoming free slot (or ``None``) in
    ``ProfessionalProfile.next_free_at``; all professionals when ``professional_ids`` is
    ``None``. Returns how many changed; the caller's commit keeps them.

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
        batch = ScheduleBatch.load(
            [u.professional_profile for u in chunk], now, now + timedelta(days=MAX_HORIZON_DAYS + 1)
        )
        for user in chunk:
            first = first_free_at(user, batch=batch)
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
    return len(changes)


def note_schedule_changed(sender: Any, *, professional_id: int) -> None:
    """``schedule_changed`` receiver: recompute this professional's next free time before
    the transaction commits."""
    queue(_CHANGED).append(professional_id)


def refresh_changed() -> None:
    """Before-commit callback: recompute the next free times of the professionals whose
    schedule changed in this transaction."""
    ids = take_queue(_CHANGED)
    if ids:
        recompute_next_free_at(ids)


def refresh_stale(progress: Progress | None, full: bool) -> int:
    """``tick`` step: recompute the free times time alone can have made stale (everyone's
    when ``full``) and commit; returns how many changed."""
    return refresh_next_free_at(None if full else stale_next_free_ids())
