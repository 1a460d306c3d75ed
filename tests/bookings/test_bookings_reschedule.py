"""Moving a booked chat with the other person's consent: one proposes a new time with a
note, the other confirms it (the chat moves) or keeps the current time; until then the
booking holds its time."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from bookings_support import (
    MONDAY,
    MOVE_NOTE,
    NO_NOTICE,
    booking_row,
    event_names,
    move_chat,
    notifications_of,
    propose,
    utc,
)
from sqlalchemy import select

from mentorhub import clock
from mentorhub.bookings.models import MoveProposal
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification

START = utc(2027, 3, 3, 15, 0)  # Wednesday
NEW = utc(2027, 3, 3, 16, 0)


@pytest.fixture
def chat(app, make_user, make_booking, add_window):
    clock.travel_to(MONDAY)
    pro = make_user("professional", display_name="Pat Pro", profile=NO_NOTICE)
    student = make_user("student", display_name="Sam Student")
    add_window(pro, 2, "15:00", "17:00")
    return pro, student, make_booking(pro, student, START)


@pytest.fixture
def both(app, login, chat):
    """The professional's and the student's browsers, each logged in."""
    pro, student, booking_id = chat
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    return pro_client, student_client, booking_id


def moves(app, booking_id: int) -> list[tuple[str, int]]:
    """``(status, proposed_by_id)`` of every proposal to move the booking, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(MoveProposal).where(MoveProposal.booking_id == booking_id).order_by(MoveProposal.id)
        )
        return [(m.status, m.proposed_by_id) for m in rows]


def page_text(client, booking_id: int, app) -> str:
    request_id = booking_row(app, booking_id)["request_id"]
    page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" .", ".")


def test_reschedule_page_lists_the_professionals_other_free_times(client, login, chat):
    pro, student, booking_id = chat
    login(client, student)
    page = client.get(f"/bookings/{booking_id}/reschedule")
    assert page.status_code == 200
    assert b"Wednesday 3 March 2027" in page.data
    assert NEW.isoformat().encode() in page.data
    assert utc(2027, 3, 3, 15, 30).isoformat().encode() in page.data
    assert START.isoformat().encode() not in page.data  # the chat's own time is taken by itself
    assert b'name="note"' in page.data


def test_a_proposal_leaves_the_booking_where_it_is_and_asks_the_other_person(app, chat, both):
    pro, student, booking_id = chat
    pro_client, student_client, _ = both
    response = propose(student_client, booking_id, NEW)
    assert response.status_code == 302
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["sequence"], row["status"]) == (START, 0, "accepted")
    assert moves(app, booking_id) == [("open", student.id)]
    assert event_names(app, row["request_id"])[-1] == "booking_move_proposed"
    [note] = notifications_of(app, pro)
    assert note["kind"] == "move_proposed"
    assert "Sam Student asks to move your chat to Wed 3 Mar 2027, 16:00 (UTC)" == note["title"]
    assert MOVE_NOTE in note["body"]
    assert note["booking_id"] is None  # no calendar file: nothing moved yet

    pro_page = page_text(pro_client, booking_id, app)
    assert "Sam Student asks to move this chat to Wed 3 Mar 2027, 16:00 (UTC)" in pro_page
    assert MOVE_NOTE in pro_page
    assert "Confirm the new time" in pro_page and "Keep the current time" in pro_page
    student_page = page_text(student_client, booking_id, app)
    assert "You asked to move this chat to Wed 3 Mar 2027, 16:00 (UTC)" in student_page
    assert "Withdraw my proposal" in student_page and "Confirm the new time" not in student_page


def test_confirming_moves_the_chat_and_both_get_the_new_calendar_file(app, chat, both):
    pro, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert response.status_code == 302
    assert b"The chat has moved" in pro_client.get(response.headers["Location"]).data
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["end_at"], row["sequence"]) == (NEW, NEW + timedelta(minutes=30), 1)
    assert moves(app, booking_id) == [("confirmed", student.id)]
    assert event_names(app, row["request_id"])[-2:] == ["booking_move_proposed", "move_confirmed"]
    told = notifications_of(app, student)[-1]
    assert (told["kind"], told["booking_id"]) == ("booking_rescheduled", booking_id)
    assert told["title"] == "Pat Pro confirmed: your chat moved to Wed 3 Mar 2027, 16:00 (UTC)"
    copy = notifications_of(app, pro)[-1]
    assert (copy["kind"], copy["booking_id"]) == ("booking_moved", booking_id)
    with app.app_context():
        asked = db.session.scalar(select(Notification).where(Notification.kind == "move_proposed"))
        assert asked.read_at is not None and asked.outcome == "You confirmed the new time"

    for client in (pro_client, student_client):
        page = page_text(client, booking_id, app)
        assert "Your chat moved to Wed 3 Mar 2027, 16:00 (UTC)" in page
        assert "It was Wed 3 Mar 2027, 15:00 (UTC)." in page
        assert "Confirm the new time" not in page


