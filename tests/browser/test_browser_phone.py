"""On a phone (390×844, in Chromium): the menu folds behind "Menu", "Request a chat" stays in
reach on a long professional's page, the request form counts the ticked times (chips grouped
by day), moves focus to its mistakes and keeps Send on screen; and without JavaScript the
same flows work."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from browser_support import log_in

from mentorhub import clock

PHONE = {"width": 390, "height": 844}
LONG_BIO = "I have worked on tours for twelve years, across every kind of venue. " * 40


def _people(make_user, add_window):
    clock.travel_to(datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
    pro = make_user("professional", display_name="Pat Pro", topics=["touring"],
                    profile={"min_notice_hours": 0, "chat_minutes": 30, "bio": LONG_BIO})
    add_window(pro, 1, "09:00", "12:00")
    add_window(pro, 3, "09:00", "12:00")
    student = make_user("student", display_name="Sam Student", topics=["touring"])
    return pro, student


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_phone_menu_request_button_counter_and_error_focus(app, live_server, browser, make_user, add_window):
    pro, student = _people(make_user, add_window)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(8000)
    page = log_in(context, live_server, student)

    # The menu folds: one header line, opened by the button.
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert not page.locator("#site-nav").get_by_role("link", name="My requests", exact=True).is_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 100
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-nav").get_by_role("link", name="My requests", exact=True).is_visible()

    # On a long profile, "Request a chat" is on screen without scrolling.
    page.goto(f"{live_server}/professionals/{pro.id}")
    cta = page.locator(".request-cta")
    box = cta.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * PHONE["height"]
    cta.click()
    page.wait_for_url(f"{live_server}/professionals/{pro.id}/request")

    # The counter follows the ticks; too many is refused with focus on the summary at the top.
    counter = page.locator("[data-times-counter]")
    boxes = page.locator('input[name="times"]')
    assert counter.inner_text() == "0 of 3 chosen"
    for i in range(4):
        boxes.nth(i).check()
    assert counter.inner_text() == "4 of 3 chosen: untick 1"
    page.fill("#introduction", "Hi! I'm Sam, a first-year music business student, and I'd love to "
              "learn what a day on tour is like for you before I choose my modules.")
    page.get_by_role("button", name="Review request").click()
    summary = page.locator(".form-errors[role=alert]")
    summary.wait_for()
    assert "Please tick between 1 and 3 times" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('form-errors')")
    assert summary.bounding_box()["y"] < PHONE["height"]

    # Times are chips: a ticked one is filled. Send stays on screen where the student is,
    # among the times, not 2,000 px further down.
    boxes.nth(3).uncheck()
    chip = page.locator(".slots.chips label").first
    untouched = page.locator(".slots.chips label").nth(5)
    fill = "el => getComputedStyle(el).backgroundColor"
    assert chip.evaluate(fill) != untouched.evaluate(fill)
    page.get_by_role("button", name="Review request").click()
    page.locator(".review-step").wait_for()
    boxes.first.scroll_into_view_if_needed()
    send = page.get_by_role("button", name="Send request")
    box = send.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
    send.click()
    page.wait_for_url(f"{live_server}/requests/*")
    context.close()


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_without_javascript_the_menu_is_open_and_a_request_goes_out(app, live_server, browser, make_user,
                                                                    add_window):
    pro, student = _people(make_user, add_window)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(8000)
    page = log_in(context, live_server, student)
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#site-nav").get_by_role("link", name="My requests", exact=True).is_visible()
    page.goto(f"{live_server}/professionals/{pro.id}/request")
    page.locator('input[name="times"]').first.check()
    page.fill("#introduction", "Hi! I'm Sam, a first-year music business student, and I'd love to "
              "learn what a day on tour is like for you before I choose my modules.")
    page.get_by_role("button", name="Review request").click()
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(f"{live_server}/requests/*")
    assert page.get_by_text("Your request was sent to Pat Pro").is_visible()
    context.close()
