"""Limits: log-in paused per account after a few wrong passwords (from any address, for a
minute doubling up to a quarter of an hour), and configurable rate limits on sign-up,
password changes, chat requests and messages."""

from __future__ import annotations

import pytest
from followup_support import CHAT, INTRO, NOW, PROFILE

from mentorhub import clock
from mentorhub.accounts import throttle
from mentorhub.testing import DEFAULT_PASSWORD


@pytest.fixture
def mentorhub_config():
    return {
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "SIGNUP_RATE_LIMIT": "2 per minute",
        "PASSWORD_CHANGE_RATE_LIMIT": "2 per minute",
        "REQUEST_RATE_LIMIT": "1 per hour",
        "MESSAGE_RATE_LIMIT": "2 per minute",
    }


def log_in(app, email: str, password: str, address: str = "10.0.0.1"):
    return app.test_client().post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_five_wrong_passwords_pause_the_account_from_every_address(app, make_user):
    user = make_user("student")
    for n in range(5):
        page = log_in(app, user.email, "wrong password", f"10.0.0.{n}").get_data(as_text=True)
    assert "log-in is paused for it for 1 minute" in page
    response = log_in(app, user.email, DEFAULT_PASSWORD, "10.9.9.9")  # even the right one, elsewhere
    assert response.status_code == 200 and "paused" in response.get_data(as_text=True)
    other = make_user("student")
    assert log_in(app, other.email, DEFAULT_PASSWORD).status_code == 302  # others are not touched


def test_the_pause_doubles_and_stops_at_a_quarter_of_an_hour(app, make_user):
    user = make_user("student")
    with app.test_request_context():
        pauses = [throttle.record_failure(user.email) for _ in range(10)]
    assert pauses == [0, 0, 0, 0, 60, 120, 240, 480, 900, 900]
    with app.test_request_context():
        assert 890 <= throttle.paused_for(user.email) <= 900
        assert throttle.paused_for(user.email.upper()) > 0  # one account, however typed


def test_a_right_password_before_the_pause_forgets_the_failures(app, make_user):
    user = make_user("student")
    for _ in range(4):
        log_in(app, user.email, "wrong password")
    assert log_in(app, user.email, DEFAULT_PASSWORD).status_code == 302
    for _ in range(4):
        log_in(app, user.email, "wrong password")
    assert log_in(app, user.email, DEFAULT_PASSWORD).status_code == 302


def test_unknown_emails_pause_the_same_way(app):
    for _ in range(5):
        page = log_in(app, "nobody@example.com", "wrong password").get_data(as_text=True)
    assert "paused" in page  # the answer does not tell whether the account exists


def test_sign_up_is_rate_limited(app, client):
    codes = [client.post("/signup", data={"email": f"new{n}@example.com"}).status_code for n in range(3)]
    assert 429 not in codes[:2] and codes[2] == 429


def test_password_changes_are_rate_limited_per_person(app, client, make_user, login):
    login(client, make_user("student"))
    wrong = {
        "current_password": "not it",
        "new_password": "violet harbour lantern",
        "confirm": "violet harbour lantern",
    }
    codes = [client.post("/account/password", data=wrong).status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2]


def test_chat_requests_and_messages_are_rate_limited_per_person(app, make_user, add_window, login):
    clock.travel_to(NOW)
    student = make_user("student")
    client = app.test_client()
    login(client, student)
    pros = [make_user("professional", profile=PROFILE) for _ in range(2)]
    for pro in pros:
        add_window(pro, CHAT.weekday(), "09:00", "12:00")
    data = {"format": "video", "introduction": INTRO, "times": [CHAT.isoformat()]}
    assert client.post(f"/professionals/{pros[0].id}/request", data={**data, "action": "review"}).status_code == 200
    assert client.post(f"/professionals/{pros[0].id}/request", data={**data, "action": "send"}).status_code == 302
    assert client.post(f"/professionals/{pros[1].id}/request", data={**data, "action": "send"}).status_code == 429
    request_url = client.get("/requests").get_data(as_text=True).split('href="/requests/')[1].split('"')[0]
    codes = [
        client.post(f"/requests/{request_url}/messages", data={"body": f"Hello {n}"}).status_code for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_another_spelling_of_the_address_is_the_same_account(app, make_user):
    user = make_user("student", email="pat@example.com")
    for _ in range(5):
        log_in(app, "pat@example.com", "wrong password")
    for spelling in ("PAT@example.com", " pat@example.com ", "pat@examplｅ.com", "pat@ｅxample.com"):
        response = log_in(app, spelling, DEFAULT_PASSWORD)
        assert response.status_code == 200 and "paused" in response.get_data(as_text=True), spelling
    assert user.email == "pat@example.com"


def test_a_reset_link_ends_the_pause(app, make_user, smtp):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    user = make_user("student")
    for _ in range(5):
        log_in(app, user.email, "wrong password")
    client = app.test_client()
    client.post("/password/forgot", data={"email": user.email})
    [mail] = sink.wait_for(1)
    path = "/password/reset/" + mail.get_content().split("/password/reset/")[1].split()[0]
    new = "violet harbour lantern"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    assert log_in(app, user.email, new).status_code == 302


def test_log_in_carries_on_when_the_throttle_storage_fails(app, make_user, monkeypatch):
    user = make_user("student")

    class Broken:
        def __getattr__(self, name):
            raise ConnectionError("storage is down")

    monkeypatch.setattr(throttle, "_storage", lambda: Broken())
    assert log_in(app, user.email, "wrong password").status_code == 200
    assert log_in(app, user.email, DEFAULT_PASSWORD).status_code == 302
