"""Preparing and thanking in a real browser with JavaScript switched off: ticking
suggestions, adding one's own with Enter, moving a question up, and sending the thank-you
from its draft once the chat has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from followup_support import END, NOW, book_chat

from mentorhub import clock
from mentorhub.testing import DEFAULT_PASSWORD

TYPICAL_DAY = "What does a typical day for you involve?"
CAREER_PATH = "What's the typical career path?"
OWN = "How do you plan a tour budget?"


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_prepare_without_javascript_then_thank(app, live_server, browser, make_user, add_window, login):
    clock.travel_to(NOW)
    chat = book_chat(app, make_user, add_window, login)
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(8000)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", chat.student.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server}/dashboard")
    page.get_by_role("link", name="Prepare your questions").click()

    page.get_by_label(TYPICAL_DAY).check()
    page.get_by_label(CAREER_PATH).check()
    page.get_by_role("button", name="Add ticked questions").click()
    page.get_by_text("Added 2 questions to your list.").wait_for()
    page.get_by_label("Add your own question").fill(OWN)
    page.get_by_label("Add your own question").press("Enter")  # the page's default button saves
    page.get_by_text("Added 1 question to your list.").wait_for()
    page.get_by_role("button", name="Move question 3 up").click()
    boxes = page.locator(".prepared-questions input[type=text]")
    assert [boxes.nth(i).input_value() for i in range(3)] == [TYPICAL_DAY, OWN, CAREER_PATH]
    page.get_by_label("What I want to learn").fill("How tours are planned and paid for")
    page.get_by_role("button", name="Save my preparation").click()
    page.get_by_text("Saved.").wait_for()

    clock.travel_to(END + timedelta(minutes=5))
    page.goto(f"{live_server}/requests/{chat.request_id}")
    page.get_by_role("link", name="Write your thank-you").click()
    note = page.get_by_label("Your thank-you note")
    assert "How tours are planned and paid for" in note.input_value()
    note.fill(note.input_value().replace("What I learned most was", "What I learned most was how budgets work."))
    page.get_by_role("button", name="Send my thank-you").click()
    page.get_by_text("Thank-you sent.").wait_for()
    assert "how budgets work" in page.locator("main").inner_text()
    context.close()
