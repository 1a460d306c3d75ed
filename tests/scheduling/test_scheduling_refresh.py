"""refresh_next_free_at: the stored "next free time" that discovery filters and sorts by."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.services import refresh_next_free_at

MONDAY = datetime(2027, 3, 1, tzinfo=UTC)
NO_NOTICE = {"min_notice_hours": 0, "chat_minutes": 30}


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


def next_free(app, professional) -> datetime | None:
    with app.app_context():
        return db.session.get(ProfessionalProfile, professional.id).next_free_at


def test_refresh_stores_each_professionals_first_free_slot(app, make_user, add_window):
    early = make_user("professional", profile=NO_NOTICE)
    late = make_user("professional", timezone="Asia/Tokyo", profile=NO_NOTICE)
    add_window(early, 0, "09:00", "10:00")
    add_window(late, 2, "18:00", "19:00")  # Wednesday 18:00 JST = 09:00 UTC
    with app.app_context():
        assert refresh_next_free_at() == 2
    assert next_free(app, early) == datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert next_free(app, late) == datetime(2027, 3, 3, 9, tzinfo=UTC)


def test_refresh_twice_changes_nothing_the_second_time(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:00")
    with app.app_context():
        assert refresh_next_free_at() == 1
        assert refresh_next_free_at() == 0


def test_refresh_moves_on_as_time_passes_and_clears_without_free_time(app, make_user, add_window):
    pro = make_user("professional", profile={**NO_NOTICE, "horizon_days": 3})
    add_window(pro, 0, "09:00", "09:30")
    with app.app_context():
        refresh_next_free_at()
    assert next_free(app, pro) == datetime(2027, 3, 1, 9, tzinfo=UTC)
    clock.travel_to(datetime(2027, 3, 1, 10, tzinfo=UTC))
    with app.app_context():
        assert refresh_next_free_at([pro.id]) == 1
    assert next_free(app, pro) is None


def test_refresh_of_some_professionals_leaves_the_others_alone(app, make_user, add_window):
    chosen = make_user("professional", profile=NO_NOTICE)
    other = make_user("professional", profile=NO_NOTICE)
    add_window(chosen, 0, "09:00", "10:00")
    add_window(other, 0, "09:00", "10:00")
    with app.app_context():
        assert refresh_next_free_at([chosen.id]) == 1
        assert refresh_next_free_at([]) == 0
    assert next_free(app, chosen) is not None
    assert next_free(app, other) is None


def test_refresh_does_not_touch_the_profiles_updated_at(app, make_user, add_window):
    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "10:00")
    with app.app_context():
        before = db.session.get(ProfessionalProfile, pro.id).updated_at
        db.session.rollback()
        refresh_next_free_at()
        assert db.session.get(ProfessionalProfile, pro.id).updated_at == before


def _queries_for_refresh(app, queries) -> int:
    with app.app_context(), queries() as statements:
        refresh_next_free_at()
    return len(statements)


def test_refresh_makes_the_same_number_of_queries_for_many_professionals(
    app, make_user, add_window, make_booking, queries
):
    student = make_user("student")
    made: list[int] = []

    def add_professionals(n: int) -> None:
        for _ in range(n):
            pro = make_user("professional", profile=NO_NOTICE, topics=["touring"])
            add_window(pro, len(made) % 7, "09:00", "11:00")
            make_booking(pro, student, datetime(2027, 3, 10, 9, len(made), tzinfo=UTC), minutes=1)
            made.append(pro.id)

    add_professionals(3)
    few = _queries_for_refresh(app, queries)
    add_professionals(27)
    many = _queries_for_refresh(app, queries)
    assert many == few <= 15


def test_refresh_finds_a_free_time_weeks_away(app, make_user, add_window):
    from mentorhub.scheduling.models import Blackout

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 0, "09:00", "09:30")
    with app.app_context():
        db.session.add_all(
            [Blackout(professional_id=pro.id, day=datetime(2027, 3, d).date()) for d in (1, 8)]
        )
        db.session.commit()
        refresh_next_free_at()
    assert next_free(app, pro) == datetime(2027, 3, 15, 9, tzinfo=UTC)
