""""Is there anyone else you'd recommend I talk to?", through HTTP with a controllable clock:
the ask and its reminder, suggestions (members and an invitation), consent and decline, the
referred request marked and first in the inbox, the referrer told, and the chain shown.
The student never sees a name before the referred person agrees."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from followup_support import CHAT, END, INTRO, NOW, PROFILE, book_chat, kinds_of, text, tick
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.discovery.models import HiddenProfessional
from mentorhub.extensions import db
from mentorhub.followup.models import Referral
from mentorhub.notifications.models import Notification
from mentorhub.plugins._host import get_host

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plugins"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [FIXTURES / "followup_recorder", FIXTURES / "recommend_everyone"]


@pytest.fixture
def mentorhub_config(smtp):
    _sink, port = smtp
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}


@pytest.fixture(autouse=True)
def morning_before_the_chat():
    clock.travel_to(NOW)


@pytest.fixture
def heard(app):
    module = get_host(app).plugins["followup_recorder"].module
    module.HEARD.clear()
    return module.HEARD


def other_pro(make_user, add_window, name: str, **profile):
    pro = make_user("professional", display_name=name, profile={**PROFILE, **profile}, topics=["Touring"])
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    return pro


def referrals_of(app, request_id: int) -> list[tuple[str, str | None, int | None]]:
    with app.app_context():
        return [
            (r.status, r.invite_email, r.referred_id)
            for r in db.session.scalars(select(Referral).where(Referral.ask_request_id == request_id)
                                        .order_by(Referral.id))
        ]


def student_sees(app, chat) -> str:
    """Everything the student can read: their pages, notifications, emails' text aside."""
    client = chat.student_client
    pages = [client.get(path) for path in (
        "/dashboard", f"/requests/{chat.request_id}", "/network", "/notifications", "/requests",
        f"/bookings/{chat.booking_id}.ics",
    )]
    for page in pages:
        assert page.status_code == 200, page.request.path
    with app.app_context():
        notes = db.session.scalars(select(Notification).where(Notification.user_id == chat.student.id))
        words = " ".join(f"{n.title} {n.body}" for n in notes)
    return " ".join(text(p) for p in pages) + words


