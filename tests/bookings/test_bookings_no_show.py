"""Marking a no-show: from the start of the chat until it is completed, either side."""

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


def test_professional_marks_a_no_show_once_the_chat_started(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(minutes=10))
    login(client, pro)
    response = client.post(f"/bookings/{booking_id}/no-show", follow_redirects=False)
    assert response.status_code == 302
    row = booking_row(app, booking_id)
    assert (row["status"], row["active"], row["no_show_marked_by_id"]) == ("no_show", False, pro.id)
    assert event_names(app, row["request_id"])[-1] == "no_show_marked"
    [note] = notifications_of(app, student)
    assert note["kind"] == "no_show_marked"
    assert "Pat Pro marked your chat as missed" == note["title"]


def test_student_can_mark_a_no_show_the_day_after(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(hours=20))
    login(client, student)
    client.post(f"/bookings/{booking_id}/no-show")
    assert booking_row(app, booking_id)["no_show_marked_by_id"] == student.id


def test_no_show_before_the_start_is_refused_with_a_message(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START - timedelta(minutes=1))
    login(client, pro)
    client.post(f"/bookings/{booking_id}/no-show")
    with client.session_transaction() as session:
        flashes = [message for _category, message in session.get("_flashes", [])]
    assert flashes == ["A no-show can only be marked once the chat has started."]
    row = booking_row(app, booking_id)
    assert (row["status"], row["active"]) == ("accepted", True)
    assert notifications_of(app, student) == []


def test_no_show_of_a_completed_chat_is_refused(app, client, login, runner, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(hours=25))
    runner.invoke(args=["mentorhub", "tick"])
    login(client, pro)
    client.post(f"/bookings/{booking_id}/no-show")
    assert booking_row(app, booking_id)["status"] == "completed"


def test_no_show_needs_the_form_token(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(minutes=10))
    login(client, pro)
    client.post(f"/bookings/{booking_id}/no-show", csrf=False)
    assert booking_row(app, booking_id)["status"] == "accepted"


def test_another_users_booking_cannot_be_marked(app, client, login, make_user, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(minutes=10))
    login(client, make_user("professional"))
    assert client.post(f"/bookings/{booking_id}/no-show").status_code == 404
    assert booking_row(app, booking_id)["status"] == "accepted"
