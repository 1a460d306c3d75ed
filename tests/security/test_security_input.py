"""The audit's weaker findings: weak passwords (zxcvbn, given the person's own email and
name), names hiding control or direction characters, a video link carrying line breaks into
emails, calendar files naming their charset twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from followup_support import CHAT, INTRO, NOW, PROFILE
from sqlalchemy import select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD

SIGNUP = {"role": "student", "email": "mia.chen@example.com", "display_name": "Mia Chen", "timezone": "UTC"}


def accounts(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(User.email)))


@pytest.mark.parametrize(
    "password", ["1234567890", "mia.chen@example.com", "miachen1234", "passwordpassword", "qwertyuiop"]
)
def test_weak_passwords_are_refused_at_sign_up(app, client, password):
    response = client.post("/signup", data={**SIGNUP, "password": password, "confirm": password})
    assert response.status_code == 200
    assert "Choose a stronger password." in response.get_data(as_text=True)
    assert accounts(app) == []


def test_a_strong_password_is_taken(app, client):
    response = client.post(
        "/signup", data={**SIGNUP, "password": "violet harbour lantern", "confirm": "violet harbour lantern"}
    )
    assert response.status_code == 302
    assert accounts(app) == ["mia.chen@example.com"]


def test_a_weak_new_password_is_refused_on_change(app, client, make_user, login):
    user = make_user("student", email="sam.lee@example.com", display_name="Sam Lee")
    login(client, user)
    response = client.post(
        "/account/password",
        data={"current_password": DEFAULT_PASSWORD, "new_password": "samlee12345", "confirm": "samlee12345"},
    )
    assert "Choose a stronger password." in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Mia\u202eneh C", "Mia\u200b Chen", "Mia\x00Chen", "Mia\x1b[2J"])
def test_names_with_hidden_characters_are_refused(app, client, name):
    response = client.post(
        "/signup",
        data={
            **SIGNUP,
            "display_name": name,
            "password": "violet harbour lantern",
            "confirm": "violet harbour lantern",
        },
    )
    assert "invisible or special control characters" in response.get_data(as_text=True)
    assert accounts(app) == []


def test_a_name_with_accents_and_apostrophes_is_fine(app, client):
    client.post(
        "/signup",
        data={
            **SIGNUP,
            "display_name": "Zoë O'Brien-Ñúñez",
            "password": "violet harbour lantern",
            "confirm": "violet harbour lantern",
        },
    )
    assert accounts(app) == ["mia.chen@example.com"]


def test_a_chat_location_on_two_lines_is_refused(app, make_user, login, add_window):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", profile=PROFILE)
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    student, pro_client, student_client = make_user("student"), app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    student_client.post(
        f"/professionals/{pro.id}/request",
        data={"format": "video", "introduction": INTRO, "times": [CHAT.isoformat()], "action": "send"},
    )
    with app.app_context():
        request_id = db.session.scalar(select(ChatRequest.id))
    response = pro_client.post(
        f"/requests/{request_id}/accept",
        data={"start_at": CHAT.isoformat(), "location": "https://meet.example.com/x\nBcc: x@evil"},
    )
    assert response.status_code == 400
    assert "Please write this on one line" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ChatRequest, request_id).status == "pending"


def test_calendar_files_name_their_charset_once(app, client, make_user, login, make_booking):
    pro, student = make_user("professional"), make_user("student")
    booking_id = make_booking(pro, student, datetime(2030, 3, 1, 10, tzinfo=UTC))
    login(client, student)
    response = client.get(f"/bookings/{booking_id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
