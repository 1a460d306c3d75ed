"""Chats' share of people's own data (:mod:`mentorhub.accounts.own_data`).

**Download.** Each request the person sent or received: with whom (the name they show
everyone), its status, format and times, its history, the person's own words (their
introduction or their note when declining) and the messages *they* wrote. The other
person's messages and introduction are theirs, so they stay out.

**Deletion.** Pending requests end with a note to the other person (they left MentorHub);
the person's messages go; their introductions, notes and history notes are emptied; and
their name and email are scrubbed from what others wrote in their threads and from the
other person's notifications about these requests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import User
from mentorhub.accounts.own_data import moment as _moment
from mentorhub.chats.models import ChatRequest, Message, RequestEvent
from mentorhub.chats.services import end_pending_of
from mentorhub.database import scrub_text
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.notifications.own_data import MENTION, scrub_mentions

REMOVED_INTRODUCTION = "(This introduction was removed: its author left MentorHub.)"


def requests_part(user: User) -> list[dict[str, Any]]:
    """Every request the person sent or received, oldest first (see the module)."""
    requests = db.session.scalars(
        select(ChatRequest)
        .where(or_(ChatRequest.student_id == user.id, ChatRequest.professional_id == user.id))
        .options(selectinload(ChatRequest.student), selectinload(ChatRequest.professional),
                 selectinload(ChatRequest.proposed_times), selectinload(ChatRequest.events),
                 selectinload(ChatRequest.messages))
        .order_by(ChatRequest.created_at, ChatRequest.id)
    ).all()
    found = []
    for r in requests:
        sent = r.student_id == user.id
        other = r.professional if sent else r.student
        item: dict[str, Any] = {
            "id": r.id,
            "you_were": "student" if sent else "professional",
            "with": other.display_name,
            "status": r.status_text,
            "format": r.format,
            "sent_at": _moment(r.created_at),
            "proposed_times": [{"start": _moment(p.start_at), "end": _moment(p.end_at)} for p in r.proposed_times],
            "history": [{"what": e.name, "at": _moment(e.created_at),
                         "by": "you" if e.actor_id == user.id else ("them" if e.actor_id else "MentorHub"),
                         **({"note": e.note} if e.actor_id == user.id and e.note else {})} for e in r.events],
            "your_messages": [{"sent_at": _moment(m.created_at), "text": m.body}
                              for m in r.messages if m.sender_id == user.id],
        }
        if sent:
            item["your_introduction"] = r.introduction
        elif r.decline_note:
            item["your_decline_note"] = r.decline_note
        found.append(item)
    return found


def erase_requests(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver (see the module). Before the commit."""
    end_pending_of(user_id, left=True)
    theirs = select(ChatRequest.id).where(
        or_(ChatRequest.student_id == user_id, ChatRequest.professional_id == user_id)
    ).scalar_subquery()
    words = (email, name)
    db.session.execute(delete(Message).where(Message.sender_id == user_id))
    db.session.execute(
        update(ChatRequest).where(ChatRequest.student_id == user_id)
        .values(introduction=REMOVED_INTRODUCTION).execution_options(synchronize_session=False))
    db.session.execute(
        update(ChatRequest).where(ChatRequest.professional_id == user_id, ChatRequest.decline_note != "")
        .values(decline_note="").execution_options(synchronize_session=False))
    db.session.execute(
        update(RequestEvent).where(RequestEvent.actor_id == user_id, RequestEvent.note != "")
        .values(note="").execution_options(synchronize_session=False))
    scrub_text(Message, ("body",), Message.request_id.in_(theirs), words, MENTION)
    scrub_text(ChatRequest, ("introduction", "decline_note"), ChatRequest.id.in_(theirs), words, MENTION)
    scrub_text(RequestEvent, ("note",), RequestEvent.request_id.in_(theirs), words, MENTION)
    scrub_mentions(Notification.request_id.in_(theirs), name, email, about_them=True)
