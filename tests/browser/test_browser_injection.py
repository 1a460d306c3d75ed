"""Stored script injection, seen in a real browser: a script payload in every text a person
can write (names, profiles, introductions, messages, preparation, thank-you and updates) is
shown as text on every page that shows it, as both people see them; no injected script runs
and the Content-Security-Policy has nothing to block."""

from __future__ import annotations

import pytest
from walk_support import make_walk_data

from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest, Message
from mentorhub.extensions import db
from mentorhub.followup.models import FollowupNote, Preparation, PreparedQuestion, Referral
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile
from mentorhub.testing import DEFAULT_PASSWORD

PAYLOAD = '"><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _inject(app, data) -> None:
    with app.app_context():
        for user_id in (data["student"].id, data["professional"].id):
            db.session.get(User, user_id).display_name = f"Name {PAYLOAD}"[:80]
        pro = db.session.get(ProfessionalProfile, data["professional"].id)
        pro.headline, pro.company, pro.bio = PAYLOAD[:120], PAYLOAD[:120], PAYLOAD
        student = db.session.get(StudentProfile, data["student"].id)
        student.school, student.goals = PAYLOAD[:120], PAYLOAD
        for request_id in (data["request"], data["accepted"], data["completed"]):
            db.session.get(ChatRequest, request_id).introduction = PAYLOAD
            db.session.add(Message(request_id=request_id, sender_id=data["student"].id, body=PAYLOAD))
        db.session.add(Preparation(request_id=data["accepted"], learn_note=PAYLOAD))
        db.session.add(PreparedQuestion(request_id=data["accepted"], position=0, text=PAYLOAD[:300]))
        db.session.add(FollowupNote(request_id=data["completed"], student_id=data["student"].id,
                                    professional_id=data["professional"].id, kind="update", body=PAYLOAD))
        referral = db.session.get(Referral, data["referral"])
        referral.note = PAYLOAD
        db.session.commit()


@pytest.mark.browser
@pytest.mark.timeout(120)
def test_no_injected_script_runs_anywhere_it_is_shown(app, live_server, browser, make_user):
    data = make_walk_data(app, make_user)
    _inject(app, data)
    pages = ["/dashboard", "/requests", "/inbox", "/notifications", f"/professionals/{data['professional'].id}",
             "/professionals", "/account"]
    for request_id in (data["request"], data["accepted"], data["completed"]):
        pages.append(f"/requests/{request_id}")
    pages += [f"/requests/{data['accepted']}/prepare", f"/requests/{data['accepted']}/prepare/print",
              f"/requests/{data['completed']}/update", f"/referrals/{data['referral']}", "/network", "/impact",
              f"/requests/{data['completed']}/referrals"]
    for person in (data["student"], data["professional"]):
        problems, shown = _visit(browser, live_server, person, pages)
        assert shown >= 3, "the payload should be shown as text"
        # Missing images (img src=x) are the page's own 404s, not script errors.
        assert [p for p in problems if "404" not in p and "Failed to load resource" not in p] == []


def _visit(browser, base: str, person, pages: list[str]) -> tuple[list[str], int]:
    """Log ``person`` in and open ``pages``; the console errors and dialogs seen, and on how
    many pages the payload showed as text."""
    context = browser.new_context()
    context.set_default_timeout(8000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(f"{base}/login")
    page.fill("#email", person.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard")
    shown = 0
    for path in pages:
        response = page.goto(f"{base}{path}")
        assert response.status < 500, path
        assert page.evaluate("window.__xss") is None, f"an injected script ran on {path}"
        shown += "window.__xss=1" in page.locator("body").inner_text()
    context.close()
    return problems, shown
