"""The professional's answers to a request: accept (which books the chat), decline, or ask
for other times. Accepting is where "never double-booked" is decided: see
:func:`accept_request`."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats import rules
from mentorhub.chats.booking_guard import TAKEN_MESSAGE, booking_conflicts, check_free
from mentorhub.chats.models import ACCEPTED, DECLINED, PENDING, ChatRequest
from mentorhub.chats.responsiveness import note_answer
from mentorhub.chats.transitions import transition
from mentorhub.chats.writing import ANSWERED_MESSAGE, request_as, request_link, still_pending, writing
from mentorhub.database import commit
from mentorhub.errors import Conflict, DomainError
from mentorhub.extensions import db
from mentorhub.notifications.services import notify, settle
from mentorhub.plugins._events import record_event
from mentorhub.scheduling.models import Booking
from mentorhub.signals import schedule_changed, send
from mentorhub.timefmt import format_local


def accept_request(
    professional: User, request_id: int, start_at: datetime, location: str
) -> Booking:
    """Accept a pending request at one of its proposed (future) times, meeting at
    ``location``: the request becomes accepted and a booking is made, or, when either person
    is already booked then, :class:`Conflict` says so and nothing changes."""
    start_at = rules.as_utc(start_at)
    with booking_conflicts(), writing(TAKEN_MESSAGE):
        chat_request = request_as(professional, request_id, "professional")
        still_pending(chat_request)
        if chat_request.awaiting_student:
            raise DomainError(
                "You asked for other times: you can accept once the student has proposed new ones."
            )
        where = rules.clean_location(chat_request.format, location)
        proposed = next((p for p in chat_request.proposed_times if p.start_at == start_at), None)
        if proposed is None:
            raise DomainError("Please pick one of the proposed times.", field="start_at")
        if proposed.start_at <= clock.now():
            raise DomainError(
                "That time has already passed. Please pick another, or ask for other times.",
                field="start_at",
            )
        end_at, student_id = proposed.end_at, chat_request.student_id
        transition(
            chat_request,
            expected=PENDING,
            to=ACCEPTED,
            actor=professional,
            event=None,
            name="request_accepted",
            conflict_message=ANSWERED_MESSAGE,
            extra_where=(ChatRequest.awaiting_student.is_(False),),
            responded_at=clock.now(),
        )
        note_answer(professional.id)
        check_free(professional.id, student_id, start_at, end_at)
        booking = Booking(
            request_id=request_id,
            professional_id=professional.id,
            student_id=student_id,
            start_at=start_at,
            end_at=end_at,
            location=where,
            uid=f"{uuid4()}@mentorhub",
        )
        db.session.add(booking)
        db.session.flush()
        record_event(
            "request_accepted",
            request_id=request_id,
            student_id=student_id,
            professional_id=professional.id,
            actor_id=professional.id,
            booking_id=booking.id,
        )
        student = db.session.get(User, student_id)
        notify(
            student,
            "request_accepted",
            f"{professional.display_name} accepted your chat request",
            f"Your chat is booked for {format_local(start_at, zone=student.timezone)}.\n"
            f"Where: {where}\n\nThe calendar file is attached. Prepare a few questions, "
            "and remember to ask who else you could talk to.",
            request_link(request_id),
            request_id=request_id,
            booking_id=booking.id,
        )
        settle(professional, request_id, "You accepted")
        # The professional's own copy: the booking's details and its calendar file by email,
        # already read in the inbox (they just did it).
        confirmation = notify(
            professional,
            "booking_confirmed",
            f"Your chat with {student.display_name} is booked",
            f"You accepted {student.display_name}'s request. The chat is on "
            f"{format_local(start_at, zone=professional.timezone)}.\nWhere: {where}\n\n"
            "The calendar file is attached. The student's questions will appear on the "
            "request page as they prepare.",
            request_link(request_id),
            request_id=request_id,
            booking_id=booking.id,
        )
        confirmation.read_at = clock.now()
        send(schedule_changed, professional_id=professional.id)
        commit()
    return booking


def decline_request(professional: User, request_id: int, note: str = "") -> ChatRequest:
    """Decline a pending request, with an optional kind note to the student."""
    note = rules.clean_text(note, rules.NOTE_MAX, "note", field="decline_note")
    with writing():
        chat_request = request_as(professional, request_id, "professional")
        still_pending(chat_request)
        end_declined(chat_request, professional, note)
        commit()
    return chat_request


def end_declined(chat_request: ChatRequest, professional: User, note: str = "") -> None:
    """Decline the pending ``chat_request`` for its ``professional`` and tell the student,
    with ``note`` (already cleaned) or a word of encouragement. Does not commit."""
    transition(
        chat_request,
        expected=PENDING,
        to=DECLINED,
        actor=professional,
        event="request_declined",
        note=note,
        conflict_message=ANSWERED_MESSAGE,
        decline_note=note,
        responded_at=clock.now(),
    )
    note_answer(professional.id)
    body = f"{professional.display_name} can't take this chat."
    body += (
        f" Their note:\n\n{note}"
        if note
        else " Don't be discouraged: many people are glad to help, so try someone else."
    )
    settle(professional, chat_request.id, "You declined")
    notify(
        chat_request.student_id,
        "request_declined",
        f"{professional.display_name} declined your chat request",
        body,
        request_link(chat_request.id),
        request_id=chat_request.id,
    )


def ask_for_new_times(professional: User, request_id: int, note: str = "") -> ChatRequest:
    """Keep the request pending but ask the student to propose other times."""
    note = rules.clean_text(note, rules.NOTE_MAX, "note", field="ask_note")
    with writing():
        chat_request = request_as(professional, request_id, "professional")
        still_pending(chat_request)
        if chat_request.awaiting_student:
            raise Conflict(
                "You already asked for other times. Please wait for the student's new proposal."
            )
        now = clock.now()
        transition(
            chat_request,
            expected=PENDING,
            to=PENDING,
            actor=professional,
            event="request_new_times_asked",
            note=note,
            conflict_message=ANSWERED_MESSAGE,
            extra_where=(ChatRequest.awaiting_student.is_(False),),
            awaiting_student=True,
            responded_at=now,
            expires_at=now + rules.expiry_delta(),
        )
        note_answer(professional.id)
        body = (
            f"{professional.display_name} would like to chat, "
            "but the times you proposed don't suit them."
        )
        body += f" Their note:\n\n{note}" if note else ""
        settle(professional, chat_request.id, "You asked for other times")
        notify(
            chat_request.student_id,
            "request_new_times_asked",
            f"{professional.display_name} asked for other times",
            body + "\n\nPlease propose new times.",
            request_link(chat_request.id),
            request_id=chat_request.id,
        )
        commit()
    return chat_request
