"""Times that suit both: each offered time shows the student's local time with a night mark
and the professional's time beside it; "only times that suit me" hides the rest without
losing what was typed; the professional sees the student's time too."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # Monday; London is on UTC, New York UTC-5
EARLY = datetime(2027, 3, 2, 7, 0, tzinfo=UTC)  # 07:00 for Pat, 02:00 in New York
AFTERNOON = datetime(2027, 3, 2, 14, 0, tzinfo=UTC)  # 14:00 for Pat, 09:00 in New York
INTRO = ("Hi! I'm Sam, a first-year student in New York. I'd love to learn what a typical day in "
         "A&R looks like and how you got started, before I choose my courses.")


@pytest.fixture
def people(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", timezone="Europe/London",
                    profile={"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10,
                             "offers_video": True})
    add_window(pro, 1, "07:00", "07:30")
    add_window(pro, 1, "14:00", "14:30")
    student = make_user("student", display_name="Sam Student", timezone="America/New_York")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    return pro, student, pro_client, student_client


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_each_time_shows_both_zones_and_marks_the_night(people):
    pro, _student, _pc, student_client = people
    page = page_text(student_client.get(f"/professionals/{pro.id}/request"))
    assert "02:00 · night for you (07:00 for Pat)" in page
    assert "09:00 (14:00 for Pat)" in page
    assert "09:00 · night" not in page


def test_only_times_that_suit_me_hides_night_times_and_keeps_what_was_typed(people):
    pro, _student, _pc, student_client = people
    form = {"format": "video", "introduction": INTRO, "only_suiting": "y", "day_starts": "8",
            "day_ends": "22", "action": "filter"}
    response = student_client.post(f"/professionals/{pro.id}/request", data=form)
    assert response.status_code == 200
    page = page_text(response)
    assert "02:00 · night for you" not in page and "09:00 (14:00 for Pat)" in page
    assert "times outside these hours are hidden" in page
    assert INTRO in page and 'checked id="only_suiting"' in page
    # Wider hours show it again; nonsense hours fall back to the default, never a 500.
    wide = page_text(student_client.post(f"/professionals/{pro.id}/request",
                                         data={**form, "day_starts": "0", "day_ends": "23"}))
    assert "02:00 · night for you" in wide
    for junk in ("abc", "99", "-1"):
        response = student_client.post(f"/professionals/{pro.id}/request", data={**form, "day_starts": junk})
        assert response.status_code == 200
        assert "02:00 · night for you" not in page_text(response)
    # The hidden time is still valid if sent (it was offered), and a request goes out.
    response = student_client.post(f"/professionals/{pro.id}/request", data={
        **form, "action": "send", "times": [AFTERNOON.isoformat()]})
    assert response.status_code == 302


def test_the_professional_sees_the_student_s_time_too(app, people):
    pro, _student, pro_client, student_client = people
    response = student_client.post(f"/professionals/{pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [EARLY.isoformat(), AFTERNOON.isoformat()],
        "action": "send"})
    assert response.status_code == 302
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    page = page_text(pro_client.get(f"/requests/{request_id}"))
    assert "07:00 (Europe/London) · 02:00 for Sam Student, night" in page
    assert "14:00 (Europe/London) · 09:00 for Sam Student" in page
    assert "02:00 for Sam, night" in page  # the accept choices say it too


@pytest.mark.parametrize(("hour", "day", "night"), [
    (7, (8, 22), True), (8, (8, 22), False), (21, (8, 22), False), (22, (8, 22), True),
    (23, (20, 2), False), (1, (20, 2), False), (2, (20, 2), True), (12, (20, 2), True),
])
def test_night_is_outside_the_day_hours_even_across_midnight(hour, day, night):
    from mentorhub.timefmt import is_night

    assert is_night(datetime(2027, 3, 2, hour, 30, tzinfo=UTC), "UTC", day) is night
