"""The core scheduler (scheduling's own default): weekly windows -> free slots, as offer_slots returns them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.services import offer_slots, upcoming_slots

# Monday 1 March 2027, midnight UTC.
MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
NO_NOTICE = {"min_notice_hours": 0, "chat_minutes": 30}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def starts(app, professional, start=None, end=None) -> list[datetime]:
    """Start times offered to a visitor, from ``start`` (default now) to ``end`` (default
    the horizon)."""
    with app.app_context():
        user = db.session.get(User, professional.id)
        slots = upcoming_slots(user) if start is None else offer_slots(user, start, end)
        assert all(
            s.end - s.start == timedelta(minutes=user.professional_profile.chat_minutes)
            for s in slots
        )
        return [s.start for s in slots]


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


def test_window_expands_into_back_to_back_slots_of_the_chat_length(app, make_user, add_window):
    pro = make_user("professional", profile={"min_notice_hours": 0, "chat_minutes": 20})
    add_window(pro, 0, "09:00", "10:00")
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [
        utc(2027, 3, 1, 9, 0),
        utc(2027, 3, 1, 9, 20),
        utc(2027, 3, 1, 9, 40),
    ]


def test_a_remainder_shorter_than_a_chat_is_not_offered(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:10")
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [
        utc(2027, 3, 1, 9, 0),
        utc(2027, 3, 1, 9, 30),
    ]


def test_window_repeats_every_week_on_its_weekday(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 2, "17:00", "17:30")  # Wednesday
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=15)) == [
        utc(2027, 3, 3, 17),
        utc(2027, 3, 10, 17),
    ]


def test_window_is_wall_clock_time_in_the_professionals_zone(app, make_user, add_window):
    pro = make_user("professional", timezone="Europe/Berlin", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:30")  # 09:00 CET is 08:00 UTC in March before the change
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [utc(2027, 3, 1, 8)]


def test_active_booking_removes_its_slot(app, make_user, add_window, make_booking):
    pro = make_user("professional", profile=NO_NOTICE)
    student = make_user("student")
    add_window(pro, 0, "09:00", "10:30")
    make_booking(pro, student, utc(2027, 3, 1, 9, 30))
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [
        utc(2027, 3, 1, 9),
        utc(2027, 3, 1, 10),
    ]


def test_buffers_keep_free_time_around_a_booking(app, make_user, add_window, make_booking):
    pro = make_user(
        "professional",
        profile={**NO_NOTICE, "buffer_before_minutes": 15, "buffer_after_minutes": 5},
    )
    student = make_user("student")
    add_window(pro, 0, "09:00", "12:00")
    make_booking(pro, student, utc(2027, 3, 1, 10, 30))  # busy 10:25 (after previous) .. 11:05
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [
        utc(2027, 3, 1, 9, 0),
        utc(2027, 3, 1, 9, 30),
        utc(2027, 3, 1, 11, 30),
    ]


def test_cancelled_booking_frees_its_slot(app, make_user, add_window, make_booking):
    pro = make_user("professional", profile=NO_NOTICE)
    student = make_user("student")
    add_window(pro, 0, "09:00", "09:30")
    make_booking(pro, student, utc(2027, 3, 1, 9), status="cancelled")
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=1)) == [utc(2027, 3, 1, 9)]


def test_minimum_notice_hides_slots_that_are_too_soon(app, make_user, add_window):
    pro = make_user("professional", profile={"chat_minutes": 30, "min_notice_hours": 30})
    add_window(pro, 0, "09:00", "09:30")  # Monday: 9 h away
    add_window(pro, 1, "05:30", "06:00")  # Tuesday: 29.5 h away
    add_window(pro, 1, "06:30", "07:00")  # Tuesday: 30.5 h away
    assert starts(app, pro)[:2] == [utc(2027, 3, 2, 6, 30), utc(2027, 3, 8, 9)]


def test_default_minimum_notice_is_24_hours(app, make_user, add_window):
    pro = make_user("professional", profile={"chat_minutes": 30})
    add_window(pro, 0, "09:00", "09:30")
    assert starts(app, pro)[0] == utc(2027, 3, 8, 9)


def test_booking_horizon_hides_slots_beyond_it(app, make_user, add_window):
    pro = make_user("professional", profile={**NO_NOTICE, "horizon_days": 8})
    add_window(pro, 0, "09:00", "09:30")
    assert starts(app, pro) == [utc(2027, 3, 1, 9), utc(2027, 3, 8, 9)]
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=60)) == [
        utc(2027, 3, 1, 9),
        utc(2027, 3, 8, 9),
    ]


def test_blackout_removes_the_professionals_local_date(app, make_user, add_window):
    from mentorhub.scheduling.models import Blackout

    # Tuesday 08:00 in Auckland (UTC+13) is Monday 19:00 UTC: the blackout is the local Tuesday.
    pro = make_user("professional", timezone="Pacific/Auckland", profile=NO_NOTICE)
    add_window(pro, 1, "08:00", "08:30")
    with app.app_context():
        db.session.add(Blackout(professional_id=pro.id, day=datetime(2027, 3, 2).date()))
        db.session.commit()
    assert starts(app, pro, MONDAY, MONDAY + timedelta(days=9)) == [utc(2027, 3, 8, 19)]


def test_full_month_offers_nothing_until_the_next_month(app, make_user, add_window, make_booking):
    pro = make_user(
        "professional", profile={**NO_NOTICE, "monthly_capacity": 1, "horizon_days": 60}
    )
    student = make_user("student")
    add_window(pro, 0, "09:00", "09:30")
    make_booking(pro, student, utc(2027, 3, 1, 9), status="completed")
    assert starts(app, pro)[0] == utc(2027, 4, 5, 9)


def test_capacity_counts_the_month_in_the_professionals_zone(
    app, make_user, add_window, make_booking
):
    # 31 March 23:30 in New York is 1 April 03:30 UTC: it fills March, not April.
    pro = make_user(
        "professional",
        timezone="America/New_York",
        profile={**NO_NOTICE, "monthly_capacity": 1, "horizon_days": 60},
    )
    student = make_user("student")
    add_window(pro, 0, "09:00", "09:30")
    make_booking(pro, student, utc(2027, 4, 1, 3, 30))
    offered = starts(app, pro)
    assert all(s >= utc(2027, 4, 1) for s in offered)
    assert offered[0] == utc(2027, 4, 5, 13)


@pytest.mark.parametrize("status", ["accepted", "completed", "no_show"])
def test_chats_given_count_against_capacity(app, make_user, add_window, make_booking, status):
    pro = make_user("professional", profile={**NO_NOTICE, "monthly_capacity": 1})
    student = make_user("student")
    add_window(pro, 0, "09:00", "09:30")
    make_booking(pro, student, utc(2027, 3, 20, 9), status=status)
    assert starts(app, pro, MONDAY, utc(2027, 4, 1)) == []


@pytest.mark.parametrize("status", ["cancelled", "declined", "withdrawn"])
def test_chats_not_held_do_not_count_against_capacity(
    app, make_user, add_window, make_booking, status
):
    pro = make_user("professional", profile={**NO_NOTICE, "monthly_capacity": 1})
    student = make_user("student")
    add_window(pro, 0, "09:00", "09:30")
    make_booking(pro, student, utc(2027, 3, 20, 9), status=status)
    assert starts(app, pro, MONDAY, utc(2027, 3, 2)) == [utc(2027, 3, 1, 9)]


def test_zero_capacity_offers_nothing(app, make_user, add_window):
    pro = make_user("professional", profile={**NO_NOTICE, "monthly_capacity": 0})
    add_window(pro, 0, "09:00", "09:30")
    assert starts(app, pro) == []


def test_paused_professional_offers_nothing(app, make_user, add_window):
    pro = make_user("professional", profile={**NO_NOTICE, "accepting_requests": False})
    add_window(pro, 0, "09:00", "09:30")
    assert starts(app, pro) == []


def test_professional_without_windows_offers_nothing(app, make_user):
    pro = make_user("professional", profile=NO_NOTICE)
    assert starts(app, pro) == []


def test_wall_clock_time_missing_in_the_spring_forward_gap_is_skipped(app, make_user, add_window):
    # New York, Sunday 14 March 2027: clocks jump from 02:00 to 03:00.
    pro = make_user("professional", timezone="America/New_York", profile=NO_NOTICE)
    add_window(pro, 6, "01:30", "03:30")
    assert starts(app, pro, utc(2027, 3, 14), utc(2027, 3, 15)) == [
        utc(2027, 3, 14, 6, 30),  # 01:30 EST
        utc(2027, 3, 14, 7, 0),  # 03:00 EDT
    ]


def test_ambiguous_fall_back_time_means_its_first_occurrence(app, make_user, add_window):
    # New York, Sunday 7 November 2027: 01:00-02:00 happens twice; fold=0 is the EDT one.
    clock.travel_to(utc(2027, 11, 1))
    pro = make_user("professional", timezone="America/New_York", profile=NO_NOTICE)
    add_window(pro, 6, "01:00", "01:30")
    assert starts(app, pro, utc(2027, 11, 7), utc(2027, 11, 8)) == [utc(2027, 11, 7, 5)]


def test_a_booking_being_moved_frees_its_time_and_capacity(
    app, make_user, add_window, make_booking
):
    pro = make_user(
        "professional",
        profile={**NO_NOTICE, "monthly_capacity": 1, "buffer_after_minutes": 30},
    )
    add_window(pro, 0, "09:00", "10:30")
    booking_id = make_booking(pro, make_user("student"), utc(2027, 3, 1, 9))
    day = (MONDAY, MONDAY + timedelta(days=1))
    assert starts(app, pro, *day) == []  # March is full
    with app.app_context():
        user = db.session.get(User, pro.id)
        moved = offer_slots(user, *day, moving_booking=db.session.get(Booking, booking_id))
    assert [s.start for s in moved] == [
        utc(2027, 3, 1, 9),
        utc(2027, 3, 1, 9, 30),
        utc(2027, 3, 1, 10),
    ]