def test_ask_remind_suggest_consent_mark_and_tell(app, make_user, add_window, login, smtp, heard):
    sink, _port = smtp
    chat = book_chat(app, make_user, add_window, login)
    rae = other_pro(make_user, add_window, "Rae Referred", company="Roadcase Touring")
    dee = other_pro(make_user, add_window, "Dee Decliner")
    runner = app.test_cli_runner()
    path = f"/requests/{chat.request_id}"

    # Before the chat ends there is nothing to ask yet.
    assert "who else to talk to" not in text(chat.student_client.get(path)).lower()
    chat.student_client.post(f"{path}/referrals/ask")
    assert "once your chat has ended" in text(chat.student_client.get(path))

    clock.travel_to(END + timedelta(minutes=5))
    page = text(chat.student_client.get(path))
    assert "Ask Pat Pro who else to talk to" in page
    response = chat.student_client.post(f"{path}/referrals/ask")
    assert response.status_code == 302
    [asked] = kinds_of(app, chat.pro, "referral_asked")
    assert "Sam Student asks" in asked.title and asked.link == f"{path}/referrals"
    chat.student_client.post(f"{path}/referrals/ask")
    assert "You already asked Pat Pro" in text(chat.student_client.get(path))
    assert len(kinds_of(app, chat.pro, "referral_asked")) == 1

    # One reminder, a week later, never two.
    clock.travel_to(END + timedelta(days=6))
    tick(runner)
    assert kinds_of(app, chat.pro, "referral_ask_reminder") == []
    clock.travel_to(END + timedelta(days=7, hours=1))
    tick(runner)
    tick(runner)
    assert len(kinds_of(app, chat.pro, "referral_ask_reminder")) == 1
    assert "Students asking who else to talk to" in text(chat.pro_client.get("/dashboard"))

    # The professional's page pre-fills members from the referral plugin, with reasons.
    page = text(chat.pro_client.get(f"{path}/referrals"))
    assert "Rae Referred" in page and "Dee Decliner" in page
    assert "Roadcase Touring" in page  # the reason: the same company
    sink.messages.clear()
    response = chat.pro_client.post(f"{path}/referrals", data={
        "pick": [str(rae.id), str(dee.id)], f"note-{rae.id}": "Rae ran our European tours.",
        "invite_name": "Ivy Invitee", "invite_email": "Ivy@Example.org", "invite_note": "Ivy books festivals.",
    })
    assert response.status_code == 302, text(response)
    assert [s for s, _, _ in referrals_of(app, chat.request_id)] == ["asked", "asked", "invited"]
    sink.wait_for(3)  # the invitation, and the two members' consent questions
    [invitation] = [m for m in sink.messages if m["To"] == "ivy@example.org"]
    assert "Pat Pro" in invitation.get_content()
    assert "Sam Student" not in invitation.get_content()  # a mistyped address learns no student's name
    assert "List-Unsubscribe" in invitation
    assert [name for name, *_ in heard].count("referral_made") == 3

    # Until someone agrees, the student sees no name: not on a page, in a notification,
    # a calendar file or an email.
    seen = student_sees(app, chat)
    for name in ("Rae Referred", "Dee Decliner", "Ivy Invitee"):
        assert name not in seen
    assert all(m["To"] != chat.student.email for m in sink.messages)

    # Dee declines: silent. Rae agrees: the student is told, with her name.
    dee_client, rae_client = app.test_client(), app.test_client()
    login(dee_client, dee)
    login(rae_client, rae)
    [dee_ask] = kinds_of(app, dee, "referral_consent")
    assert "Sam Student" in dee_ask.body
    assert dee_client.post(f"{dee_ask.link}/decline").status_code == 302
    assert "Dee Decliner" not in student_sees(app, chat)
    [rae_ask] = kinds_of(app, rae, "referral_consent")
    consent = text(rae_client.get(rae_ask.link))
    assert "Rae ran our European tours." in consent and "Pat Pro" in consent
    assert rae_client.post(f"{rae_ask.link}/agree").status_code == 302
    rae_client.post(f"{rae_ask.link}/decline")  # too late: the first answer stands
    assert [s for s, _, _ in referrals_of(app, chat.request_id)] == ["accepted", "declined", "invited"]
    [told] = kinds_of(app, chat.student, "referral_accepted")
    assert told.title == "Pat Pro introduced you to Rae Referred"
    assert "Rae Referred" in text(chat.student_client.get(path))
    assert [name for name, *_ in heard].count("referral_accepted") == 1
    # Strangers get 404 for a referral, as for an id that does not exist.
    assert chat.student_client.get(rae_ask.link).status_code == 404

    # An earlier request from someone else, then Sam's referred one: Sam's comes first.
    other = make_user("student", display_name="Olive Other")
    other_client = app.test_client()
    login(other_client, other)
    later = CHAT + timedelta(days=14)
    for client in (other_client, chat.student_client):
        response = client.post(f"/professionals/{rae.id}/request", data={
            "format": "video", "introduction": INTRO, "times": [later.isoformat()], "action": "send"})
        assert response.status_code == 302, text(response)
    inbox = text(rae_client.get("/inbox"))
    pending = inbox[inbox.index("To answer"):inbox.index("Upcoming chats")]
    assert pending.index("Sam Student") < pending.index("Olive Other")
    assert "Referred by Pat Pro" in pending
    with app.app_context():
        referred_request = db.session.scalar(select(func.max(ChatRequest.id)).where(
            ChatRequest.student_id == chat.student.id, ChatRequest.professional_id == rae.id))
    assert "Referred by Pat Pro" in text(rae_client.get(f"/requests/{referred_request}"))

    # Rae accepts; once the chat has taken place, Pat hears of it, once.
    response = rae_client.post(f"/requests/{referred_request}/accept",
                               data={"start_at": later.isoformat(), "location": "https://meet.example.com/rae"})
    assert response.status_code == 302, text(response)
    tick(runner)
    assert kinds_of(app, chat.pro, "referral_chat_held") == []
    clock.travel_to(later + timedelta(hours=1))
    tick(runner)
    tick(runner)
    [held] = kinds_of(app, chat.pro, "referral_chat_held")
    assert held.title == "Sam Student talked with Rae Referred, thanks to you"

    # Sam asks Rae in turn; Rae introduces Cy, who agrees: the chain is You → Pat → Rae → Cy.
    cy = other_pro(make_user, add_window, "Cy <Chain> & Co")
    chat.student_client.post(f"/requests/{referred_request}/referrals/ask")
    assert rae_client.post(f"/requests/{referred_request}/referrals",
                           data={"pick": [str(cy.id)]}).status_code == 302
    cy_client = app.test_client()
    login(cy_client, cy)
    [cy_ask] = kinds_of(app, cy, "referral_consent")
    cy_client.post(f"{cy_ask.link}/agree")
    network = chat.student_client.get("/network").get_data(as_text=True)
    assert "You → Pat Pro → Rae Referred → Cy &lt;Chain&gt; &amp; Co" in network
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", network, re.S).group(0))
    labels = " ".join(svg.itertext())
    for name in ("You", "Pat Pro", "Rae Referred", "Cy <Chain> & Co"):
        assert name in labels
    assert "Dee Decliner" not in network and "Ivy Invitee" not in network
    assert svg.get("role") == "img"


