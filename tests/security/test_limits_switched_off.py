"""An operator may switch rate limits off (``MENTORHUB_RATELIMIT_ENABLED=false``): log-in and
sign-up then work without the limiter's storage, and log no storage errors."""

from __future__ import annotations

import pytest

from mentorhub.testing import DEFAULT_PASSWORD


@pytest.fixture
def mentorhub_config():
    return {"RATELIMIT_ENABLED": False}


def test_log_in_and_sign_up_work_and_log_no_storage_errors(app, client, make_user, caplog):
    user = make_user("student")
    assert client.post("/login", data={"email": user.email, "password": "wrong"}).status_code == 200
    form = {"email": user.email, "password": DEFAULT_PASSWORD}
    assert client.post("/login", data=form).headers["Location"] == "/dashboard"
    client.post("/logout")
    form = {"role": "student", "display_name": "Someone", "timezone": "UTC"}
    form |= {"email": user.email, "password": "quiet meadow lantern 9"}
    form["confirm"] = form["password"]
    assert client.post("/signup", data=form).headers["Location"] == "/signup/sent"
    assert "storage failed" not in caplog.text


def test_with_limits_off_a_registered_address_still_gets_one_notice_an_hour(
    app, client, make_user, smtp
):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    user = make_user("student", email="owner@example.com")
    form = {"role": "student", "display_name": "Someone", "timezone": "UTC", "email": user.email}
    form |= {"password": "quiet meadow lantern 9", "confirm": "quiet meadow lantern 9"}
    for _ in range(5):
        client.post("/signup", data=form)
    assert [m["To"] for m in sink.wait_for(1)] == ["owner@example.com"]


def test_the_next_app_has_limits_on_again(app, tmp_path):
    """Flask-Limiter keeps ``enabled`` on its one object; the explicit default resets it."""
    from mentorhub import create_app

    other = create_app({**{k: app.config[k] for k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "ENV")},
                        "TESTING": True, "INSTANCE_PATH": str(tmp_path / "other")})
    assert other.config["RATELIMIT_ENABLED"] is True
    from mentorhub.extensions import limiter

    assert limiter.enabled is True
