"""Must show 3: email preferences per kind of optional email, and the signed one-click
unsubscribe link each such email carries: it works without logging in, is refused when
tampered with, and stops only its own kind (the inbox keeps them all)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from followup_support import CHAT, END, NOW, book_chat, kinds_of, text, tick

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.accounts.tokens import make_confirm_token
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.notifications.models import EmailOptOut
from mentorhub.notifications.preferences import save_preferences, unsubscribe_path
from mentorhub.notifications.services import notify


@pytest.fixture
def mailed(app, smtp):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    return sink


@pytest.fixture
def chat(app, make_user, add_window, login):
    clock.travel_to(NOW)
    return book_chat(app, make_user, add_window, login)


def subjects(sink, to: str) -> list[str]:
    return [m["Subject"] for m in sink.messages if m["To"] == to]


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/email/unsubscribe/\S+)", mail.get_content()).group(1)


def opt_outs(app, user) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(db.select(EmailOptOut.choice).where(EmailOptOut.user_id == user.id)))


def test_the_link_stops_only_its_kind_without_logging_in(app, runner, chat, mailed):
    clock.travel_to(END + timedelta(days=2, minutes=1))
    tick(runner)  # the thank-you reminder
    mailed.wait_for(1)
    [reminder] = [m for m in mailed.messages if m["Subject"] == "A quick thank-you to Pat Pro?"]
    link = link_in(reminder)
    assert reminder["List-Unsubscribe"] == f"<http://localhost{link}>"
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    anonymous = app.test_client()  # no session at all
    page = text(anonymous.get(link))
    assert "Stop thank-you reminders by email?" in page
    assert chat.student.email not in page  # whoever holds the link learns no address
    assert opt_outs(app, chat.student) == set()  # opening the link changes nothing
    page = text(anonymous.post(link))
    assert "Done: no more thank-you reminders by email" in page
    assert opt_outs(app, chat.student) == {"thank_you_reminders"}

    # Its kind stops by email (the inbox still has it); other kinds keep coming.
    student = chat.student
    before = len(mailed.messages)
    with app.app_context():
        notify(student.id, "thank_you_reminder", "Another thank-you reminder", "Body")
        notify(student.id, "keep_in_touch", "Keep in touch with Pat Pro", "Body")
        notify(student.id, "reminder_24h", "Reminder: your chat is tomorrow", "Body")
        commit()
    mailed.wait_for(before + 2)
    assert subjects(mailed, student.email)[before:] == ["Keep in touch with Pat Pro", "Reminder: your chat is tomorrow"]
    inbox = text(chat.student_client.get("/notifications"))
    assert "Another thank-you reminder" in inbox
    [skipped] = [n for n in kinds_of(app, student, "thank_you_reminder") if n.title == "Another thank-you reminder"]
    assert skipped.email_status == "opted_out"


def test_a_tampered_link_is_refused_and_changes_nothing(app, chat, mailed):
    with app.app_context():
        good = unsubscribe_path(chat.student, "keep_in_touch")
        other_salt = "/email/unsubscribe/" + make_confirm_token(chat.student.id, chat.student.email)
    token = good.rsplit("/", 1)[1]
    flipped = good[:-1] + ("A" if good[-1] != "A" else "B")
    forged_user = "/email/unsubscribe/" + token.replace(token.split(".")[0], "eyJ1IjoxLCJjIjoia2VlcF9pbl90b3VjaCJ9")
    anonymous = app.test_client()
    for bad in (flipped, forged_user, other_salt, good[:-6], "/email/unsubscribe/nonsense"):
        for method in (anonymous.get, anonymous.post):
            response = method(bad)
            assert response.status_code == 400, bad
            assert "We couldn't use that unsubscribe link" in text(response)
    assert opt_outs(app, chat.student) == set()
    assert anonymous.post(good).status_code == 200
    assert opt_outs(app, chat.student) == {"keep_in_touch"}


def test_mail_programs_one_click_post_and_undo(app, chat):
    with app.app_context():
        link = unsubscribe_path(chat.pro, "chat_reminders")
    anonymous = app.test_client()
    response = anonymous.post(link, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF
    assert response.status_code == 200
    assert opt_outs(app, chat.pro) == {"chat_reminders"}
    assert anonymous.post(link).status_code == 200  # twice is fine
    page = text(anonymous.post(link, data={"undo": "1"}))
    assert "You're getting chat reminders by email again" in page
    assert opt_outs(app, chat.pro) == set()


def test_the_preferences_page_turns_kinds_off_and_on(app, runner, chat, mailed):
    c = chat.student_client
    page = text(c.get("/settings/emails"))
    for label in ("Chat reminders", "Thank-you reminders", "Keep-in-touch nudges"):
        assert label in page
    assert 'checked' in page
    c.post("/settings/emails", data={"thank_you_reminders": "y", "keep_in_touch": "y"})  # reminders off
    assert opt_outs(app, chat.student) == {"chat_reminders"}
    assert "Email preferences saved." in text(c.get("/settings/emails"))

    clock.travel_to(CHAT - timedelta(hours=23))
    tick(runner)
    mailed.wait_for(1)
    assert subjects(mailed, chat.student.email) == []  # the student turned them off
    assert subjects(mailed, chat.pro.email) == ["Reminder: your chat with Sam Student is tomorrow"]
    assert len(kinds_of(app, chat.student, "reminder_24h")) == 1  # still in the inbox

    c.post("/settings/emails", data={"chat_reminders": "y", "thank_you_reminders": "y", "keep_in_touch": "y"})
    assert opt_outs(app, chat.student) == set()


def test_professionals_are_offered_only_what_they_get(app, chat):
    page = text(chat.pro_client.get("/settings/emails"))
    assert "Chat reminders" in page and "Keep-in-touch nudges" not in page
    assert "Referral reminders" in page  # a professional's own
    chat.pro_client.post("/settings/emails", data={"chat_reminders": "y", "referral_reminders": "y",
                                                   "keep_in_touch": ""})
    assert opt_outs(app, chat.pro) == set()
    # A student's choice is not the professional's to turn off, whatever is sent.
    with app.app_context():
        pro = db.session.get(User, chat.pro.id)
        save_preferences(pro, {"keep_in_touch": False, "chat_reminders": False})
    assert opt_outs(app, chat.pro) == {"chat_reminders"}
    assert app.test_client().get("/settings/emails").status_code == 302  # log in first


def test_optional_emails_carry_their_link_and_others_do_not(app, runner, chat, mailed):
    clock.travel_to(CHAT - timedelta(hours=23))
    tick(runner)
    mails = mailed.wait_for(2)
    for mail in mails:
        assert "/email/unsubscribe/" in mail.get_content() and mail["List-Unsubscribe"]
    chat.pro_client.post(f"/requests/{chat.request_id}/messages", data={"body": "See you tomorrow!"})
    message = mailed.wait_for(3)[-1]
    assert message["Subject"] == "New message from Pat Pro"
    assert "/email/unsubscribe/" not in message.get_content() and message["List-Unsubscribe"] is None


def test_a_link_stops_working_once_the_address_changes(app, chat):
    with app.app_context():
        link = unsubscribe_path(chat.student, "keep_in_touch")
        user = db.session.get(User, chat.student.id)
        user.email = "new-address@example.com"
        db.session.commit()
    assert app.test_client().post(link).status_code == 400
    assert opt_outs(app, chat.student) == set()
