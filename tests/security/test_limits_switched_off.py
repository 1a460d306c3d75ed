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
