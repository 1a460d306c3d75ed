"""The preparation page: suggestions from every question plugin (de-duplicated, grouped by
topic, a failing plugin leaving the page working), picking, moving, editing, removing,
errors that keep what was typed, the print view, who may see it, and "prepare" on the
dashboard for chats in the next three days of the student's own zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from followup_support import CHAT, NOW, book_chat, text

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.followup.models import PreparedQuestion
from mentorhub.plugins._models import PluginState

OVERLAP = Path(__file__).parents[1] / "fixtures" / "plugins" / "question_overlap"
TYPICAL_DAY = "What does a typical day for you involve?"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [OVERLAP]


@pytest.fixture
def chat(app, make_user, add_window, login):
    clock.travel_to(NOW)
    return book_chat(app, make_user, add_window, login)


def saved(app, request_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(PreparedQuestion.text)
                .where(PreparedQuestion.request_id == request_id)
                .order_by(PreparedQuestion.position)
            )
        )


def boxes(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="questions-\d+"[^>]*value="([^"]*)"', page)


def test_overlapping_questions_from_several_plugins_are_shown_once(app, chat):
    page = text(chat.student_client.get(f"/requests/{chat.request_id}/prepare"))
    picks = [p.lower() for p in re.findall(r'name="picks" value="([^"]*)"', page)]
    # The bank's classic and the club's respelling: once, under the bank's topic.
    assert picks.count("what does a typical day for you involve?") == 1
    assert "  what does a typical day for you   involve? " not in picks
    assert picks.count("how do you pick the tours you take on?") == 1
    assert "<legend>From our society</legend>" in page and "<legend>Mentors&#39; favourites</legend>" not in page
    assert "What would you tell your first-year self?" in page
    assert page.index("<legend>About the job</legend>") < page.index("<legend>From our society</legend>")


def test_a_failing_question_plugin_leaves_the_page_working(app, chat):
    response = chat.student_client.get(f"/requests/{chat.request_id}/prepare")
    assert response.status_code == 200
    assert TYPICAL_DAY in text(response)
    with app.app_context():
        state = db.session.get(PluginState, "questions_broken")
        assert state.error_count >= 1 and "the question service is down" in state.last_error


def test_moving_removing_and_adding_keep_the_rest(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    c = chat.student_client
    c.post(url, data={"learn_note": "", "picks": ["A?", "B?", "C?"], "action": "add"})
    assert saved(app, chat.request_id) == ["A?", "B?", "C?"]
    typed = {"questions-0": "A?", "questions-1": "B?", "questions-2": "C?"}
    c.post(url, data={"learn_note": "", **typed, "action": "down-0"})
    assert saved(app, chat.request_id) == ["B?", "A?", "C?"]
    c.post(
        url,
        data={"learn_note": "", "questions-0": "B?", "questions-1": "A?", "questions-2": "C?", "action": "remove-1"},
    )
    assert saved(app, chat.request_id) == ["B?", "C?"]
    # The first cannot go up nor the last down: nothing moves, nothing is lost.
    c.post(url, data={"learn_note": "", "questions-0": "B?", "questions-1": "C?", "action": "up-0"})
    c.post(url, data={"learn_note": "", "questions-0": "B?", "questions-1": "C?", "action": "down-1"})
    assert saved(app, chat.request_id) == ["B?", "C?"]
    page = text(c.get(url))
    assert boxes(page) == ["B?", "C?"]
    assert 'value="up-0" aria-label="Move question 1 up" disabled' in page


def test_an_emptied_question_is_refused_and_everything_typed_is_kept(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    c = chat.student_client
    c.post(url, data={"learn_note": "", "picks": ["A?", "B?"], "action": "add"})
    response = c.post(
        url,
        data={
            "learn_note": "What touring is like",
            "questions-0": "A, edited?",
            "questions-1": "  ",
            "own": "My own?",
            "action": "save",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "This question is empty: write it, or remove it" in page
    assert "A, edited?" in page and "My own?" in page and "What touring is like" in page
    assert saved(app, chat.request_id) == ["A?", "B?"]
    # Removing the empty one is fine.
    c.post(url, data={"learn_note": "", "questions-0": "A, edited?", "questions-1": "", "action": "remove-1"})
    assert saved(app, chat.request_id) == ["A, edited?"]


def test_add_with_nothing_or_a_repeat_says_so(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    c = chat.student_client
    assert "Tick a suggested question or write your own first." in text(
        c.post(url, data={"learn_note": "", "action": "add"})
    )
    c.post(url, data={"learn_note": "", "own": "How did you start?", "action": "add"})
    response = c.post(
        url, data={"learn_note": "", "questions-0": "How did you start?", "own": "how did YOU start?", "action": "add"}
    )
    assert response.status_code == 400 and "already in your list" in text(response)
    assert saved(app, chat.request_id) == ["How did you start?"]


def test_too_long_and_too_many_are_refused(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    c = chat.student_client
    response = c.post(url, data={"learn_note": "", "own": "x" * 301, "action": "add"})
    assert response.status_code == 400 and "300" in text(response)
    many = {f"questions-{i}": f"Question {i}?" for i in range(25)}
    response = c.post(url, data={"learn_note": "", **many, "own": "One more?", "action": "add"})
    assert response.status_code == 400 and "Please keep to 25 questions" in text(response)
    assert saved(app, chat.request_id) == []


def test_an_expired_form_keeps_what_was_typed(app, chat):
    c = chat.student_client
    response = c.post(
        f"/requests/{chat.request_id}/prepare",
        data={"learn_note": "Typed before lunch", "own": "Kept?", "csrf_token": "stale"},
    )
    assert response.status_code == 400
    assert "This form expired" in text(response) and "Typed before lunch" in text(response)


def test_print_view_lists_the_questions_in_order_for_both_people(app, chat):
    c = chat.student_client
    c.post(
        f"/requests/{chat.request_id}/prepare",
        data={"learn_note": "Life on the road", "picks": ["Second?"], "own": "Third?", "action": "add"},
    )
    for client in (c, chat.pro_client):
        page = text(client.get(f"/requests/{chat.request_id}/prepare/print"))
        assert "Life on the road" in page and page.index("Second?") < page.index("Third?")
    assert "Is there anyone else you'd recommend I talk to?" in text(
        c.get(f"/requests/{chat.request_id}/prepare/print")
    )
    pro_sheet = text(chat.pro_client.get(f"/requests/{chat.request_id}/prepare/print"))
    assert "<h1>Chat with Sam Student</h1>" in pro_sheet and "What Sam Student wants to learn" in pro_sheet
    assert "At the end" not in pro_sheet


def test_only_the_student_prepares(app, chat, make_user, login):
    url = f"/requests/{chat.request_id}/prepare"
    assert chat.pro_client.get(url).status_code == 403
    assert chat.pro_client.post(url, data={"learn_note": "", "own": "Mine?", "action": "add"}).status_code == 403
    stranger = app.test_client()
    login(stranger, make_user("student"))
    assert stranger.get(url).status_code == 404
    assert stranger.get(url + "/print").status_code == 404
    assert app.test_client().get(url).status_code == 302  # to the log-in page
    assert saved(app, chat.request_id) == []


def test_after_a_cancellation_the_preparation_is_kept_and_closed(app, chat):
    c = chat.student_client
    c.post(f"/requests/{chat.request_id}/prepare", data={"learn_note": "", "own": "Kept?", "action": "add"})
    chat.pro_client.post(f"/bookings/{chat.booking_id}/cancel", data={"reason": "Sorry, a tour moved."})
    page = text(c.get(f"/requests/{chat.request_id}/prepare"))
    assert "Kept?" in page and "no longer booked" in page and 'name="action"' not in page
    response = c.post(
        f"/requests/{chat.request_id}/prepare", data={"learn_note": "", "own": "Sneaky?", "action": "add"}
    )
    assert response.status_code == 302
    assert "so its preparation can't be changed" in text(c.get(response.headers["Location"]))
    assert saved(app, chat.request_id) == ["Kept?"]


def test_prepare_on_the_dashboard_counts_days_in_the_students_zone(app, make_user, add_window, login):
    # Monday 08:00 UTC is Monday 22:00 on Kiritimati (UTC+14): its "day after tomorrow" ends
    # Wednesday 10:00 UTC.
    clock.travel_to(NOW)
    pro = make_user(
        "professional",
        display_name="Pat Pro",
        profile={"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10},
    )
    add_window(pro, 2, "08:00", "12:00")
    far_east = make_user("student", display_name="Kiri", timezone="Pacific/Kiritimati")
    client = app.test_client()
    login(client, far_east)
    wednesday = datetime(2027, 3, 3, tzinfo=UTC)
    inside = book_chat(
        app,
        make_user,
        add_window,
        login,
        pro=pro,
        student=far_east,
        student_client=client,
        start=wednesday.replace(hour=9),
    )
    outside = book_chat(
        app,
        make_user,
        add_window,
        login,
        pro=pro,
        student=far_east,
        student_client=client,
        start=wednesday.replace(hour=11),
    )
    clock.travel_to(NOW)
    dashboard = text(client.get("/dashboard"))
    assert f"/requests/{inside.request_id}/prepare" in dashboard
    assert f"/requests/{outside.request_id}/prepare" not in dashboard
    # A chat already prepared, or one further away, shows nothing to do.
    clock.travel_to(CHAT - timedelta(days=5))
    assert "Before and after your chats" not in text(client.get("/dashboard"))


def test_a_cut_off_post_changes_nothing(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    chat.student_client.post(url, data={"learn_note": "Kept", "own": "Kept?", "action": "add"})
    response = chat.student_client.post(url, data={"action": "save"})  # no fields at all
    assert response.status_code == 400 and "arrived incomplete" in text(response)
    assert saved(app, chat.request_id) == ["Kept?"]


@pytest.mark.parametrize("action", ["up-²", "up-１", "remove-x", "down-99999999999", "delete-0", "", "up"])
def test_odd_buttons_only_save(app, chat, action):
    url = f"/requests/{chat.request_id}/prepare"
    chat.student_client.post(url, data={"learn_note": "", "picks": ["A?", "B?"], "action": "add"})
    response = chat.student_client.post(
        url, data={"learn_note": "", "questions-0": "A?", "questions-1": "B?", "action": action}
    )
    assert response.status_code == 302
    assert saved(app, chat.request_id) == ["A?", "B?"]


def test_control_characters_never_reach_the_page(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    response = chat.student_client.post(
        url, data={"learn_note": "Tours\x00 and \x1b[2Jbudgets\u202e", "own": "Why\x00 touring?", "action": "add"}
    )
    assert response.status_code == 302
    assert saved(app, chat.request_id) == ["Why touring?"]
    page = chat.pro_client.get(f"/requests/{chat.request_id}").get_data(as_text=True)
    assert "\x00" not in page and "\x1b" not in page and "\u202e" not in page


def test_once_the_chat_has_ended_the_preparation_is_read_only(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    chat.student_client.post(url, data={"learn_note": "", "own": "Kept?", "action": "add"})
    clock.travel_to(CHAT + timedelta(minutes=31))
    page = text(chat.student_client.get(url))
    assert "Your chat has taken place" in page and 'name="action"' not in page
    chat.student_client.post(url, data={"learn_note": "", "own": "Late?", "action": "add"})
    assert saved(app, chat.request_id) == ["Kept?"]


def test_before_the_chat_is_booked_the_page_says_when(app, make_user, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro")
    student = make_user("student")
    client = app.test_client()
    login(client, student)
    with app.app_context():
        pending = ChatRequest(
            student_id=student.id,
            professional_id=pro.id,
            format="video",
            introduction="Hello!",
            expires_at=NOW + timedelta(days=7),
        )
        db.session.add(pending)
        db.session.commit()
        request_id = pending.id
    page = text(client.get(f"/requests/{request_id}/prepare"))
    assert "You can prepare once Pat Pro accepts your request" in page
    assert client.get(f"/requests/{request_id}/prepare/print").status_code == 404


def test_the_questions_each_label_their_box(app, chat):
    url = f"/requests/{chat.request_id}/prepare"
    chat.student_client.post(url, data={"learn_note": "", "own": "First?", "action": "add"})
    page = chat.student_client.get(url).get_data(as_text=True)
    assert '<label class="visually-hidden" for="questions-0">Question 1</label>' in page
    assert page.count('id="questions-0"') == 1 and 'id="q-0"' in page
