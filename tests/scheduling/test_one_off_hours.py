"""One-off hours on a date, besides weekly windows (issue 17), as a professional adds them
and a student is offered them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from availability_support import next_free_at
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.scheduling.models import AvailabilityWindow

# Monday 1 March 2027, 13:00 in Paris (CET, UTC+1 until 28 March).
MONDAY = datetime(2027, 3, 1, 12, tzinfo=UTC)
NEXT_TUESDAY = {"one_off-on_date": "2027-03-09", "one_off-start": "18:00", "one_off-end": "19:00"}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


@pytest.fixture
def pro(make_user):
    return make_user(
        "professional", timezone="Europe/Paris",
        profile={"chat_minutes": 30, "min_notice_hours": 0, "monthly_capacity": 10, "offers_video": True},
    )


@pytest.fixture
def pro_client(client, login, pro):
    login(client, pro)
    return client


@pytest.fixture
def offered(app, login, make_user, pro):
    """``offered()``: the times a student is offered on the professional's request page (UTC)."""
    student_client = app.test_client()
    login(student_client, make_user("student"))

    def starts() -> list[datetime]:
        page = student_client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
        values = re.findall(r'name="times"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="times"', page)
        return sorted({datetime.fromisoformat(a or b) for a, b in values})

    return starts


def one_off_rows(app, pro) -> list[tuple[date, time, time]]:
    with app.app_context():
        rows = db.session.scalars(
            select(AvailabilityWindow).where(
                AvailabilityWindow.professional_id == pro.id, AvailabilityWindow.on_date.is_not(None)
            )
        )
        return sorted((w.on_date, w.start_time, w.end_time) for w in rows)


def add_one_off(client, csrf: bool = True, **changes: str):
    """Send the one-off hours form (fields and token prefixed ``one_off-``), by default for
    next Tuesday 18:00-19:00; ``changes`` by field name, e.g. ``end="20:00"``."""
    data = {**NEXT_TUESDAY, **{f"one_off-{name}": value for name, value in changes.items()}}
    if csrf:
        data["one_off-csrf_token"] = client.csrf_token()
    return client.post("/availability/one-off", data=data)


def save_settings(client, **values: str) -> None:
    data = {"buffer_before_minutes": "0", "buffer_after_minutes": "0", "min_notice_hours": "0",
            "horizon_days": "30", **values}
    assert client.post("/availability/settings", data=data).status_code == 302


# --- offered like a weekly window, on that date only ----------------------------------------


def test_one_off_hours_are_offered_on_that_date_only(app, pro_client, pro, offered):
    response = add_one_off(pro_client)
    assert response.status_code == 302
    assert one_off_rows(app, pro) == [(date(2027, 3, 9), time(18), time(19))]
    # 18:00 in Paris is 17:00 UTC; nothing on other Tuesdays, nothing weekly.
    assert offered() == [utc(2027, 3, 9, 17), utc(2027, 3, 9, 17, 30)]
    assert next_free_at(app, pro) == utc(2027, 3, 9, 17)  # discovery's "free soon" sees them too
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "One-off hours added: Tue 9 Mar 2027, 18:00–19:00" in page
    assert "Tue 9 Mar 2027, 18:00 (Europe/Paris)" in page  # the preview, in the pro's zone
    assert "No weekly windows yet" in page


def test_one_off_hours_add_to_the_weekly_windows_of_that_day(app, pro_client, pro, offered, add_window):
    add_window(pro, 1, "17:00", "18:00")  # Tuesdays 17:00-18:00 Paris
    assert add_one_off(pro_client).status_code == 302
    tuesdays = [s for s in offered() if s.date() in (date(2027, 3, 2), date(2027, 3, 9))]
    assert tuesdays == [
        utc(2027, 3, 2, 16), utc(2027, 3, 2, 16, 30),
        utc(2027, 3, 9, 16), utc(2027, 3, 9, 16, 30), utc(2027, 3, 9, 17), utc(2027, 3, 9, 17, 30),
    ]


