"""What every chat write shares: one write transaction that leaves nothing behind on
error, and loading a request as one of its two parties."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from mentorhub.accounts.blocks import blocked_between
from mentorhub.accounts.models import User
from mentorhub.chats.models import PENDING, ChatRequest
from mentorhub.database import is_lock_error, write_transaction
from mentorhub.errors import Conflict, DomainError, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.timefmt import format_local

ANSWERED_MESSAGE = "This request was already answered or withdrawn. Please reload the page."
BUSY_MESSAGE = "The site is busy right now. Please try again in a moment."
# A thread between two people one of whom blocked the other: it says no more than that.
CLOSED_MESSAGE = "This conversation is closed, so nothing new can be sent here."
LEFT_MESSAGE = "The other person has left MentorHub, so nothing new can be sent here."


@contextmanager
def writing(busy_message: str = BUSY_MESSAGE) -> Iterator[None]:
    """One write transaction (the write lock at once on SQLite); on any error nothing stays,
    and a lock wait that ran out reads as ``busy_message``."""
    try:
        with write_transaction():
            yield
    except DomainError:
        db.session.rollback()
        raise
    except OperationalError as exc:
        db.session.rollback()
        if is_lock_error(exc):
            raise Conflict(busy_message) from exc
        raise


def request_link(request_id: int) -> str:
    """The site path of a request's page (what notifications and calendar files link to)."""
    return f"/requests/{request_id}"


def request_as(actor: User, request_id: int, role: str) -> ChatRequest:
    """The request, seen by one of its two parties acting as ``role``; 404 for strangers."""
    chat_request = db.session.scalar(
        select(ChatRequest)
        .where(ChatRequest.id == request_id)
        .options(selectinload(ChatRequest.proposed_times))
    )
    if chat_request is None or actor.id not in (
        chat_request.student_id,
        chat_request.professional_id,
    ):
        raise NotFound("We couldn't find that request.")
    party_id = chat_request.student_id if role == "student" else chat_request.professional_id
    if actor.id != party_id:
        raise NotAllowed(f"Only the {role} of this request can do that.")
    return chat_request


def still_pending(chat_request: ChatRequest) -> None:
    """Raise :class:`Conflict` unless the request is still pending."""
    if chat_request.status != PENDING:
        raise Conflict(ANSWERED_MESSAGE)


def times_text(starts: list[datetime], zone: str) -> str:
    """A bulleted list of times in ``zone``, for notification bodies."""
    return "\n".join(f"- {format_local(s, zone=zone)}" for s in starts)


def still_open_between(chat_request: ChatRequest) -> None:
    """Raise :class:`DomainError` (:data:`CLOSED_MESSAGE`, on the ``body`` field) when one of
    the request's two people blocked the other, or :data:`LEFT_MESSAGE` when one of them left
    MentorHub: no message, thank-you, update or referral ask goes through."""
    pair = (chat_request.student_id, chat_request.professional_id)
    if db.session.scalar(select(func.count()).select_from(User).where(User.id.in_(pair), User.deleted_at.is_not(None))):
        raise DomainError(LEFT_MESSAGE, field="body")
    if blocked_between(*pair, fresh=True):
        raise DomainError(CLOSED_MESSAGE, field="body")


def is_open_between(chat_request: ChatRequest) -> bool:
    """Whether the request's two people can still write to each other (for pages)."""
    if chat_request.student.is_deleted or chat_request.professional.is_deleted:
        return False
    return not blocked_between(chat_request.student_id, chat_request.professional_id)
