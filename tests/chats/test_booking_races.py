"""Never double-booked, also under races (issue 3, Must show 2).

On PostgreSQL, many professionals' browsers accept at the same instant (threads released by
a barrier, each request in its own app context and database session): exclusion constraints
let exactly one booking in and everyone else gets the conflict message. On SQLite the accept
takes the write lock first (``BEGIN IMMEDIATE``), so accepts serialise, and a lock wait that
runs out reads as the same message.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from chats_support import (
    INTRO,
    TUESDAY_9,
    accept_form,
    add_windows,
    at,
    client_for,
    counts,
    make_professional,
    race,
    request_row,
    start_clock,
)
from sqlalchemy import event, func, select, text

from mentorhub.accounts.models import User
from mentorhub.chats.booking_guard import STUDENT_BUSY_MESSAGE, TAKEN_MESSAGE
from mentorhub.extensions import db
from mentorhub.scheduling.models import BOOKING_EXCLUSIONS, Booking
from mentorhub.testing import database_url_under_test as postgres_url

THREADS = 20


@pytest.fixture
def mentorhub_config():
    # One connection per racing thread, room for twenty pending requests per student, and
    # twenty logins of one professional within a minute.
    return {
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 5, "max_overflow": 5},
        "MAX_PENDING_REQUESTS": THREADS + 5,
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


def send(app, student, professional, starts) -> int:
    """A pending request from ``student`` (made through the service, as the form would)."""
    from mentorhub.chats.services import create_request

    with app.test_request_context():
        user = db.session.get(User, student.id)
        return create_request(user, professional.id, "video", INTRO, starts).id


def bookings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking))


@pytest.mark.postgres_only
@pytest.mark.parametrize("prior_check", [True, False], ids=["with-prior-check", "database-alone"])
def test_twenty_accepts_of_one_professionals_overlapping_requests_book_exactly_one(
    app, make_user, login, monkeypatch, prior_check
):
    if not prior_check:  # the exclusion constraint alone must hold the line
        monkeypatch.setattr("mentorhub.chats.answers.check_free", lambda *args, **kwargs: None)
    start_clock()
    pro = make_professional(app, make_user)
    students = [make_user("student") for _ in range(THREADS)]
    ids = [send(app, s, pro, [TUESDAY_9]) for s in students]
    clients = [client_for(app, login, pro) for _ in range(THREADS)]
    results = race(
        [
            (c, f"/requests/{i}/accept", accept_form(TUESDAY_9))
            for c, i in zip(clients, ids, strict=True)
        ]
    )
    assert sorted(status for status, _ in results) == [302] + [409] * (THREADS - 1)
    assert all(TAKEN_MESSAGE in body for status, body in results if status == 409)
    assert bookings(app) == 1
    statuses = sorted(request_row(app, i)["status"] for i in ids)
    assert statuses == ["accepted"] + ["pending"] * (THREADS - 1)


@pytest.mark.postgres_only
def test_twenty_professionals_accepting_one_students_overlapping_chats_book_exactly_one(
    app, make_user, login
):
    start_clock()
    student = make_user("student")
    # Half the professionals are free from 09:00, half from 09:15: every chat overlaps every other.
    starts = [TUESDAY_9 if n % 2 == 0 else at(0.25) for n in range(THREADS)]
    pros = []
    for start in starts:
        pro = make_professional(app, make_user, windows=False)
        add_windows(app, pro, start=start.strftime("%H:%M"), end="12:00")
        pros.append(pro)
    ids = [send(app, student, pro, [start]) for pro, start in zip(pros, starts, strict=True)]
    clients = [client_for(app, login, pro) for pro in pros]
    results = race(
        [
            (c, f"/requests/{i}/accept", accept_form(start))
            for c, i, start in zip(clients, ids, starts, strict=True)
        ]
    )
    assert sorted(status for status, _ in results) == [302] + [409] * (THREADS - 1)
    assert all(STUDENT_BUSY_MESSAGE in body for status, body in results if status == 409)
    assert bookings(app) == 1


@pytest.mark.postgres_only
def test_two_concurrent_accepts_of_one_request_one_wins(app, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    request_id = send(app, make_user("student"), pro, [TUESDAY_9, at(1)])
    first, second = client_for(app, login, pro), client_for(app, login, pro)
    results = race(
        [
            (first, f"/requests/{request_id}/accept", accept_form(TUESDAY_9)),
            (second, f"/requests/{request_id}/accept", accept_form(at(1))),
        ]
    )
    assert sorted(status for status, _ in results) == [302, 409]
    loser = next(body for status, body in results if status == 409)
    assert "already answered" in loser
    assert bookings(app) == 1
    assert request_row(app, request_id)["status"] == "accepted"


@pytest.mark.postgres_only
def test_the_exclusion_constraints_exist_in_postgresql(app):
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'x' AND conrelid = 'bookings'::regclass"
            )
        ).all()
    found = dict(rows)
    assert set(found) == set(BOOKING_EXCLUSIONS)
    for name, column in BOOKING_EXCLUSIONS.items():
        assert f"{column} WITH =" in found[name] and "&&" in found[name] and "active" in found[name]


@pytest.mark.postgres_only
def test_the_database_refuses_an_overlapping_booking_even_without_the_prior_check(
    app, make_user, make_booking
):
    from sqlalchemy.exc import IntegrityError

    pro, student = make_professional(app, make_user), make_user("student")
    make_booking(pro, student, TUESDAY_9)
    with pytest.raises(IntegrityError):
        make_booking(pro, make_user("student"), at(0.25))


def _sqlite_only() -> None:
    if postgres_url():
        pytest.skip("SQLite only: PostgreSQL decides with exclusion constraints")


@pytest.fixture
def sqlite_pending(app, client, make_user, login):
    _sqlite_only()
    start_clock()
    pro = make_professional(app, make_user)
    request_id = send(app, make_user("student"), pro, [TUESDAY_9])
    with app.app_context():
        path = db.engine.url.database
    return {"id": request_id, "pro_client": client_for(app, login, pro), "path": path}


def _short_busy_timeout(app, milliseconds: int) -> None:
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _busy(dbapi_conn, _record):
            dbapi_conn.execute(f"PRAGMA busy_timeout={milliseconds}")

        engine.dispose()


def test_sqlite_accept_reads_as_taken_when_the_write_lock_wait_runs_out(app, sqlite_pending):
    _short_busy_timeout(app, 200)
    before = counts(app)
    holder = sqlite3.connect(sqlite_pending["path"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = sqlite_pending["pro_client"].post(
            f"/requests/{sqlite_pending['id']}/accept", data=accept_form(TUESDAY_9)
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 409
    assert TAKEN_MESSAGE in response.get_data(as_text=True)
    assert counts(app) == before and request_row(app, sqlite_pending["id"])["status"] == "pending"
    again = sqlite_pending["pro_client"].post(
        f"/requests/{sqlite_pending['id']}/accept", data=accept_form(TUESDAY_9)
    )
    assert again.status_code == 302 and bookings(app) == 1


def test_sqlite_accept_waits_for_another_writer_then_books(app, sqlite_pending):
    holder = sqlite3.connect(sqlite_pending["path"], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: (holder.execute("ROLLBACK"), holder.close()))
    release.start()
    response = sqlite_pending["pro_client"].post(
        f"/requests/{sqlite_pending['id']}/accept", data=accept_form(TUESDAY_9)
    )
    release.join()
    assert response.status_code == 302
    assert bookings(app) == 1