def test_one_off_hours_keep_the_minimum_notice(app, pro_client, pro, offered):
    clock.travel_to(utc(2027, 3, 1, 11, 55))  # the clock ticks on: leave it a few minutes
    save_settings(pro_client, min_notice_hours="2")
    assert add_one_off(pro_client, on_date="2027-03-01", start="13:00", end="16:00").status_code == 302  # today
    # Hours 12:00-15:00 UTC; two hours' notice from 11:55 UTC leaves 14:00 UTC on.
    assert offered() == [utc(2027, 3, 1, 14), utc(2027, 3, 1, 14, 30)]


def test_one_off_hours_keep_bookings_and_buffers(app, pro_client, pro, offered, make_booking, make_user):
    save_settings(pro_client, buffer_after_minutes="30")
    assert add_one_off(pro_client, end="20:00").status_code == 302
    make_booking(pro, make_user("student"), utc(2027, 3, 9, 17))
    assert offered() == [utc(2027, 3, 9, 18), utc(2027, 3, 9, 18, 30)]


def test_one_off_hours_beyond_the_horizon_wait_until_it_reaches_them(app, pro_client, pro, offered):
    assert add_one_off(pro_client, on_date="2027-04-20").status_code == 302  # 50 days ahead, horizon 30
    assert offered() == []
    assert "Tue 20 Apr 2027, 18:00–19:00" in pro_client.get("/availability").get_data(as_text=True)
    save_settings(pro_client, horizon_days="60")
    assert offered() == [utc(2027, 4, 20, 16), utc(2027, 4, 20, 16, 30)]  # CEST by then


def test_one_off_hours_count_against_the_monthly_capacity(app, make_user, login, make_booking):
    full = make_user("professional", timezone="Europe/Paris",
                     profile={"chat_minutes": 30, "min_notice_hours": 0, "monthly_capacity": 1})
    client = app.test_client()
    login(client, full)
    make_booking(full, make_user("student"), utc(2027, 3, 3, 9))
    assert add_one_off(client).status_code == 302
    assert next_free_at(app, full) is None


# --- days off win ---------------------------------------------------------------------------


def test_a_day_off_beats_one_off_hours(app, pro_client, pro, offered):
    add_one_off(pro_client)
    assert pro_client.post("/availability/blackouts", data={"day": "2027-03-09"}).status_code == 302
    assert offered() == []
    assert next_free_at(app, pro) is None


def test_one_off_hours_on_a_day_off_are_refused_with_a_message(app, pro_client, pro):
    pro_client.post("/availability/blackouts", data={"day": "2027-03-09"})
    response = add_one_off(pro_client)
    assert response.status_code == 400
    assert "Tue 9 Mar 2027 is one of your days off" in response.get_data(as_text=True)
    assert one_off_rows(app, pro) == []


# --- what is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"one_off-on_date": "2027-02-28"}, "That date is in the past. Choose today or a later date."),
        ({"one_off-on_date": "2028-03-09"}, "Choose a date within the next year."),
        ({"one_off-on_date": "next tuesday"}, "Not a valid date"),
        ({"one_off-on_date": ""}, "Choose a date."),
        ({"one_off-end": "17:00"}, "The end time must be after the start time."),
        ({"one_off-end": "18:00"}, "The end time must be after the start time."),
        ({"one_off-end": "18:20"}, "shorter than one 30-minute chat"),
        ({"one_off-start": "25:00"}, "Not a valid time"),
    ],
)
def test_bad_one_off_hours_are_refused_with_a_message_and_keep_what_was_typed(
    app, pro_client, pro, changes, message
):
    data = {**NEXT_TUESDAY, **changes}
    response = add_one_off(pro_client, **{name.removeprefix("one_off-"): value for name, value in changes.items()})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    typed = data["one_off-on_date"]
    assert not typed or f'value="{typed}"' in page
    assert f'value="{data["one_off-end"]}"' in page
    assert one_off_rows(app, pro) == []
    assert next_free_at(app, pro) is None


