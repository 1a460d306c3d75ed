"""Each booking as an .ics file (RFC 5545, built with icalendar): stable UID, rising SEQUENCE."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, NO_NOTICE, move_chat, utc
from icalendar import Calendar

from mentorhub import clock

START = utc(2027, 3, 3, 15, 0)
NEW = utc(2027, 3, 3, 16, 0)


@pytest.fixture
def chat(app, make_user, make_booking, add_window):
    clock.travel_to(MONDAY)
    pro = make_user(
        "professional", display_name="Pat Pro", email="pat@example.com", profile=NO_NOTICE
    )
    student = make_user("student", display_name="Sam Student", email="sam@example.com")
    add_window(pro, 2, "15:00", "17:00")
    return pro, student, make_booking(pro, student, START)


def download(client, booking_id):
    response = client.get(f"/bookings/{booking_id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_booking_downloads_as_a_calendar_invitation(client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    response = client.get(f"/bookings/{booking_id}.ics")
    assert f'filename="mentorhub-chat-{booking_id}.ics"' in response.headers["Content-Disposition"]
    calendar, event = download(client, booking_id)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"booking-{booking_id}@test"
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=30)
    assert b"DTSTART:20270303T150000Z" in response.data  # UTC, not a floating time
    assert "DTSTAMP" in event
    assert str(event["LOCATION"]) == "https://meet.example/x"
    assert str(event["ORGANIZER"]) == "mailto:pat@example.com"
    assert event["ORGANIZER"].params["CN"] == "Pat Pro"
    assert str(event["ATTENDEE"]) == "mailto:sam@example.com"
    assert "Sam Student" in str(event["SUMMARY"]) and "Pat Pro" in str(event["SUMMARY"])
    assert "I am a student who would like to learn what your work is like." in str(
        event["DESCRIPTION"]
    )


def test_professional_downloads_the_same_event(client, login, chat):
    pro, student, booking_id = chat
    login(client, pro)
    _calendar, event = download(client, booking_id)
    assert str(event["UID"]) == f"booking-{booking_id}@test"


def test_others_cannot_download_a_booking(client, login, make_user, chat):
    pro, student, booking_id = chat
    login(client, make_user("student"))
    assert client.get(f"/bookings/{booking_id}.ics").status_code == 404
    assert client.get("/bookings/9999.ics").status_code == 404


def test_visitors_are_sent_to_log_in(client, chat):
    pro, student, booking_id = chat
    response = client.get(f"/bookings/{booking_id}.ics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_booking_reschedule_and_cancel_parse_back_with_one_uid_and_rising_sequence(
    app, client, login, chat
):
    """Must show 4: the .ics of a booking, a reschedule and a cancel."""
    pro, student, booking_id = chat
    login(client, student)
    booked_calendar, booked = download(client, booking_id)
    move_chat(app, login, client, pro, booking_id, NEW)
    moved_calendar, moved = download(client, booking_id)
    client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Exam moved."})
    cancelled_calendar, cancelled = download(client, booking_id)

    assert str(booked["UID"]) == str(moved["UID"]) == str(cancelled["UID"])
    assert booked["SEQUENCE"] < moved["SEQUENCE"] < cancelled["SEQUENCE"]
    assert [str(e["LOCATION"]) for e in (booked, moved, cancelled)] == [
        "https://meet.example/x"
    ] * 3
    assert (booked.decoded("DTSTART"), moved.decoded("DTSTART")) == (START, NEW)
    assert [str(c["METHOD"]) for c in (booked_calendar, moved_calendar, cancelled_calendar)] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    assert [str(e["STATUS"]) for e in (booked, moved, cancelled)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert "Exam moved." in str(cancelled["DESCRIPTION"])
