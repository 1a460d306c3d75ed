"""The security audit's findings, each reproduced: emailed links on the configured site
only, unknown hosts refused, no open redirect, cookies and headers of the production mode,
log-out that ends the copied cookie, a calendar feed renewed with the password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from mentorhub import create_app
from mentorhub.accounts.models import User
from mentorhub.accounts.passwords import hash_password
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD


@pytest.fixture
def mentorhub_config(smtp):
    _sink, port = smtp
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "SITE_URL": "https://mentorhub.example.org",
        "TRUSTED_HOSTS": None,
        "SERVER_NAME": None,  # as in production: the request's Host is what Flask sees
        "WTF_CSRF_ENABLED": False,  # an attacker gets a token for their own session anyway
    }


def test_a_reset_asked_with_a_forged_host_is_refused_and_sends_nothing(app, client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="victim@example.com")
    response = client.post("/password/forgot", data={"email": "victim@example.com"}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert sink.messages == []


def test_emailed_links_use_the_configured_site_whatever_the_host(app, client, smtp, make_user):
    sink, _port = smtp
    make_user("student", email="victim@example.com")
    client.post("/password/forgot", data={"email": "victim@example.com"})  # Host: localhost
    [mail] = sink.wait_for(1)
    links = re.findall(r"https?://\S+", mail.get_content())
    assert links and all(link.startswith("https://mentorhub.example.org/password/reset/") for link in links)


def test_the_trusted_hosts_default_to_the_site_and_loopback(app):
    assert app.config["TRUSTED_HOSTS"] == ["mentorhub.example.org", "localhost", "127.0.0.1", "[::1]"]


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "//evil.example/",
        "/%5Cevil.example",
        "https://evil.example/",
        "/%0d%0aSet-Cookie:x=1",
        "/\x00",
    ],
)
@pytest.mark.parametrize("csrf", [True, False])
def test_list_buttons_never_redirect_off_the_site(app, client, make_user, login, target, csrf):
    pro = make_user("professional")
    login(client, make_user("student"))
    data = {} if csrf else {"csrf_token": "stale"}
    response = client.post(f"/professionals/{pro.id}/save?next={target}", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] in ("/professionals", "http://localhost/professionals")


def test_a_list_button_keeps_a_real_next_page(app, client, make_user, login):
    pro = make_user("professional")
    login(client, make_user("student"))
    response = client.post(f"/professionals/{pro.id}/save?next=/professionals%3Fq%3Dtour")
    assert response.headers["Location"] == "/professionals?q=tour"


def test_log_out_ends_a_copied_session_and_remember_cookie(app, client, make_user, login):
    user = make_user("student")
    login(client, user, remember=True)
    copied = {c.key: c.value for c in client._cookies.values()}
    client.post("/logout")
    thief = app.test_client()
    for name, value in copied.items():
        thief.set_cookie(name, value, domain="localhost")
    response = thief.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_renews_the_calendar_feed(app, client, make_user, login):
    user = make_user("student")
    with app.app_context():
        old = db.session.get(User, user.id).calendar_token
    login(client, user)
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    with app.app_context():
        assert db.session.scalar(select(User.calendar_token).where(User.id == user.id)) != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # not outside production


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    app = create_app(
        {
            "SECRET_KEY": "production-secret",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        db.session.add(
            User(
                email="pat@example.com",
                password_hash=hash_password(DEFAULT_PASSWORD),
                display_name="Pat",
                role="student",
                timezone="UTC",
            )
        )
        db.session.commit()
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": "pat@example.com", "password": DEFAULT_PASSWORD, "remember": "y"},
        base_url="https://127.0.0.1",
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_configured_secret_key_with_no_instance_folder_yet_still_starts(tmp_path, monkeypatch):
    # `MENTORHUB_SECRET_KEY=... make run` on a fresh clone: instance/ did not exist yet.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "fresh" / "instance"
    app = create_app({"SECRET_KEY": "configured", "INSTANCE_PATH": str(instance), "ENV": "development"})
    with app.app_context():
        db.create_all()
    assert (instance / "mentorhub.db").exists()
    assert app.test_client().get("/").status_code == 200
