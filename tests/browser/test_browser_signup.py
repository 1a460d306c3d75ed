"""A real browser (the system Chromium, through Playwright) signs up, logs out and logs in."""

import pytest
from sqlalchemy import select

from mentorhub.accounts import tokens
from mentorhub.accounts.models import User
from mentorhub.extensions import db


@pytest.mark.browser
@pytest.mark.timeout(60)
def test_student_signs_up_logs_out_and_logs_in_again(app, live_server, browser):
    base = live_server
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

    page.wait_for_url(f"{base}/signup/sent")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert page.get_by_text("rin.sato@example.com").is_visible()
    page.get_by_role("link", name="Log in").last.click()
    page.fill("#email", "rin.sato@example.com")
    page.fill("#password", "tokyo nights 2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    assert page.get_by_role("heading", name="Hello, Rin Sato").is_visible()
    assert page.get_by_text("Please confirm your email address").first.is_visible()

    # The emailed link confirms the address; the banner goes.
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "rin.sato@example.com"))
        page.goto(f"{base}/confirm/{tokens.make_confirm_token(user.id, user.email)}")
    page.wait_for_url(f"{base}/dashboard")
    assert page.get_by_text("your email address is confirmed").is_visible()
    assert page.get_by_text("Please confirm your email address").count() == 0

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
