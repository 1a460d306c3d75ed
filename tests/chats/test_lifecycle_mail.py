"""Must show 5 (calendar emails): accepting, moving and cancelling a chat email the other
person the chat's .ics through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TUESDAY_9 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
INTRO = (
    "Hi! I'm Sam, a second-year music business student. I'd love to learn what a typical day on "
    "tour looks like for you, because I want to understand the job before I choose my modules."
)


@pytest.fixture
def smtp_port(smtp):
    return smtp[1]


@pytest.fixture
def mentorhub_config(smtp_port):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port}


@pytest.fixture
def booked(app, make_user, add_window, login, smtp):
    """Sam asked Pat for a chat and Pat accepted; returns the clients, ids and the SMTP sink."""
    sink, _port = smtp
    clock.travel_to(NOW)
    pro = make_user(
        "professional",
        display_name="Pat Pro",
        email="pat@example.com",
        profile={"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10},
    )
    add_window(pro, 1, "09:00", "12:00")
    student = make_user("student", display_name="Sam Student", email="sam@example.com")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    student_client.post(
        f"/professionals/{pro.id}/request",
        data={
            "format": "video",
            "introduction": INTRO,
            "times": [TUESDAY_9.isoformat()],
            "action": "send",
        },
    )
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    pro_client.post(
        f"/requests/{request_id}/accept",
        data={"start_at": TUESDAY_9.isoformat(), "location": "https://meet.example.com/pat"},
    )
    with app.app_context():
        booking_id = db.session.scalar(select(Booking.id).where(Booking.request_id == request_id))
    assert booking_id is not None
    return {"sink": sink, "pro": pro_client, "student": student_client, "booking_id": booking_id}


def calendar_attachment(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename().endswith(".ics")
    return Calendar.from_ical(part.get_content())


def mail_to(sink, address: str, count: int):
    sink.wait_for(count)
    return [m for m in sink.messages if m["To"] == address]


def test_accepting_emails_the_student_the_ics(booked):
    [accepted] = mail_to(booked["sink"], "sam@example.com", 2)
    assert "accepted your chat request" in str(accepted["Subject"])
    calendar = calendar_attachment(accepted)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == TUESDAY_9
    assert str(event["LOCATION"]) == "https://meet.example.com/pat"
    assert str(event["ORGANIZER"]) == "mailto:pat@example.com"
    assert str(event["ATTENDEE"]) == "mailto:sam@example.com"
    assert "typical day on tour" in str(event["DESCRIPTION"])


def test_accepting_emails_the_professional_the_ics_too(booked):
    """The professional is kept informed as the student is: their own copy with the .ics."""
    sink = booked["sink"]
    sink.wait_for(3)  # the request, the student's acceptance, the professional's copy
    [copy] = [m for m in sink.messages if m["To"] == "pat@example.com" and "is booked" in str(m["Subject"])]
    assert str(copy["Subject"]) == "Your chat with Sam Student is booked"
    assert "Tue 2 Mar 2027, 09:00 (UTC)" in copy.get_body(("plain",)).get_content()
    [event] = calendar_attachment(copy).walk("VEVENT")
    assert event.decoded("DTSTART") == TUESDAY_9
    assert str(event["LOCATION"]) == "https://meet.example.com/pat"


def test_moving_the_chat_asks_first_then_emails_both_the_updated_ics(booked):
    """A proposal emails the other person without a calendar file (nothing moved yet); the
    confirmation emails both the updated one."""
    new_time = TUESDAY_9 + timedelta(hours=1)
    sink = booked["sink"]
    sink.wait_for(3)
    booked["student"].post(
        f"/bookings/{booked['booking_id']}/reschedule",
        data={"start_at": new_time.isoformat(), "note": "My lecture moved, sorry."},
    )
    asked = mail_to(sink, "pat@example.com", 4)[-1]
    assert "asks to move your chat" in str(asked["Subject"])
    body = asked.get_body(("plain",)).get_content()
    assert "My lecture moved, sorry." in body and "stays at its current time" in body
    assert [p for p in asked.iter_attachments() if p.get_content_type() == "text/calendar"] == []
    booked["pro"].post(f"/bookings/{booked['booking_id']}/move/confirm")
    sink.wait_for(6)
    moved = mail_to(sink, "sam@example.com", 6)[-1]
    assert "confirmed: your chat moved" in str(moved["Subject"])
    copy = mail_to(sink, "pat@example.com", 6)[-1]
    assert "Your chat moved" in str(copy["Subject"])
    for message in (moved, copy):
        [event] = calendar_attachment(message).walk("VEVENT")
        assert (event.decoded("DTSTART"), event["SEQUENCE"]) == (new_time, 1)


def test_cancelling_emails_the_other_person_the_cancelled_ics(booked):
    booked["pro"].post(
        f"/bookings/{booked['booking_id']}/cancel", data={"reason": "A tour date moved."}
    )
    cancelled = mail_to(booked["sink"], "sam@example.com", 3)[-1]
    assert "cancelled your chat" in str(cancelled["Subject"])
    assert "A tour date moved." in cancelled.get_body(("plain",)).get_content()
    calendar = calendar_attachment(cancelled)
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), str(event["STATUS"]), event["SEQUENCE"]) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
