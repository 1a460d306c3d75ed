"""The one way a chat request changes state: a conditional UPDATE, recorded as an event.

``UPDATE ... WHERE id = :id AND status = :expected`` means two concurrent transitions cannot
both win: the loser sees zero rows changed and gets a :class:`~mentorhub.errors.Conflict`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest, RequestEvent
from mentorhub.errors import Conflict
from mentorhub.extensions import db
from mentorhub.plugins._events import record_event


def transition(
    chat_request: ChatRequest,
    *,
    expected: str,
    to: str,
    actor: User | None,
    event: str | None,
    note: str = "",
    conflict_message: str = "This request changed in the meantime. Please reload the page.",
    extra_where: tuple[Any, ...] = (),
    booking_id: int | None = None,
    name: str | None = None,
    **values: Any,
) -> None:
    """Move ``chat_request`` from ``expected`` to ``to`` (same state allowed, e.g. "ask for
    other times"), set ``values``, record a :class:`RequestEvent` and queue plugin event
    ``event`` (told to plugins after commit, with ``booking_id`` in its payload when given).
    ``name`` names the timeline entry when it differs from ``event`` (e.g. an accept whose
    plugin event is queued later, once its booking has an id). Does not commit.

    Raises :class:`Conflict` when the request is no longer in ``expected``.
    """
    now = clock.now()
    payload: dict[str, Any] = {
        "request_id": chat_request.id,
        "student_id": chat_request.student_id,
        "professional_id": chat_request.professional_id,
        "actor_id": actor.id if actor else None,
    }
    if booking_id is not None:
        payload["booking_id"] = booking_id
    result = db.session.execute(
        update(ChatRequest)
        .where(ChatRequest.id == chat_request.id, ChatRequest.status == expected, *extra_where)
        .values(status=to, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(conflict_message)
    db.session.add(
        RequestEvent(
            request_id=chat_request.id,
            actor_id=actor.id if actor else None,
            name=name or event or to,
            from_status=expected,
            to_status=to,
            note=note,
            created_at=now,
        )
    )
    db.session.expire(chat_request)
    if event:
        record_event(event, **payload)


def record_created(chat_request: ChatRequest, actor: User) -> None:
    """Record the birth of a (flushed) request: a :class:`RequestEvent` from nothing to
    ``pending`` and the plugin event ``request_created``. Does not commit."""
    db.session.add(
        RequestEvent(
            request_id=chat_request.id,
            actor_id=actor.id,
            name="request_created",
            from_status=None,
            to_status=chat_request.status,
            created_at=clock.now(),
        )
    )
    record_event(
        "request_created",
        request_id=chat_request.id,
        student_id=chat_request.student_id,
        professional_id=chat_request.professional_id,
        actor_id=actor.id,
    )