def test_the_professional_can_propose_and_the_student_confirms(app, login, chat, both):
    pro, student, booking_id = chat
    pro_client, _, _ = both
    response = move_chat(app, login, pro_client, student, booking_id, NEW)
    assert response.status_code == 302
    assert booking_row(app, booking_id)["start_at"] == NEW
    assert notifications_of(app, pro)[-1]["kind"] == "booking_rescheduled"


def test_keeping_the_current_time_declines_and_tells_the_proposer(app, chat, both):
    pro, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(pro_client, booking_id, NEW)
    response = student_client.post(f"/bookings/{booking_id}/move/keep")
    assert b"stays at its current time" in student_client.get(response.headers["Location"]).data
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["sequence"]) == (START, 0)
    assert moves(app, booking_id) == [("declined", pro.id)]
    told = notifications_of(app, pro)[-1]
    assert told["kind"] == "move_declined"
    assert told["title"] == "Sam Student kept your chat at Wed 3 Mar 2027, 15:00 (UTC)"
    assert event_names(app, row["request_id"])[-1] == "booking_move_declined"
    assert "asks to move this chat" not in page_text(student_client, booking_id, app)
    page = page_text(pro_client, booking_id, app)
    assert "Sam Student kept the chat at its current time: Wed 3 Mar 2027, 16:00 (UTC), the time you proposed" in page
    assert "Your chat moved" not in page


def test_the_proposer_can_withdraw_but_not_confirm_their_own_proposal(app, chat, both):
    pro, student, booking_id = chat
    _, student_client, _ = both
    propose(student_client, booking_id, NEW)
    response = student_client.post(f"/bookings/{booking_id}/move/confirm")
    assert b"Pat Pro has to confirm the time you proposed" in student_client.get(response.headers["Location"]).data
    assert booking_row(app, booking_id)["start_at"] == START
    assert student_client.post(f"/bookings/{booking_id}/move/keep").status_code == 302
    assert moves(app, booking_id) == [("open", student.id)]

    response = student_client.post(f"/bookings/{booking_id}/move/withdraw")
    assert b"Your proposal is withdrawn" in student_client.get(response.headers["Location"]).data
    assert moves(app, booking_id) == [("withdrawn", student.id)]
    assert notifications_of(app, pro)[-1]["kind"] == "move_withdrawn"
    assert booking_row(app, booking_id)["start_at"] == START


def test_a_counter_proposal_replaces_the_open_one(app, chat, both):
    pro, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    later = utc(2027, 3, 3, 16, 30)
    propose(pro_client, booking_id, later, note="16:00 clashes; 16:30 works for me.")
    assert moves(app, booking_id) == [("replaced", student.id), ("open", pro.id)]
    student_client.post(f"/bookings/{booking_id}/move/confirm")
    assert booking_row(app, booking_id)["start_at"] == later


def test_a_proposal_needs_a_note_and_keeps_what_was_typed(app, chat, both):
    pro, _, booking_id = chat
    _, student_client, _ = both
    response = propose(student_client, booking_id, NEW, note="   ")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please add a short note saying why the chat needs to move" in page
    assert f'value="{NEW.isoformat()}" checked' in page
    assert moves(app, booking_id) == [] and notifications_of(app, pro) == []
    response = propose(student_client, booking_id, NEW, note="x" * 1001)
    assert response.status_code == 400
    assert "x" * 1001 in html.unescape(response.get_data(as_text=True))
    assert moves(app, booking_id) == []


@pytest.mark.parametrize(
    "value, message",
    [
        (utc(2027, 3, 3, 18, 0).isoformat(), b"is not free at that time"),  # outside the window
        (utc(2027, 3, 3, 15, 10).isoformat(), b"is not free at that time"),  # not a slot start
        (utc(2027, 2, 24, 15, 0).isoformat(), b"already passed"),
        (START.isoformat(), b"the time the chat already has"),
        ("next tuesday", b"Please pick one of the times listed"),
        ("2027-03-03T16:00:00", b"Please pick one of the times listed"),  # no zone
        ("", b"Please pick a new time"),
    ],
)
def test_proposing_a_time_that_is_not_offered_changes_nothing(app, client, login, chat, value, message):
    pro, student, booking_id = chat
    login(client, student)
    response = client.post(f"/bookings/{booking_id}/reschedule", data={"start_at": value, "note": MOVE_NOTE})
    assert 400 <= response.status_code < 500
    assert message in response.data
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["sequence"]) == (START, 0)
    assert moves(app, booking_id) == [] and notifications_of(app, pro) == []


def test_proposing_a_time_another_student_booked_is_refused(app, make_user, make_booking, chat, both):
    pro, _, booking_id = chat
    make_booking(pro, make_user("student"), NEW)
    response = propose(both[1], booking_id, NEW)
    assert response.status_code == 400
    assert b"not free at that time" in response.data
    assert moves(app, booking_id) == []


def test_proposing_onto_the_students_other_chat_is_refused(app, make_user, make_booking, chat, both):
    _, student, booking_id = chat
    make_booking(make_user("professional"), student, NEW)
    student_client = both[1]
    assert NEW.isoformat().encode() not in student_client.get(f"/bookings/{booking_id}/reschedule").data
    response = propose(student_client, booking_id, NEW)
    assert response.status_code == 409
    assert b"already has a chat at that time" in response.data
    assert moves(app, booking_id) == []


