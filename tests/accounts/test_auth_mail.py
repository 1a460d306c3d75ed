"""Confirmation and reset emails reach a real SMTP server on 127.0.0.1, and their links work."""

import re
import socket
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD

SIGNUP = {
    "role": "student",
    "email": "Mia.Chen@Example.com",
    "display_name": "Mia Chen",
    "password": "my first password",
    "confirm": "my first password",
    "timezone": "Asia/Singapore",
}


@pytest.fixture
def mentorhub_config(smtp):
    _sink, port = smtp
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}


def link_in(message) -> str:
    """The one absolute link in a plain-text email."""
    links = re.findall(r"https?://\S+", message.get_content())
    assert len(links) == 1, message.get_content()
    return links[0]


def path_of(link: str) -> str:
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("http", "localhost"), link
    return parts.path


def confirmed_at(app, email):
    with app.app_context():
        return db.session.scalar(select(User.email_confirmed_at).where(User.email == email))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_signup_emails_a_confirmation_link_that_confirms(app, client, smtp):
    sink, _port = smtp
    client.post("/signup", data=SIGNUP)
    [message] = sink.wait_for(1)
    assert message["To"] == "mia.chen@example.com"
    assert message["Subject"] == "Confirm your MentorHub email address"
    assert "Hello Mia Chen" in message.get_content()
    assert "works for 3 days" in message.get_content()
    assert confirmed_at(app, "mia.chen@example.com") is None
    response = client.get(path_of(link_in(message)))
    assert response.status_code == 302
    assert confirmed_at(app, "mia.chen@example.com") is not None


def test_resent_confirmation_link_also_confirms(app, client, smtp, make_user, login):
    sink, _port = smtp
    user = make_user("professional", confirmed=False)
    login(client, user)
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert f"We&#39;ve sent a new confirmation link to {user.email}" in client.get(
        "/dashboard"
    ).get_data(as_text=True)
    [message] = sink.wait_for(1)
    assert message["To"] == user.email
    client.get(path_of(link_in(message)))
    assert confirmed_at(app, user.email) is not None


def test_forgotten_password_email_links_to_a_working_reset(app, client, smtp, make_user):
    sink, _port = smtp
    user = make_user("student", email="sam@example.com")
    client.post("/password/forgot", data={"email": "SAM@example.com"})
    [message] = sink.wait_for(1)
    assert message["To"] == "sam@example.com"
    assert message["Subject"] == "Reset your MentorHub password"
    assert "works once, for 1 hour" in message.get_content()
    path = path_of(link_in(message))
    assert client.get(path).status_code == 200
    response = client.post(
        path, data={"password": "my new password!", "confirm": "my new password!"}
    )
    assert response.status_code == 302
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": "my new password!"})
        .status_code
        == 302
    )
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
        .status_code
        == 200
    )
    # the emailed link is single-use
    assert client.get(path).status_code == 400


def test_forgotten_password_for_unknown_email_sends_nothing(client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="sam@example.com")
    response = client.post("/password/forgot", data={"email": "someone.else@example.com"})
    assert response.status_code == 302
    assert sink.wait_for(1, timeout=0.5) == []


def test_signup_still_works_when_the_mail_server_is_down(app, client, login):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    response = client.post("/signup", data=SIGNUP)
    assert response.headers["Location"] == "/signup/sent"
    assert confirmed_at(app, "mia.chen@example.com") is None
    response = client.post(
        "/login", data={"email": SIGNUP["email"], "password": SIGNUP["password"]}
    )
    assert response.headers["Location"] == "/dashboard"
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert "We couldn&#39;t send the email just now" in client.get("/dashboard").get_data(
        as_text=True
    )


def test_signing_up_with_a_registered_address_emails_its_owner_once_an_hour(
    app, client, smtp, make_user
):
    sink, _port = smtp
    owner = make_user("professional", email="mia.chen@example.com", display_name="Dr. Mia Chen")
    client.post("/signup", data=SIGNUP)
    [message] = sink.wait_for(1)
    assert message["To"] == "mia.chen@example.com"
    assert message["Subject"] == "You already have a MentorHub account"
    body = message.get_content()
    assert "Hello Dr. Mia Chen" in body
    assert "nothing has changed" in body
    assert "http://localhost/login" in body and "http://localhost/password/forgot" in body
    client.post("/signup", data=SIGNUP)  # again, at once: no second email fills the inbox
    client.post("/signup", data={**SIGNUP, "email": "MIA.CHEN@example.com"})
    client.post("/signup", data={**SIGNUP, "email": "someone.new@example.com"})
    first, second = sink.wait_for(2)
    assert first is message and second["To"] == "someone.new@example.com"
    assert len(sink.messages) == 2
    with app.app_context():
        user = db.session.get(User, owner.id)
        assert user.display_name == "Dr. Mia Chen" and user.role == "professional"


def test_a_second_notice_goes_out_once_the_hour_has_passed(app, client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="mia.chen@example.com")
    client.post("/signup", data=SIGNUP)
    clock.advance(timedelta(seconds=app.config["SIGNUP_NOTICE_INTERVAL"] - 60))
    client.post("/signup", data=SIGNUP)
    assert len(sink.messages) == 1
    clock.advance(timedelta(seconds=120))
    client.post("/signup", data=SIGNUP)
    assert [m["Subject"] for m in sink.wait_for(2)] == ["You already have a MentorHub account"] * 2


def test_an_owner_who_never_confirmed_gets_a_fresh_confirmation_link(app, client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="mia.chen@example.com", confirmed=False)
    client.post("/signup", data=SIGNUP)
    [message] = sink.wait_for(1)
    body = message.get_content()
    assert "You haven't confirmed this address yet" in body
    confirm = next(link for link in re.findall(r"https?://\S+", body) if "/confirm/" in link)
    assert client.get(path_of(confirm)).status_code == 302
    assert confirmed_at(app, "mia.chen@example.com") is not None


def test_the_owner_of_a_confirmed_address_gets_no_confirmation_link(app, client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="mia.chen@example.com")
    client.post("/signup", data=SIGNUP)
    [message] = sink.wait_for(1)
    assert "/confirm/" not in message.get_content()
