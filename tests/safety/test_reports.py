"""Issue 14, must show 2: report, the queue, and each decision through HTTP. A suspension ends
the person's sessions and calendar feed, hides them, and ends their pending requests and
upcoming chats with a kind note to the other person; lifting it lets them log in again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.followup.models import Nudge, ReferralAsk
from mentorhub.notifications.models import Notification
from mentorhub.safety.models import Decision, Report
from tests.bookings_support import request_status
from tests.chats_support import race
from tests.followup_support import CHAT, END, INTRO, NOW, book_chat, text, tick

HARASSED = "They kept messaging me at night after I said no, and asked for my phone number."


@pytest.fixture(autouse=True)
def morning_before_the_chat():
    clock.travel_to(NOW)


@pytest.fixture
def admin_client(app, make_user, login):
    admin = make_user("professional", display_name="Ada Admin", is_admin=True)
    client = app.test_client()
    login(client, admin)
    return client


def words(response) -> str:
    """A page's text without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def report(client, user_id: int, reason: str = "harassment", details: str = HARASSED, request_id: int | None = None):
    url = f"/people/{user_id}/report?next=/dashboard" + (f"&request_id={request_id}" if request_id else "")
    page = client.get(url)
    assert page.status_code == 200 and "What happened?" in text(page)
    return client.post(url, data={"reason": reason, "details": details})


def notes_of(app, user) -> list[str]:
    with app.app_context():
        return [f"{n.title} | {n.body}" for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def open_report_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Report.id).where(Report.status == "open").order_by(Report.id.desc()))


def test_a_report_reaches_the_queue_and_each_decision_is_kept_and_the_reporter_told(app, make_user, add_window, login,
                                                                                   admin_client):
    chat = book_chat(app, make_user, add_window, login)
    page = text(chat.student_client.get(f"/requests/{chat.request_id}"))
    assert "Report Pat Pro" in page

    # Bad input: a message, nothing saved, what was typed kept.
    missing = chat.student_client.post(f"/people/{chat.pro.id}/report", data={"details": HARASSED})
    assert missing.status_code == 400 and "Please choose what happened." in text(missing)
    assert HARASSED in text(missing)
    too_long = chat.student_client.post(f"/people/{chat.pro.id}/report",
                                        data={"reason": "other", "details": "x" * 2001})
    assert too_long.status_code == 400 and "under 2000 characters" in text(too_long)
    assert chat.student_client.post(f"/people/{chat.student.id}/report", data={"reason": "other"},
                                    follow_redirects=True).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Report)) == 0

    sent = report(chat.student_client, chat.pro.id, request_id=chat.request_id)
    assert sent.status_code == 302
    assert "Thank you for telling us about Pat Pro" in text(chat.student_client.get("/dashboard"))
    assert "A new report about Pat Pro" in text(admin_client.get("/notifications"))
    queue = text(admin_client.get("/admin/reports"))
    assert "Pat Pro" in queue and "Harassment, or unwanted contact" in queue and "Sam Student" in queue
    for path in ("/admin/reports", "/admin/reports/1"):  # the queue is for site admins only
        assert chat.student_client.get(path).status_code == 403
        assert chat.pro_client.post(path, data={"action": "dismiss", "why": "x"}).status_code in (403, 405)
    assert chat.student_client.post(f"/admin/people/{chat.pro.id}/lift", data={"why": "x"}).status_code == 403

    # A decision needs a why; then it is kept, and Sam is told it was handled, not how.
    report_id = open_report_id(app)
    detail = f"/admin/reports/{report_id}"
    assert HARASSED in text(admin_client.get(detail))
    no_why = admin_client.post(detail, data={"action": "dismiss"})
    assert no_why.status_code == 400 and "Please say why" in text(no_why)
    assert open_report_id(app) == report_id
    assert admin_client.post(detail, data={"action": "dismiss", "why": "Late messages, once: no rule broken."}
                             ).status_code == 302
    told = notes_of(app, chat.student)[-1]
    assert "We looked into your report" in told and "dismiss" not in told.lower()
    again = admin_client.post(detail, data={"action": "warn", "why": "Again"})
    assert again.status_code == 400 and "already handled" in text(again)

    # A second report, warned: Pat reads why.
    report(chat.student_client, chat.pro.id, reason="inappropriate", details="He wrote it again.")
    detail = f"/admin/reports/{open_report_id(app)}"
    assert admin_client.post(detail, data={"action": "warn", "why": "Please keep messages about the chat."}
                             ).status_code == 302
    assert "A warning from MentorHub | " in notes_of(app, chat.pro)[-1]
    assert "Please keep messages about the chat." in notes_of(app, chat.pro)[-1]
    history = words(admin_client.get(detail))
    assert "Warned by Ada Admin" in history and "Dismissed by Ada Admin" in history
    with app.app_context():
        assert [d.action for d in db.session.scalars(select(Decision).order_by(Decision.id))] == ["dismiss", "warn"]


