"""The nudges ``tick`` sends after a chat: one thank-you reminder two days after its end
when no thank-you was sent, and keep-in-touch nudges 1, 3 and 6 months after it.

A nudge is sent by writing its :class:`~mentorhub.followup.models.Nudge` row with its
notification in one transaction; the row's unique ``(request_id, stage)`` makes a second
tick (or one running at the same time) skip it, so each nudge, and each ``followup_due``
event, goes out once. Like the chat reminders, a nudge is never sent late: each is due only
inside its window, so a tick that did not run for weeks sends the current one, not a pile.
A snoozed keep-in-touch nudge goes out again two weeks later (a conditional update claims
it) while it is still the chat's current one; the next stage's nudge closes the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Row, and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from mentorhub import clock
from mentorhub.accounts.blocks import not_blocked_with
from mentorhub.accounts.models import User
from mentorhub.accounts.suspension import not_suspended
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.database import commit
from mentorhub.errors import Conflict, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.followup.models import THANK_YOU, FollowupNote, KeepInTouchStop, Nudge
from mentorhub.notifications.services import notify
from mentorhub.plugins._events import record_event
from mentorhub.scheduling.models import Booking

SNOOZE = timedelta(days=14)
THANK_YOU_REMINDER_KIND = "thank_you_reminder"
KEEP_IN_TOUCH_KIND = "keep_in_touch"


@dataclass(frozen=True)
class Stage:
    """A nudge due ``after`` the chat's end, and not sent once ``until`` after it."""

    key: str
    kind: str
    after: timedelta
    until: timedelta
    since: str  # "a month", for the text


THANK_YOU_REMINDER = Stage(THANK_YOU_REMINDER_KIND, THANK_YOU_REMINDER_KIND, timedelta(days=2),
                           timedelta(days=9), "two days")
KEEP_IN_TOUCH = (
    Stage("month_1", KEEP_IN_TOUCH_KIND, timedelta(days=30), timedelta(days=91), "a month"),
    Stage("month_3", KEEP_IN_TOUCH_KIND, timedelta(days=91), timedelta(days=182), "three months"),
    Stage("month_6", KEEP_IN_TOUCH_KIND, timedelta(days=182), timedelta(days=213), "six months"),
)
KEEP_IN_TOUCH_STAGES = tuple(stage.key for stage in KEEP_IN_TOUCH)
SINCE = {stage.key: stage.since for stage in KEEP_IN_TOUCH}

Progress = Callable[[int, int], None]


def thank_you_path(request_id: int) -> str:
    """Where a thank-you is written."""
    return f"/requests/{request_id}/thank-you"


def update_path(request_id: int) -> str:
    """Where an update is written."""
    return f"/requests/{request_id}/update"


def _stopped() -> ColumnElement[bool]:
    """The request's student stopped keep-in-touch nudges about its professional."""
    return exists().where(
        KeepInTouchStop.student_id == ChatRequest.student_id,
        KeepInTouchStop.professional_id == ChatRequest.professional_id,
    )


def _thanked() -> ColumnElement[bool]:
    """The request's chat has its thank-you."""
    return exists().where(FollowupNote.request_id == ChatRequest.id, FollowupNote.kind == THANK_YOU)


def _later_chat() -> ColumnElement[bool]:
    """The pair has a chat after this request's (booked or held): nudges follow that one."""
    later_request, later_booking = aliased(ChatRequest), aliased(Booking)
    return (
        select(later_request.id)
        .join(later_booking, later_booking.request_id == later_request.id)
        .where(
            later_request.student_id == ChatRequest.student_id,
            later_request.professional_id == ChatRequest.professional_id,
            later_request.status.in_((ACCEPTED, COMPLETED)),
            later_booking.active,
            later_booking.end_at > Booking.end_at,
        )
        .exists()
    )


def _in_window(stage: Stage, now: datetime) -> ColumnElement[bool]:
    return and_(Booking.active, Booking.end_at <= now - stage.after, Booking.end_at > now - stage.until)


def _due(stage: Stage, now: datetime) -> list[Row]:
    sent = exists().where(Nudge.request_id == ChatRequest.id, Nudge.stage == stage.key)
    query = (
        select(ChatRequest.id, ChatRequest.student_id, ChatRequest.professional_id, User.display_name)
        .join(Booking, Booking.request_id == ChatRequest.id)
        .join(User, User.id == ChatRequest.professional_id)
        .where(_in_window(stage, now), ~sent, not_blocked_with(ChatRequest.student_id, ChatRequest.professional_id),
               not_suspended(ChatRequest.professional_id), not_suspended(ChatRequest.student_id))
        .order_by(Booking.end_at, ChatRequest.id)
    )
    if stage is THANK_YOU_REMINDER:
        query = query.where(ChatRequest.status.in_((ACCEPTED, COMPLETED)), ~_thanked())
    else:  # after a chat that took place, the pair's latest, unless stopped
        query = query.where(ChatRequest.status == COMPLETED, ~_stopped(), ~_later_chat())
    return list(db.session.execute(query))


