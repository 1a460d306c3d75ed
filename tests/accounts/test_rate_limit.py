"""Log-in and password-reset rate limits (Flask-Limiter), also across app instances via Redis."""

import os
import subprocess
import sys
import uuid

import pytest

from mentorhub import testing
from mentorhub.testing import DEFAULT_PASSWORD, port_open, service_unavailable


@pytest.fixture
def mentorhub_config():
    return {"LOGIN_RATE_LIMIT": "3 per minute", "RESET_RATE_LIMIT": "2 per minute"}


def bad_login(client):
    return client.post(
        "/login", data={"email": "someone@example.com", "password": "wrong password"}
    )


def test_too_many_log_in_attempts_get_a_styled_429(client):
    assert [bad_login(client).status_code for _ in range(3)] == [200, 200, 200]
    response = bad_login(client)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Slow down a little" in page
    assert "Too many attempts. Please wait a minute and try again." in page
    assert "mentorhub.css" in page


def test_the_limit_stops_even_the_right_password(client, make_user):
    user = make_user("student")
    for _ in range(3):
        bad_login(client)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert client.get("/dashboard").status_code == 302


def test_only_log_in_posts_count(client, make_user, login):
    for _ in range(5):
        assert client.get("/login").status_code == 200
    login(client, make_user("student"))


def test_the_log_in_limit_blocks_nothing_else(app, client, make_user, login):
    user = make_user("student")
    for _ in range(4):
        bad_login(client)
    assert bad_login(client).status_code == 429
    # the form still opens, other pages still work, and another address may still log in
    assert client.get("/login").status_code == 200
    assert client.get("/").status_code == 200
    assert client.post("/password/forgot", data={"email": user.email}).status_code == 302
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    login(other, user)
    assert other.get("/dashboard").status_code == 200


def test_password_reset_requests_are_limited(client):
    codes = [
        client.post("/password/forgot", data={"email": "lost@example.com"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


# --- two app instances, one Redis ------------------------------------------------------------

# One app instance in its own process: a fresh create_app() on its own SQLite file, which
# posts N wrong logins and prints the status codes. Separate processes, because the
# Limiter object of extensions.py is shared by every app built in one process.
INSTANCE = """
import sys, tempfile
from mentorhub import create_app
from mentorhub.extensions import db
with tempfile.TemporaryDirectory() as tmp:
    app = create_app({"TESTING": True, "SECRET_KEY": "rate-limit-test", "INSTANCE_PATH": tmp,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/app.db",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    data = {"email": "someone@example.com", "password": "wrong password"}
    codes = [client.post("/login", data=data).status_code for _ in range(int(sys.argv[1]))]
    print(" ".join(map(str, codes)))
    with app.app_context():
        db.engine.dispose()
"""


def run_instance(posts: int, env: dict[str, str]) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-c", INSTANCE, str(posts)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [int(code) for code in result.stdout.split()]


@pytest.fixture
def redis_env():
    """Environment of an instance using the test Redis, under a key prefix of its own."""
    url = testing.redis_url_under_test()
    if not port_open(url, 6379):
        service_unavailable(f"Redis at {url}")
    prefix = f"mentorhub-test-{uuid.uuid4().hex}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MENTORHUB_") and k != "DATABASE_URL"
    }
    env.update({"REDIS_URL": url, "MENTORHUB_RATELIMIT_KEY_PREFIX": prefix})
    yield env
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


@pytest.mark.redis
def test_log_in_limit_holds_across_two_instances_sharing_redis(redis_env):
    assert run_instance(3, redis_env) == [200, 200, 200]
    assert run_instance(1, redis_env) == [429]


@pytest.mark.redis
def test_instances_with_memory_storage_do_not_share_the_limit(redis_env):
    # the control for the test above: without Redis each instance counts alone
    env = {k: v for k, v in redis_env.items() if k != "REDIS_URL"}
    assert run_instance(3, env) == [200, 200, 200]
    assert run_instance(1, env) == [200]
