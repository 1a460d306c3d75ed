"""A real browser (the system Chromium, through Playwright) signs up, logs out and logs in."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from mentorhub import create_app
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.testing import service_unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_app(tmp_path):
    """The app served on 127.0.0.1 at a free port, on an SQLite file of its own."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        service_unavailable("Chromium")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as exc:
            service_unavailable(f"Chromium ({exc.message.splitlines()[0]})")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.browser
@pytest.mark.timeout(60)
def test_student_signs_up_logs_out_and_logs_in_again(live_app, browser):
    app, base = live_app
    # A browser in Tokyo: the sign-up form should preselect that zone by itself.
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB")
    context.set_default_timeout(5000)
    page = context.new_page()

    page.goto(f"{base}/")
    page.get_by_role("link", name="I'm a student: find people to talk to").click()
    page.wait_for_url(f"{base}/signup?role=student")
    assert page.locator("#role-0").is_checked()
    assert page.locator("#timezone").input_value() == "Asia/Tokyo"
    page.fill("#email", "Rin.Sato@Example.com")
    page.fill("#display_name", "Rin Sato")
    page.fill("#password", "tokyo nights 2026")
    page.fill("#confirm", "tokyo nights 2026")
    page.get_by_role("button", name="Create my account").click()

    page.wait_for_url(f"{base}/dashboard")
    assert page.get_by_role("heading", name="Hello, Rin Sato").is_visible()
    assert page.get_by_text("Please confirm your email address").first.is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_text("You're logged out").is_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.fill("#email", "rin.sato@example.com")
    page.fill("#password", "tokyo nights 2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    assert page.get_by_role("heading", name="Hello, Rin Sato").is_visible()
    context.close()

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "rin.sato@example.com"))
        assert (user.role, user.timezone) == ("student", "Asia/Tokyo")