def test_suspension_ends_access_and_what_was_open_and_lifting_restores_log_in(app, make_user, add_window, login,
                                                                             admin_client):
    chat = book_chat(app, make_user, add_window, login)  # Sam's chat with Pat, tomorrow
    sue = make_user("student", display_name="Sue Student")
    sue_client = app.test_client()
    login(sue_client, sue)
    assert sue_client.post(f"/professionals/{chat.pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [(CHAT.replace(hour=10)).isoformat()],
        "action": "send"}).status_code == 302
    with app.app_context():
        sue_request = db.session.scalar(select(func.max(ChatRequest.id)))
        feed = f"/calendar/{db.session.get(User, chat.pro.id).calendar_token}.ics"
    assert chat.pro_client.get(feed).status_code == 200

    report(chat.student_client, chat.pro.id)
    detail = f"/admin/reports/{open_report_id(app)}"
    assert admin_client.post(detail, data={"action": "suspend", "why": "Harassed a student after a no."}
                             ).status_code == 302

    # Pat's session, feed and log-in end; Pat is gone from search and from their page.
    assert chat.pro_client.get("/dashboard").status_code == 302
    assert chat.pro_client.get(feed).status_code == 404
    refused = app.test_client().post("/login", data={"email": chat.pro.email, "password": "correct horse battery"})
    assert refused.status_code == 200 and "This account is suspended" in text(refused)
    assert chat.student_client.get(f"/professionals/{chat.pro.id}").status_code == 404
    assert "Pat Pro" not in text(chat.student_client.get("/professionals?q=touring"))

    # What was open ends, each with a kind note to the other person.
    assert request_status(app, chat.request_id) == "cancelled"
    assert request_status(app, sue_request) == "declined"
    sam_told, sue_told = notes_of(app, chat.student)[-2:], notes_of(app, sue)[-1]
    assert any("Your chat with Pat Pro" in n and "is cancelled" in n for n in sam_told)
    assert "Your request to Pat Pro has ended" in sue_told and "try someone else" in sue_told
    page = text(chat.student_client.get(f"/requests/{chat.request_id}"))
    assert "Cancelled by MentorHub" in page and "The other person's account isn't active" in page
    assert "Your MentorHub account is suspended" in notes_of(app, chat.pro)[-1]
    queue = text(admin_client.get("/admin/reports"))
    assert "Suspended accounts (1)" in queue and "Pat Pro" in queue

    # Lifting needs a why, then Pat logs in again; what was cancelled stays cancelled.
    no_why = admin_client.post(f"/admin/people/{chat.pro.id}/lift", data={"why": ""})
    assert no_why.status_code == 400 and "Please say why" in text(no_why)
    assert admin_client.post(f"/admin/people/{chat.pro.id}/lift", data={"why": "Apologised; first time."}
                             ).status_code == 302
    again = app.test_client()
    login(again, chat.pro)
    assert again.get("/dashboard").status_code == 200
    assert request_status(app, chat.request_id) == "cancelled"
    assert "Your MentorHub account is active again" in notes_of(app, chat.pro)[-1]
    assert "Suspension lifted by Ada Admin" in words(admin_client.get(detail))


