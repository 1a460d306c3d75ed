"""Changing a password (other sessions end) and resetting a forgotten one by link."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorhub import clock
from mentorhub.accounts import tokens
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD

NEW_PASSWORD = "a brand new password"


def is_logged_in(client):
    return client.get("/dashboard").status_code == 200


def can_log_in(app, email, password):
    client = app.test_client()
    return client.post("/login", data={"email": email, "password": password}).status_code == 302


def stored(app, email):
    with app.app_context():
        row = db.session.execute(
            select(User.password_hash, User.session_token, User.email_confirmed_at).where(
                User.email == email
            )
        ).one()
        return row


def change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new if confirm is None else confirm,
        },
    )


# --- change password -------------------------------------------------------------------------


def test_change_password_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_change_password_keeps_this_session_and_ends_the_others(app, make_user, login):
    user = make_user("student")
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    response = change(here)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)


def test_change_password_ends_remember_me_logins_elsewhere(app, make_user, login):
    user = make_user("student")
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user, remember=True)
    elsewhere.delete_cookie("session")
    assert is_logged_in(elsewhere)  # the remember cookie alone still works before the change
    change(here)
    elsewhere.delete_cookie("session")
    assert not is_logged_in(elsewhere)


def test_change_password_renews_remember_me_in_this_browser(client, make_user, login):
    login(client, make_user("student"), remember=True)
    change(client)
    client.delete_cookie("session")
    assert is_logged_in(client)


def test_after_a_change_only_the_new_password_logs_in(app, client, make_user, login):
    user = make_user("professional")
    login(client, user)
    change(client)
    assert not can_log_in(app, user.email, DEFAULT_PASSWORD)
    assert can_log_in(app, user.email, NEW_PASSWORD)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current": "not my password"}, "That isn&#39;t your current password."),
        ({"new": "too short"}, "at least 10 characters"),
        ({"confirm": "a different new password"}, "The two passwords don&#39;t match"),
        ({"new": DEFAULT_PASSWORD}, "Choose a password different from your current one."),
    ],
    ids=["wrong-current", "short-new", "mismatch", "unchanged"],
)
def test_bad_password_change_changes_nothing(app, client, make_user, login, fields, message):
    user = make_user("student")
    login(client, user)
    before = stored(app, user.email)
    response = change(client, **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(app, user.email) == before
    assert is_logged_in(client)


# --- forgot password ---------------------------------------------------------------------------


def test_forgot_password_answers_the_same_whether_or_not_the_account_exists(client, make_user):
    make_user("student", email="known@example.com")
    flashes = []
    for email in ("known@example.com", "unknown@example.com"):
        response = client.post("/password/forgot", data={"email": email})
        assert response.status_code == 302
        assert response.headers["Location"] == "/login"
        page = client.get("/login").get_data(as_text=True)
        start = page.index("If an account uses")
        flashes.append(page[start : page.index("</p>", start)].replace(email, "EMAIL"))
    assert flashes[0] == flashes[1]
    assert "The link works for 1 hour." in flashes[0]


def test_forgot_password_needs_a_valid_email(client):
    response = client.post("/password/forgot", data={"email": "not an email"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.get_data(as_text=True)


# --- reset by link ------------------------------------------------------------------------------


def reset_link(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return f"/password/reset/{tokens.make_reset_token(user.id, user.password_hash)}"


def reset(client, link, password=NEW_PASSWORD, confirm=None):
    return client.post(
        link, data={"password": password, "confirm": password if confirm is None else confirm}
    )


def test_reset_link_shows_a_form_for_that_account(app, client, make_user):
    user = make_user("student")
    response = client.get(reset_link(app, user.email))
    assert response.status_code == 200
    assert f"For {user.email}." in response.get_data(as_text=True)


def test_reset_link_sets_the_new_password_and_ends_every_session(app, client, make_user, login):
    user = make_user("student")
    elsewhere = app.test_client()
    login(elsewhere, user, remember=True)
    response = reset(client, reset_link(app, user.email))
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(elsewhere)
    assert can_log_in(app, user.email, NEW_PASSWORD)
    assert not can_log_in(app, user.email, DEFAULT_PASSWORD)


def test_reset_link_also_confirms_the_email(app, client, make_user):
    user = make_user("student", confirmed=False)
    reset(client, reset_link(app, user.email))
    assert stored(app, user.email).email_confirmed_at is not None


def test_reset_link_works_only_once(app, client, make_user):
    user = make_user("student")
    link = reset_link(app, user.email)
    assert reset(client, link).status_code == 302
    after_first = stored(app, user.email)
    response = client.get(link)
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)
    response = reset(client, link, password="yet another password")
    assert response.status_code == 400
    assert stored(app, user.email) == after_first


def test_reset_link_dies_when_the_password_changes_another_way(app, client, make_user, login):
    user = make_user("student")
    link = reset_link(app, user.email)
    login(client, user)
    change(client)
    response = app.test_client().get(link)
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)


def test_expired_reset_link_changes_nothing(app, client, make_user):
    user = make_user("student")
    link = reset_link(app, user.email)
    before = stored(app, user.email)
    clock.advance(timedelta(seconds=app.config["RESET_TOKEN_MAX_AGE"] + 60))
    response = client.get(link)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This password reset link has expired." in page
    assert "Send me a new reset link" in page
    assert reset(client, link).status_code == 400
    assert stored(app, user.email) == before


def test_tampered_reset_link_changes_nothing(app, client, make_user):
    user = make_user("student")
    link = reset_link(app, user.email)
    before = stored(app, user.email)
    response = reset(client, link[:-4] + "AAAA")
    assert response.status_code == 400
    assert "isn&#39;t valid" in response.get_data(as_text=True)
    assert stored(app, user.email) == before


def test_confirmation_link_cannot_reset_a_password(app, client, make_user):
    user = make_user("student")
    with app.app_context():
        token = tokens.make_confirm_token(user.id, user.email)
    assert reset(client, f"/password/reset/{token}").status_code == 400


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("too short", None, "at least 10 characters"),
        (NEW_PASSWORD, "something else entirely", "don&#39;t match"),
    ],
    ids=["short", "mismatch"],
)
def test_bad_new_password_on_reset_changes_nothing_and_keeps_the_link(
    app, client, make_user, password, confirm, message
):
    user = make_user("student")
    link = reset_link(app, user.email)
    before = stored(app, user.email)
    response = reset(client, link, password=password, confirm=confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(app, user.email) == before
    assert reset(client, link).status_code == 302
