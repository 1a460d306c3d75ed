"""Must show 3 (issue 3): a professional in New York with a Tuesday 09:00 window, seen by a
student in Tokyo, across the March and November daylight-saving changes of 2027.

US clocks go forward on Sunday 14 March 2027 and back on Sunday 7 November 2027; Tokyo has
no daylight-saving time. The window stays at 09:00 in New York, so its UTC and Tokyo times
move by an hour.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.scheduling.services import refresh_next_free_at, upcoming_slots
from mentorhub.timefmt import format_local

NEW_YORK, TOKYO = "America/New_York", "Asia/Tokyo"
TUESDAY = 1


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def professional(make_user, add_window):
    pro = make_user(
        "professional", timezone=NEW_YORK, display_name="Nia Lopez", profile={"chat_minutes": 30}
    )
    add_window(pro, TUESDAY, "09:00", "09:30")
    return pro


@pytest.fixture
def student(make_user):
    return make_user("student", timezone=TOKYO)


def first_two_slots(app, professional, student) -> list[datetime]:
    with app.app_context():
        viewer = db.session.get(User, student.id)
        slots = upcoming_slots(db.session.get(User, professional.id), viewer=viewer)
        return [s.start for s in slots[:2]]


CASES = {
    # Sunday before each change: the next two Tuesdays straddle it.
    "march": (
        utc(2027, 3, 7, 12),
        [utc(2027, 3, 9, 14), utc(2027, 3, 16, 13)],
        ["Tue 9 Mar 2027, 09:00", "Tue 16 Mar 2027, 09:00"],
        ["Tue 9 Mar 2027, 23:00", "Tue 16 Mar 2027, 22:00"],
    ),
    "november": (
        utc(2027, 10, 31, 12),
        [utc(2027, 11, 2, 13), utc(2027, 11, 9, 14)],
        ["Tue 2 Nov 2027, 09:00", "Tue 9 Nov 2027, 09:00"],
        ["Tue 2 Nov 2027, 22:00", "Tue 9 Nov 2027, 23:00"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_offered_slots_are_right_in_utc_across_the_change(app, professional, student, case):
    now, expected_utc, _new_york, _tokyo = CASES[case]
    clock.travel_to(now)
    assert first_two_slots(app, professional, student) == expected_utc


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_slots_read_0900_in_new_york_and_the_right_hour_in_tokyo(app, professional, student, case):
    now, _utc, new_york, tokyo = CASES[case]
    clock.travel_to(now)
    slots = first_two_slots(app, professional, student)
    assert [format_local(s, zone=NEW_YORK) for s in slots] == [
        f"{t} ({NEW_YORK})" for t in new_york
    ]
    assert [format_local(s, zone=TOKYO) for s in slots] == [f"{t} ({TOKYO})" for t in tokyo]


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_professional_sees_0900_new_york_time_on_the_availability_preview(
    client, login, professional, case
):
    now, _utc, new_york, _tokyo = CASES[case]
    clock.travel_to(now)
    login(client, professional)
    page = client.get("/availability").get_data(as_text=True)
    for text in new_york:
        assert f"{text} ({NEW_YORK})" in page


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_tokyo_student_sees_the_next_free_time_in_tokyo_time(
    app, client, login, professional, student, case
):
    now, _utc, _new_york, tokyo = CASES[case]
    clock.travel_to(now)
    with app.app_context():
        refresh_next_free_at([professional.id])
    login(client, student)
    page = client.get(f"/professionals/{professional.id}").get_data(as_text=True)
    assert f"{tokyo[0]} ({TOKYO})" in page


REQUEST_FORM = {
    "march": [
        ("Tuesday 9 March", "2027-03-09T14:00:00+00:00", "23:00"),
        ("Tuesday 16 March", "2027-03-16T13:00:00+00:00", "22:00"),
    ],
    "november": [
        ("Tuesday 2 November", "2027-11-02T13:00:00+00:00", "22:00"),
        ("Tuesday 9 November", "2027-11-09T14:00:00+00:00", "23:00"),
    ],
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_tokyo_student_is_offered_tokyo_times_on_the_request_form(
    client, login, professional, student, case
):
    clock.travel_to(CASES[case][0])
    login(client, student)
    response = client.get(f"/professionals/{professional.id}/request")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Times are shown in your time zone, <strong>Asia/Tokyo</strong>" in page
    position = 0
    for day, utc_value, tokyo_time in REQUEST_FORM[case]:
        day_at = page.index(f'<h3 class="slot-day">{day}</h3>', position)
        option = re.search(
            rf'value="{re.escape(utc_value)}"[^>]*> {tokyo_time}( [^<]*)?</label>', page[day_at:]
        )
        assert option is not None, f"{utc_value} is not offered as {tokyo_time} on {day}"
        position = day_at + option.end()
