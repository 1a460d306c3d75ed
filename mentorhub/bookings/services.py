"""What happens to a booked chat: cancel, move with the other person's consent, no-show (completion is ``tick``'s:
:func:`mentorhub.bookings.periodic.complete_due_chats`).

Every change moves the chat request with a conditional update
(:func:`mentorhub.chats.transitions.transition`), so two people acting at once cannot both
win, and tells the other party (the email carries the updated ``.ics``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from flask import current_app
from flask_login import current_user
from sqlalchemy import and_, or_, select, update

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.access import (
    available_actions,
    booking_for,
    closed_message,
    is_late,
    other_party,
)
from mentorhub.bookings.models import CLOSED, CONFIRMED, DECLINED, OPEN, REPLACED, WITHDRAWN, MoveProposal
from mentorhub.bookings.reminders import REMINDERS
from mentorhub.chats.booking_guard import active_bookings_between, booking_conflicts, check_free
from mentorhub.chats.models import ACCEPTED, CANCELLED, NO_SHOW, ChatRequest
from mentorhub.chats.transitions import transition
from mentorhub.chats.writing import request_link
from mentorhub.database import commit, write_transaction
from mentorhub.errors import Conflict, DomainError
from mentorhub.extensions import db
from mentorhub.notifications.services import notify, settle
from mentorhub.plugins._api import Slot
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.services import chat_length, is_offered, upcoming_slots
from mentorhub.signals import schedule_changed, send
from mentorhub.timefmt import format_local

MAX_REASON_LENGTH = 1000
# What the other person reads when a block cancels their chat: true, and it says no more.
BLOCK_REASON = "They can no longer take part in this chat."
SUSPENDED_REASON = "The other person's account isn't active at the moment, so the chat can't go ahead."
LEFT_REASON = "The other person has left MentorHub, so the chat can't go ahead."
CHANGED_MESSAGE = "This chat changed in the meantime. Please check it again."
T = TypeVar("T")


def _undone_on_error(service: Callable[..., T]) -> Callable[..., T]:
    """A refused change leaves nothing behind: roll the session back, then re-raise."""

    @wraps(service)
    def wrapped(*args: Any, **kwargs: Any) -> T:
        try:
            return service(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise

    return wrapped


def _when(booking: Booking, user: User) -> str:
    return format_local(booking.start_at, zone=user.timezone)


@_undone_on_error
def cancel_booking(actor: User, booking_id: int, reason: str) -> Booking:
    """Call the chat off before it starts (either side, with a reason for the other person).

    Less than ``LATE_CANCEL_HOURS`` before the start it is marked late. The booking stops
    blocking the time, its SEQUENCE rises, and the other party is told (the email carries the
    cancelled ``.ics``, which removes the event from their calendar).
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Please say why you are cancelling: the other person set this time aside.",
            field="reason",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            f"Please keep the reason under {MAX_REASON_LENGTH} characters.", field="reason"
        )
    booking = booking_for(actor, booking_id)
    now = clock.now()
    if not available_actions(booking, actor, now).can_cancel:
        raise Conflict(closed_message(booking, now))
    call_off(booking, actor, reason, now)
    commit()
    return booking


def call_off(booking: Booking, actor: User, reason: str, now: datetime, *, may_be_late: bool = True,
             by_site: bool = False, told: tuple[str, str] | None = None) -> None:
    """Cancel ``booking`` on behalf of ``actor`` with ``reason`` for the other person, who is
    told (with the cancelled ``.ics``); the caller has checked it may be. ``may_be_late``
    False never marks it a late cancellation (a block is not the canceller's lateness);
    ``by_site`` records MentorHub, not ``actor``, as who cancelled it, and ``told`` is the
    other person's notification (title, body) instead of the usual. Does not commit."""
    late = may_be_late and is_late(booking, now)
    transition(
        booking.request,
        expected=ACCEPTED,
        to=CANCELLED,
        actor=None if by_site else actor,
        event="booking_cancelled",
        note=reason,
        booking_id=booking.id,
        conflict_message=CHANGED_MESSAGE,
    )
    close_open_moves(booking.id, now)
    booking.active = False
    booking.sequence = booking.sequence + 1
    booking.cancel_reason = reason
    booking.cancelled_by_id = None if by_site else actor.id
    booking.late_cancel = late
    other = other_party(booking, actor)
    late_note = (
        " This is a late cancellation (less than "
        f"{current_app.config['LATE_CANCEL_HOURS']} hours before the start)."
        if late
        else ""
    )
    title, body = told or (
        f"{actor.display_name} cancelled your chat on {_when(booking, other)}",
        f"{actor.display_name} had to cancel the chat planned for {_when(booking, other)}."
        f"{late_note}\n\nTheir reason: {reason}",
    )
    notify(
        other,
        "booking_cancelled",
        title,
        f"{body}\n\nThe attached calendar file removes it from your calendar.",
        request_link(booking.request_id),
        request_id=booking.request_id,
        booking_id=booking.id,
    )
    send(schedule_changed, professional_id=booking.professional_id)


