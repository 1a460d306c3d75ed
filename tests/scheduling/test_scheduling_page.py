"""The availability page, as a professional uses it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import AvailabilityWindow, Blackout

MONDAY = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


@pytest.fixture
def pro(make_user):
    return make_user(
        "professional", timezone="Europe/Paris", profile={"chat_minutes": 30, "min_notice_hours": 0}
    )


@pytest.fixture
def pro_client(client, login, pro):
    login(client, pro)
    return client


def windows(app, pro) -> list[tuple[int, time, time]]:
    with app.app_context():
        rows = db.session.scalars(
            select(AvailabilityWindow).where(AvailabilityWindow.professional_id == pro.id)
        )
        return sorted((w.weekday, w.start_time, w.end_time) for w in rows)


def profile(app, pro) -> ProfessionalProfile:
    with app.app_context():
        row = db.session.get(ProfessionalProfile, pro.id)
        db.session.expunge(row)
        return row


def blackout_days(app, pro) -> list[date]:
    with app.app_context():
        return sorted(
            db.session.scalars(select(Blackout.day).where(Blackout.professional_id == pro.id))
        )


# --- who may see it ------------------------------------------------------------------------


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/availability")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_student_may_not_edit_availability(client, login, make_user):
    login(client, make_user("student"))
    assert client.get("/availability").status_code == 403


def test_new_professional_sees_empty_state_and_their_zone(pro_client):
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "No weekly windows yet" in page
    assert "Europe/Paris" in page


# --- weekly windows ------------------------------------------------------------------------


def test_adding_a_window_lists_it_previews_free_times_and_sets_next_free_at(app, pro_client, pro):
    response = pro_client.post(
        "/availability/windows", data={"weekday": "1", "start": "17:00", "end": "18:00"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/availability")
    assert windows(app, pro) == [(1, time(17), time(18))]
    # Tuesday 2 March 17:00 in Paris (CET) is 16:00 UTC.
    assert profile(app, pro).next_free_at == datetime(2027, 3, 2, 16, tzinfo=UTC)
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "Window added" in page
    assert "Tuesday" in page and "17:00–18:00" in page
    assert "Tue 2 Mar 2027, 17:00 (Europe/Paris)" in page
    assert "Tue 2 Mar 2027, 17:30 (Europe/Paris)" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"weekday": "1", "start": "18:00", "end": "17:00"},
            "The end time must be after the start time.",
        ),
        (
            {"weekday": "1", "start": "17:00", "end": "17:00"},
            "The end time must be after the start time.",
        ),
        ({"weekday": "1", "start": "17:00", "end": "17:20"}, "shorter than one 30-minute chat"),
        ({"weekday": "9", "start": "17:00", "end": "18:00"}, "Not a valid choice"),
        ({"weekday": "1", "start": "25:99", "end": "18:00"}, "Not a valid time"),
        ({"weekday": "1", "start": "", "end": "18:00"}, "Enter a start time"),
    ],
)
def test_bad_window_is_refused_with_a_message_and_keeps_what_was_typed(
    app, pro_client, pro, data, message
):
    response = pro_client.post("/availability/windows", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{data["start"]}"' in page or not data["start"]
    assert windows(app, pro) == []
    assert profile(app, pro).next_free_at is None


def test_overlapping_window_on_the_same_day_is_refused(app, pro_client, pro, add_window):
    add_window(pro, 1, "17:00", "19:00")
    response = pro_client.post(
        "/availability/windows", data={"weekday": "1", "start": "18:30", "end": "20:00"}
    )
    assert response.status_code == 400
    assert "This overlaps your Tuesday window 17:00–19:00" in response.get_data(as_text=True)
    assert windows(app, pro) == [(1, time(17), time(19))]


def test_back_to_back_window_and_same_times_on_another_day_are_fine(
    app, pro_client, pro, add_window
):
    add_window(pro, 1, "17:00", "19:00")
    assert (
        pro_client.post(
            "/availability/windows", data={"weekday": "1", "start": "19:00", "end": "20:00"}
        ).status_code
        == 302
    )
    assert (
        pro_client.post(
            "/availability/windows", data={"weekday": "2", "start": "17:00", "end": "19:00"}
        ).status_code
        == 302
    )
    assert windows(app, pro) == [
        (1, time(17), time(19)),
        (1, time(19), time(20)),
        (2, time(17), time(19)),
    ]


def test_window_without_csrf_token_changes_nothing(app, pro_client, pro):
    response = pro_client.post(
        "/availability/windows", data={"weekday": "1", "start": "17:00", "end": "18:00"}, csrf=False
    )
    assert response.status_code == 400
    assert "submit again" in response.get_data(as_text=True)
    assert windows(app, pro) == []


def test_deleting_a_window_removes_its_free_times(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "18:00")
    pro_client.post(
        "/availability/settings",
        data={
            "buffer_before_minutes": "0",
            "buffer_after_minutes": "0",
            "min_notice_hours": "0",
            "horizon_days": "30",
        },
    )
    assert profile(app, pro).next_free_at is not None
    response = pro_client.post(f"/availability/windows/{window_id}/delete")
    assert response.status_code == 302
    assert windows(app, pro) == []
    assert profile(app, pro).next_free_at is None


def test_professional_cannot_delete_someone_elses_window(app, pro_client, make_user, add_window):
    other = make_user("professional")
    window_id = add_window(other, 1, "17:00", "18:00")
    assert pro_client.post(f"/availability/windows/{window_id}/delete").status_code == 404
    assert windows(app, other) == [(1, time(17), time(18))]


def test_expired_delete_button_deletes_nothing_and_says_to_press_it_again(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "18:00")
    response = pro_client.post(f"/availability/windows/{window_id}/delete", csrf=False, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "nothing was deleted. Please press it again." in page
    assert "Your entries are still here" not in page
    assert windows(app, pro) == [(1, time(17), time(18))]


# --- blackout dates ------------------------------------------------------------------------


def test_blacking_out_a_date_removes_its_free_times(app, pro_client, pro, add_window):
    add_window(pro, 1, "17:00", "17:30")
    response = pro_client.post(
        "/availability/blackouts", data={"day": "2027-03-02", "note": "Conference"}
    )
    assert response.status_code == 302
    assert blackout_days(app, pro) == [date(2027, 3, 2)]
    assert profile(app, pro).next_free_at == datetime(2027, 3, 9, 16, tzinfo=UTC)
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "Tue 2 Mar 2027" in page and "Conference" in page


def test_today_can_be_blacked_out(app, pro_client, pro):
    assert pro_client.post("/availability/blackouts", data={"day": "2027-03-01"}).status_code == 302
    assert blackout_days(app, pro) == [date(2027, 3, 1)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2027-02-28"}, "That date is in the past"),
        ({"day": "not a date"}, "Not a valid date"),
        ({"day": ""}, "Choose a date."),
        ({"day": "2027-03-05", "note": "x" * 121}, "Keep the note under 120 characters."),
    ],
)
def test_bad_blackout_is_refused_with_a_message(app, pro_client, pro, data, message):
    response = pro_client.post("/availability/blackouts", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert blackout_days(app, pro) == []


def test_the_same_date_cannot_be_blacked_out_twice(app, pro_client, pro):
    pro_client.post("/availability/blackouts", data={"day": "2027-03-05"})
    response = pro_client.post(
        "/availability/blackouts", data={"day": "2027-03-05", "note": "again"}
    )
    assert response.status_code == 400
    assert "already blacked out" in response.get_data(as_text=True)
    assert 'value="again"' in response.get_data(as_text=True)
    assert blackout_days(app, pro) == [date(2027, 3, 5)]


def test_the_same_date_sent_twice_at_once_gets_a_message_not_a_500(app, pro_client, pro):
    from sqlalchemy import event, insert
    from sqlalchemy.orm import Session

    from mentorhub.testing import database_url_under_test

    fired = []

    def other_tab_wins(session, _context, _instances):
        # The twin request commits the same date between this one's check and its insert.
        if fired or not any(isinstance(o, Blackout) for o in session.new):
            return
        fired.append(True)
        with db.engine.begin() as conn:
            conn.execute(insert(Blackout).values(professional_id=pro.id, day=date(2027, 3, 5), note="twin"))

    event.listen(Session, "before_flush", other_tab_wins)
    try:
        response = pro_client.post("/availability/blackouts", data={"day": "2027-03-05", "note": "mine"})
    finally:
        event.remove(Session, "before_flush", other_tab_wins)
    assert fired
    page = response.get_data(as_text=True)
    if database_url_under_test() is None:
        # SQLite refuses the second writer outright; the app says so instead of failing.
        assert response.status_code == 503
        assert "nothing was changed" in page and "submit again" in page
    else:
        assert response.status_code == 400
        assert "already blacked out" in page and 'value="mine"' in page
    assert blackout_days(app, pro) == [date(2027, 3, 5)]


def test_removing_a_blackout_offers_the_date_again(app, pro_client, pro, add_window):
    add_window(pro, 1, "17:00", "17:30")
    pro_client.post("/availability/blackouts", data={"day": "2027-03-02"})
    with app.app_context():
        blackout_id = db.session.scalar(select(Blackout.id))
    assert pro_client.post(f"/availability/blackouts/{blackout_id}/delete").status_code == 302
    assert blackout_days(app, pro) == []
    assert profile(app, pro).next_free_at == datetime(2027, 3, 2, 16, tzinfo=UTC)


def test_professional_cannot_remove_someone_elses_blackout(app, pro_client, make_user):
    other = make_user("professional")
    with app.app_context():
        db.session.add(Blackout(professional_id=other.id, day=date(2027, 3, 5)))
        db.session.commit()
        blackout_id = db.session.scalar(select(Blackout.id))
    assert pro_client.post(f"/availability/blackouts/{blackout_id}/delete").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Blackout.id))) == 1


# --- settings ------------------------------------------------------------------------------

GOOD_SETTINGS = {
    "buffer_before_minutes": "10",
    "buffer_after_minutes": "15",
    "min_notice_hours": "48",
    "horizon_days": "14",
}


def test_new_professional_has_24_hours_notice_and_a_30_day_horizon(app, make_user, client, login):
    fresh = make_user("professional")
    assert (profile(app, fresh).min_notice_hours, profile(app, fresh).horizon_days) == (24, 30)
    login(client, fresh)
    page = client.get("/availability").get_data(as_text=True)
    assert 'value="24"' in page and 'value="30"' in page


def test_saving_settings_changes_them_and_next_free_at(app, pro_client, pro, add_window):
    add_window(pro, 0, "13:00", "13:30")  # Monday 13:00 Paris = 12:00 UTC, i.e. right now
    add_window(pro, 2, "13:00", "13:30")
    response = pro_client.post("/availability/settings", data=GOOD_SETTINGS)
    assert response.status_code == 302
    saved = profile(app, pro)
    assert (
        saved.buffer_before_minutes,
        saved.buffer_after_minutes,
        saved.min_notice_hours,
        saved.horizon_days,
    ) == (10, 15, 48, 14)
    # 48 h notice: Wednesday 3 March is too soon, Monday 8 March is the first free time.
    assert saved.next_free_at == datetime(2027, 3, 8, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("buffer_before_minutes", "61", "between 0 and 60 minutes"),
        ("buffer_after_minutes", "-1", "between 0 and 60 minutes"),
        ("min_notice_hours", "169", "between 0 and 168 hours"),
        ("horizon_days", "0", "between 1 and 90 days"),
        ("horizon_days", "91", "between 1 and 90 days"),
        ("horizon_days", "ten", "Not a valid integer"),
        ("min_notice_hours", "", "Enter a number of hours"),
    ],
)
def test_bad_setting_is_refused_and_nothing_changes(app, pro_client, pro, name, value, message):
    response = pro_client.post("/availability/settings", data={**GOOD_SETTINGS, name: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    for other, typed in GOOD_SETTINGS.items():  # what was typed in the other fields is kept
        if other != name:
            assert f'value="{typed}"' in page
    saved = profile(app, pro)
    assert (
        saved.buffer_before_minutes,
        saved.buffer_after_minutes,
        saved.min_notice_hours,
        saved.horizon_days,
    ) == (0, 0, 0, 30)


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_invites_a_professional_without_windows_to_add_free_times(pro_client):
    page = pro_client.get("/dashboard").get_data(as_text=True)
    assert (
        "Add the times you&#39;re free so students can ask for a chat" in page
        or "Add the times you're free so students can ask for a chat" in page
    )
    assert 'href="/availability"' in page


def test_dashboard_summarises_windows_next_free_time_and_capacity(
    app, pro_client, pro, add_window, make_user, make_booking
):
    add_window(pro, 1, "17:00", "18:00")
    make_booking(pro, make_user("student"), datetime(2027, 3, 2, 16, tzinfo=UTC))
    from mentorhub.scheduling.services import refresh_next_free_at

    with app.app_context():
        refresh_next_free_at([pro.id])
    page = pro_client.get("/dashboard").get_data(as_text=True)
    assert "Tue" in page and "17:00–18:00" in page
    assert "Next free time: <strong>Tue 2 Mar 2027, 17:30 (Europe/Paris)</strong>" in page
    assert "1 of 4 chats this month" in page
