"""Moving a booked chat to another free time of the professional."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, NO_NOTICE, booking_row, event_names, notifications_of, utc

from mentorhub import clock

START = utc(2027, 3, 3, 15, 0)  # Wednesday
NEW = utc(2027, 3, 3, 16, 0)


@pytest.fixture
def chat(app, make_user, make_booking, add_window):
    clock.travel_to(MONDAY)
    pro = make_user("professional", display_name="Pat Pro", profile=NO_NOTICE)
    student = make_user("student", display_name="Sam Student")
    add_window(pro, 2, "15:00", "17:00")
    return pro, student, make_booking(pro, student, START)


def test_reschedule_page_lists_the_professionals_other_free_times(client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    page = client.get(f"/bookings/{booking_id}/reschedule")
    assert page.status_code == 200
    assert b"Wednesday 3 March 2027" in page.data
    assert NEW.isoformat().encode() in page.data
    assert utc(2027, 3, 3, 15, 30).isoformat().encode() in page.data
    assert START.isoformat().encode() not in page.data  # the chat's own time is taken by itself


def test_student_moves_the_chat_and_the_professional_is_told(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 302
    row = booking_row(app, booking_id)
    assert (row["status"], row["active"]) == ("accepted", True)
    assert (row["start_at"], row["end_at"]) == (NEW, NEW + timedelta(minutes=30))
    assert row["sequence"] == 1
    assert event_names(app, row["request_id"])[-1] == "booking_rescheduled"
    [note] = notifications_of(app, pro)
    assert note["kind"] == "booking_rescheduled"
    assert "Sam Student moved your chat" in note["title"]
    assert note["booking_id"] == booking_id


def test_professional_can_move_the_chat_too(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, pro)
    client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert booking_row(app, booking_id)["start_at"] == NEW
    assert notifications_of(app, student)[0]["kind"] == "booking_rescheduled"


def test_each_reschedule_raises_the_sequence(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    client.post(
        f"/bookings/{booking_id}/reschedule", data={"start_at": utc(2027, 3, 3, 15, 30).isoformat()}
    )
    assert booking_row(app, booking_id)["sequence"] == 2


@pytest.mark.parametrize(
    "value, message",
    [
        (utc(2027, 3, 3, 18, 0).isoformat(), b"is not free at that time"),  # outside the window
        (utc(2027, 3, 3, 15, 10).isoformat(), b"is not free at that time"),  # not a slot start
        (utc(2027, 2, 24, 15, 0).isoformat(), b"already passed"),
        ("next tuesday", b"Please pick one of the times listed"),
        ("2027-03-03T16:00:00", b"Please pick one of the times listed"),  # no zone
        ("", b"Please pick a new time"),
    ],
)
def test_reschedule_to_a_time_that_is_not_offered_changes_nothing(
    app, client, login, chat, value, message
):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": value})
    assert 400 <= response.status_code < 500
    assert message in response.data
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["sequence"]) == (START, 0)
    assert notifications_of(app, pro) == []


def test_reschedule_to_a_time_another_student_booked_is_refused(
    app, client, login, make_user, make_booking, chat
):
    pro, student, booking_id = chat
    make_booking(pro, make_user("student"), NEW)
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 400
    assert b"not free at that time" in response.data
    assert booking_row(app, booking_id)["start_at"] == START


def test_reschedule_onto_the_students_other_chat_is_refused(
    app, client, login, make_user, make_booking, chat
):
    pro, student, booking_id = chat
    make_booking(make_user("professional"), student, NEW)
    login(client, student)
    page = client.get(f"/bookings/{booking_id}/reschedule")
    assert NEW.isoformat().encode() not in page.data
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 409
    assert b"already has a chat at that time" in response.data
    assert booking_row(app, booking_id)["start_at"] == START


def test_another_users_booking_cannot_be_moved(app, client, login, make_user, chat):
    pro, student, booking_id = chat
    login(client, make_user("professional"))
    assert client.get(f"/bookings/{booking_id}/reschedule").status_code == 404
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 404
    assert booking_row(app, booking_id)["start_at"] == START


def test_a_chat_that_started_cannot_be_moved(app, client, login, chat):
    pro, student, booking_id = chat
    clock.travel_to(START + timedelta(minutes=5))
    login(client, pro)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 409
    assert b"already started" in response.data
    assert booking_row(app, booking_id)["start_at"] == START


def test_page_says_so_when_there_is_no_other_free_time(
    app, client, login, make_user, make_booking, add_window
):
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile={**NO_NOTICE, "horizon_days": 5})
    student = make_user("student")
    add_window(pro, 2, "15:00", "15:30")  # one slot a week, and the chat holds this week's
    booking_id = make_booking(pro, student, START)
    login(client, student)
    page = client.get(f"/bookings/{booking_id}/reschedule")
    assert b"No other free times right now" in page.data


def test_a_chat_can_move_within_a_month_at_full_capacity(
    app, client, login, make_user, make_booking, add_window
):
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile={**NO_NOTICE, "monthly_capacity": 1})
    student = make_user("student")
    add_window(pro, 2, "15:00", "17:00")
    booking_id = make_booking(pro, student, START)
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    assert response.status_code == 302
    assert booking_row(app, booking_id)["start_at"] == NEW


def test_a_chat_can_move_into_its_own_buffer(
    app, client, login, make_user, make_booking, add_window
):
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile={**NO_NOTICE, "buffer_after_minutes": 30})
    student = make_user("student")
    add_window(pro, 2, "15:00", "17:00")
    booking_id = make_booking(pro, student, START)
    half_past = utc(2027, 3, 3, 15, 30)
    login(client, student)
    assert half_past.isoformat().encode() in client.get(f"/bookings/{booking_id}/reschedule").data
    client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": half_past.isoformat()})
    assert booking_row(app, booking_id)["start_at"] == half_past


def test_moving_to_the_time_it_already_has_is_refused(app, client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(
        f"/bookings/{booking_id}/reschedule", data={"start_at": START.isoformat()}
    )
    assert response.status_code == 400
    assert b"the time the chat already has" in response.data
    assert booking_row(app, booking_id)["sequence"] == 0


def test_the_history_says_when_it_moved_in_the_viewer_s_zone(app, make_user, login, chat):
    import html

    pro, student, booking_id = chat
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    student_client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": NEW.isoformat()})
    request_id = booking_row(app, booking_id)["request_id"]
    page = html.unescape(student_client.get(f"/requests/{request_id}").get_data(as_text=True))
    assert "moved from Wed 3 Mar 2027, 15:00 (UTC) to Wed 3 Mar 2027, 16:00 (UTC)" in page
    assert "T15:00:00+00:00" not in page
    student_client.post("/account", data={"display_name": "Sam Student", "timezone": "Asia/Tokyo"})
    page = html.unescape(student_client.get(f"/requests/{request_id}").get_data(as_text=True))
    assert "moved from Thu 4 Mar 2027, 00:00 (Asia/Tokyo) to Thu 4 Mar 2027, 01:00 (Asia/Tokyo)" in page
