"""A plugin that answers mentorhub_available_slots overrides the core scheduler, and the host rule
still applies to its answer."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.plugins._host import get_host
from mentorhub.plugins._models import PluginState
from mentorhub.scheduling.default import DEFAULT_NAME
from mentorhub.scheduling.models import Booking
from mentorhub.scheduling.services import upcoming_slots

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
NO_NOTICE = {"min_notice_hours": 0, "chat_minutes": 20}

OVERRIDING = """
from datetime import UTC, datetime, timedelta
from mentorhub.plugins import Slot

def mentorhub_available_slots(professional, start, end, duration):
    at = lambda d, h, m=0: datetime(2027, 3, d, h, m, tzinfo=UTC)
    return [
        Slot(at(3, 12), at(3, 12, 20)),             # kept
        Slot(at(3, 10), at(3, 10, 20)),             # kept (answers need not be sorted)
        Slot(at(3, 10), at(3, 10, 20)),             # duplicate: offered once
        Slot(at(3, 11), at(3, 11, 20)),             # overlaps a booking (11:10-11:40)
        Slot(at(3, 13), at(3, 13, 45)),             # wrong length
        Slot(start - timedelta(hours=1), start - timedelta(minutes=40)),  # before the range
        Slot(end, end + duration),                  # after the range
        Slot(datetime(2027, 3, 4, 9), datetime(2027, 3, 4, 9, 20)),      # naive: no zone
    ]
"""
NO_FREE_TIME = "def mentorhub_available_slots(professional):\n    return []\n"
NOT_MINE = "def mentorhub_available_slots(professional):\n    return None\n"
RAISING = (
    "def mentorhub_available_slots(professional):\n"
    "    raise RuntimeError('calendar service down')\n"
)


@pytest.fixture
def plugin_source() -> str:
    return NOT_MINE


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path, plugin_source):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "club_calendar.py").write_text(textwrap.dedent(plugin_source))
    return [folder]


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


def offered(app, professional) -> list[tuple[datetime, datetime]]:
    with app.app_context():
        return [(s.start, s.end) for s in upcoming_slots(db.session.get(User, professional.id))]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize("plugin_source", [OVERRIDING])
def test_host_drops_plugin_slots_out_of_range_wrong_length_or_booked(
    app, make_user, add_window, make_booking
):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:00")  # the scheduler's answer, overridden
    make_booking(pro, make_user("student"), at(3, 11, 10))
    assert offered(app, pro) == [(at(3, 10), at(3, 10, 20)), (at(3, 12), at(3, 12, 20))]


@pytest.mark.parametrize("plugin_source", [NO_FREE_TIME])
def test_plugin_answering_empty_list_means_no_free_time(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:00")
    assert offered(app, pro) == []


@pytest.mark.parametrize("plugin_source", [NOT_MINE])
def test_plugin_answering_none_leaves_it_to_the_scheduler(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:40")
    assert offered(app, pro)[:2] == [(at(1, 9), at(1, 9, 20)), (at(1, 9, 20), at(1, 9, 40))]


@pytest.mark.parametrize("plugin_source", [RAISING])
def test_failing_plugin_leaves_it_to_the_scheduler_and_is_counted(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:20")
    assert offered(app, pro)[0] == (at(1, 9), at(1, 9, 20))
    with app.app_context():
        state = db.session.scalar(select(PluginState).where(PluginState.name == "club_calendar"))
        assert state is not None and state.error_count >= 1
        assert "calendar service down" in state.last_error


@pytest.mark.parametrize("plugin_source", [OVERRIDING])
def test_refresh_next_free_at_goes_through_the_overriding_plugin(app, make_user, add_window):
    from mentorhub.scheduling.services import refresh_next_free_at

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:00")
    with app.app_context():
        assert refresh_next_free_at() == 1
        assert db.session.get(User, pro.id).professional_profile.next_free_at == at(3, 10)


@pytest.mark.parametrize("plugin_source", [NO_FREE_TIME])
def test_disabled_plugin_no_longer_overrides_the_scheduler(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:20")
    with app.app_context():
        db.session.add(PluginState(name="club_calendar", enabled=False))
        db.session.commit()
    assert offered(app, pro)[0] == (at(1, 9), at(1, 9, 20))


def test_end_before_start_offers_nothing(app, make_user, add_window):
    from mentorhub.scheduling.services import offer_slots

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:20")
    with app.app_context():
        assert offer_slots(db.session.get(User, pro.id), MONDAY + timedelta(days=1), MONDAY) == []


# A slot plugin that offers a fixed Wednesday morning and records what it was told.
MOVING_AWARE = """
from datetime import UTC, datetime, timedelta
from mentorhub.plugins import Slot

HEARD = []

def mentorhub_available_slots(professional, start, end, duration, moving_booking):
    HEARD.append(None if moving_booking is None else moving_booking.id)
    at = lambda h, m=0: datetime(2027, 3, 3, h, m, tzinfo=UTC)
    return [Slot(at(10), at(10, 20)), Slot(at(11), at(11, 20))]
"""


def _heard(app) -> list:
    with app.app_context():
        return get_host().plugins["club_calendar"].module.HEARD


@pytest.mark.parametrize("plugin_source", [MOVING_AWARE])
def test_a_slot_plugin_is_told_which_booking_moves_and_its_time_is_offered_back(
    app, client, login, make_user, make_booking
):
    pro = make_user("professional", profile=NO_NOTICE)
    student = make_user("student")
    booking_id = make_booking(pro, student, at(3, 11), minutes=20)
    assert offered(app, pro) == [(at(3, 10), at(3, 10, 20))]  # 11:00 is booked
    assert _heard(app)[-1] is None

    login(client, student)
    page = client.get(f"/bookings/{booking_id}/reschedule")
    assert page.status_code == 200
    assert _heard(app)[-1] == booking_id
    # The chat's own time comes back as free while it moves (the form leaves it out, since
    # moving to the same time is no move); the other time is offered.
    with app.app_context():
        booking = db.session.get(Booking, booking_id)
        moving = upcoming_slots(db.session.get(User, pro.id), moving_booking=booking)
    assert [(s.start, s.end) for s in moving] == [(at(3, 10), at(3, 10, 20)), (at(3, 11), at(3, 11, 20))]
    assert _heard(app)[-1] == booking_id

    told_before = len(_heard(app))
    response = client.post(
        f"/bookings/{booking_id}/reschedule", data={"start_at": at(3, 10).isoformat(), "note": "Earlier?"}
    )
    assert response.status_code == 302
    told_before = len(_heard(app))
    pro_client = app.test_client()
    login(pro_client, pro)
    assert pro_client.post(f"/bookings/{booking_id}/move/confirm").status_code == 302
    assert booking_id in _heard(app)[told_before:]  # checked again when confirmed
    assert booking_id in _heard(app)[told_before:]  # the check of the chosen time heard it too
    with app.app_context():
        assert db.session.get(Booking, booking_id).start_at == at(3, 10)


def test_the_core_scheduler_is_not_a_switchable_plugin(app, runner):
    with app.app_context():
        host = get_host()
        assert DEFAULT_NAME in host.defaults
        assert "scheduler" not in host.plugins and DEFAULT_NAME not in host.plugins
        assert all(row["name"] != DEFAULT_NAME for row in host.describe())
    assert runner.invoke(args=["plugins", "disable", DEFAULT_NAME]).exit_code != 0


def test_the_core_scheduler_answers_when_no_plugin_does(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:40")
    assert offered(app, pro)[:2] == [(at(1, 9), at(1, 9, 20)), (at(1, 9, 20), at(1, 9, 40))]
