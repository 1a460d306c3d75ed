"""Cancelling a booked chat: either side, with a reason; late when close to the start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, booking_row, event_names, notifications_of, utc

from mentorhub import clock

START = utc(2027, 3, 3, 15, 0)


@pytest.fixture
def chat(app, make_user, make_booking):
    clock.travel_to(MONDAY)
    pro = make_user("professional", display_name="Pat Pro")
    student = make_user("student", display_name="Sam Student")
    return pro, student, make_booking(pro, student, START)


def test_student_cancels_with_a_reason_and_the_professional_is_told(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(
        f"/bookings/{booking_id}/cancel", data={"reason": "My exam was moved to that day."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/requests/{booking_row(app, booking_id)['request_id']}"
    )
    row = booking_row(app, booking_id)
    assert row["status"] == "cancelled"
    assert row["active"] is False
    assert row["sequence"] == 1
    assert row["cancel_reason"] == "My exam was moved to that day."
    assert row["cancelled_by_id"] == student.id
    assert row["late_cancel"] is False
    assert event_names(app, row["request_id"])[-1] == "booking_cancelled"
    [note] = notifications_of(app, pro)
    assert note["kind"] == "booking_cancelled"
    assert "Sam Student cancelled" in note["title"]
    assert "My exam was moved" in note["body"]
    assert note["booking_id"] == booking_id
    assert notifications_of(app, student) == []


def test_professional_can_cancel_too(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, pro)
    client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Called away to a festival."})
    assert booking_row(app, booking_id)["cancelled_by_id"] == pro.id
    assert notifications_of(app, student)[0]["kind"] == "booking_cancelled"


def test_cancelling_less_than_three_hours_before_is_marked_late(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START - timedelta(hours=2, minutes=59))
    login(client, student)
    page = client.get(f"/bookings/{booking_id}/cancel")
    assert b"late cancellation" in page.data
    client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Sick today, sorry."})
    row = booking_row(app, booking_id)
    assert row["late_cancel"] is True
    assert "late cancellation" in notifications_of(app, pro)[0]["body"]


def test_cancelling_more_than_three_hours_before_is_not_late(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START - timedelta(hours=3, minutes=1))
    login(client, student)
    client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Sick today, sorry."})
    assert booking_row(app, booking_id)["late_cancel"] is False


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", b"Please say why you are cancelling"),
        ("   ", b"Please say why you are cancelling"),
        ("x" * 1001, b"under 1000 characters"),
    ],
)
def test_cancel_without_a_proper_reason_changes_nothing(app, client, login, chat, reason, message):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/cancel", data={"reason": reason})
    assert response.status_code == 400
    assert message in response.data
    assert booking_row(app, booking_id)["status"] == "accepted"
    assert notifications_of(app, pro) == []


def test_cancel_form_keeps_what_was_typed_when_the_form_expired(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(
        f"/bookings/{booking_id}/cancel", data={"reason": "Something came up."}, csrf=False
    )
    assert response.status_code == 400
    assert b"Something came up." in response.data
    assert b"expired" in response.data
    assert booking_row(app, booking_id)["active"] is True


def test_another_users_booking_cannot_be_cancelled(app, client, login, make_user, chat):
    pro, student, booking_id = chat
    login(client, make_user("student"))
    assert client.get(f"/bookings/{booking_id}/cancel").status_code == 404
    response = client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Not mine but still."})
    assert response.status_code == 404
    assert booking_row(app, booking_id)["status"] == "accepted"


def test_cancel_page_needs_a_login(client, chat):
    pro, student, booking_id = chat
    response = client.get(f"/bookings/{booking_id}/cancel")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_chat_that_started_cannot_be_cancelled(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(minutes=1))
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Too late now."})
    assert response.status_code == 409
    assert b"mark a no-show instead" in response.data
    assert booking_row(app, booking_id)["status"] == "accepted"


def test_a_cancelled_chat_cannot_be_cancelled_again(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    client.post(f"/bookings/{booking_id}/cancel", data={"reason": "First time."})
    response = client.post(f"/bookings/{booking_id}/cancel", data={"reason": "Second time."})
    assert response.status_code == 409
    assert b"already cancelled" in response.data
    row = booking_row(app, booking_id)
    assert (row["sequence"], row["cancel_reason"]) == (1, "First time.")
    assert len(notifications_of(app, pro)) == 1