def _still_wanted(stage: Stage, request_id: int) -> bool:
    """Checked again after the nudge's row is written: a thank-you or a stop that came
    after :func:`_due` read the candidates cancels it."""
    veto = _thanked() if stage is THANK_YOU_REMINDER else _stopped()
    return not db.session.scalar(select(veto).select_from(ChatRequest).where(ChatRequest.id == request_id))


def _text(stage: Stage, name: str) -> tuple[str, str]:
    if stage is THANK_YOU_REMINDER:
        return (
            f"A quick thank-you to {name}?",
            f"Your chat with {name} was two days ago. A short note saying what you learned and "
            "what you will do next means a lot to someone who gave you their time. We have "
            "drafted one for you to finish.",
        )
    return (
        f"Keep in touch with {name}",
        f"It's been {stage.since} since your chat with {name}. Tell them what happened since: "
        "a course you took, an internship, a project, a decision their advice helped with. "
        "People love to hear how things went.\n\nNot now? You can snooze this for two weeks, "
        f"or stop these nudges for {name}, from the same page.",
    )


def _tell(stage: Stage, request_id: int, student_id: int, name: str) -> None:
    title, body = _text(stage, name)
    link = thank_you_path(request_id) if stage is THANK_YOU_REMINDER else update_path(request_id)
    notify(student_id, stage.kind, title, body, link, request_id=request_id)


def _send(stage: Stage, row: Row, now: datetime) -> bool:
    request_id, student_id, professional_id, name = row
    nudge = Nudge(request_id=request_id, student_id=student_id, professional_id=professional_id,
                  stage=stage.key, sent_at=now)
    db.session.add(nudge)
    try:
        db.session.flush()
    except IntegrityError:  # another tick sent it first
        db.session.rollback()
        return False
    if not _still_wanted(stage, request_id):
        db.session.rollback()
        return False
    if stage is not THANK_YOU_REMINDER:
        # The chat's earlier nudge (perhaps snoozed) is replaced by this one.
        db.session.execute(
            update(Nudge)
            .where(Nudge.request_id == request_id, Nudge.id != nudge.id, Nudge.closed_at.is_(None))
            .values(closed_at=now)
            .execution_options(synchronize_session=False)
        )
        record_event("followup_due", request_id=request_id, student_id=student_id,
                     professional_id=professional_id, actor_id=None)
    _tell(stage, request_id, student_id, name)
    commit()
    return True


def _snoozed_due(stage: Stage, now: datetime) -> list[Row]:
    return db.session.execute(
        select(Nudge.id, Nudge.request_id, Nudge.student_id, User.display_name)
        .join(ChatRequest, ChatRequest.id == Nudge.request_id)
        .join(Booking, Booking.request_id == ChatRequest.id)
        .join(User, User.id == Nudge.professional_id)
        .where(
            Nudge.stage == stage.key,
            Nudge.snoozed_until <= now,
            Nudge.closed_at.is_(None),
            _in_window(stage, now),
            ~_stopped(),
            ~_later_chat(),
            not_blocked_with(ChatRequest.student_id, ChatRequest.professional_id),
            not_suspended(ChatRequest.professional_id),
            not_suspended(ChatRequest.student_id),
        )
        .order_by(Nudge.snoozed_until, Nudge.id)
    ).all()


