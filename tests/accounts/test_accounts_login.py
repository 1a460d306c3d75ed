"""Logging in (with "remember me" and ``?next=``) and logging out."""

import pytest
from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.accounts.services import BAD_CREDENTIALS
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD


def last_seen(app, email):
    with app.app_context():
        return db.session.scalar(select(User.last_seen_at).where(User.email == email))


def is_logged_in(client):
    return client.get("/dashboard").status_code == 200


def test_login_page_has_email_password_and_remember_me(client):
    page = client.get("/login").get_data(as_text=True)
    for name in ("email", "password", "remember"):
        assert f'name="{name}"' in page
    assert "Forgot your password?" in page


def test_login_with_right_password_goes_to_dashboard_and_records_the_visit(client, app, make_user):
    user = make_user("student")
    assert last_seen(app, user.email) is None
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert is_logged_in(client)
    assert last_seen(app, user.email) is not None


def test_login_email_ignores_letter_case(client, make_user):
    make_user("professional", email="tour.manager@example.com")
    response = client.post(
        "/login", data={"email": "  Tour.Manager@EXAMPLE.com ", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize(
    "email", ["student1@example.com", "nobody@example.com"], ids=["wrong-password", "unknown-email"]
)
def test_bad_credentials_get_one_generic_message(client, make_user, email):
    make_user("student")  # student1@example.com
    response = client.post("/login", data={"email": email, "password": "not the password"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert BAD_CREDENTIALS.replace("'", "&#39;") in page
    assert f'value="{email}"' in page
    assert "not the password" not in page
    assert not is_logged_in(client)


def test_empty_login_form_asks_for_both_fields(client):
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address." in page
    assert "Enter your password." in page


def test_logged_in_member_opening_login_goes_to_dashboard(client, make_user, login):
    login(client, make_user("student"))
    response = client.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_protected_page_sends_visitor_to_login_and_back(client, make_user):
    user = make_user("student")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"
    assert 'action="/login?next=/account"' in client.get("/login?next=%2Faccount").get_data(
        as_text=True
    )
    response = client.post(
        "/login?next=%2Faccount", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_next_path_with_query_is_kept(client, make_user):
    user = make_user("student")
    response = client.post(
        "/login",
        query_string={"next": "/professionals?topic=touring"},
        data={"email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/professionals?topic=touring"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
        " /dashboard",
    ],
)
def test_next_outside_the_site_goes_to_dashboard_instead(client, make_user, target):
    user = make_user("student")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_logged_in_member_is_not_redirected_off_site_either(client, make_user, login):
    login(client, make_user("student"))
    response = client.get("/login", query_string={"next": "//evil.example"})
    assert response.headers["Location"] == "/dashboard"


def test_remember_me_keeps_you_logged_in_after_the_browser_session_ends(client, make_user, login):
    login(client, make_user("student"), remember=True)
    assert client.get_cookie("remember_token") is not None
    client.delete_cookie("session")
    assert is_logged_in(client)


def test_without_remember_me_closing_the_browser_logs_you_out(client, make_user, login):
    login(client, make_user("student"))
    assert client.get_cookie("remember_token") is None
    client.delete_cookie("session")
    assert not is_logged_in(client)


def test_logout_ends_the_session(client, make_user, login):
    login(client, make_user("student"), remember=True)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not is_logged_in(client)
    assert "You&#39;re logged out" in client.get("/").get_data(as_text=True)


def test_logout_without_a_valid_token_keeps_you_logged_in(client, make_user, login):
    login(client, make_user("student"))
    response = client.post("/logout", csrf=False)
    assert response.status_code == 302
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert "press the button again" in dashboard.get_data(as_text=True)


def test_logout_by_get_is_not_offered(client, make_user, login):
    login(client, make_user("student"))
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)
