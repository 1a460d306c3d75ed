"""The chats feature's periodic work: requests left unanswered, or whose every proposed time
has passed, expire (a ``tick`` step); a professional who let three expire in a row without
answering is paused (:mod:`mentorhub.chats.responsiveness`).

Each request changes with a conditional update in its own short transaction, so running it
twice changes nothing the second time and several ticks may run at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.chats.models import EXPIRED, PENDING, ChatRequest, ProposedTime
from mentorhub.chats.responsiveness import note_expiry
from mentorhub.chats.transitions import transition
from mentorhub.chats.writing import request_link
from mentorhub.extensions import db
from mentorhub.notifications.services import notify
from mentorhub.registries import Progress
from mentorhub.tick import each_committed


def _expiry_condition(now: datetime):
    future_time = exists().where(
        ProposedTime.request_id == ChatRequest.id, ProposedTime.start_at > now
    )
    # While the professional waits for new times from the student, old proposals don't count.
    return or_(
        ChatRequest.expires_at <= now, and_(ChatRequest.awaiting_student.is_(False), ~future_time)
    )


def expire_due_requests(
    now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Expire pending requests left unanswered past their ``expires_at`` (``REQUEST_EXPIRY_DAYS``
    after sending) or whose every proposed time has passed, and tell each student. Returns how
    many this call expired."""
    now = now or clock.now()
    condition = _expiry_condition(now)
    due = list(
        db.session.scalars(
            select(ChatRequest)
            .where(ChatRequest.status == PENDING, condition)
            .options(joinedload(ChatRequest.professional))
            .order_by(ChatRequest.id)
        )
    )
    plans = [
        (r.id, r.student_id, r.professional_id, r.professional.display_name, r.expires_at <= now,
         r.responded_at is None)
        for r in due
    ]
    days = current_app.config["REQUEST_EXPIRY_DAYS"]

    def expire(plan: tuple[int, int, int, str, bool, bool]) -> None:
        request_id, student_id, professional_id, name, unanswered, never_answered = plan
        transition(
            db.session.get(ChatRequest, request_id),
            expected=PENDING,
            to=EXPIRED,
            actor=None,
            event="request_expired",
            extra_where=(_expiry_condition(now),),
        )
        why = (
            f"{name} did not answer within {days} days"
            if unanswered
            else "every time you proposed has now passed"
        )
        notify(
            student_id,
            "request_expired",
            f"Your request to {name} expired",
            f"Your request expired because {why}. That happens: professionals are busy, and it "
            "is not about you. You can ask again with new times, or find someone else who does "
            "similar work.",
            request_link(request_id),
            request_id=request_id,
        )
        if never_answered and unanswered:
            note_expiry(professional_id, now)

    return each_committed(plans, expire, progress)


def expire_step(progress: Progress | None, full: bool) -> int:
    """``tick`` step: :func:`expire_due_requests`."""
    return expire_due_requests(progress=progress)