def test_recommendations_skip_whom_the_student_met_hid_or_was_declined_by(app, make_user, add_window, login):
    """The ``recommend_everyone`` plugin names every professional; followup drops the ones
    the student already met, hid or was declined by, whichever plugin returned them."""
    chat = book_chat(app, make_user, add_window, login)
    met = other_pro(make_user, add_window, "Mo Met")
    hidden = other_pro(make_user, add_window, "Hu Hidden")
    decliner = other_pro(make_user, add_window, "Di Declined")
    fresh = other_pro(make_user, add_window, "Fi Fresh")
    book_chat(app, make_user, add_window, login, student=chat.student, student_client=chat.student_client,
              start=CHAT + timedelta(days=7), pro=met)
    with app.app_context():
        db.session.add(HiddenProfessional(student_id=chat.student.id, professional_id=hidden.id))
        db.session.add(ChatRequest(student_id=chat.student.id, professional_id=decliner.id, status="declined",
                                   format="video", introduction=INTRO, expires_at=clock.now()))
        db.session.commit()
    clock.travel_to(CHAT + timedelta(days=8))
    chat.student_client.post(f"/requests/{chat.request_id}/referrals/ask")
    page = text(chat.pro_client.get(f"/requests/{chat.request_id}/referrals"))
    offered = set(re.findall(r'name="pick" value="(\d+)"', page))
    assert str(fresh.id) in offered and "everyone is recommended here" in page
    for person in (met, hidden, decliner, chat.student, chat.pro):
        assert str(person.id) not in offered
    # Typing one of them by hand, or posting their id, makes nothing, and the answer is the
    # same as for anyone: the professional learns nothing of whom the student met or hid,
    # nor whether an address (the student's own, say) has an account.
    with app.app_context():
        emails = {u.id: u.email for u in db.session.scalars(select(type(chat.pro)))}
    for typed in (emails[met.id], emails[hidden.id], emails[chat.student.id]):
        response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals",
                                        data={"invite_name": "Someone", "invite_email": typed})
        assert response.status_code == 302
        assert "We've asked Someone" in text(chat.pro_client.get(response.headers["Location"]))
    response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals", data={"pick": [str(decliner.id)]})
    assert response.status_code == 302
    assert referrals_of(app, chat.request_id) == []
    # Junk ids get a message, never a 500.
    for junk in ("²", "-1", "0", "abc", str(2**40)):
        response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals", data={"pick": [junk]})
        assert response.status_code == 400, junk


def test_only_the_chat_s_professional_answers_and_only_after_an_ask(app, make_user, add_window, login):
    chat = book_chat(app, make_user, add_window, login)
    clock.travel_to(END + timedelta(hours=1))
    path = f"/requests/{chat.request_id}/referrals"
    assert "hasn't asked who else to talk to" in text(chat.pro_client.get(path))
    response = chat.pro_client.post(path, data={"invite_name": "Ivy", "invite_email": "ivy@example.org"})
    assert response.status_code == 409 and "hasn't asked" in text(response)
    assert chat.student_client.get(path).status_code == 403
    stranger = app.test_client()
    login(stranger, make_user("professional"))
    assert stranger.get(path).status_code == 404
    chat.student_client.post(f"/requests/{chat.request_id}/referrals/ask")
    response = chat.pro_client.post(path, data={})
    assert response.status_code == 400
    assert "Choose someone to suggest" in text(response)
    response = chat.pro_client.post(path, data={"invite_name": "Ivy", "invite_email": "not an address",
                                                "invite_note": "kept"})
    assert response.status_code == 400
    page = text(response)
    assert "Enter a valid email address" in page and 'value="Ivy"' in page and "kept" in page
    assert referrals_of(app, chat.request_id) == []


def invitation_link(message) -> str:
    links = re.findall(r"https?://\S+", message.get_content())
    [link] = [u for u in links if "/referrals/invitation/" in u]
    return urlsplit(link).path


def opt_out_link(message) -> str:
    links = re.findall(r"https?://\S+", message.get_content())
    [link] = [u for u in links if "/no-more-invitations/" in u]
    return urlsplit(link).path


def invite(app, make_user, add_window, login, sink, email="ivy@example.org"):
    chat = book_chat(app, make_user, add_window, login)
    clock.travel_to(END + timedelta(hours=1))
    chat.student_client.post(f"/requests/{chat.request_id}/referrals/ask")
    sink.messages.clear()
    response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals",
                                    data={"invite_name": "Ivy Invitee", "invite_email": email})
    assert response.status_code == 302, text(response)
    sink.wait_for(1)
    [message] = [m for m in sink.messages if m["To"] == email]
    return chat, message


