"""Missing or expired CSRF tokens: the form comes back (status 400) with what was typed, never
the passwords, and the friendly "expired... submit again" message; nothing changes."""

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.forms import EXPIRED_MESSAGE
from mentorhub.testing import DEFAULT_PASSWORD

FRIENDLY = EXPIRED_MESSAGE.split(":")[
    0
]  # "This form expired before it was sent. Your entries are still here"
SIGNUP = {
    "role": "professional",
    "email": "lee.park@example.com",
    "display_name": "Lee Park",
    "password": "typed password 123",
    "confirm": "typed password 123",
    "timezone": "Europe/Madrid",
}


def csrf_token(client, age_seconds: int = 0) -> str:
    """A token for this client's session, signed ``age_seconds`` ago (Flask-WTF's format)."""

    class AgedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_seconds

    client.csrf_token()  # makes sure the session holds its raw token
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    serializer = URLSafeTimedSerializer(
        client.application.secret_key, salt="wtf-csrf-token", signer=AgedSigner
    )
    return serializer.dumps(raw)


def expired_token(client) -> str:
    return csrf_token(client, age_seconds=client.application.config["WTF_CSRF_TIME_LIMIT"] + 60)


def user_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def account(app, email):
    with app.app_context():
        return tuple(
            db.session.execute(
                select(
                    User.password_hash, User.session_token, User.display_name, User.timezone
                ).where(User.email == email)
            ).one()
        )


STALE = [
    pytest.param(lambda client: {}, id="missing-token"),
    pytest.param(lambda client: {"csrf_token": expired_token(client)}, id="expired-token"),
]


def test_a_fresh_token_made_the_same_way_is_accepted(app, client):
    # proves the helper builds genuine tokens, so "expired" below really means expired
    response = client.post(
        "/signup", data={**SIGNUP, "csrf_token": csrf_token(client, age_seconds=5)}, csrf=False
    )
    assert response.status_code == 302
    assert user_count(app) == 1


@pytest.mark.parametrize("token", STALE)
def test_stale_signup_form_comes_back_with_entries_and_creates_nothing(app, client, token):
    response = client.post("/signup", data={**SIGNUP, **token(client)}, csrf=False)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert FRIENDLY in page and "submit again" in page
    assert 'value="lee.park@example.com"' in page
    assert 'value="Lee Park"' in page
    assert 'checked id="role-1"' in page
    assert '<option selected value="Europe/Madrid">' in page
    assert "typed password 123" not in page
    assert user_count(app) == 0


@pytest.mark.parametrize("token", STALE)
def test_stale_login_form_keeps_email_and_does_not_log_in(client, make_user, token):
    user = make_user("student")
    data = {"email": user.email, "password": DEFAULT_PASSWORD, **token(client)}
    response = client.post("/login", data=data, csrf=False)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert FRIENDLY in page
    assert f'value="{user.email}"' in page
    assert DEFAULT_PASSWORD not in page
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize("token", STALE)
def test_stale_settings_form_keeps_typed_name_and_changes_nothing(
    app, client, make_user, login, token
):
    user = make_user("student", display_name="Before")
    login(client, user)
    before = account(app, user.email)
    response = client.post(
        "/account",
        data={"display_name": "After", "timezone": "Asia/Seoul", **token(client)},
        csrf=False,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert FRIENDLY in page
    assert 'value="After"' in page
    assert account(app, user.email) == before


@pytest.mark.parametrize("token", STALE)
def test_stale_password_change_changes_nothing(app, client, make_user, login, token):
    user = make_user("student")
    login(client, user)
    before = account(app, user.email)
    data = {
        "current_password": DEFAULT_PASSWORD,
        "new_password": "a new password!",
        "confirm": "a new password!",
        **token(client),
    }
    response = client.post("/account/password", data=data, csrf=False)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert FRIENDLY in page
    assert "a new password!" not in page and DEFAULT_PASSWORD not in page
    assert account(app, user.email) == before


@pytest.mark.parametrize("token", STALE)
def test_stale_forgot_password_form_keeps_email(client, token):
    response = client.post(
        "/password/forgot", data={"email": "lost@example.com", **token(client)}, csrf=False
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert FRIENDLY in page
    assert 'value="lost@example.com"' in page


@pytest.mark.parametrize("token", STALE)
def test_stale_reset_form_changes_nothing(app, client, make_user, token):
    from mentorhub.accounts import tokens

    user = make_user("student")
    with app.app_context():
        link = f"/password/reset/{tokens.make_reset_token(user.id, user.password_hash)}"
    before = account(app, user.email)
    response = client.post(
        link,
        data={"password": "a new password!", "confirm": "a new password!", **token(client)},
        csrf=False,
    )
    assert response.status_code == 400
    assert FRIENDLY in response.get_data(as_text=True)
    assert account(app, user.email) == before


@pytest.mark.parametrize("token", STALE)
def test_stale_logout_keeps_you_logged_in(client, make_user, login, token):
    login(client, make_user("student"))
    response = client.post("/logout", data=token(client), csrf=False)
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
