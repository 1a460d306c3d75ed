"""The thank-you: a draft naming the professional and weaving in the student's note, sent
once per chat from its end, by email to the professional; one reminder two days after the
end when none was sent, and none after a no-show or a cancellation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from followup_support import CHAT, END, NOW, book_chat, kinds_of, text, tick

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.followup.models import FollowupNote


@pytest.fixture
def chat(app, make_user, add_window, login):
    clock.travel_to(NOW)
    return book_chat(app, make_user, add_window, login)


def notes(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(db.select(FollowupNote.kind, FollowupNote.body))]


def test_no_thank_you_before_the_chat_ends(app, chat):
    clock.travel_to(END - timedelta(minutes=1))
    url = f"/requests/{chat.request_id}/thank-you"
    assert "once your chat with Pat Pro has ended" in text(chat.student_client.get(url))
    response = chat.student_client.post(url, data={"body": "Thank you so much for your time!"})
    assert response.status_code == 409
    assert "Thank you so much for your time!" in text(response)  # kept
    assert notes(app) == []
    assert "Write your thank-you" not in text(chat.student_client.get(f"/requests/{chat.request_id}"))


def test_the_draft_names_the_professional_and_the_day_without_a_note(app, chat):
    clock.travel_to(END)
    draft = text(chat.student_client.get(f"/requests/{chat.request_id}/thank-you"))
    assert "Dear Pat," in draft and "Tuesday 2 March" in draft
    assert "It was great to hear what your work is really like." in draft
    assert "Sam Student" in draft


def test_the_thank_you_is_emailed_to_the_professional(app, chat, smtp):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    clock.travel_to(END + timedelta(hours=3))
    before = len(sink.messages)
    chat.student_client.post(f"/requests/{chat.request_id}/thank-you",
                             data={"body": "Dear Pat, thank you! I learned how tours are budgeted."})
    messages = sink.wait_for(before + 1)
    mail = messages[-1]
    assert mail["To"] == chat.pro.email and mail["Subject"] == "Sam Student sent you a thank-you note"
    assert "I learned how tours are budgeted." in mail.get_content()
    assert "List-Unsubscribe" not in mail  # not an optional email


def test_a_blank_note_is_refused(app, chat):
    clock.travel_to(END)
    response = chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "   "})
    assert response.status_code == 400 and "Please write your note." in text(response)
    assert notes(app) == []


def test_only_the_student_thanks(app, chat, make_user, login):
    clock.travel_to(END)
    url = f"/requests/{chat.request_id}/thank-you"
    assert chat.pro_client.get(url).status_code == 403
    assert chat.pro_client.post(url, data={"body": "Thanks from me?"}).status_code == 403
    stranger = app.test_client()
    login(stranger, make_user("student"))
    assert stranger.post(url, data={"body": "Hi"}).status_code == 404
    assert notes(app) == []


def test_one_reminder_when_no_thank_you_two_days_on(app, runner, chat):
    clock.travel_to(END + timedelta(days=2) - timedelta(minutes=1))
    tick(runner)
    assert kinds_of(app, chat.student, "thank_you_reminder") == []
    clock.travel_to(END + timedelta(days=2))
    assert "1 nudge sent" in tick(runner)
    clock.travel_to(END + timedelta(days=3))
    assert "0 nudges sent" in tick(runner)
    [reminder] = kinds_of(app, chat.student, "thank_you_reminder")
    assert reminder.title == "A quick thank-you to Pat Pro?"


def test_no_reminder_once_thanked(app, runner, chat):
    clock.travel_to(END + timedelta(hours=1))
    chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "Thank you, Pat!"})
    clock.travel_to(END + timedelta(days=2, hours=1))
    assert "0 nudges sent" in tick(runner)
    assert kinds_of(app, chat.student, "thank_you_reminder") == []


def test_no_prompt_nor_reminder_after_a_no_show(app, runner, chat):
    clock.travel_to(CHAT + timedelta(minutes=15))
    chat.pro_client.post(f"/bookings/{chat.booking_id}/no-show")
    clock.travel_to(END + timedelta(minutes=5))
    assert "Write your thank-you" not in text(chat.student_client.get(f"/requests/{chat.request_id}"))
    assert "Say thank you" not in text(chat.student_client.get("/dashboard"))
    response = chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "Thanks?"})
    assert response.status_code == 409 and "did not take place" in text(response)
    clock.travel_to(END + timedelta(days=2, hours=1))
    tick(runner)
    assert kinds_of(app, chat.student, "thank_you_reminder") == []
    assert notes(app) == []


def test_no_reminder_after_a_cancellation(app, runner, chat):
    chat.student_client.post(f"/bookings/{chat.booking_id}/cancel", data={"reason": "Exam moved, sorry."})
    clock.travel_to(END + timedelta(days=2, hours=1))
    tick(runner)
    assert kinds_of(app, chat.student, "thank_you_reminder") == []
    assert "Before and after your chats" not in text(chat.student_client.get("/dashboard"))


def test_a_tick_that_did_not_run_for_weeks_sends_no_stale_reminder(app, runner, chat):
    clock.travel_to(END + timedelta(days=10))
    tick(runner)
    assert kinds_of(app, chat.student, "thank_you_reminder") == []


@pytest.mark.postgres_only
def test_a_thank_you_sent_twice_at_once_is_kept_once(app, chat, login):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    clock.travel_to(END + timedelta(hours=1))
    clients = [app.test_client() for _ in range(4)]
    for client in clients:
        login(client, chat.student)
    barrier = Barrier(len(clients))

    def send(client):
        barrier.wait()
        return client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "Thank you!"}).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        codes = sorted(pool.map(send, clients))
    assert codes.count(302) == 1 and all(code in (200, 302, 409) for code in codes)
    assert len(notes(app)) == 1
    assert len(kinds_of(app, chat.pro, "thank_you")) == 1


def test_the_unfinished_learned_line_is_pointed_out(app, chat):
    clock.travel_to(END)
    draft = text(chat.student_client.get(f"/requests/{chat.request_id}/thank-you"))
    body = draft.split('name="body"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0].strip()
    response = chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": body})
    assert response.status_code == 400
    assert 'Finish the line "What I learned most was …"' in text(response)
    assert notes(app) == []
    finished = body.replace("What I learned most was", "What I learned most was how a tour is budgeted.")
    assert chat.student_client.post(f"/requests/{chat.request_id}/thank-you",
                                    data={"body": finished}).status_code == 302


def test_the_draft_greets_a_titled_name_whole_and_quotes_the_note_cleanly(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Dr. Jane Smith",
                    profile={"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10})
    add_window(pro, 1, "09:00", "12:00")
    chat = book_chat(app, make_user, add_window, login, pro=pro)
    chat.student_client.post(f"/requests/{chat.request_id}/prepare",
                             data={"learn_note": "How tours are planned.", "action": "save"})
    clock.travel_to(END)
    draft = text(chat.student_client.get(f"/requests/{chat.request_id}/thank-you"))
    assert "Dear Dr. Jane Smith," in draft
    assert 'I came hoping to learn this: "How tours are planned".' in draft


def test_control_characters_are_cleaned_from_notes(app, chat):
    clock.travel_to(END)
    response = chat.student_client.post(f"/requests/{chat.request_id}/thank-you",
                                        data={"body": "Thank you\x00 for\x1b[2J your time!"})
    assert response.status_code == 302
    assert notes(app) == [("thank_you", "Thank you  for [2J your time!")]
