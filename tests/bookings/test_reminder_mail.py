"""Reminders 24 hours and 1 hour before each chat, by email through a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, NO_NOTICE, booking_row, move_chat, notifications_of, utc

from mentorhub import clock

START = utc(2027, 3, 3, 15, 0)


@pytest.fixture
def smtp_port(smtp):
    return smtp[1]


@pytest.fixture
def mentorhub_config(smtp_port):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port}


@pytest.fixture
def people(app, make_user):
    clock.travel_to(MONDAY)
    pro = make_user(
        "professional", display_name="Pat Pro", email="pat@example.com", profile=NO_NOTICE
    )
    student = make_user(
        "student", display_name="Sam Student", email="sam@example.com", timezone="Asia/Tokyo"
    )
    return pro, student


def tick(runner) -> None:
    result = runner.invoke(args=["mentorhub", "tick"])
    assert result.exit_code == 0, result.output


def subjects(sink) -> list[tuple[str, str]]:
    return sorted((str(m["To"]), str(m["Subject"])) for m in sink.messages)


def test_reminders_arrive_24_hours_and_1_hour_before(runner, smtp, make_booking, people):
    """Must show 5 (reminders): moved by the controllable clock, sent by tick, received by SMTP."""
    sink, _port = smtp
    pro, student = people
    make_booking(pro, student, START)
    clock.travel_to(START - timedelta(hours=24, minutes=1))
    tick(runner)
    assert sink.messages == []
    clock.travel_to(START - timedelta(hours=24))
    tick(runner)
    sink.wait_for(2)
    assert subjects(sink) == [
        ("pat@example.com", "Reminder: your chat with Sam Student is tomorrow"),
        ("sam@example.com", "Reminder: your chat with Pat Pro is tomorrow"),
    ]
    to_student = next(m for m in sink.messages if m["To"] == "sam@example.com")
    body = to_student.get_body(("plain",)).get_content()
    assert "Thu 4 Mar 2027, 00:00 (Asia/Tokyo)" in body  # the student's own zone
    assert "https://meet.example/x" in body
    clock.travel_to(START - timedelta(minutes=61))
    tick(runner)
    assert len(sink.messages) == 2
    clock.travel_to(START - timedelta(hours=1))
    tick(runner)
    sink.wait_for(4)
    assert sorted(str(m["Subject"]) for m in sink.messages[2:]) == [
        "Reminder: your chat with Pat Pro is in an hour",
        "Reminder: your chat with Sam Student is in an hour",
    ]
    tick(runner)
    assert len(sink.messages) == 4


def test_chat_booked_two_hours_ahead_gets_no_24_hour_reminder(runner, smtp, make_booking, people):
    sink, _port = smtp
    pro, student = people
    clock.travel_to(START - timedelta(hours=2))
    make_booking(pro, student, START)
    tick(runner)
    assert sink.messages == []
    clock.travel_to(START - timedelta(minutes=59))
    tick(runner)
    sink.wait_for(2)
    assert all("in an hour" in str(m["Subject"]) for m in sink.messages)
    assert len(sink.messages) == 2


def test_a_missed_24_hour_reminder_is_not_sent_late(app, runner, smtp, make_booking, people):
    sink, _port = smtp
    pro, student = people
    booking_id = make_booking(pro, student, START)
    clock.travel_to(START - timedelta(minutes=30))  # tick did not run for a day
    tick(runner)
    sink.wait_for(2)
    assert len(sink.messages) == 2
    assert all("in an hour" in str(m["Subject"]) for m in sink.messages)
    assert booking_row(app, booking_id)["reminded_24h_at"] is None


def test_no_reminder_once_the_chat_started(runner, smtp, make_booking, people):
    sink, _port = smtp
    pro, student = people
    make_booking(pro, student, START)
    clock.travel_to(START + timedelta(minutes=1))
    tick(runner)
    assert sink.messages == []


def test_cancelled_chat_gets_no_reminder(runner, smtp, make_booking, people):
    sink, _port = smtp
    pro, student = people
    make_booking(pro, student, START, status="cancelled")
    clock.travel_to(START - timedelta(hours=1))
    tick(runner)
    assert sink.messages == []


def test_rescheduled_chat_is_reminded_at_its_new_time(
    app, client, login, runner, smtp, make_booking, add_window, people
):
    sink, _port = smtp
    pro, student = people
    add_window(pro, 2, "15:00", "16:00")
    add_window(pro, 3, "15:00", "16:00")
    booking_id = make_booking(pro, student, START)
    clock.travel_to(START - timedelta(hours=24))
    tick(runner)
    sink.wait_for(2)
    login(client, student)
    new_start = START + timedelta(days=1)
    move_chat(app, login, client, pro, booking_id, new_start)
    sink.wait_for(5)  # asked, then both told of the move
    clock.travel_to(new_start - timedelta(hours=24))
    tick(runner)
    sink.wait_for(7)
    assert [str(m["Subject"]).endswith("is tomorrow") for m in sink.messages[5:]] == [True, True]
    assert len(notifications_of(app, student)) == 3


def test_reminder_after_a_late_reschedule_is_not_sent_for_the_passed_moment(
    app, client, login, runner, smtp, make_booking, add_window, people
):
    sink, _port = smtp
    pro, student = people
    add_window(pro, 2, "15:00", "16:00")
    booking_id = make_booking(pro, student, START + timedelta(days=7))
    clock.travel_to(START - timedelta(hours=5))
    login(client, pro)
    move_chat(app, login, client, student, booking_id, START)
    sink.wait_for(3)
    tick(runner)
    assert len(sink.messages) == 3  # the proposal and the two move emails, no "tomorrow" reminder
    clock.travel_to(START - timedelta(minutes=50))
    tick(runner)
    sink.wait_for(5)
    assert len(sink.messages) == 5
