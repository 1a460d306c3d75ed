"""Behind a reverse proxy (MENTORHUB_PROXY_FIX), rate limits count each client, not the proxy."""

import pytest


@pytest.fixture
def mentorhub_config():
    return {"PROXY_FIX": True, "LOGIN_RATE_LIMIT": "2 per minute"}


def bad_login(client, address):
    return client.post(
        "/login",
        data={"email": "someone@example.com", "password": "wrong password"},
        headers={"X-Forwarded-For": address},
    )


def test_each_forwarded_client_has_its_own_log_in_limit(client):
    assert [bad_login(client, "203.0.113.7").status_code for _ in range(3)] == [200, 200, 429]
    assert bad_login(client, "198.51.100.9").status_code == 200


def test_without_proxy_fix_the_forwarded_header_is_ignored(app, client):
    app.wsgi_app = app.wsgi_app.app  # the plain app, as when PROXY_FIX is off
    assert [bad_login(client, f"203.0.113.{n}").status_code for n in range(3)] == [200, 200, 429]
