"""The thank-you note and updates: what the student writes to the professional after their
chat. Each reaches the professional in their inbox, by email and on their dashboard; they
answer in the request's message thread.

The thank-you can be sent from the moment the chat ends (once per chat, never after a
no-show or a cancellation); updates any time after the chat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ACCEPTED, CANCELLED, COMPLETED, NO_SHOW, ChatRequest
from mentorhub.chats.rules import clean_text
from mentorhub.chats.writing import request_link, still_open_between, writing
from mentorhub.database import commit
from mentorhub.errors import Conflict, DomainError
from mentorhub.extensions import db
from mentorhub.followup.access import student_request
from mentorhub.followup.models import THANK_YOU, UPDATE, FollowupNote, Nudge
from mentorhub.notifications.services import notify
from mentorhub.plugins._events import record_event
from mentorhub.timefmt import format_local

NOTE_BODY_MAX = 3000
PREVIEW = 300
LEARNED_LINE = "What I learned most was "


TITLES = {"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"}


def greeting_name(user: User) -> str:
    """How a note greets someone: their first name, or their whole name when it starts with
    a title ("Dr. Jane Smith")."""
    words = user.display_name.split()
    if not words:
        return user.display_name
    return user.display_name if words[0].rstrip(".").casefold() in TITLES else words[0]


def chat_ended(chat_request: ChatRequest, now: datetime | None = None) -> bool:
    """The chat happened and is over: booked, its time has ended, and it was neither
    cancelled nor marked a no-show."""
    booking = chat_request.booking
    return (
        chat_request.status in (ACCEPTED, COMPLETED)
        and booking is not None
        and booking.active
        and booking.end_at <= (now or clock.now())
    )


def thank_you_of(request_id: int) -> FollowupNote | None:
    """The thank-you sent for the chat of ``request_id``, if any."""
    return db.session.scalar(
        select(FollowupNote).where(FollowupNote.request_id == request_id, FollowupNote.kind == THANK_YOU)
    )


def notes_of(request_id: int) -> list[FollowupNote]:
    """The thank-you and updates of one chat, oldest first."""
    return list(
        db.session.scalars(
            select(FollowupNote).where(FollowupNote.request_id == request_id).order_by(FollowupNote.id)
        )
    )


def thanked(request_ids: Sequence[int]) -> set[int]:
    """Which of ``request_ids`` have their thank-you (one query)."""
    if not request_ids:
        return set()
    return set(
        db.session.scalars(
            select(FollowupNote.request_id).where(
                FollowupNote.request_id.in_(request_ids), FollowupNote.kind == THANK_YOU
            )
        )
    )


def draft_thank_you(chat_request: ChatRequest, learn_note: str, student: User) -> str:
    """A thank-you draft that names the professional, recalls what the student wanted to
    learn (their preparation note) and leaves a line for what they learned."""
    professional = chat_request.professional
    when = format_local(chat_request.booking.start_at, zone=student.timezone, fmt="%A %-d %B", with_zone=False)
    lines = [
        f"Dear {greeting_name(professional)},",
        "",
        f"Thank you for taking the time to talk with me on {when}.",
    ]
    note = " ".join(learn_note.split()).rstrip(" .!;,")
    if note:
        lines.append(f'I came hoping to learn this: "{note}". You gave me a real picture of it.')
    else:
        lines.append("It was great to hear what your work is really like.")
    lines += [
        f"{LEARNED_LINE}",
        "",
        "I'll let you know how things go.",
        "",
        "With thanks,",
        student.display_name,
    ]
    return "\n".join(lines)


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW else text[: PREVIEW - 3] + "..."


def _deliver(chat_request: ChatRequest, actor: User, kind: str, text: str, notice: str, title: str) -> FollowupNote:
    """Write the note (flushed, so a second thank-you fails here) and tell the professional."""
    still_open_between(chat_request)
    note = FollowupNote(
        request_id=chat_request.id,
        student_id=actor.id,
        professional_id=chat_request.professional_id,
        kind=kind,
        body=text,
        created_at=clock.now(),
    )
    db.session.add(note)
    db.session.flush()
    notify(chat_request.professional_id, notice, title, _preview(text), request_link(chat_request.id),
           request_id=chat_request.id)
    return note


def send_thank_you(actor: User, request_id: int, body: str) -> FollowupNote:
    """Send ``actor``'s thank-you for the chat of ``request_id`` to its professional (once
    per chat, once the chat has ended, never after a no-show or a cancellation)."""
    text = clean_text(body, NOTE_BODY_MAX, "thank-you note", required=True, field="body")
    if any(line.strip() == LEARNED_LINE.strip() for line in text.splitlines()):
        raise DomainError(
            f'Finish the line "{LEARNED_LINE.strip()} …" with what you learned, or remove it, '
            "before sending.",
            field="body",
        )
    with writing():
        chat_request = student_request(actor, request_id)
        name = chat_request.professional.display_name
        if not chat_ended(chat_request):
            raise Conflict(refusal(chat_request), field="body")
        if thank_you_of(request_id) is not None:
            raise Conflict(f"You already thanked {name} for this chat.", field="body")
        try:
            note = _deliver(chat_request, actor, THANK_YOU, text, "thank_you",
                            f"{actor.display_name} sent you a thank-you note")
        except IntegrityError as exc:  # the same note sent twice at once: the first won
            raise Conflict(f"You already thanked {name} for this chat.", field="body") from exc
        record_event(
            "thank_you_sent",
            request_id=request_id,
            student_id=actor.id,
            professional_id=chat_request.professional_id,
            actor_id=actor.id,
        )
        commit()
    return note


def send_update(actor: User, request_id: int, body: str) -> FollowupNote:
    """Send ``actor``'s update on what happened since the chat of ``request_id`` to its
    professional; it answers the chat's open keep-in-touch nudge."""
    text = clean_text(body, NOTE_BODY_MAX, "update", required=True, field="body")
    with writing():
        chat_request = student_request(actor, request_id)
        if not chat_ended(chat_request):
            raise Conflict(refusal(chat_request, "an update"), field="body")
        note = _deliver(chat_request, actor, UPDATE, text, "followup_update",
                        f"News from {actor.display_name} since your chat")
        db.session.execute(
            update(Nudge)
            .where(Nudge.request_id == request_id, Nudge.closed_at.is_(None))
            .values(closed_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        commit()
    return note


def refusal(chat_request: ChatRequest, what: str = "a thank-you") -> str:
    """Why ``what`` can't be sent for this chat (yet)."""
    name = chat_request.professional.display_name
    if chat_request.status in (CANCELLED, NO_SHOW):
        return (
            f"This chat did not take place (it was cancelled or marked a no-show), so {what} "
            f"can't be sent for it. If that is a mistake, write to {name} in the messages."
        )
    if chat_request.status in (ACCEPTED, COMPLETED) and chat_request.booking is not None:
        return f"You can send {what} once your chat with {name} has ended."
    return f"You haven't had a chat with {name} from this request, so there is no {what.split(' ', 1)[1]} to send yet."


def notes_for_professional(professional: User, limit: int = 5) -> list[FollowupNote]:
    """The newest thank-you notes and updates ``professional`` received (with their
    students, one query)."""
    return list(
        db.session.scalars(
            select(FollowupNote)
            .where(FollowupNote.professional_id == professional.id)
            .options(joinedload(FollowupNote.student))
            .order_by(FollowupNote.created_at.desc(), FollowupNote.id.desc())
            .limit(limit)
        )
    )
