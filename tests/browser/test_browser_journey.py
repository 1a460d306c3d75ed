"""A newcomer's whole journey in Chromium, two people in two browsers and two time zones.

Rin (a student in Tokyo) and Jo (a tour manager in New York) sign up, confirm their
addresses by the links they were emailed (a real SMTP server on loopback), fill their
profiles, and Jo adds a weekly window. Rin finds Jo by searching, asks for a chat through the
review step, Jo accepts a time, each sees it in their own zone, Rin downloads the calendar
file and prepares questions, and after the chat sends a thank-you and asks who else to talk
to, which Jo then sees. A screenshot of each step is kept under tests/browser/screenshots/
when the test fails.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

MONDAY_NOON = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
# Tue 2 Mar 09:00 in New York (EST) is 14:00 UTC, 23:00 the same day in Tokyo.
CHAT_START = datetime(2027, 3, 2, 14, 0, tzinfo=UTC)
PASSWORD = "tokyo nights on tour 2027"
INTRODUCTION = (
    "Hi Jo, I'm Rin, a second-year music business student in Tokyo. I'd love to learn what "
    "a week on tour really looks like and how you got your first tour manager job."
)
QUESTION = "What does a typical day on tour involve?"


@pytest.fixture
def mentorhub_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp[1]}


def sign_up_and_confirm(context, base, sink, shot, *, role: str, name: str, email: str):
    """Sign up through the form, then open the link of the email that arrived."""
    page = context.new_page()
    page.goto(f"{base}/signup")
    page.get_by_role("radio", name=re.compile("^" + re.escape(role))).check()
    page.fill("#email", email)
    page.fill("#display_name", name)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    shot(page, f"{name.split()[0].lower()}-signs-up")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{base}/signup/sent")
    arrived = len(sink.messages)
    message = next(m for m in sink.wait_for(arrived + 1, timeout=10) if m["To"] == email)
    link = re.search(r"https?://\S+/confirm/\S+", message.get_content()).group(0)
    page.goto(base + urlsplit(link).path)
    page.get_by_role("link", name="Log in").first.wait_for()
    if "/login" in page.url:
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    assert page.get_by_text("Please confirm your email address").count() == 0
    shot(page, f"{name.split()[0].lower()}-confirmed")
    return page


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_a_newcomers_whole_journey_in_two_time_zones(app, live_server, browser, smtp, screenshots):
    base, (sink, _port), shot = live_server, smtp, screenshots
    clock.travel_to(MONDAY_NOON)
    jo_context = browser.new_context(timezone_id="America/New_York", locale="en-US", accept_downloads=True)
    rin_context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB", accept_downloads=True)
    for context in (jo_context, rin_context):
        context.set_default_timeout(10000)

    # Jo, in New York, signs up as a professional, fills the profile and adds a window.
    jo = sign_up_and_confirm(jo_context, base, sink, shot, role="I'm a working professional", name="Jo Rivera",
                             email="jo@example.com")
    jo.goto(f"{base}/profile")
    jo.get_by_label("Your role").fill("Tour manager")
    jo.get_by_label("Company").fill("Roadcase Touring")
    jo.get_by_label("Field").select_option(label="Tour management")
    jo.get_by_label("About you").fill("I run tours for mid-sized bands across North America.")
    jo.get_by_label("Topics you can talk about").fill("touring, budgets")
    jo.get_by_label("Video call").check()
    jo.get_by_label("30 minutes").check()
    jo.get_by_label("Your video meeting link").fill("https://meet.example.org/jo")
    shot(jo, "jo-profile")
    jo.get_by_role("button", name="Save profile").click()
    jo.get_by_text("Your profile is saved.").wait_for()
    jo.goto(f"{base}/availability")
    assert jo.get_by_text("America/New_York").first.is_visible()
    window = jo.locator("form", has=jo.get_by_role("button", name="Add window"))
    window.get_by_label("Day").select_option(label="Tuesday")
    window.get_by_label("From").fill("09:00")
    window.get_by_label("Until").fill("10:00")
    window.get_by_role("button", name="Add window").click()
    jo.locator(".availability-windows strong", has_text="Tuesday 09:00–10:00").wait_for()
    shot(jo, "jo-availability")

    # Rin, in Tokyo, signs up as a student, then finds Jo by searching.
    rin = sign_up_and_confirm(rin_context, base, sink, shot, role="I'm a student", name="Rin Sato",
                              email="rin@example.com")
    rin.goto(f"{base}/professionals")
    rin.get_by_label("Search").fill("touring")
    rin.get_by_role("button", name="Search").click()
    rin.get_by_role("link", name="Jo Rivera").first.click()
    rin.get_by_role("heading", name="Jo Rivera").wait_for()
    shot(rin, "rin-finds-jo")

    # The request, with its review step; times in Tokyo.
    rin.get_by_role("link", name="Request a chat").click()
    rin.get_by_text("Times are shown in your time zone, Asia/Tokyo").wait_for()
    rin.fill("#introduction", INTRODUCTION)
    rin.locator(".slots label", has_text="23:00").first.locator("input").check()
    rin.get_by_role("button", name="Review request").click()
    rin.get_by_role("heading", name="Before you send").wait_for()
    shot(rin, "rin-reviews-request")
    rin.get_by_role("button", name="Send request").click()
    rin.wait_for_url(re.compile(rf"{re.escape(base)}/requests/\d+$"))
    request_url = rin.url

    # Jo answers from the inbox, in New York time.
    jo.goto(f"{base}/inbox")
    jo.get_by_role("link", name="Answer", exact=True).first.click()
    jo.locator(".slots label", has_text="09:00").first.locator("input").check()
    shot(jo, "jo-accepts")
    jo.get_by_role("button", name="Accept and book").click()
    jo.get_by_text("Booked!").wait_for()
    assert "Tue 2 Mar 2027, 09:00–09:30 (America/New_York)" in jo.locator("main").inner_text()
    with app.app_context():
        booking = db.session.scalar(select(Booking))
        assert booking.start_at == CHAT_START and booking.location == "https://meet.example.org/jo"

    # Rin sees the chat in Tokyo time and takes the calendar file.
    rin.goto(request_url)
    body = rin.locator("main").inner_text()
    assert "Tue 2 Mar 2027, 23:00–23:30 (Asia/Tokyo)" in body
    assert "https://meet.example.org/jo" in body
    shot(rin, "rin-sees-booking")
    with rin.expect_download() as download_info:
        rin.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    (event,) = Calendar.from_ical(download.path().read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == CHAT_START
    assert "Jo Rivera" in str(event.get("summary"))

    # Preparation: one of the suggestions, and what Rin wants to learn.
    rin.get_by_role("link", name="Prepare your questions").click()
    rin.get_by_label("Add your own question").fill(QUESTION)
    rin.get_by_label("Add your own question").press("Enter")
    rin.get_by_text("Added 1 question to your list.").wait_for()
    rin.get_by_label("What I want to learn").fill("How tours are planned and paid for")
    rin.get_by_role("button", name="Save my preparation").click()
    rin.get_by_text("Saved.").wait_for()
    shot(rin, "rin-prepares")

    # After the chat: the thank-you, then "who else should I talk to?".
    clock.travel_to(CHAT_START + timedelta(minutes=40))
    rin.goto(request_url)
    rin.get_by_role("link", name="Write your thank-you").click()
    note = rin.get_by_label("Your thank-you note")
    assert "How tours are planned and paid for" in note.input_value()
    note.fill("Thank you, Jo! What I learned most was how a tour budget is built.")
    rin.get_by_role("button", name="Send my thank-you").click()
    rin.get_by_text("Thank-you sent.").wait_for()
    rin.goto(request_url)
    rin.get_by_role("button", name="Ask Jo Rivera who else to talk to").click()
    rin.get_by_text("You asked Jo Rivera on").wait_for()
    shot(rin, "rin-asks-who-else")

    jo.goto(request_url)
    main = jo.locator("main").inner_text()
    assert "how a tour budget is built" in main
    assert "Rin Sato asked on" in main
    assert jo.get_by_role("link", name="Suggest someone").is_visible()
    shot(jo, "jo-sees-the-ask")
    jo_context.close()
    rin_context.close()
