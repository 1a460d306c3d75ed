"""Chat requests and the answers to them: every business rule and every commit.

The student's side lives here; the professional's answers (accept, decline, ask for other
times) live in :mod:`mentorhub.chats.answers` and are exported from here too.

Each service takes the acting user, checks the rules (:mod:`mentorhub.chats.rules`), changes
state only through :func:`~mentorhub.chats.transitions.transition` (a conditional UPDATE plus
a timeline event), notifies the other party and commits with :func:`mentorhub.database.commit`
(which then tells plugins and sends the emails). A broken rule raises a ``DomainError`` and
leaves the database as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats import rules
from mentorhub.chats.answers import accept_request, ask_for_new_times, decline_request, end_declined
from mentorhub.chats.models import (
    DECLINED,
    PENDING,
    WITHDRAWN,
    ChatRequest,
    Message,
    ProposedTime,
)
from mentorhub.chats.queries import load_request_for
from mentorhub.chats.responsiveness import note_reply
from mentorhub.chats.transitions import record_created, transition
from mentorhub.chats.writing import (
    ANSWERED_MESSAGE,
    request_as,
    request_link,
    still_open_between,
    still_pending,
    times_text,
    writing,
)
from mentorhub.database import commit
from mentorhub.errors import Conflict, DomainError, NotFound
from mentorhub.extensions import db
from mentorhub.notifications.services import notify, settle

# The timeline's note when MentorHub ended a request (its person's account was suspended).
ENDED_NOTE = "Ended by MentorHub: the other person's account isn't active at the moment."
LEFT_NOTE = "Ended by MentorHub: the other person has left MentorHub."

__all__ = [
    "accept_request",
    "ask_for_new_times",
    "create_request",
    "decline_request",
    "load_request_for",
    "post_message",
    "repropose_times",
    "withdraw_request",
]


def create_request(
    student: User,
    professional_id: int,
    format: str,
    introduction: str,
    proposed_starts: list[datetime],
) -> ChatRequest:
    """Send ``professional_id`` a request for a chat in ``format`` at one of 1-3 offered
    ``proposed_starts``, introduced by ``introduction``. Returns the pending request."""
    with writing():
        # Serialise one student's sends on PostgreSQL, so the pending limit holds under races;
        # the professional's row too, so a block or a suspension of either at the same moment
        # either comes first (and refuses the send) or ends the new request.
        db.session.execute(select(User.id).where(User.id.in_(sorted({student.id, professional_id})))
                           .order_by(User.id).with_for_update())
        professional = rules.professional_or_404(professional_id)
        rules.check_can_request(student, professional)
        chat_format = rules.clean_format(professional, format)
        text = rules.clean_introduction(introduction)
        slots = rules.offered_proposals(professional, student, proposed_starts)
        now = clock.now()
        chat_request = ChatRequest(
            student_id=student.id,
            professional_id=professional.id,
            status=PENDING,
            format=chat_format,
            introduction=text,
            created_at=now,
            updated_at=now,
            expires_at=now + rules.expiry_delta(),
            proposed_times=[ProposedTime(start_at=s.start, end_at=s.end) for s in slots],
        )
        db.session.add(chat_request)
        try:
            db.session.flush()
        except IntegrityError as exc:  # the one-pending-per-pair index: a second tab won
            db.session.rollback()
            raise DomainError(
                f"You already have a pending request to {professional.display_name}."
            ) from exc
        record_created(chat_request, student)
        notify(
            professional,
            "request_created",
            f"New chat request from {student.display_name}",
            f"{student.display_name} would like a short chat to learn about your work. "
            f"Proposed times:\n{times_text([s.start for s in slots], professional.timezone)}\n\n"
            "Please accept, decline or ask for other times.",
            request_link(chat_request.id),
            request_id=chat_request.id,
        )
        commit()
    return chat_request


def withdraw_request(student: User, request_id: int) -> ChatRequest:
    """The student takes back their pending request."""
    with writing():
        chat_request = request_as(student, request_id, "student")
        still_pending(chat_request)
        end_withdrawn(chat_request, student)
        commit()
    return chat_request


def end_withdrawn(chat_request: ChatRequest, student: User) -> None:
    """Withdraw the pending ``chat_request`` for its ``student`` and tell the professional
    (in the inbox only: no answer is needed). Does not commit."""
    transition(
        chat_request,
        expected=PENDING,
        to=WITHDRAWN,
        actor=student,
        event="request_withdrawn",
        conflict_message=ANSWERED_MESSAGE,
    )
    settle(student, chat_request.id, "You withdrew it")
    notify(
        chat_request.professional_id,
        "request_withdrawn",
        f"{student.display_name} withdrew their request",
        "No answer is needed any more.",
        request_link(chat_request.id),
        request_id=chat_request.id,
        email=False,
    )


def repropose_times(student: User, request_id: int, proposed_starts: list[datetime]) -> ChatRequest:
    """Answer "other times, please" with 1-3 newly offered times (replacing the old ones)."""
    with writing():
        chat_request = request_as(student, request_id, "student")
        still_pending(chat_request)
        if not chat_request.awaiting_student:
            raise Conflict("The professional hasn't asked for other times. Please reload the page.")
        professional = rules.professional_or_404(chat_request.professional_id)
        slots = rules.offered_proposals(professional, student, proposed_starts)
        transition(
            chat_request,
            expected=PENDING,
            to=PENDING,
            actor=student,
            event="request_times_proposed",
            name="times_proposed",
            conflict_message=ANSWERED_MESSAGE,
            extra_where=(ChatRequest.awaiting_student.is_(True),),
            awaiting_student=False,
            expires_at=clock.now() + rules.expiry_delta(),
        )
        db.session.execute(delete(ProposedTime).where(ProposedTime.request_id == request_id))
        db.session.add_all(
            ProposedTime(request_id=request_id, start_at=s.start, end_at=s.end) for s in slots
        )
        settle(student, request_id, "You proposed new times")
        notify(
            professional,
            "times_proposed",
            f"{student.display_name} proposed new times",
            f"New times:\n{times_text([s.start for s in slots], professional.timezone)}",
            request_link(request_id),
            request_id=request_id,
        )
        commit()
    return chat_request


def post_message(actor: User, request_id: int, body: str) -> Message:
    """Add a plain-text message (at most 2,000 characters) to the request's thread."""
    text = rules.clean_text(body, rules.MESSAGE_MAX, "message", required=True, field="body")
    with writing():
        chat_request = db.session.get(ChatRequest, request_id)
        if chat_request is None or actor.id not in (
            chat_request.student_id,
            chat_request.professional_id,
        ):
            raise NotFound("We couldn't find that request.")
        still_open_between(chat_request)
        message = Message(
            request_id=request_id, sender_id=actor.id, body=text, created_at=clock.now()
        )
        db.session.add(message)
        if actor.id == chat_request.professional_id:
            note_reply(actor.id)
        other = (
            chat_request.professional_id
            if actor.id == chat_request.student_id
            else chat_request.student_id
        )
        preview = text if len(text) <= 300 else text[:297] + "..."
        notify(
            other,
            "message",
            f"New message from {actor.display_name}",
            preview,
            request_link(chat_request.id),
            request_id=request_id,
        )
        commit()
    return message


