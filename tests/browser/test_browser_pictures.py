"""The pictures load in Chromium under the production Content-Security-Policy: a student's
network (their chats and a chain of introductions) and a professional's impact chart, with
no console error (a blocked inline script or style would log one)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from walk_support import make_walk_data

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.followup.models import Referral
from mentorhub.testing import DEFAULT_PASSWORD
from mentorhub.web import CONTENT_SECURITY_POLICY


def _open(browser, base: str, person, path: str):
    context = browser.new_context()
    context.set_default_timeout(8000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(f"{base}/login")
    page.fill("#email", person.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    response = page.goto(f"{base}{path}")
    assert response.status == 200, path
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    return context, page, problems


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_network_and_impact_pictures_draw_under_the_csp(app, live_server, browser, make_user):
    data = make_walk_data(app, make_user)
    third = make_user("professional", display_name="Cy Chain")
    with app.app_context():
        referral = db.session.get(Referral, data["referral"])
        referral.status, referral.decided_at = "accepted", clock.now() - timedelta(days=1)
        db.session.add(Referral(ask_request_id=data["completed"], student_id=data["student"].id,
                                referrer_id=data["professional"].id, referred_id=third.id, status="accepted",
                                decided_at=clock.now()))
        db.session.commit()

    context, page, problems = _open(browser, live_server, data["student"], "/network")
    picture = page.locator("figure.network-picture svg[role=img]")
    assert picture.is_visible()
    assert picture.bounding_box()["height"] > 100
    assert page.locator("figure.network-picture svg circle").count() >= 3
    assert "Cy Chain" in page.locator("figure.network-picture svg").inner_html()
    assert problems == []
    context.close()

    context, page, problems = _open(browser, live_server, data["professional"], "/impact")
    chart = page.locator("figure.chart-card svg[role=img]")
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 100
    assert page.get_by_text("Chats given", exact=True).is_visible()
    # pygal's colours come from the stylesheet, so the bars are not drawn black.
    fill = page.evaluate("() => { const r = document.querySelector('figure.chart-card svg rect.rect, "
                         "figure.chart-card svg .plot .background'); return r ? getComputedStyle(r).fill : '' }")
    assert fill and fill != "rgb(0, 0, 0)"
    assert problems == []
    context.close()