def test_a_suspended_professional_takes_no_request_and_admins_never_judge_themselves(
        app, make_user, add_window, login, admin_client):
    chat = book_chat(app, make_user, add_window, login)
    report(chat.student_client, chat.pro.id)
    assert admin_client.post(f"/admin/reports/{open_report_id(app)}",
                             data={"action": "suspend", "why": "Harassment."}).status_code == 302
    sue = make_user("student", display_name="Sue Student")
    sue_client = app.test_client()
    login(sue_client, sue)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(ChatRequest))
    refused = sue_client.post(f"/professionals/{chat.pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [CHAT.replace(hour=10).isoformat()], "action": "send"})
    assert "isn't taking new requests right now" in text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChatRequest)) == before

    # A report about a site admin is for the other admins: not in their queue, not theirs to decide.
    with app.app_context():
        ada_id = db.session.scalar(select(User.id).where(User.display_name == "Ada Admin"))
        db.session.add(ChatRequest(student_id=chat.student.id, professional_id=ada_id, status="expired",
                                   format="video", introduction=INTRO, expires_at=clock.now()))
        db.session.commit()
    report(chat.student_client, ada_id, reason="other", details="About the admin.")
    about_ada = open_report_id(app)
    assert "About the admin." not in text(admin_client.get("/admin/reports"))
    refused = admin_client.post(f"/admin/reports/{about_ada}", data={"action": "dismiss", "why": "Not me."})
    assert refused.status_code == 403
    assert open_report_id(app) == about_ada
    assert "A new report about Ada Admin" not in text(admin_client.get("/notifications"))


def test_a_report_with_a_strange_request_id_is_kept_without_it(app, make_user, add_window, login):
    chat = book_chat(app, make_user, add_window, login)
    for junk in ("²", "9" * 30, "-1", str(2**31)):
        sent = chat.student_client.post(f"/people/{chat.pro.id}/report?request_id={junk}",
                                        data={"reason": "other", "details": junk})
        assert sent.status_code == 302, junk
    with app.app_context():
        assert db.session.scalar(select(Report.request_id)) is None


@pytest.mark.postgres_only
def test_two_admins_deciding_one_report_at_once_make_one_decision(app, make_user, add_window, login, admin_client):
    chat = book_chat(app, make_user, add_window, login)
    other_admin = make_user("professional", display_name="Bo Admin", is_admin=True)
    bo_client = app.test_client()
    login(bo_client, other_admin)
    report(chat.student_client, chat.pro.id)
    url = f"/admin/reports/{open_report_id(app)}"
    results = race([(admin_client, url, {"action": "warn", "why": "First."}),
                    (bo_client, url, {"action": "suspend", "why": "Second."})])
    assert sorted(status for status, _ in results) == [302, 400]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 1
    assert sum("We looked into your report" in n for n in notes_of(app, chat.student)) == 1


def test_after_a_suspension_no_reminder_or_nudge_points_to_the_person(app, make_user, add_window, login, admin_client,
                                                                      runner):
    chat = book_chat(app, make_user, add_window, login)
    clock.travel_to(END + timedelta(hours=1))
    assert chat.student_client.post(f"/requests/{chat.request_id}/referrals/ask").status_code == 302
    report(chat.student_client, chat.pro.id)
    assert admin_client.post(f"/admin/reports/{open_report_id(app)}",
                             data={"action": "suspend", "why": "Harassment."}).status_code == 302
    with app.app_context():  # the ask counts as answered: no reminder goes to Pat
        assert db.session.scalar(select(ReferralAsk.answered_at)) is not None
    clock.travel_to(END + timedelta(days=40))
    tick(runner)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Nudge)) == 0
    chat.student_client.get("/dashboard")  # the report's thank-you flash
    assert "Pat Pro" not in text(chat.student_client.get("/dashboard"))  # nothing to thank or update