def _resend(stage: Stage, row: Row, now: datetime) -> bool:
    """A snoozed nudge whose two weeks are over goes out again (the same nudge: no second
    ``followup_due``), claimed with a conditional update."""
    nudge_id, request_id, student_id, name = row
    claimed = db.session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.snoozed_until <= now, Nudge.closed_at.is_(None))
        .values(snoozed_until=None, sent_at=now, times_sent=Nudge.times_sent + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return False
    _tell(stage, request_id, student_id, name)
    commit()
    return True


def send_due_nudges(now: datetime | None = None, progress: Progress | None = None) -> int:
    """Send every nudge due now (thank-you reminders, keep-in-touch nudges, snoozed ones
    coming back while still current); returns how many this call sent. Safe to run twice
    or concurrently."""
    now = now or clock.now()
    # Plain rows first: each commit below expires loaded objects.
    work: list[tuple[Callable[[Stage, Row, datetime], bool], Stage, Row]] = [
        (_send, stage, row) for stage in (THANK_YOU_REMINDER, *KEEP_IN_TOUCH) for row in _due(stage, now)
    ]
    work += [(_resend, stage, row) for stage in KEEP_IN_TOUCH for row in _snoozed_due(stage, now)]
    sent = 0
    for index, (act, stage, row) in enumerate(work, start=1):
        sent += act(stage, row, now)
        if progress:
            progress(index, len(work))
    return sent


def nudge_step(progress: Progress | None, full: bool) -> int:
    """``tick`` step: :func:`send_due_nudges`."""
    return send_due_nudges(progress=progress)


# --- what the student does with a keep-in-touch nudge ---


def own_nudge(actor: User, nudge_id: int) -> Nudge:
    """``actor``'s keep-in-touch nudge ``nudge_id``: 403 for the chat's professional, 404
    for anyone else."""
    nudge = db.session.get(Nudge, nudge_id)
    if nudge is None or nudge.stage not in KEEP_IN_TOUCH_STAGES or actor.id not in (
        nudge.student_id,
        nudge.professional_id,
    ):
        raise NotFound("We couldn't find that reminder.")
    if actor.id != nudge.student_id:
        raise NotAllowed("Only the student can snooze their reminder.")
    return nudge


def snooze(actor: User, nudge_id: int) -> datetime:
    """Put ``actor``'s keep-in-touch nudge off for two weeks; returns when it comes back."""
    nudge = own_nudge(actor, nudge_id)
    if nudge.closed_at is not None:
        raise Conflict("You already answered this reminder, or a newer one replaced it.")
    nudge.snoozed_until = clock.now() + SNOOZE
    commit()
    return nudge.snoozed_until


def stop(actor: User, professional_id: int) -> None:
    """No more keep-in-touch nudges for ``actor`` about ``professional_id`` (their chats
    and updates stay)."""
    _check_met(actor, professional_id)
    if db.session.get(KeepInTouchStop, (actor.id, professional_id)) is None:
        db.session.add(KeepInTouchStop(student_id=actor.id, professional_id=professional_id, created_at=clock.now()))
        try:
            commit()
        except IntegrityError:  # two clicks at once: the first one stopped them
            db.session.rollback()


def resume(actor: User, professional_id: int) -> None:
    """Keep-in-touch nudges about ``professional_id`` again (the next one comes at its
    usual time)."""
    _check_met(actor, professional_id)
    stopped = db.session.get(KeepInTouchStop, (actor.id, professional_id))
    if stopped is not None:
        db.session.delete(stopped)
        commit()


def is_stopped(student_id: int, professional_id: int) -> bool:
    """Whether the student stopped keep-in-touch nudges about that professional."""
    return db.session.get(KeepInTouchStop, (student_id, professional_id)) is not None


def _check_met(actor: User, professional_id: int) -> None:
    met = db.session.scalar(
        select(ChatRequest.id).where(
            ChatRequest.student_id == actor.id,
            ChatRequest.professional_id == professional_id,
            ChatRequest.status.in_((ACCEPTED, COMPLETED)),
        ).limit(1)
    )
    if met is None:
        raise NotFound("We couldn't find a chat of yours with that person.")


def open_nudges(student: User, now: datetime | None = None) -> list[Nudge]:
    """``student``'s keep-in-touch nudges waiting for an update: sent, still current, not
    closed (answered or replaced), not snoozed, not stopped, not followed by a later chat with
    the same person; newest first, with their professionals (one query)."""
    now = now or clock.now()
    rows = db.session.scalars(
        select(Nudge)
        .join(ChatRequest, ChatRequest.id == Nudge.request_id)
        .join(Booking, Booking.request_id == ChatRequest.id)
        .where(
            Nudge.student_id == student.id,
            # Each only while its stage is current (a snooze may outlast the last one).
            or_(*(and_(Nudge.stage == stage.key, Booking.end_at > now - stage.until) for stage in KEEP_IN_TOUCH)),
            Nudge.closed_at.is_(None),
            (Nudge.snoozed_until.is_(None)) | (Nudge.snoozed_until <= now),
            ~_stopped(),
            ~_later_chat(),
            not_blocked_with(Nudge.student_id, Nudge.professional_id),
            not_suspended(Nudge.professional_id),
        )
        .options(joinedload(Nudge.professional))
        .order_by(Nudge.sent_at.desc())
    )
    return list(rows)


def open_nudge_of(student: User, request_id: int) -> Nudge | None:
    """The open keep-in-touch nudge of one of ``student``'s chats, if any."""
    return next((n for n in open_nudges(student) if n.request_id == request_id), None)
