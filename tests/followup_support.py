"""Helpers shared by the followup tests: a chat booked through the site, as its two people
would book it, and the moments around it."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.followup.models import Nudge
from mentorhub.notifications.models import Notification
from mentorhub.scheduling.models import Booking

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # Monday
CHAT = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # Tuesday, 30 minutes
END = CHAT + timedelta(minutes=30)
INTRO = (
    "Hi! I'm Sam, a second-year music business student. I'd love to learn what a typical day on "
    "tour looks like for you, because I want to understand the job before I choose my modules."
)
PROFILE = {
    "min_notice_hours": 0,
    "chat_minutes": 30,
    "monthly_capacity": 10,
    "offers_video": True,
    "company": "Roadcase Touring",
    "industry": "tour-management",
}


@dataclass
class Chat:
    """A booked chat and its two people, each with a logged-in client."""

    pro: Any
    student: Any
    pro_client: Any
    student_client: Any
    request_id: int
    booking_id: int


def book_chat(app, make_user, add_window, login, *, student=None, student_client=None,
              start: datetime = CHAT, pro=None) -> Chat:
    """Pat Pro (free on Tuesdays) accepts Sam Student's request for ``start``, through HTTP."""
    if clock.now() > start:
        clock.travel_to(start - timedelta(days=1))
    if pro is None:
        pro = make_user("professional", display_name="Pat Pro", profile=PROFILE, topics=["Touring"])
        add_window(pro, start.weekday(), "09:00", "12:00")
    if student is None:
        student = make_user("student", display_name="Sam Student")
    pro_client = app.test_client()
    login(pro_client, pro)
    if student_client is None:
        student_client = app.test_client()
        login(student_client, student)
    response = student_client.post(
        f"/professionals/{pro.id}/request",
        data={"format": "video", "introduction": INTRO, "times": [start.isoformat()], "action": "send"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    response = pro_client.post(
        f"/requests/{request_id}/accept",
        data={"start_at": start.isoformat(), "location": "https://meet.example.com/pat"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        booking_id = db.session.scalar(select(Booking.id).where(Booking.request_id == request_id))
    return Chat(pro, student, pro_client, student_client, request_id, booking_id)


def tick(runner) -> str:
    """Run ``flask mentorhub tick`` once; its summary line."""
    result = runner.invoke(args=["mentorhub", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


def kinds_of(app, user, kind: str) -> list[Notification]:
    """``user``'s notifications of ``kind``, oldest first (detached)."""
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user.id, Notification.kind == kind)
                .order_by(Notification.id)
            )
        )
        db.session.expunge_all()
        return rows


def nudge_rows(app, request_id: int) -> list[tuple[str, int]]:
    """``(stage, times_sent)`` of a chat's nudges."""
    with app.app_context():
        return [
            tuple(row)
            for row in db.session.execute(
                select(Nudge.stage, Nudge.times_sent).where(Nudge.request_id == request_id).order_by(Nudge.id)
            )
        ]


def text(response) -> str:
    """A page's text with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))
