"""The heart of MentorHub in a real browser: a student in Tokyo asks a professional in New
York for a chat, the professional accepts a time, and both see the booked chat in their own
time zone."""

from datetime import UTC, datetime

import pytest
from browser_support import log_in
from sqlalchemy import select

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

INTRODUCTION = (
    "Hi Jo, I'm Rin, a second-year music business student in Tokyo. I'd love to learn what "
    "a week on tour really looks like and how you got your first tour manager job."
)


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_student_requests_professional_accepts_both_see_the_booked_chat(
    app, live_server, browser, make_user, add_window
):
    base = live_server
    clock.travel_to(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))  # a Monday
    pro = make_user(
        "professional", display_name="Jo Rivera", timezone="America/New_York",
        profile={"min_notice_hours": 0, "chat_minutes": 30}, topics=["touring"],
    )
    add_window(pro, 1, "09:00", "10:00")  # Tuesdays 09:00-10:00 in New York
    student = make_user("student", display_name="Rin Sato", timezone="Asia/Tokyo", topics=["touring"])

    student_context = browser.new_context(timezone_id="Asia/Tokyo")
    student_context.set_default_timeout(8000)
    page = log_in(student_context, base, student)
    page.goto(f"{base}/professionals/{pro.id}")
    assert page.get_by_text("Questions you could ask").is_visible()
    page.get_by_role("link", name="Request a chat").click()
    page.fill("#introduction", INTRODUCTION)
    # Tue 2 Mar 09:00 in New York (EST) is 23:00 the same day in Tokyo.
    page.get_by_text("Times are shown in your time zone, Asia/Tokyo").wait_for()
    page.locator(".slots label", has_text="23:00").first.locator("input").check()
    page.get_by_role("button", name="Review request").click()
    page.get_by_role("heading", name="Before you send").wait_for()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(f"{base}/requests/*")
    assert page.get_by_text("Jo Rivera").first.is_visible()

    pro_context = browser.new_context(timezone_id="America/New_York")
    pro_context.set_default_timeout(8000)
    pro_page = log_in(pro_context, base, pro)
    pro_page.goto(f"{base}/inbox")
    pro_page.get_by_role("link", name="Answer", exact=True).first.click()
    pro_page.locator(".slots label", has_text="09:00").first.locator("input").check()
    pro_page.fill("#location", "https://meet.example.org/jo-and-rin")
    pro_page.get_by_role("button", name="Accept and book").click()
    pro_page.get_by_text("Booked!").wait_for()
    assert pro_page.get_by_text("(America/New_York)").first.is_visible()

    with app.app_context():
        booking = db.session.scalar(select(Booking))
        assert booking.start_at == datetime(2027, 3, 2, 14, 0, tzinfo=UTC)
        assert booking.location == "https://meet.example.org/jo-and-rin"
    page.goto(f"{base}/requests/{booking.request_id}")
    body = page.locator("main").inner_text()
    assert "Tue 2 Mar 2027, 23:00–23:30 (Asia/Tokyo)" in body
    assert "https://meet.example.org/jo-and-rin" in body
    student_context.close()
    pro_context.close()