def end_pending_on_suspension(sender: Any, *, user_id: int) -> None:
    """``user_suspended`` receiver: each pending request of the suspended person ends, by
    MentorHub, with a kind note to the other person. Before the commit."""
    end_pending_of(user_id, left=False)


def end_pending_of(user_id: int, *, left: bool) -> None:
    """End each pending request of ``user_id``, by MentorHub, with a kind note to the other
    person: their account isn't active (suspended) or, with ``left``, they left MentorHub (the
    account was deleted). Before the commit."""
    person = db.session.get(User, user_id)
    mine = or_(ChatRequest.student_id == user_id, ChatRequest.professional_id == user_id)
    gone = "They have left MentorHub" if left else "Their account isn't active on MentorHub at the moment"
    for chat_request in db.session.scalars(select(ChatRequest).where(mine, ChatRequest.status == PENDING)).all():
        link = request_link(chat_request.id)
        try:
            if chat_request.student_id == user_id:
                transition(chat_request, expected=PENDING, to=WITHDRAWN, actor=None, event="request_withdrawn",
                           note=LEFT_NOTE if left else ENDED_NOTE, conflict_message=ANSWERED_MESSAGE)
                notify(chat_request.professional_id, "request_withdrawn",
                       f"{person.display_name}'s request has ended", f"{gone}, so no answer is needed.", link,
                       request_id=chat_request.id, email=False)
            else:
                transition(chat_request, expected=PENDING, to=DECLINED, actor=None, event="request_declined",
                           note=LEFT_NOTE if left else ENDED_NOTE, conflict_message=ANSWERED_MESSAGE)
                why = ("They have left MentorHub" if left
                       else f"{person.display_name} isn't taking chats on MentorHub at the moment")
                notify(chat_request.student_id, "request_declined", f"Your request to {person.display_name} has ended",
                       f"{why}, so your request has ended. Don't be discouraged: many people are glad to help, "
                       "so try someone else.", link, request_id=chat_request.id)
        except Conflict:  # answered at this very moment
            continue


def end_pending_on_block(sender: Any, *, blocker_id: int, blocked_id: int) -> None:
    """``user_blocked`` receiver: a pending request between the two ends as if its blocker
    had answered it: withdrawn when the student blocked, declined when the professional did,
    so the other person reads what they would read any day. Before the commit."""
    blocker = db.session.get(User, blocker_id)
    pair = or_(and_(ChatRequest.student_id == blocker_id, ChatRequest.professional_id == blocked_id),
               and_(ChatRequest.student_id == blocked_id, ChatRequest.professional_id == blocker_id))
    for chat_request in db.session.scalars(select(ChatRequest).where(pair, ChatRequest.status == PENDING)).all():
        try:
            if chat_request.student_id == blocker_id:
                end_withdrawn(chat_request, blocker)
            else:
                end_declined(chat_request, blocker)
        except Conflict:  # answered at this very moment: it is no longer pending, nothing to end
            continue
