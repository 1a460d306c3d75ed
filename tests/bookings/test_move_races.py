"""Moving a chat under races, on PostgreSQL: the exclusion constraints still let exactly one
booking into a time, and a proposal is answered once (issue 17, Must show 2).

Threads are released by a barrier, each request in its own app context and session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, NO_NOTICE, booking_row, propose, utc
from chats_support import client_for, race
from sqlalchemy import select

from mentorhub import clock
from mentorhub.bookings.models import MoveProposal
from mentorhub.extensions import db

CHATS = 10
TARGET = utc(2027, 3, 3, 16, 0)  # Wednesday 16:00, free


@pytest.fixture
def mentorhub_config():
    return {
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": CHATS + 5, "max_overflow": 5},
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


def statuses(app, booking_ids: list[int]) -> list[str]:
    with app.app_context():
        return [
            m.status
            for m in db.session.scalars(
                select(MoveProposal).where(MoveProposal.booking_id.in_(booking_ids)).order_by(MoveProposal.id)
            )
        ]


@pytest.mark.postgres_only
def test_ten_confirmations_onto_one_time_move_exactly_one_chat(
    app, make_user, make_booking, add_window, login
):
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile={**NO_NOTICE, "monthly_capacity": 50})
    add_window(pro, 2, "09:00", "17:00")
    chats = []
    for i in range(CHATS):
        student = make_user("student")
        start = utc(2027, 3, 3, 9) + timedelta(minutes=30 * i)
        booking_id = make_booking(pro, student, start)
        assert propose(client_for(app, login, student), booking_id, TARGET).status_code == 302
        chats.append((booking_id, start))

    results = race([(client_for(app, login, pro), f"/bookings/{b}/move/confirm", {}) for b, _ in chats])

    assert all(status == 302 for status, _ in results)  # a message each, never a 500
    moved = [b for b, start in chats if booking_row(app, b)["start_at"] == TARGET]
    assert len(moved) == 1
    for booking_id, start in chats:
        if booking_id not in moved:
            assert booking_row(app, booking_id)["start_at"] == start  # held its time
    # The others stay open (the database refused them) or lapse (their time was seen taken).
    decided = statuses(app, [b for b, _ in chats])
    assert decided.count("confirmed") == 1 and set(decided) <= {"confirmed", "open", "closed"}


@pytest.mark.postgres_only
@pytest.mark.parametrize("other", ["keep", "withdraw"])
def test_a_confirmation_racing_another_answer_ends_one_way(
    app, make_user, make_booking, add_window, login, other
):
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile=NO_NOTICE)
    student = make_user("student")
    add_window(pro, 2, "15:00", "17:00")
    start = utc(2027, 3, 3, 15)
    booking_id = make_booking(pro, student, start)
    student_client = client_for(app, login, student)
    propose(student_client, booking_id, TARGET)
    other_client = client_for(app, login, pro if other == "keep" else student)

    results = race([
        (client_for(app, login, pro), f"/bookings/{booking_id}/move/confirm", {}),
        (other_client, f"/bookings/{booking_id}/move/{other}", {}),
    ])

    assert [status for status, _ in results] == [302, 302]
    [status] = statuses(app, [booking_id])
    row = booking_row(app, booking_id)
    if status == "confirmed":
        assert (row["start_at"], row["sequence"]) == (TARGET, 1)
    else:
        assert status == ("declined" if other == "keep" else "withdrawn")
        assert (row["start_at"], row["sequence"]) == (start, 0)
