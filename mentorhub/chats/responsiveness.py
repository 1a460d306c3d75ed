"""How fast professionals answer, shown to students, and the pause that follows silence.

**Usual reply time.** A professional's profile and search card say "Usually replies within
2 days": the median time from a request being sent to the professional's *first* answer
(accept, decline or ask for other times: the earliest history entry they made, since
``responded_at`` keeps the latest), over their last :data:`LAST_ANSWERED` answered requests
sent in the last :data:`WINDOW_DAYS` days, once there are at least :data:`MIN_ANSWERED` of
them. It is kept in ``ProfessionalProfile.usual_reply_seconds`` so pages read a column:
an answer refreshes it in the answer's transaction, and a ``tick`` step refreshes those
whose oldest requests are leaving the window (``tick --refresh-all``: everyone).

**Pause after silence.** Each request a professional leaves unanswered for the whole
``REQUEST_EXPIRY_DAYS`` (not one whose proposed times simply passed first, which may have given
them a day) counts in ``expired_in_a_row``; any answer, or a message of theirs in a request's
thread, resets it. At :data:`EXPIRIES_BEFORE_PAUSE`
their requests are paused (``accepting_requests`` off, ``auto_paused_at`` set) and they are
told why by email, with a link to resume in one click
(:func:`mentorhub.profiles.services.resume_requests`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.chats.queries import first_answers
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.notifications.services import notify
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.registries import Progress
from mentorhub.signals import schedule_changed, send

WINDOW_DAYS = 180
MIN_ANSWERED = 5
LAST_ANSWERED = 20
EXPIRIES_BEFORE_PAUSE = 3
# A tick refreshes the professionals showing a reply time with requests that left the window
# this recently, so even a tick that did not run for weeks misses none.
_LEAVING_MARGIN = timedelta(days=30)
_BATCH = 500
# The page where a paused professional resumes requests (profiles' ``profiles.resume``).
RESUME_PATH = "/profile/resume"


def reply_times(professional_ids: Iterable[int], now: datetime | None = None) -> dict[int, int | None]:
    """The usual reply time in whole seconds of each of ``professional_ids`` (``None``: too
    few answers to say), in one query."""
    ids = sorted(set(professional_ids))
    if not ids:
        return {}
    since = (now or clock.now()) - timedelta(days=WINDOW_DAYS)
    in_window = (ChatRequest.professional_id.in_(ids), ChatRequest.created_at >= since)
    first_answer = first_answers(*in_window)
    waits: dict[int, list[float]] = {pid: [] for pid in ids}
    for pid, sent_at, answered_at in db.session.execute(
        select(ChatRequest.professional_id, ChatRequest.created_at, first_answer.c.at)
        .join(first_answer, first_answer.c.request_id == ChatRequest.id)
        .where(*in_window)
        .order_by(ChatRequest.professional_id, ChatRequest.created_at.desc(), ChatRequest.id.desc())
    ):
        if len(waits[pid]) < LAST_ANSWERED:
            waits[pid].append(max((answered_at - sent_at).total_seconds(), 0.0))
    return {
        pid: round(statistics.median(found)) if len(found) >= MIN_ANSWERED else None
        for pid, found in waits.items()
    }


def refresh_reply_times(professional_ids: Iterable[int], now: datetime | None = None) -> int:
    """Store the usual reply time of ``professional_ids``; returns how many changed. Does not
    commit."""
    times = reply_times(professional_ids, now)
    if not times:
        return 0
    current = dict(db.session.execute(
        select(ProfessionalProfile.user_id, ProfessionalProfile.usual_reply_seconds)
        .where(ProfessionalProfile.user_id.in_(list(times)))
    ).all())
    changed = [(pid, seconds) for pid, seconds in times.items() if pid in current and current[pid] != seconds]
    for pid, seconds in changed:
        db.session.execute(
            update(ProfessionalProfile).where(ProfessionalProfile.user_id == pid)
            .values(usual_reply_seconds=seconds).execution_options(synchronize_session=False)
        )
    return len(changed)


def note_answer(professional_id: int) -> None:
    """A professional answered a request: the expiries in a row start again from nothing
    (:func:`note_reply`) and their usual reply time is refreshed. Part of the answer's
    transaction (no commit)."""
    note_reply(professional_id)
    refresh_reply_times([professional_id])


def note_reply(professional_id: int) -> None:
    """A professional wrote in a request's thread: not an answer (the reply time waits for
    one), but not silence either, so the expiries in a row start again from nothing. Part of
    the message's transaction (no commit)."""
    db.session.execute(
        update(ProfessionalProfile)
        .where(ProfessionalProfile.user_id == professional_id, ProfessionalProfile.expired_in_a_row != 0)
        .values(expired_in_a_row=0).execution_options(synchronize_session=False)
    )


def note_expiry(professional_id: int, now: datetime) -> bool:
    """A request to ``professional_id`` waited its whole time without any answer or message
    from them. Counts it, and at
    :data:`EXPIRIES_BEFORE_PAUSE` in a row pauses their requests and tells them why; returns
    whether this paused them. Part of the expiry's transaction (no commit)."""
    P = ProfessionalProfile
    db.session.execute(
        update(P).where(P.user_id == professional_id).values(expired_in_a_row=P.expired_in_a_row + 1)
        .execution_options(synchronize_session=False)
    )
    paused = db.session.execute(
        update(P)
        .where(P.user_id == professional_id, P.accepting_requests.is_(True),
               P.expired_in_a_row >= EXPIRIES_BEFORE_PAUSE)
        .values(accepting_requests=False, auto_paused_at=now, expired_in_a_row=0)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if paused:
        send(schedule_changed, professional_id=professional_id)
        notify(
            professional_id,
            "requests_paused",
            "We paused new requests for you",
            "Three requests in a row expired before you could answer them, so we paused new "
            "requests for you: students won't wait on an answer that isn't coming, and nobody "
            "thinks less of you for being busy. Students aren't told why; they see that you're "
            "not taking new requests right now. Your profile stays up and your upcoming chats are "
            "unchanged. When you have time again, open the link and press \"Resume requests\".",
            RESUME_PATH,
        )
    return paused


def refresh_step(progress: Progress | None, full: bool) -> int:
    """``tick`` step: refresh the usual reply time of the professionals showing one whose
    requests are leaving the window (time passing only ever takes answers away; a new answer
    refreshes at once), or with ``full`` of every active professional, in batches."""
    now = clock.now()
    P = ProfessionalProfile
    if full:
        query = select(P.user_id).join(User, User.id == P.user_id).where(User.deleted_at.is_(None))
    else:
        edge = now - timedelta(days=WINDOW_DAYS)
        query = select(ChatRequest.professional_id).join(P, P.user_id == ChatRequest.professional_id).where(
            P.usual_reply_seconds.is_not(None),
            ChatRequest.created_at >= edge - _LEAVING_MARGIN, ChatRequest.created_at < edge,
        )
    ids = sorted(set(db.session.scalars(query)))
    changed = 0
    for start in range(0, len(ids), _BATCH):
        changed += refresh_reply_times(ids[start:start + _BATCH], now)
        commit()
        if progress:
            progress(min(start + _BATCH, len(ids)), len(ids))
    return changed
