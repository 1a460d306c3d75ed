"""Plugins hear each step of moving a chat: proposed, then confirmed (``booking_rescheduled``),
declined or withdrawn; and a proposal left open ends with the chat."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from bookings_support import MONDAY, NO_NOTICE, propose, utc
from sqlalchemy import select

from mentorhub import clock
from mentorhub.bookings.models import MoveProposal
from mentorhub.bookings.periodic import complete_due_chats
from mentorhub.extensions import db

RECORDER = Path(__file__).parents[1] / "fixtures" / "plugins" / "recorder"
START = utc(2027, 3, 3, 15, 0)
NEW = utc(2027, 3, 3, 16, 0)


@pytest.fixture
def mentorhub_plugin_dirs():
    return [RECORDER]


@pytest.fixture
def chat(app, make_user, make_booking, add_window, login):
    clock.travel_to(MONDAY)
    pro = make_user("professional", display_name="Pat Pro", profile=NO_NOTICE)
    student = make_user("student", display_name="Sam Student")
    add_window(pro, 2, "15:00", "17:00")
    booking_id = make_booking(pro, student, START)
    clients = []
    for user in (pro, student):
        client = app.test_client()
        login(client, user)
        clients.append(client)
    return pro, student, booking_id, clients[0], clients[1]


def told(heard) -> list[tuple[str, int | None, int | None]]:
    return [(name, payload.get("booking_id"), payload.get("actor_id")) for name, payload, *_ in heard]


def statuses(app, booking_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(MoveProposal.status).where(MoveProposal.booking_id == booking_id).order_by(MoveProposal.id)
        ))


def test_plugins_hear_proposed_then_confirmed(app, chat, heard):
    pro, student, booking_id, pro_client, student_client = chat
    propose(student_client, booking_id, NEW)
    pro_client.post(f"/bookings/{booking_id}/move/confirm")
    assert told(heard) == [
        ("booking_move_proposed", booking_id, student.id),
        ("booking_rescheduled", booking_id, pro.id),
    ]


@pytest.mark.parametrize(("who", "answer", "event"), [
    ("pro", "keep", "booking_move_declined"),
    ("student", "withdraw", "booking_move_withdrawn"),
])
def test_plugins_hear_a_declined_or_withdrawn_proposal(app, chat, heard, who, answer, event):
    pro, student, booking_id, pro_client, student_client = chat
    propose(student_client, booking_id, NEW)
    client, actor = (pro_client, pro) if who == "pro" else (student_client, student)
    client.post(f"/bookings/{booking_id}/move/{answer}")
    assert told(heard)[-1] == (event, booking_id, actor.id)


def test_a_proposal_whose_time_passed_is_not_offered_and_says_why(app, chat):
    pro, student, booking_id, pro_client, student_client = chat
    propose(student_client, booking_id, NEW)
    with app.app_context():
        from mentorhub.scheduling.models import Booking

        booking = db.session.get(Booking, booking_id)
        booking.start_at, booking.end_at = NEW + timedelta(hours=2), NEW + timedelta(hours=2, minutes=30)
        db.session.commit()
    clock.travel_to(NEW + timedelta(minutes=1))  # the proposed time passed, the chat is still ahead
    response = pro_client.post(f"/bookings/{booking_id}/move/confirm")
    page = pro_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The time Sam Student proposed has passed" in page
    assert "Confirm the new time" not in page


def test_a_missed_or_completed_chat_closes_its_open_proposal(app, chat):
    pro, student, booking_id, pro_client, student_client = chat
    propose(student_client, booking_id, NEW)
    clock.travel_to(START + timedelta(minutes=10))
    pro_client.post(f"/bookings/{booking_id}/no-show")
    assert statuses(app, booking_id) == ["closed"]


def test_completing_a_chat_closes_its_open_proposal(app, chat):
    pro, student, booking_id, pro_client, student_client = chat
    propose(student_client, booking_id, NEW)
    clock.travel_to(START + timedelta(days=2))
    with app.app_context():
        assert complete_due_chats() == 1
    assert statuses(app, booking_id) == ["closed"]
