"""Keep-in-touch nudges 1, 3 and 6 months after a chat: each sent once (twice-run and
concurrent ticks), never late, the pair's latest chat only, snoozed for two weeks or
stopped per person; updates reach the professional."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from followup_support import END, NOW, book_chat, kinds_of, nudge_rows, text, tick

from mentorhub import clock
from mentorhub.plugins._host import get_host

RECORDER = Path(__file__).parents[1] / "fixtures" / "plugins" / "followup_recorder"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [RECORDER]


@pytest.fixture
def heard(app):
    module = get_host(app).plugins["followup_recorder"].module
    module.HEARD.clear()
    return module.HEARD


@pytest.fixture
def chat(app, make_user, add_window, login):
    clock.travel_to(NOW)
    return book_chat(app, make_user, add_window, login)


def test_a_tick_that_missed_a_nudge_sends_only_the_current_one(app, runner, chat):
    clock.travel_to(END + timedelta(days=100))
    tick(runner)
    assert [stage for stage, _ in nudge_rows(app, chat.request_id)] == ["month_3"]
    assert "it's been three months" in text(chat.student_client.get("/dashboard"))


def test_nudges_come_after_the_pairs_latest_chat_only(app, runner, make_user, add_window, login, chat):
    later = END + timedelta(days=21)  # a Tuesday again
    second = book_chat(app, make_user, add_window, login, pro=chat.pro, student=chat.student,
                       student_client=chat.student_client, start=later - timedelta(minutes=30))
    clock.travel_to(END + timedelta(days=31))
    tick(runner)  # completes the second chat too; the first chat's nudge gives way to it
    assert nudge_rows(app, chat.request_id) == []
    clock.travel_to(later + timedelta(days=30, minutes=1))
    tick(runner)
    assert [stage for stage, _ in nudge_rows(app, second.request_id)] == ["month_1"]
    assert nudge_rows(app, chat.request_id) == []


def test_no_nudge_after_a_no_show(app, runner, chat):
    clock.travel_to(END - timedelta(minutes=5))
    chat.pro_client.post(f"/bookings/{chat.booking_id}/no-show")
    clock.travel_to(END + timedelta(days=31))
    tick(runner)
    assert nudge_rows(app, chat.request_id) == []


def test_snooze_and_stop_are_the_students_own(app, runner, make_user, login, chat):
    clock.travel_to(END + timedelta(days=31))
    tick(runner)
    [nudge] = kinds_of(app, chat.student, "keep_in_touch")
    other = app.test_client()
    login(other, make_user("student"))
    page = text(chat.student_client.get("/dashboard"))
    nudge_id = int(page.split("/nudges/")[1].split("/")[0])
    assert other.post(f"/nudges/{nudge_id}/snooze").status_code == 404
    assert other.post(f"/requests/{chat.request_id}/keep-in-touch/stop").status_code == 404
    assert chat.pro_client.post(f"/requests/{chat.request_id}/keep-in-touch/stop").status_code == 403
    assert "it's been a month" in text(chat.student_client.get("/dashboard"))


def test_an_update_needs_a_chat_that_took_place(app, chat):
    clock.travel_to(END - timedelta(minutes=10))
    response = chat.student_client.post(f"/requests/{chat.request_id}/update", data={"body": "News!"})
    assert response.status_code == 409 and "once your chat with Pat Pro has ended" in text(response)
    assert kinds_of(app, chat.pro, "followup_update") == []
    clock.travel_to(END + timedelta(days=1))
    response = chat.student_client.post(f"/requests/{chat.request_id}/update", data={"body": ""})
    assert response.status_code == 400 and "Please write your update." in text(response)


def test_events_reach_a_plugin_once_each_after_the_commit(app, runner, chat, heard):
    """Must show 4: ``thank_you_sent`` and ``followup_due``, once each, after the commit."""
    clock.travel_to(END + timedelta(hours=2))
    chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "Thank you, Pat!"})
    clock.travel_to(END + timedelta(days=30, minutes=1))
    tick(runner)
    tick(runner)
    ids = {"request_id": chat.request_id, "student_id": chat.student.id, "professional_id": chat.pro.id}
    assert heard == [
        ("thank_you_sent", {**ids, "actor_id": chat.student.id}, 1, 0),  # the note was committed
        ("followup_due", {**ids, "actor_id": None}, 1, 1),  # the nudge was committed
    ]


@pytest.mark.postgres_only
def test_concurrent_ticks_send_each_nudge_once(app, make_user, add_window, login, heard):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from mentorhub.tick import run_tick

    clock.travel_to(NOW)
    first = book_chat(app, make_user, add_window, login)
    chats = [first] + [
        book_chat(app, make_user, add_window, login, pro=first.pro, start=first_start)
        for first_start in (END, END + timedelta(minutes=30), END + timedelta(minutes=60))
    ]
    clock.travel_to(END + timedelta(days=31))
    with app.app_context():
        run_tick()  # completes the chats and sends their keep-in-touch nudges... on one worker
    heard.clear()
    # Six months on, six ticks at once: each chat's six-month nudge goes out once.
    clock.travel_to(END + timedelta(days=183))
    barrier = Barrier(6)

    def one_tick():
        with app.app_context():
            barrier.wait()
            return run_tick().nudged

    with ThreadPoolExecutor(6) as pool:
        counts = list(pool.map(lambda _: one_tick(), range(6)))
    assert sum(counts) == len(chats)
    for c in chats:
        assert [stage for stage, _ in nudge_rows(app, c.request_id)] == ["month_1", "month_6"]
        assert len(kinds_of(app, c.student, "keep_in_touch")) == 2
    assert sorted(p["request_id"] for name, p, _, _ in heard if name == "followup_due") == sorted(
        c.request_id for c in chats
    )


def test_a_snooze_never_outlives_its_stage(app, runner, chat):
    clock.travel_to(END + timedelta(days=85))
    tick(runner)  # the one-month nudge, late in its window
    page = text(chat.student_client.get("/dashboard"))
    nudge_id = int(page.split("/nudges/")[1].split("/")[0])
    chat.student_client.post(f"/nudges/{nudge_id}/snooze")
    clock.travel_to(END + timedelta(days=91, minutes=1))
    assert "1 nudge sent" in tick(runner)  # three months: replaces the snoozed one
    clock.travel_to(END + timedelta(days=100))
    assert "0 nudges sent" in tick(runner)  # the one-month nudge does not come back
    assert nudge_rows(app, chat.request_id) == [("month_1", 1), ("month_3", 1)]
    page = text(chat.student_client.get("/dashboard"))
    assert "it's been three months" in page and "it's been a month" not in page
    response = chat.student_client.post(f"/nudges/{nudge_id}/snooze")
    assert "a newer one replaced it" in text(chat.student_client.get(response.headers["Location"]))


def test_an_update_refused_after_the_page_opened_keeps_its_text(app, chat):
    clock.travel_to(END - timedelta(minutes=5))
    chat.pro_client.post(f"/bookings/{chat.booking_id}/no-show")
    clock.travel_to(END + timedelta(days=1))
    response = chat.student_client.post(f"/requests/{chat.request_id}/update",
                                        data={"body": "I started a course on tour budgets."})
    assert response.status_code == 409
    page = text(response)
    assert "did not take place" in page and "I started a course on tour budgets." in page


def test_keep_in_touch_pages_are_the_students_own(app, runner, make_user, login, chat):
    clock.travel_to(END + timedelta(days=31))
    tick(runner)
    stranger = app.test_client()
    login(stranger, make_user("student"))
    for url in (f"/requests/{chat.request_id}/update", f"/requests/{chat.request_id}/keep-in-touch/resume"):
        assert stranger.post(url, data={"body": "Hi"}).status_code == 404
        assert chat.pro_client.post(url, data={"body": "Hi"}).status_code == 403
    assert stranger.get(f"/requests/{chat.request_id}/update").status_code == 404
    page = text(chat.student_client.get("/dashboard"))
    nudge_id = int(page.split("/nudges/")[1].split("/")[0])
    assert chat.pro_client.post(f"/nudges/{nudge_id}/snooze").status_code == 403
    assert kinds_of(app, chat.pro, "followup_update") == []


def test_what_was_written_stays_visible_after_a_late_no_show(app, chat):
    clock.travel_to(END + timedelta(minutes=10))
    chat.student_client.post(f"/requests/{chat.request_id}/thank-you", data={"body": "Thank you, Pat!"})
    chat.pro_client.post(f"/bookings/{chat.booking_id}/no-show")
    for client in (chat.pro_client, chat.student_client):
        page = text(client.get(f"/requests/{chat.request_id}"))
        assert "Thank you, Pat!" in page and 'id="followup-heading"' in page
    assert "Tell Pat Pro what happened since" not in text(chat.student_client.get(f"/requests/{chat.request_id}"))
