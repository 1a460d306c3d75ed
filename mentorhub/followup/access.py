"""Who may open the followup pages of a chat request: its two people only (anyone else gets
404, exactly as for an id that does not exist, so ids reveal nothing)."""

from __future__ import annotations

from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.chats.queries import load_request_for
from mentorhub.errors import NotAllowed

__all__ = ["load_request_for", "student_request"]


def student_request(actor: User, request_id: int) -> ChatRequest:
    """The request, as its student: 404 for strangers, 403 for its professional."""
    chat_request = load_request_for(actor, request_id)
    if actor.id != chat_request.student_id:
        raise NotAllowed("Only the student of this chat can do that.")
    return chat_request
