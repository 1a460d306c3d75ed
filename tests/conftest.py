"""Shared fixtures of the MentorHub suite (the ``mentorhub_*`` ones come from
``mentorhub.testing``, the pytest plugin we also give plugin authors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.testing import database_url_under_test

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (races, exclusion constraints) are skipped in the SQLite pass."""
    if database_url_under_test():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs in the PostgreSQL pass (MENTORHUB_TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def app(mentorhub_app):
    return mentorhub_app


@pytest.fixture
def client(mentorhub_client):
    return mentorhub_client


@pytest.fixture
def runner(mentorhub_runner):
    return mentorhub_runner


@pytest.fixture
def make_user(mentorhub_make_user):
    return mentorhub_make_user


@pytest.fixture
def login(mentorhub_login):
    return mentorhub_login


@pytest.fixture
def smtp(mentorhub_smtp):
    return mentorhub_smtp


# --- scheduling: availability windows and bookings made directly, for tests of free slots ---


@pytest.fixture
def add_window(app):
    """``add_window(professional, weekday, "09:00", "10:00")``: a weekly window (0 = Monday,
    wall-clock in the professional's zone), stored without touching ``next_free_at``."""
    from datetime import time

    from mentorhub.extensions import db
    from mentorhub.scheduling.models import AvailabilityWindow

    def add(professional, weekday: int, start: str, end: str) -> int:
        with app.app_context():
            window = AvailabilityWindow(
                professional_id=professional.id, weekday=weekday,
                start_time=time.fromisoformat(start), end_time=time.fromisoformat(end),
            )
            db.session.add(window)
            db.session.commit()
            return window.id

    return add


@pytest.fixture
def make_booking(app):
    """``make_booking(professional, student, start, minutes=30, status="accepted")``: a request
    in ``status`` with its booking at ``start`` (aware); inactive unless accepted."""
    from datetime import timedelta

    from mentorhub import clock
    from mentorhub.chats.models import ACCEPTED, Booking, ChatRequest
    from mentorhub.extensions import db

    def book(professional, student, start, minutes: int = 30, status: str = ACCEPTED) -> int:
        with app.app_context():
            chat_request = ChatRequest(
                student_id=student.id, professional_id=professional.id, status=status, format="video",
                introduction="I am a student who would like to learn what your work is like.",
                expires_at=clock.now() + timedelta(days=7),
            )
            db.session.add(chat_request)
            db.session.flush()
            booking = Booking(
                request_id=chat_request.id, professional_id=professional.id, student_id=student.id,
                start_at=start, end_at=start + timedelta(minutes=minutes), location="https://meet.example/x",
                active=status == ACCEPTED, uid=f"booking-{chat_request.id}@test",
            )
            db.session.add(booking)
            db.session.commit()
            return booking.id

    return book
