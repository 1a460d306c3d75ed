"""Each user's private calendar feed of their chats, and regenerating its secret address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY, utc
from icalendar import Calendar

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db


def token_of(app, user) -> str:
    with app.app_context():
        return db.session.get(User, user.id).calendar_token


def feed_uids(client, token) -> list[str]:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return [str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]


@pytest.fixture
def people(app, make_user):
    clock.travel_to(MONDAY)
    return make_user("professional"), make_user("student"), make_user("student")


def test_feed_lists_the_users_upcoming_chats_without_a_login(app, client, make_booking, people):
    pro, student, other = people
    mine = make_booking(pro, student, utc(2027, 3, 3, 15))
    later = make_booking(pro, student, utc(2027, 3, 10, 15))
    make_booking(pro, other, utc(2027, 3, 4, 15))
    assert feed_uids(client, token_of(app, student)) == [
        f"booking-{mine}@test",
        f"booking-{later}@test",
    ]
    response = client.get(f"/calendar/{token_of(app, student)}.ics")
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "MentorHub chats"


def test_professionals_feed_has_chats_with_every_student(app, client, make_booking, people):
    pro, student, other = people
    make_booking(pro, student, utc(2027, 3, 3, 15))
    make_booking(pro, other, utc(2027, 3, 4, 15))
    assert len(feed_uids(client, token_of(app, pro))) == 2


def test_cancelled_and_no_show_chats_leave_the_feed(app, client, make_booking, people):
    pro, student, _other = people
    make_booking(pro, student, utc(2027, 3, 3, 15), status="cancelled")
    make_booking(pro, student, utc(2027, 3, 4, 15), status="no_show")
    assert feed_uids(client, token_of(app, student)) == []


def test_chats_stay_in_the_feed_for_a_month_after_they_took_place(
    app, client, make_booking, people
):
    pro, student, _other = people
    make_booking(pro, student, utc(2027, 3, 3, 15))
    clock.travel_to(utc(2027, 3, 20))
    assert len(feed_uids(client, token_of(app, student))) == 1
    clock.travel_to(utc(2027, 4, 3, 16))
    assert feed_uids(client, token_of(app, student)) == []


def test_unknown_token_is_not_found(client, people):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_settings_page_shows_the_feed_address(app, client, login, people):
    pro, student, _other = people
    login(client, student)
    page = client.get("/account/calendar")
    assert page.status_code == 200
    assert f"http://localhost/calendar/{token_of(app, student)}.ics".encode() in page.data
    assert b"Keep it to yourself" in page.data


def test_regenerating_the_address_stops_the_old_one(app, client, login, make_booking, people):
    pro, student, _other = people
    make_booking(pro, student, utc(2027, 3, 3, 15))
    old = token_of(app, student)
    login(client, student)
    response = client.post("/account/calendar/regenerate")
    assert response.status_code == 302
    new = token_of(app, student)
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert len(feed_uids(client, new)) == 1
    assert new.encode() in client.get("/account/calendar").data


def test_regenerating_needs_the_form_token(app, client, login, people):
    pro, student, _other = people
    old = token_of(app, student)
    login(client, student)
    client.post("/account/calendar/regenerate", csrf=False)
    assert token_of(app, student) == old


def test_settings_page_needs_a_login(client, people):
    assert client.get("/account/calendar").status_code == 302


def test_feed_stays_fast_with_many_chats(app, client, make_user, make_booking, people, queries):
    """One query for all chats and their people, whatever their number."""
    pro, student, _other = people
    for day in range(5):
        make_booking(
            make_user("professional"), student, utc(2027, 3, 2 + day, 15) + timedelta(minutes=day)
        )
    token = token_of(app, student)
    with queries() as statements:
        assert len(feed_uids(client, token)) == 5
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 3