def close_open_moves(booking_id: int, now: datetime) -> None:
    """Close the open proposal to move booking ``booking_id``, if any (the chat was
    cancelled, started, took place or was missed: there is nothing left to move). Added to
    the caller's transaction."""
    db.session.execute(
        update(MoveProposal)
        .where(MoveProposal.booking_id == booking_id, MoveProposal.status == OPEN)
        .values(status=CLOSED, decided_at=now)
        .execution_options(synchronize_session=False)
    )


def _clean_move_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError(
            "Please add a short note saying why the chat needs to move: the other person "
            "decides whether the new time works for them.",
            field="note",
        )
    if len(note) > MAX_REASON_LENGTH:
        raise DomainError(f"Please keep the note under {MAX_REASON_LENGTH} characters.", field="note")
    return note


def open_move(booking_id: int) -> MoveProposal | None:
    """The proposal to move booking ``booking_id`` that waits for an answer, if any."""
    return db.session.scalar(
        select(MoveProposal).where(MoveProposal.booking_id == booking_id, MoveProposal.status == OPEN)
    )


def _decide(move_id: int, to: str) -> None:
    """Close open proposal ``move_id`` as ``to`` with a conditional update: of two people
    answering at once, one wins and the other gets :class:`Conflict`."""
    result = db.session.execute(
        update(MoveProposal)
        .where(MoveProposal.id == move_id, MoveProposal.status == OPEN)
        .values(status=to, decided_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("This proposal was answered or withdrawn in the meantime. Please check the chat again.")


def _check_new_time(actor: User, booking: Booking, start_at: datetime, now: datetime) -> None:
    if start_at.tzinfo is None:
        raise DomainError("Please pick one of the times listed.", field="start_at")
    if start_at <= now:
        raise DomainError(
            "That time has already passed. Please pick a time in the future.", field="start_at"
        )
    if start_at == booking.start_at:
        raise DomainError(
            "That is the time the chat already has. Please pick a different time.", field="start_at"
        )
    professional = booking.professional
    if not is_offered(professional, start_at, viewer=actor, moving_booking=booking):
        raise DomainError(
            f"{professional.display_name} is not free at that time. "
            "Please pick one of the times listed.",
            field="start_at",
        )


@_undone_on_error
def propose_move(actor: User, booking_id: int, start_at: datetime, note: str) -> MoveProposal:
    """Ask the other person to move the chat to ``start_at`` (either side, with a note).

    The new time must be one of the professional's offered slots (the chat itself set aside),
    in the future, and free for both people. The booking keeps its time until the other
    person confirms (:func:`confirm_move`); a proposal already open, from either side, is
    replaced by this one. The other person is told, without a calendar file (nothing moved).
    """
    note = _clean_move_note(note)
    booking = booking_for(actor, booking_id)
    now = clock.now()
    if not available_actions(booking, actor, now).can_reschedule:
        raise Conflict(closed_message(booking, now))
    _check_new_time(actor, booking, start_at, now)
    end_at = start_at + chat_length(booking.professional)
    check_free(booking.professional_id, booking.student_id, start_at, end_at, exclude_booking_id=booking.id)
    old_start = booking.start_at
    with write_transaction():
        # The request's row first: it serialises two proposals made at once, so the second
        # sees (and replaces) the first instead of tripping the one-open-proposal index.
        transition(
            booking.request,
            expected=ACCEPTED,
            to=ACCEPTED,
            actor=actor,
            event="booking_move_proposed",
            booking_id=booking.id,
            note=f"from {old_start.isoformat()} to {start_at.isoformat()}\nNote: {note}",
            conflict_message=CHANGED_MESSAGE,
        )
        db.session.execute(
            update(MoveProposal)
            .where(MoveProposal.booking_id == booking.id, MoveProposal.status == OPEN)
            .values(status=REPLACED, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        move = MoveProposal(
            booking_id=booking.id, proposed_by_id=actor.id, old_start_at=old_start,
            start_at=start_at, end_at=end_at, note=note, created_at=now,
        )
        db.session.add(move)
        settle(actor, booking.request_id, "You proposed another time")
    other = other_party(booking, actor)
    notify(
        other,
        "move_proposed",
        f"{actor.display_name} asks to move your chat to {format_local(start_at, zone=other.timezone)}",
        f"{actor.display_name} asks to move your chat from {_when(booking, other)} to "
        f"{format_local(start_at, zone=other.timezone)}.\n\nTheir note: {note}\n\n"
        "The chat stays at its current time until you confirm the new one. Confirm it, or "
        "keep the current time, on the request page.",
        request_link(booking.request_id),
        request_id=booking.request_id,
    )
    commit()
    return move


def _open_move_for(actor: User, booking: Booking, now: datetime) -> MoveProposal:
    if not available_actions(booking, actor, now).can_reschedule:
        raise Conflict(closed_message(booking, now))
    move = open_move(booking.id)
    if move is None:
        raise Conflict("There is no new time waiting for an answer on this chat any more.")
    return move


@_undone_on_error
def confirm_move(actor: User, booking_id: int) -> Booking:
    """The other person agrees: the chat moves to the proposed time.

    The time is checked again now (still offered, still free for both); the database has the
    final word on overlaps, and a conditional update on the proposal means it moves once.
    The request stays accepted, the SEQUENCE rises, reminders start again, and both people
    get the updated ``.ics`` (the confirmer's copy is read at once).
    """
    booking = booking_for(actor, booking_id)
    now = clock.now()
    move = _open_move_for(actor, booking, now)
    if move.proposed_by_id == actor.id:
        raise DomainError(
            f"{other_party(booking, actor).display_name} has to confirm the time you proposed. "
            "You can withdraw your proposal instead."
        )
    proposer = move.proposed_by
    start_at, end_at = move.start_at, move.end_at
    if start_at <= now:
        raise Conflict(
            f"The time {proposer.display_name} proposed has passed, so the chat stays at "
            f"{_when(booking, actor)}. Keep it, or propose another time."
        )
    try:
        _check_new_time(proposer, booking, start_at, now)
        check_free(booking.professional_id, booking.student_id, start_at, end_at, exclude_booking_id=booking.id)
    except DomainError as err:
        _lapse(move, booking, proposer)
        raise Conflict(
            f"{format_local(start_at, zone=actor.timezone)} is no longer free (another chat took it), so the "
            f"chat stays at {_when(booking, actor)}. {proposer.display_name} has been told; keep the "
            "current time, or propose another one."
        ) from err
    ids = (booking.id, booking.request_id, booking.professional_id, booking.student_id, move.id)
    with booking_conflicts():
        with write_transaction():
            booking = db.session.get(Booking, ids[0], populate_existing=True)
            check_free(ids[2], ids[3], start_at, end_at, exclude_booking_id=booking.id)
            chat_request = db.session.get(ChatRequest, ids[1])
            old_start = booking.start_at
            transition(
                chat_request,
                expected=ACCEPTED,
                to=ACCEPTED,
                actor=actor,
                event="booking_rescheduled",
                name="move_confirmed",
                note=f"moved from {old_start.isoformat()} to {start_at.isoformat()}",
                booking_id=booking.id,
                conflict_message=CHANGED_MESSAGE,
            )
            # Always the request's row, then the proposal's: every move service locks in
            # this order, so two of them at once wait for each other instead of deadlocking.
            _decide(ids[4], CONFIRMED)
            booking.start_at, booking.end_at = start_at, end_at
            booking.sequence = booking.sequence + 1
            _reset_reminders(booking, now)
            settle(actor, ids[1], "You confirmed the new time")
            db.session.flush()
    notify(
        proposer,
        "booking_rescheduled",
        f"{actor.display_name} confirmed: your chat moved to {_when(booking, proposer)}",
        f"{actor.display_name} confirmed the new time. Your chat moved from "
        f"{format_local(old_start, zone=proposer.timezone)} to {_when(booking, proposer)}.\n\n"
        "The attached calendar file updates the event in your calendar.",
        request_link(ids[1]),
        request_id=ids[1],
        booking_id=booking.id,
    )
    # The confirmer's calendar still has the old time: send them the updated file too,
    # already read in the inbox (they just did it).
    copy = notify(
        actor,
        "booking_moved",
        f"Your chat moved to {_when(booking, actor)}",
        f"You confirmed the new time: the chat moved from "
        f"{format_local(old_start, zone=actor.timezone)} to {_when(booking, actor)}.\n\n"
        "The attached calendar file updates the event in your calendar.",
        request_link(ids[1]),
        request_id=ids[1],
        booking_id=booking.id,
    )
    copy.read_at = now
    send(schedule_changed, professional_id=ids[2])
    commit()
    return booking


def _lapse(move: MoveProposal, booking: Booking, proposer: User) -> None:
    """Close a proposal whose time was taken meanwhile and tell its proposer (committed)."""
    move_id, request_id, start_at = move.id, booking.request_id, move.start_at
    with write_transaction():
        try:
            _decide(move_id, CLOSED)
        except Conflict:
            return  # answered meanwhile
        proposer = db.session.get(User, proposer.id)
        booking = db.session.get(Booking, booking.id)
        notify(
            proposer,
            "move_lapsed",
            "The time you proposed for your chat is no longer free",
            f"{format_local(start_at, zone=proposer.timezone)} was taken by another chat before it could "
            f"be confirmed, so your chat stays at {_when(booking, proposer)}. If that time does not "
            "work for you, propose another one on the request page.",
            request_link(request_id),
            request_id=request_id,
        )
    commit()


def _answer(booking: Booking, move_id: int, actor: User, event: str, status: str) -> None:
    """Record ``actor``'s answer ``event`` on the chat's history, then close proposal
    ``move_id`` as ``status``: the request's row first, then the proposal's, the order every
    move service locks in."""
    transition(
        booking.request, expected=ACCEPTED, to=ACCEPTED, actor=actor, event=event, booking_id=booking.id,
        conflict_message=CHANGED_MESSAGE,
    )
    _decide(move_id, status)


@_undone_on_error
def keep_time(actor: User, booking_id: int) -> Booking:
    """The other person keeps the current time: the proposal is declined, the chat stays."""
    booking = booking_for(actor, booking_id)
    now = clock.now()
    move = _open_move_for(actor, booking, now)
    if move.proposed_by_id == actor.id:
        raise DomainError("This is your own proposal: withdraw it to keep the current time.")
    proposer = move.proposed_by
    with write_transaction():
        _answer(booking, move.id, actor, "booking_move_declined", DECLINED)
        settle(actor, booking.request_id, "You kept the current time")
    notify(
        proposer,
        "move_declined",
        f"{actor.display_name} kept your chat at {_when(booking, proposer)}",
        f"{actor.display_name} could not make {format_local(move.start_at, zone=proposer.timezone)}, "
        f"so your chat stays at {_when(booking, proposer)}.\n\nIf that time no longer works "
        "for you, propose another time or send a message on the request page.",
        request_link(booking.request_id),
        request_id=booking.request_id,
    )
    commit()
    return booking


@_undone_on_error
def withdraw_move(actor: User, booking_id: int) -> Booking:
    """The proposer takes their proposal back: the chat stays at its time."""
    booking = booking_for(actor, booking_id)
    now = clock.now()
    move = _open_move_for(actor, booking, now)
    if move.proposed_by_id != actor.id:
        raise DomainError("Only the person who proposed the new time can withdraw it.")
    other = other_party(booking, actor)
    with write_transaction():
        _answer(booking, move.id, actor, "booking_move_withdrawn", WITHDRAWN)
        settle(other, booking.request_id, f"{actor.display_name} withdrew it")
    notify(
        other,
        "move_withdrawn",
        f"{actor.display_name} no longer asks to move your chat",
        f"{actor.display_name} withdrew the new time they proposed. Your chat stays at "
        f"{_when(booking, other)}.",
        request_link(booking.request_id),
        request_id=booking.request_id,
    )
    commit()
    return booking


def move_marks(requests: list[Any]) -> dict[int, str]:
    """Request marker: a booked chat with a new time waiting for an answer says so, to the
    person who must answer and to the one who proposed it (one query)."""
    viewer_id = getattr(current_user, "id", None)
    ids = [r.id for r in requests]
    if not ids or viewer_id is None:
        return {}
    rows = db.session.execute(
        select(Booking.request_id, MoveProposal.proposed_by_id)
        .join(MoveProposal, MoveProposal.booking_id == Booking.id)
        .where(Booking.request_id.in_(ids), MoveProposal.status == OPEN, MoveProposal.start_at > clock.now())
    ).all()
    return {
        request_id: "You proposed a new time: waiting for an answer"
        if proposer == viewer_id else "A new time waits for your answer"
        for request_id, proposer in rows
    }


def reschedule_options(actor: User, booking: Booking) -> list[Slot]:
    """The professional's upcoming free slots that also suit the student (no clash with
    their other chats): the times ``booking`` can move to. The chat being moved blocks no
    time and uses no capacity, so it can move within a full month or by a few minutes."""
    slots = [
        s
        for s in upcoming_slots(booking.professional, viewer=actor, moving_booking=booking)
        if s.start != booking.start_at
    ]
    if not slots:
        return []
    busy = [
        (b.start_at, b.end_at)
        for b in active_bookings_between([booking.student_id], slots[0].start, slots[-1].end)
        if b.id != booking.id
    ]
    return [s for s in slots if not any(s.start < end and start < s.end for start, end in busy)]


def _reset_reminders(booking: Booking, now: datetime) -> None:
    """A moved chat gets its reminders again, except those whose moment already passed: the
    reschedule email itself is the reminder then (a reminder is never sent late)."""
    for reminder in REMINDERS:
        due = booking.start_at - reminder.before
        setattr(booking, reminder.column, None if due > now else now)


@_undone_on_error
def mark_no_show(actor: User, booking_id: int) -> Booking:
    """Record that the other person did not come (from the start until the chat is
    completed, either side). The chat is then never completed by ``tick``."""
    booking = booking_for(actor, booking_id)
    now = clock.now()
    actions = available_actions(booking, actor, now)
    if not actions.can_mark_no_show:
        if booking.active and booking.request.status == ACCEPTED and now < booking.start_at:
            raise DomainError("A no-show can only be marked once the chat has started.")
        raise Conflict(closed_message(booking, now))
    transition(
        booking.request,
        expected=ACCEPTED,
        to=NO_SHOW,
        actor=actor,
        event="no_show_marked",
        booking_id=booking.id,
        conflict_message=CHANGED_MESSAGE,
    )
    close_open_moves(booking.id, now)
    booking.active = False
    booking.no_show_marked_by_id = actor.id
    other = other_party(booking, actor)
    notify(
        other,
        "no_show_marked",
        f"{actor.display_name} marked your chat as missed",
        f"{actor.display_name} says the chat planned for {_when(booking, other)} did not take "
        "place because you were not there. If something went wrong, send them a message on the "
        "request page.",
        request_link(booking.request_id),
        request_id=booking.request_id,
    )
    send(schedule_changed, professional_id=booking.professional_id)
    commit()
    return booking



def _upcoming_where(condition: Any, now: datetime) -> list[Booking]:
    """The booked chats matching ``condition`` that have not started, soonest first."""
    return list(db.session.scalars(
        select(Booking).join(ChatRequest, ChatRequest.id == Booking.request_id)
        .where(condition, Booking.active.is_(True), Booking.start_at > now, ChatRequest.status == ACCEPTED)
        .order_by(Booking.start_at)))


def cancel_upcoming_on_block(sender: Any, *, blocker_id: int, blocked_id: int) -> None:
    """``user_blocked`` receiver: the chats booked between the two that have not started are
    cancelled by the blocker, never marked late, with :data:`BLOCK_REASON` for the other
    person (who is not told of the block). Before the commit, in the block's transaction."""
    now = clock.now()
    blocker = db.session.get(User, blocker_id)
    pair = or_(and_(Booking.student_id == blocker_id, Booking.professional_id == blocked_id),
               and_(Booking.student_id == blocked_id, Booking.professional_id == blocker_id))
    for booking in _upcoming_where(pair, now):
        try:
            call_off(booking, blocker, BLOCK_REASON, now, may_be_late=False)
        except Conflict:  # cancelled or changed at this very moment: nothing left to call off
            continue


def cancel_upcoming_on_suspension(sender: Any, *, user_id: int) -> None:
    """``user_suspended`` receiver: every chat of the suspended person that has not started is
    cancelled by MentorHub, with a kind note to the other person. Before the commit."""
    cancel_upcoming_of(user_id, left=False)


def cancel_upcoming_of(user_id: int, *, left: bool) -> None:
    """Cancel, by MentorHub, every chat of ``user_id`` that has not started, with a kind note
    to the other person: their account isn't active (suspended) or, with ``left``, they left
    MentorHub (the account was deleted). Before the commit."""
    now = clock.now()
    person = db.session.get(User, user_id)
    for booking in _upcoming_where(or_(Booking.student_id == user_id, Booking.professional_id == user_id), now):
        other = other_party(booking, person)
        gone = ("They have left MentorHub" if left
                else f"{person.display_name}'s account isn't active on MentorHub at the moment")
        told = (f"Your chat with {person.display_name} on {_when(booking, other)} is cancelled",
                f"{gone}, so the chat planned for {_when(booking, other)} can't go ahead. We're sorry: the "
                "time is yours again, and there are many people glad to talk.")
        try:
            call_off(booking, person, LEFT_REASON if left else SUSPENDED_REASON, now, may_be_late=False,
                     by_site=True, told=told)
        except Conflict:
            continue
