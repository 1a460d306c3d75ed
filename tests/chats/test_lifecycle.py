"""Must show 1 (bookings' flows): the whole life of a chat through HTTP, as the two people
would click through it: request, accept, reschedule, cancel; request, expire by tick;
request, accept, complete by tick; request, accept, no-show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bookings_support import booking_row, event_names, notifications_of, propose, request_status
from icalendar import Calendar
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # Monday
TUESDAY_9 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
INTRO = (
    "Hi! I'm Sam, a second-year music business student. I'd love to learn what a typical day on "
    "tour looks like for you, because I want to understand the job before I choose my modules."
)


@pytest.fixture
def people(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user(
        "professional",
        display_name="Pat Pro",
        profile={
            "min_notice_hours": 0,
            "chat_minutes": 30,
            "monthly_capacity": 10,
            "offers_video": True,
        },
    )
    add_window(pro, 1, "09:00", "12:00")  # Tuesdays
    student = make_user("student", display_name="Sam Student")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    return pro, student, pro_client, student_client


def send_request(app, client, pro, times) -> int:
    response = client.post(
        f"/professionals/{pro.id}/request",
        data={
            "format": "video",
            "introduction": INTRO,
            "times": [t.isoformat() for t in times],
            "action": "send",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(func.max(ChatRequest.id)))


def accept(app, client, request_id, start, location="https://meet.example.com/pat") -> int:
    response = client.post(
        f"/requests/{request_id}/accept", data={"start_at": start.isoformat(), "location": location}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(Booking.id).where(Booking.request_id == request_id))


def test_request_accept_reschedule_cancel(app, people):
    pro, student, pro_client, student_client = people
    request_id = send_request(app, student_client, pro, [TUESDAY_9, TUESDAY_9 + timedelta(hours=1)])
    booking_id = accept(app, pro_client, request_id, TUESDAY_9)

    page = student_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert f"/bookings/{booking_id}/reschedule" in page and f"/bookings/{booking_id}/cancel" in page
    assert f"/bookings/{booking_id}.ics" in page
    uid = str(
        Calendar.from_ical(student_client.get(f"/bookings/{booking_id}.ics").data).walk("VEVENT")[
            0
        ]["UID"]
    )

    new_time = TUESDAY_9 + timedelta(hours=2)
    assert new_time.isoformat() in student_client.get(
        f"/bookings/{booking_id}/reschedule"
    ).get_data(as_text=True)
    response = propose(student_client, booking_id, new_time)
    assert response.headers["Location"].endswith(f"/requests/{request_id}")
    assert b"New time proposed" in student_client.get(response.headers["Location"]).data
    assert booking_row(app, booking_id)["start_at"] == TUESDAY_9  # holds until confirmed
    assert "Sam Student asks to move your chat" in notifications_of(app, pro)[-1]["title"]
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert response.headers["Location"].endswith(f"/requests/{request_id}")
    assert b"The chat has moved" in pro_client.get(response.headers["Location"]).data
    assert (booking_row(app, booking_id)["start_at"], request_status(app, request_id)) == (
        new_time,
        "accepted",
    )
    assert "Pat Pro confirmed: your chat moved" in notifications_of(app, student)[-1]["title"]

    response = pro_client.post(
        f"/bookings/{booking_id}/cancel", data={"reason": "A tour date moved, sorry!"}
    )
    assert response.status_code == 302
    page = student_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Cancelled by Pat Pro" in page and "A tour date moved, sorry!" in page
    assert f"/bookings/{booking_id}/cancel" not in page
    event = Calendar.from_ical(student_client.get(f"/bookings/{booking_id}.ics").data).walk(
        "VEVENT"
    )[0]
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (uid, 2, "CANCELLED")
    assert event_names(app, request_id) == [
        "request_created",
        "request_accepted",
        "booking_move_proposed",
        "move_confirmed",
        "booking_cancelled",
    ]
    assert notifications_of(app, student)[-1]["kind"] == "booking_cancelled"


def test_request_expires_by_tick(app, runner, people):
    pro, student, _pro_client, student_client = people
    request_id = send_request(app, student_client, pro, [TUESDAY_9 + timedelta(days=14)])
    clock.travel_to(NOW + timedelta(days=7, minutes=1))
    assert "1 request expired" in runner.invoke(args=["mentorhub", "tick"]).output
    assert request_status(app, request_id) == "expired"
    page = student_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "expired" in page
    assert notifications_of(app, student)[-1]["kind"] == "request_expired"
    assert b"Your request to Pat Pro expired" in student_client.get("/notifications").data


def test_request_accept_complete_by_tick(app, runner, people):
    pro, student, pro_client, student_client = people
    request_id = send_request(app, student_client, pro, [TUESDAY_9])
    booking_id = accept(app, pro_client, request_id, TUESDAY_9)
    clock.travel_to(TUESDAY_9 + timedelta(minutes=30, hours=24, seconds=1))
    assert "1 chat completed" in runner.invoke(args=["mentorhub", "tick"]).output
    assert request_status(app, request_id) == "completed"
    assert booking_row(app, booking_id)["active"] is True
    page = student_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "This chat took place." in page
    assert f"/bookings/{booking_id}/no-show" not in page
    assert "Write your thank-you" in page


def test_request_accept_no_show(app, people):
    pro, student, pro_client, student_client = people
    request_id = send_request(app, student_client, pro, [TUESDAY_9])
    booking_id = accept(app, pro_client, request_id, TUESDAY_9)
    assert f"/bookings/{booking_id}/no-show" not in pro_client.get(
        f"/requests/{request_id}"
    ).get_data(as_text=True)
    clock.travel_to(TUESDAY_9 + timedelta(minutes=15))
    assert f"/bookings/{booking_id}/no-show" in pro_client.get(f"/requests/{request_id}").get_data(
        as_text=True
    )
    response = pro_client.post(f"/bookings/{booking_id}/no-show")
    assert response.headers["Location"].endswith(f"/requests/{request_id}")
    assert request_status(app, request_id) == "no_show"
    page = student_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Pat Pro marked this chat as a no-show" in page
    assert notifications_of(app, student)[-1]["kind"] == "no_show_marked"