def test_a_past_date_in_the_professionals_zone_is_refused(app, make_user, login):
    clock.travel_to(utc(2027, 3, 1, 20))  # already Tuesday 2 March in Tokyo
    tokyo = make_user("professional", timezone="Asia/Tokyo", profile={"chat_minutes": 30})
    client = app.test_client()
    login(client, tokyo)
    response = add_one_off(client, on_date="2027-03-01")
    assert response.status_code == 400
    assert "That date is in the past" in response.get_data(as_text=True)


def test_the_same_one_off_hours_twice_are_refused_with_a_message(app, pro_client, pro):
    assert add_one_off(pro_client).status_code == 302
    response = add_one_off(pro_client)
    assert response.status_code == 400
    assert "You already have these hours (Tue 9 Mar 2027, 18:00–19:00)." in response.get_data(as_text=True)
    assert one_off_rows(app, pro) == [(date(2027, 3, 9), time(18), time(19))]


def test_one_off_hours_overlapping_a_weekly_window_that_day_are_refused(app, pro_client, pro, add_window):
    add_window(pro, 1, "17:00", "18:30")
    response = add_one_off(pro_client)
    assert response.status_code == 400
    assert "This overlaps your Tuesday window 17:00–18:30" in response.get_data(as_text=True)
    assert one_off_rows(app, pro) == []
    # Back to back with it, or on a day without it, is fine.
    assert add_one_off(pro_client, start="18:30", end="19:30").status_code == 302
    assert add_one_off(pro_client, on_date="2027-03-10").status_code == 302


def test_a_weekly_window_overlapping_upcoming_one_off_hours_is_refused(app, pro_client, pro):
    add_one_off(pro_client)
    response = pro_client.post("/availability/windows", data={"weekday": "1", "start": "18:30", "end": "20:00"})
    assert response.status_code == 400
    assert "This overlaps your one-off hours on Tue 9 Mar 2027, 18:00–19:00" in response.get_data(as_text=True)


def test_overlapping_one_off_hours_on_the_same_date_are_refused(app, pro_client, pro):
    add_one_off(pro_client)
    response = add_one_off(pro_client, start="18:30", end="20:00")
    assert response.status_code == 400
    assert "This overlaps your one-off hours on Tue 9 Mar 2027, 18:00–19:00" in response.get_data(as_text=True)


def test_one_off_hours_without_a_csrf_token_change_nothing(app, pro_client, pro):
    response = add_one_off(pro_client, csrf=False)
    assert response.status_code == 400
    assert "submit again" in response.get_data(as_text=True)
    assert one_off_rows(app, pro) == []


# --- once the date has passed ---------------------------------------------------------------


def test_past_one_off_hours_are_not_shown_and_offer_nothing(app, pro_client, pro, offered):
    add_one_off(pro_client)
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "Tue 9 Mar 2027, 18:00–19:00" in page
    clock.travel_to(utc(2027, 3, 10, 9))
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "Tue 9 Mar 2027, 18:00–19:00" not in page
    assert "No one-off hours coming up" in page
    assert offered() == []
    # They no longer stand in the way of a weekly window at those times.
    weekly = {"weekday": "1", "start": "18:00", "end": "19:00"}
    assert pro_client.post("/availability/windows", data=weekly).status_code == 302


def test_the_dashboard_lists_upcoming_one_off_hours(app, pro_client, pro):
    add_one_off(pro_client)
    page = pro_client.get("/dashboard").get_data(as_text=True)
    assert 'aria-label="Your one-off hours"' in page and "Tue 9 Mar" in page
    assert "Next free time: <strong>Tue 9 Mar 2027, 18:00 (Europe/Paris)</strong>" in page


@pytest.mark.parametrize(("weekday", "on_date"), [(None, None), (1, date(2027, 3, 9))])
def test_the_database_refuses_a_window_that_is_not_exactly_weekly_or_one_off(app, pro, weekday, on_date):
    with app.app_context():
        db.session.add(AvailabilityWindow(professional_id=pro.id, weekday=weekday, on_date=on_date,
                                          start_time=time(9), end_time=time(10)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