def test_a_time_taken_before_the_confirmation_leaves_the_chat_where_it_was(
    app, make_user, make_booking, chat, both
):
    pro, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    make_booking(pro, make_user("student"), NEW)  # someone else books 16:00 meanwhile
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    page = html.unescape(pro_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Wed 3 Mar 2027, 16:00 (UTC) is no longer free" in page
    assert "chat stays at Wed 3 Mar 2027, 15:00 (UTC). Sam Student has been told" in page
    assert "Confirm the new time" not in page
    row = booking_row(app, booking_id)
    assert (row["start_at"], row["sequence"]) == (START, 0)
    assert moves(app, booking_id)[-1][0] == "closed"
    assert notifications_of(app, student)[-1]["kind"] == "move_lapsed"


def test_another_users_booking_cannot_be_moved_or_answered(app, client, login, make_user, chat, both):
    _, _, booking_id = chat
    propose(both[1], booking_id, NEW)
    login(client, make_user("professional"))
    assert client.get(f"/bookings/{booking_id}/reschedule").status_code == 404
    assert propose(client, booking_id, NEW).status_code == 404
    for answer in ("confirm", "keep", "withdraw"):
        assert client.post(f"/bookings/{booking_id}/move/{answer}").status_code == 404
    assert booking_row(app, booking_id)["start_at"] == START
    assert moves(app, booking_id)[0][0] == "open"


def test_a_chat_that_started_cannot_be_moved_nor_confirmed(app, chat, both):
    _, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    clock.travel_to(START + timedelta(minutes=5))
    response = propose(pro_client, booking_id, NEW)
    assert response.status_code == 409
    assert b"already started" in response.data
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert b"already started" in pro_client.get(response.headers["Location"]).data
    assert booking_row(app, booking_id)["start_at"] == START
    assert "asks to move this chat" not in page_text(pro_client, booking_id, app)


def test_cancelling_the_chat_closes_an_open_proposal(app, chat, both):
    _, student, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    pro_client.post(f"/bookings/{booking_id}/cancel", data={"reason": "I am ill, sorry."})
    assert moves(app, booking_id) == [("closed", student.id)]
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert b"already cancelled" in pro_client.get(response.headers["Location"]).data


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
    assert move_chat(app, login, client, pro, booking_id, NEW).status_code == 302
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
    move_chat(app, login, client, pro, booking_id, half_past)
    assert booking_row(app, booking_id)["start_at"] == half_past


def test_the_history_reads_in_the_viewer_s_zone(app, chat, both):
    _, _, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    pro_client.post(f"/bookings/{booking_id}/move/confirm")
    page = page_text(student_client, booking_id, app)
    assert "from Wed 3 Mar 2027, 15:00 (UTC) to Wed 3 Mar 2027, 16:00 (UTC)" in page
    assert f"Note: {MOVE_NOTE}" in page
    assert "moved from Wed 3 Mar 2027, 15:00 (UTC) to Wed 3 Mar 2027, 16:00 (UTC)" in page
    assert "T15:00:00+00:00" not in page
    student_client.post("/account", data={"display_name": "Sam Student", "timezone": "Asia/Tokyo"})
    page = page_text(student_client, booking_id, app)
    assert "moved from Thu 4 Mar 2027, 00:00 (Asia/Tokyo) to Thu 4 Mar 2027, 01:00 (Asia/Tokyo)" in page


def test_the_move_page_shows_both_zones_and_marks_night(app, login, make_user, make_booking, add_window):
    clock.travel_to(MONDAY)
    pro = make_user("professional", display_name="Pat Pro", profile=NO_NOTICE, timezone="Europe/London")
    student = make_user("student", display_name="Sam Student", timezone="America/New_York")
    add_window(pro, 2, "09:00", "11:00")  # 09:00 in London is 04:00 in New York
    booking_id = make_booking(pro, student, utc(2027, 3, 3, 9, 0))
    client = app.test_client()
    login(client, student)
    page = html.unescape(client.get(f"/bookings/{booking_id}/reschedule").get_data(as_text=True))
    assert "04:30–05:00 · night for you (09:30 for Pat)" in page
    assert "Pick another of Pat Pro's free times" in page
    login(client, pro)
    page = html.unescape(client.get(f"/bookings/{booking_id}/reschedule").get_data(as_text=True))
    assert "09:30–10:00 (04:30 for Sam, night)" in page
    assert "Pick another of your free times" in page


def test_a_waiting_new_time_is_marked_in_both_request_lists(app, chat, both):
    _, _, booking_id = chat
    pro_client, student_client, _ = both
    propose(student_client, booking_id, NEW)
    assert "You proposed a new time: waiting for an answer" in student_client.get("/requests").get_data(as_text=True)
    assert "A new time waits for your answer" in pro_client.get("/inbox").get_data(as_text=True)
    pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert "A new time waits" not in pro_client.get("/inbox").get_data(as_text=True)