SIGNUP = {"role": "professional", "email": "ivy.work@example.org", "display_name": "Ivy Invitee",
          "password": "festival season lanterns", "confirm": "festival season lanterns", "timezone": "UTC"}


def test_an_invitation_signs_the_professional_up_with_the_referral_then_asks_consent(
    app, make_user, add_window, login, smtp
):
    sink, _port = smtp
    chat, message = invite(app, make_user, add_window, login, sink)
    link = invitation_link(message)
    browser = app.test_client()
    page = text(browser.get(link))
    assert "Pat Pro would like to introduce you to a student" in page
    assert "Create my professional account" in page
    assert browser.post("/signup", data=SIGNUP).headers["Location"] == "/signup/sent"
    with app.app_context():
        [(status, referred_id)] = db.session.execute(select(Referral.status, Referral.referred_id)).all()
    assert status == "asked" and referred_id is not None  # signing up is not consent
    assert "Ivy Invitee" not in student_sees(app, chat)
    browser.post("/login", data={"email": SIGNUP["email"], "password": SIGNUP["password"]})
    dashboard = text(browser.get("/dashboard"))
    assert "Would you talk to these students?" in dashboard and "Sam Student" in dashboard
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    assert browser.post(f"/referrals/{referral_id}/agree").status_code == 302
    assert "Ivy Invitee" in student_sees(app, chat)

    # The link works once, and the address it was sent to is forgotten.
    again = app.test_client().get(link)
    assert again.status_code == 400 and "already been used" in text(again)
    with app.app_context():
        assert db.session.scalar(select(Referral.invite_email)) is None


def test_a_logged_in_member_takes_up_an_invitation_but_not_their_own(app, make_user, add_window, login, smtp):
    sink, _port = smtp
    chat, message = invite(app, make_user, add_window, login, sink)
    link = invitation_link(message)
    response = chat.pro_client.post(link)
    assert response.status_code == 302
    assert "This is your own invitation" in text(chat.pro_client.get("/dashboard"))
    student_response = chat.student_client.post(link)
    assert student_response.status_code == 403
    member = other_pro(make_user, add_window, "Ivy Member")
    client = app.test_client()
    login(client, member)
    assert "You're logged in as Ivy Member" in text(client.get(link))
    response = client.post(link)
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    assert response.headers["Location"] == f"/referrals/{referral_id}"
    assert "Would you talk to Sam Student?" in text(client.get(response.headers["Location"]))
    assert client.post(link).status_code == 400  # used


def test_expired_tampered_and_opted_out_invitations(app, make_user, add_window, login, smtp):
    sink, _port = smtp
    chat, message = invite(app, make_user, add_window, login, sink)
    link = invitation_link(message)
    tampered = app.test_client().get(link[:-4] + "AAAA")
    assert tampered.status_code == 400 and "isn't valid" in text(tampered)
    clock.advance(timedelta(seconds=app.config["REFERRAL_INVITE_MAX_AGE"] + 60))
    expired = app.test_client().get(link)
    assert expired.status_code == 400 and "expired" in text(expired)

    # "Never email me again": opening the link changes nothing; the button does.
    stop = opt_out_link(message)
    assert "Never get a MentorHub invitation again?" in text(app.test_client().get(stop))
    assert "never email you an invitation again" in text(app.test_client().post(stop))
    with app.app_context():  # the address is forgotten, and its invitation stops working
        assert db.session.scalar(select(Referral.invite_email)) is None
    second = CHAT + timedelta(days=28)  # a Tuesday, when Pat is free
    chat2 = book_chat(app, make_user, add_window, login, start=second, pro=chat.pro)
    clock.travel_to(second + timedelta(hours=1))
    chat2.student_client.post(f"/requests/{chat2.request_id}/referrals/ask")
    sink.messages.clear()
    response = chat2.pro_client.post(f"/requests/{chat2.request_id}/referrals",
                                     data={"invite_name": "Ivy", "invite_email": "IVY@example.org"})
    assert response.status_code == 400
    assert "asked MentorHub never to email it an invitation" in text(response)
    assert sink.messages == []


def test_invitations_per_day_are_limited(app, make_user, add_window, login, smtp):
    sink, _port = smtp
    app.config["REFERRAL_INVITES_PER_DAY"] = 1
    chat, _message = invite(app, make_user, add_window, login, sink)
    response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals",
                                    data={"invite_name": "Jo", "invite_email": "jo@example.org"})
    assert response.status_code == 400 and "the most for one day" in text(response)
    assert len(referrals_of(app, chat.request_id)) == 1
