"""Issue 14, must show 1: blocking, through HTTP. A block stops requests, messages, notes,
recommendations and referrals both ways, whoever blocked; it ends a pending request and
cancels an upcoming chat with an ordinary note; and the blocked person reads nothing that
tells them. Unblocking from the settings page makes the two reachable again."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.accounts.models import Block
from mentorhub.chats.models import ChatRequest, Message
from mentorhub.extensions import db
from mentorhub.followup.models import FollowupNote, Nudge, Referral
from mentorhub.notifications.models import Notification
from tests.bookings_support import request_status
from tests.followup_support import CHAT, END, INTRO, NOW, PROFILE, book_chat, text, tick

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plugins"
PAUSED = "isn't taking new requests right now"
CLOSED = "This conversation is closed, so nothing new can be sent here."


@pytest.fixture
def mentorhub_plugin_dirs():
    return [FIXTURES / "recommend_everyone"]


@pytest.fixture(autouse=True)
def morning_before_the_chat():
    clock.travel_to(NOW)


def block(client, user_id: int, back: str) -> str:
    """Block ``user_id`` as a person does: open the page that says what it does, then confirm."""
    page = client.get(f"/people/{user_id}/block?next={back}")
    assert page.status_code == 200 and "What blocking does" in text(page)
    done = client.post(f"/people/{user_id}/block?next={back}")
    assert done.status_code == 302 and done.headers["Location"] == back
    return text(client.get(back))


def everything_seen_by(app, client, user, paths: list[str]) -> str:
    """The pages ``user`` opens and every notification they were sent, as one text."""
    pages = []
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        pages.append(text(page))
    with app.app_context():
        notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id))
        pages += [f"{n.title} {n.body}" for n in notes]
    return " ".join(pages)


def request_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ChatRequest))


def send_request(client, pro):
    return client.post(f"/professionals/{pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [CHAT.isoformat()], "action": "send"})


def test_a_student_blocks_from_a_profile_the_chat_is_cancelled_and_neither_reaches_the_other(
        app, make_user, add_window, login):
    chat = book_chat(app, make_user, add_window, login)
    profile = f"/professionals/{chat.pro.id}"
    assert f"Block {chat.pro.display_name}" in text(chat.student_client.get(profile))

    after = block(chat.student_client, chat.pro.id, profile)
    assert "You blocked Pat Pro" in after and "Unblock them in your settings" in after
    assert request_status(app, chat.request_id) == "cancelled"

    # Pat reads an ordinary cancellation, never the word "block".
    seen = everything_seen_by(app, chat.pro_client, chat.pro,
                              ["/dashboard", "/inbox", f"/requests/{chat.request_id}", "/notifications"])
    assert "Sam Student cancelled your chat" in seen and "They can no longer take part in this chat." in seen
    assert "blocked" not in seen.lower()  # their own "Block Sam" offer aside
    assert "late cancellation" not in seen  # a block is nobody's lateness

    # Neither can write on the thread; nothing is saved.
    for client in (chat.student_client, chat.pro_client):
        refused = client.post(f"/requests/{chat.request_id}/messages", data={"body": "Hello again?"},
                              follow_redirects=True)
        assert CLOSED in text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Message)) == 0
    assert CLOSED in text(chat.pro_client.get(f"/requests/{chat.request_id}"))

    # Sam no longer finds Pat, and a request is refused as if Pat had paused.
    assert "Pat Pro" not in text(chat.student_client.get("/professionals?q=touring"))
    before = request_count(app)
    refused = send_request(chat.student_client, chat.pro)
    assert PAUSED in text(refused) and request_count(app) == before


def test_a_professional_blocks_from_a_request_it_ends_as_an_ordinary_decline(app, make_user, add_window, login):
    pro = make_user("professional", display_name="Pat Pro", profile=PROFILE, topics=["Touring"])
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    student = make_user("student", display_name="Sam Student")
    student_client, pro_client = app.test_client(), app.test_client()
    login(student_client, student)
    login(pro_client, pro)
    assert send_request(student_client, pro).status_code == 302
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    page = f"/requests/{request_id}"
    assert "Block Sam Student" in text(pro_client.get(page))

    block(pro_client, student.id, page)
    assert request_status(app, request_id) == "declined"
    seen = everything_seen_by(app, student_client, student, ["/dashboard", "/requests", page, "/notifications"])
    assert "Pat Pro declined your chat request" in seen and "blocked" not in seen.lower()

    # To Sam, Pat looks paused: the same words a pause gets, on the page and on a send.
    profile = text(student_client.get(f"/professionals/{pro.id}"))
    assert PAUSED in profile and "Accepting requests" not in profile
    assert "blocked" not in profile.lower()
    before = request_count(app)
    assert PAUSED in text(send_request(student_client, pro)) and request_count(app) == before
    assert "Pat Pro" not in text(student_client.get("/professionals?q=touring"))


def test_blocked_people_are_never_recommended_or_referred_and_notes_stop(app, make_user, add_window, login):
    chat = book_chat(app, make_user, add_window, login)
    blocked_by_sam = make_user("professional", display_name="Bo Blocked", profile=PROFILE, topics=["Touring"])
    blocked_sam = make_user("professional", display_name="Bea Blocker", profile=PROFILE, topics=["Touring"])
    fresh = make_user("professional", display_name="Fi Fresh", profile=PROFILE, topics=["Touring"])
    block(chat.student_client, blocked_by_sam.id, "/dashboard")
    with app.app_context():  # Bea can see Sam: Sam once asked her for a chat
        db.session.add(ChatRequest(student_id=chat.student.id, professional_id=blocked_sam.id, status="expired",
                                   format="video", introduction=INTRO, expires_at=clock.now()))
        db.session.commit()
    bea = app.test_client()
    login(bea, blocked_sam)
    block(bea, chat.student.id, "/dashboard")

    clock.travel_to(CHAT + timedelta(days=2))  # the chat took place
    path = f"/requests/{chat.request_id}/referrals"
    assert chat.student_client.post(f"{path}/ask").status_code == 302
    offered = set(re.findall(r'name="pick" value="(\d+)"', text(chat.pro_client.get(path))))
    assert str(fresh.id) in offered
    assert not {str(blocked_by_sam.id), str(blocked_sam.id)} & offered
    for person in (blocked_by_sam, blocked_sam):  # posting their id by hand makes nothing either
        assert chat.pro_client.post(path, data={"pick": [str(person.id)]}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0

    # Sam blocks Pat after the chat: no thank-you, no update, no "who else" goes through.
    block(chat.student_client, chat.pro.id, "/dashboard")
    for url in (f"/requests/{chat.request_id}/thank-you", f"/requests/{chat.request_id}/update"):
        refused = chat.student_client.post(url, data={"body": "Thank you so much for your time!"})
        assert CLOSED in text(refused), url
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowupNote)) == 0


def test_unblock_from_settings_and_mistakes_change_nothing(app, make_user, add_window, login):
    chat = book_chat(app, make_user, add_window, login)
    settings = text(chat.student_client.get("/account"))
    assert "You haven't blocked anyone" in settings
    block(chat.student_client, chat.pro.id, "/dashboard")
    settings = text(chat.student_client.get("/account"))
    assert "People you blocked" in settings and "Pat Pro" in settings
    again = text(chat.student_client.get(f"/people/{chat.pro.id}/block"))
    assert "You have already blocked Pat Pro" in again

    # Yourself, nobody, or a stale button: a message, and nothing changes.
    assert "You can't block yourself." in text(chat.student_client.post(
        f"/people/{chat.student.id}/block", follow_redirects=True))
    assert chat.student_client.post("/people/999999/block").status_code == 404
    stale = chat.pro_client.post(f"/people/{chat.student.id}/block", data={"csrf_token": "stale"})
    assert stale.status_code == 400
    with app.app_context():
        assert [(b.blocker_id, b.blocked_id) for b in db.session.scalars(select(Block))] == [
            (chat.student.id, chat.pro.id)]

    done = chat.student_client.post(f"/people/{chat.pro.id}/unblock", follow_redirects=True)
    assert "You unblocked Pat Pro." in text(done) and "You haven't blocked anyone" in text(done)
    # Reachable again (the cancelled chat stays cancelled).
    assert request_status(app, chat.request_id) == "cancelled"
    assert "Pat Pro" in text(chat.student_client.get("/professionals?q=touring"))
    assert send_request(chat.student_client, chat.pro).status_code == 302


def test_what_a_block_leaves_open_ends_and_tick_sends_no_nudge(app, make_user, add_window, login, runner):
    chat = book_chat(app, make_user, add_window, login)
    bo = make_user("professional", display_name="Bo Next", profile=PROFILE, topics=["Touring"])
    clock.travel_to(END + timedelta(hours=1))
    path = f"/requests/{chat.request_id}/referrals"
    chat.student_client.post(f"{path}/ask")
    assert chat.pro_client.post(path, data={"pick": [str(bo.id)]}).status_code == 302
    bo_client = app.test_client()
    login(bo_client, bo)
    assert "Sam Student" in text(bo_client.get("/dashboard"))  # Bo is asked to be introduced

    # Bo blocks Sam: the introduction ends, unseen by both; Sam blocks Pat: no nudges, no
    # thank-you to do, no "who else" to ask.
    block(bo_client, chat.student.id, "/dashboard")
    with app.app_context():
        assert db.session.scalar(select(Referral.status)) == "declined"
    assert "Sam Student" not in text(bo_client.get("/dashboard"))
    block(chat.student_client, chat.pro.id, "/dashboard")
    clock.travel_to(END + timedelta(days=40))
    tick(runner)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Nudge)) == 0
    page = text(chat.student_client.get(f"/requests/{chat.request_id}"))
    assert "Write your thank-you" not in page and f"/requests/{chat.request_id}/referrals/ask" not in page
    assert f"/requests/{chat.request_id}/thank-you" not in text(chat.student_client.get("/dashboard"))


def test_only_people_you_can_see_can_be_blocked(app, make_user, login, client):
    stranger = make_user("student", display_name="Stella Stranger")
    me = make_user("student", display_name="Sam Student")
    login(client, me)
    page = client.get(f"/people/{stranger.id}/block")
    assert page.status_code == 404 and "Stella" not in text(page)  # a student with no request in common
    assert client.post(f"/people/{stranger.id}/unblock").status_code == 404  # nothing to lift
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Block)) == 0


def test_asking_about_blocks_after_a_commit_does_not_reload_the_signed_in_person(app, make_user, queries):
    """A commit earlier in the request expires the signed-in user; telling whose blocks to read
    must not reload that user's row just to learn their id (a SELECT on users per check)."""
    from flask_login import login_user

    from mentorhub.accounts.blocks import blocked_between
    from mentorhub.accounts.models import User

    student_id, pro_id = make_user("student").id, make_user("professional").id
    with app.test_request_context("/"):
        login_user(db.session.get(User, student_id))
        db.session.commit()  # expires the signed-in user, as a form's save does
        with queries() as statements:
            assert blocked_between(pro_id, student_id) is False
    assert not [s for s in statements if "FROM users" in " ".join(s.split())], statements
