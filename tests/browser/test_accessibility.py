"""Every main page, as each kind of member sees it, passes axe-core in Chromium with no
serious or critical violation, and logs no console error (a failed resource, a script error).

The pages are found by walking ``app.url_map`` (``walk_support.route_urls``), so a page a
feature adds later joins the list by itself: a role's pages are the GET routes that answer it
with HTML (200, not a redirect). axe-core comes bundled with ``axe-playwright-python``, so
nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import log_in
from sqlalchemy import update
from walk_support import make_walk_data, route_urls

from mentorhub.clubs.models import ClubMembership
from mentorhub.extensions import db

ROLES = ["anonymous", "student", "professional", "club_admin", "admin"]
SEVERE = {"serious", "critical"}

# Endpoints that are not pages, and why.
SKIPPED: dict[str, str] = {
    "static": "files, not pages",
}
# The walk data names a plugin that fails on purpose; here the plugin pages are a real one's.
REAL_PLUGIN = {"name": "question_bank", "plugin_name": "question_bank"}


@pytest.fixture
def world(app, make_user):
    data = make_walk_data(app, make_user)
    data["club_admin"] = make_user("student", topics=["touring"])
    with app.app_context():
        db.session.add(ClubMembership(club_id=data["club"], user_id=data["club_admin"].id, is_club_admin=True))
        db.session.execute(update(ClubMembership).where(ClubMembership.user_id == data["student"].id)
                           .values(is_club_admin=False))
        db.session.commit()
    return data


def pages_of(app, login, data: dict[str, Any], role: str) -> list[str]:
    """The URLs that answer ``role`` with an HTML page of their own (200, not a redirect),
    with a request's pages for a pending, an accepted and a completed request."""
    client = app.test_client()
    if role != "anonymous":
        login(client, data[role])
    urls: set[str] = set()
    for chat in ("request", "accepted", "completed"):  # a request's pages differ at each stage
        values = {**REAL_PLUGIN, "request_id": data[chat], "chat_request_id": data[chat]}
        urls.update(route_urls(app, data, "GET", SKIPPED, overrides=values))
    pages = []
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages.append(url)
    return pages


def severe_violations(results: Any) -> list[str]:
    """One line per serious or critical axe violation: rule, impact, and where."""
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SEVERE:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.browser
@pytest.mark.timeout(240)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_with_a_clean_console(app, live_server, browser, login, world, role):
    pages = pages_of(app, login, world, role)
    assert len(pages) >= 4, f"only {pages} answered {role} with a page"
    context = browser.new_context(timezone_id="Europe/London")
    context.set_default_timeout(8000)
    page = log_in(context, live_server, world[role]) if role != "anonymous" else context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(f"script error: {error}"))
    page.on("response", lambda response: console.append(f"{response.status} for {response.url}")
            if response.status >= 400 else None)
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for url in pages:
        console.clear()
        page.goto(f"{live_server}{url}")
        page.wait_for_load_state("load")
        found = severe_violations(axe.run(page)) + list(console)
        if found:
            problems[url] = found
    context.close()
    assert not problems, f"{len(problems)} of {len(pages)} pages of {role} fail:\n" + "\n".join(
        f"{url}\n  " + "\n  ".join(found) for url, found in problems.items())
