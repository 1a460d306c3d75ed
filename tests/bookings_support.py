"""Helpers shared by the bookings, calendar, notification and tick tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from mentorhub.chats.models import ChatRequest, RequestEvent
from mentorhub.extensions import db
from mentorhub.followup.models import Nudge
from mentorhub.notifications.models import Notification
from mentorhub.scheduling.models import Booking

# Monday 1 March 2027, midnight UTC: a fixed "today" for these tests.
MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
NO_NOTICE = {"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 20}


def utc(*args: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


def booking_row(app, booking_id: int) -> dict[str, Any]:
    """The booking and its request's status, as plain values."""
    with app.app_context():
        booking = db.session.get(Booking, booking_id)
        return {
            "status": booking.request.status,
            "start_at": booking.start_at,
            "end_at": booking.end_at,
            "active": booking.active,
            "sequence": booking.sequence,
            "cancel_reason": booking.cancel_reason,
            "cancelled_by_id": booking.cancelled_by_id,
            "late_cancel": booking.late_cancel,
            "no_show_marked_by_id": booking.no_show_marked_by_id,
            "request_id": booking.request_id,
            "reminded_24h_at": booking.reminded_24h_at,
            "reminded_1h_at": booking.reminded_1h_at,
        }


def event_names(app, request_id: int) -> list[str]:
    """The names of a request's recorded transitions, in order."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(RequestEvent.name)
                .where(RequestEvent.request_id == request_id)
                .order_by(RequestEvent.id)
            )
        )


def notifications_of(app, user) -> list[dict[str, Any]]:
    """``user``'s notifications, oldest first, as plain values."""
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
        return [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "link": n.link,
                "booking_id": n.booking_id,
                "email_status": n.email_status,
            }
            for n in rows
        ]


def request_status(app, request_id: int) -> str:
    """The current status of a chat request."""
    with app.app_context():
        return db.session.get(ChatRequest, request_id).status


def make_pending(
    app,
    professional,
    student,
    proposed: list[datetime],
    *,
    expires_at: datetime,
    awaiting_student: bool = False,
    minutes: int = 30,
) -> int:
    """A pending request with its proposed times, made directly (for tick tests)."""
    from datetime import timedelta

    from mentorhub.chats.models import ProposedTime

    with app.app_context():
        chat_request = ChatRequest(
            student_id=student.id,
            professional_id=professional.id,
            status="pending",
            format="video",
            introduction="I am a student who would like to learn what your work is like.",
            expires_at=expires_at,
            awaiting_student=awaiting_student,
        )
        chat_request.proposed_times = [
            ProposedTime(start_at=t, end_at=t + timedelta(minutes=minutes)) for t in proposed
        ]
        db.session.add(chat_request)
        db.session.commit()
        return chat_request.id


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row tick may touch, as plain tuples (to compare two runs)."""
    from mentorhub.profiles.models import ProfessionalProfile

    with app.app_context():

        def rows(model, *columns):
            return [tuple(r) for r in db.session.execute(select(*columns).order_by(*columns[:1]))]

        return {
            "requests": rows(
                ChatRequest, ChatRequest.id, ChatRequest.status, ChatRequest.updated_at
            ),
            "bookings": rows(
                Booking,
                Booking.id,
                Booking.active,
                Booking.sequence,
                Booking.reminded_24h_at,
                Booking.reminded_1h_at,
                Booking.updated_at,
            ),
            "events": rows(RequestEvent, RequestEvent.id, RequestEvent.name),
            "nudges": rows(Nudge, Nudge.id, Nudge.stage, Nudge.sent_at, Nudge.times_sent),
            "notifications": rows(
                Notification,
                Notification.id,
                Notification.kind,
                Notification.email_status,
                Notification.email_attempts,
            ),
            "free": rows(
                ProfessionalProfile, ProfessionalProfile.user_id, ProfessionalProfile.next_free_at
            ),
        }


MOVE_NOTE = "Something came up at work, sorry. Would this time suit you?"


def propose(client, booking_id: int, start: datetime, note: str = MOVE_NOTE):
    """Propose ``start`` for booking ``booking_id`` through the form, as ``client``'s user."""
    return client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": start.isoformat(), "note": note})


def move_chat(app, login, proposer_client, confirmer, booking_id: int, start: datetime):
    """Move a chat the way its two people do: ``proposer_client`` proposes ``start``, then
    ``confirmer`` (the other person, in a client of their own) confirms. Returns the
    confirmation's response."""
    response = propose(proposer_client, booking_id, start)
    assert response.status_code == 302, response.get_data(as_text=True)
    other = app.test_client()
    login(other, confirmer)
    return other.post(f"/bookings/{booking_id}/move/confirm")
