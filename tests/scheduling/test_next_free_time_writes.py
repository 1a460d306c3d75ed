"""Every write that can change a professional's next free time keeps it fresh by itself.

Writes send ``schedule_changed``; scheduling's one receiver recomputes the professional's
``next_free_at`` just before the commit. Each row of the table below is one write made through
its real service; the stored value is first set to a sentinel nobody could compute, so the
test sees whether the write recomputed it (and to what), or left it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from bookings_support import MONDAY, make_pending, utc
from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.accounts import services as accounts
from mentorhub.accounts.models import User
from mentorhub.bookings import periodic
from mentorhub.bookings import services as bookings
from mentorhub.chats import answers
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.profiles import services as profiles
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling import availability
from mentorhub.scheduling.models import AvailabilityWindow, Blackout, Booking
from mentorhub.scheduling.services import first_free_at
from mentorhub.scheduling.window_times import WindowTimes
from mentorhub.signals import schedule_changed, send

SENTINEL = utc(2031, 1, 1, 12)
NO_NOTICE = {"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 20}
FIRST = utc(2027, 3, 1, 9)  # Monday 09:00, the first window's first slot
PROFILE_FORM = {
    "headline": "Tour Manager",
    "company": "Road Crew Ltd",
    "industry": "tour-management",
    "bio": "I keep tours on the road.",
    "topics": "touring",
    "formats": ["video"],
    "city": "",
    "chat_minutes": "30",
    "monthly_capacity": "20",
    "accepting_requests": "y",
    "will_not_do": "",
}


@dataclass
class World:
    """One professional with a Monday window, a student, a pending request and a booking."""

    pro_id: int
    student_id: int
    pending_id: int
    booking_id: int
    window_id: int
    blackout_id: int

    def pro(self) -> User:
        return db.session.get(User, self.pro_id)

    def student(self) -> User:
        return db.session.get(User, self.student_id)


@pytest.fixture
def world(app, make_user, add_window, make_booking) -> World:
    clock.travel_to(MONDAY)
    pro = make_user("professional", profile=NO_NOTICE)
    student = make_user("student")
    window_id = add_window(pro, 0, "09:00", "11:00")
    add_window(pro, 2, "09:00", "11:00")
    pending_id = make_pending(app, pro, student, [utc(2027, 3, 3, 9)], expires_at=MONDAY + timedelta(days=7))
    booking_id = make_booking(pro, make_user("student"), utc(2027, 3, 1, 10))
    with app.app_context():
        blackout = Blackout(professional_id=pro.id, day=date(2027, 3, 10), note="")
        db.session.add(blackout)
        db.session.commit()
        blackout_id = blackout.id
    return World(pro.id, student.id, pending_id, booking_id, window_id, blackout_id)


def stored(world: World):
    return db.session.get(ProfessionalProfile, world.pro_id, populate_existing=True).next_free_at


def set_sentinel(world: World) -> None:
    db.session.execute(
        update(ProfessionalProfile).where(ProfessionalProfile.user_id == world.pro_id).values(next_free_at=SENTINEL)
    )
    db.session.commit()


def truth(world: World):
    """The professional's first free slot as computed from scratch now."""
    return first_free_at(db.session.get(User, world.pro_id, populate_existing=True))


def _booking_owner(world: World) -> User:
    return db.session.get(User, world.pro_id)


def _one_off_id(world: World) -> int:
    return db.session.scalar(
        select(AvailabilityWindow.id).where(
            AvailabilityWindow.professional_id == world.pro_id, AvailabilityWindow.on_date.is_not(None)
        )
    )


WRITES: dict[str, Callable[[World], object]] = {
    "add a weekly window": lambda w: availability.add_window(w.pro(), 1, time(8), time(9)),
    "delete a weekly window": lambda w: availability.delete_window(w.pro(), w.window_id),
    "edit a weekly window": lambda w: availability.update_window(
        w.pro(), w.window_id, WindowTimes(1, None, time(8), time(9))
    ),
    "undo deleting a window": lambda w: availability.restore_window(w.pro(), WindowTimes(4, None, time(8), time(9))),
    "add one-off hours": lambda w: availability.add_one_off(w.pro(), date(2027, 3, 2), time(8), time(9)),
    "edit one-off hours": lambda w: availability.update_window(
        w.pro(), _one_off_id(w), WindowTimes(None, date(2027, 3, 1), time(7), time(8))
    ),
    "delete one-off hours": lambda w: availability.delete_window(w.pro(), _one_off_id(w)),
    "black out a day": lambda w: availability.add_blackout(w.pro(), date(2027, 3, 1)),
    "remove a blackout": lambda w: availability.delete_blackout(w.pro(), w.blackout_id),
    "change the buffers": lambda w: availability.update_settings(w.pro(), buffer_before_minutes=30),
    "change the minimum notice": lambda w: availability.update_settings(w.pro(), min_notice_hours=48),
    "change the booking horizon": lambda w: availability.update_settings(w.pro(), horizon_days=1),
    "change the time zone": lambda w: accounts.update_settings(
        w.pro(), display_name="Pat Pro", timezone="Asia/Tokyo"
    ),
    "pause requests": lambda w: profiles.update_professional_profile(
        w.pro(), {**PROFILE_FORM, "accepting_requests": ""}
    ),
    "lower the monthly capacity": lambda w: profiles.update_professional_profile(
        w.pro(), {**PROFILE_FORM, "monthly_capacity": "1"}
    ),
    "accept a request": lambda w: answers.accept_request(
        w.pro(), w.pending_id, utc(2027, 3, 3, 9), "https://meet.example.com/pat"
    ),
    "reschedule a chat": lambda w: bookings.confirm_move(
        db.session.get(Booking, w.booking_id).student, w.booking_id
    ),
    "cancel a chat": lambda w: bookings.cancel_booking(w.pro(), w.booking_id, "I am ill, sorry."),
}
# What a write needs done first (a move is proposed before it is confirmed).
PREPARE: dict[str, Callable[[World], object]] = {
    "edit one-off hours": lambda w: availability.add_one_off(w.pro(), date(2027, 3, 2), time(8), time(9)),
    "delete one-off hours": lambda w: availability.add_one_off(w.pro(), date(2027, 3, 2), time(8), time(9)),
    "reschedule a chat": lambda w: bookings.propose_move(
        w.pro(), w.booking_id, utc(2027, 3, 1, 9), "A clash at work, sorry."
    ),
}
# The write, and the moment it happens (no-show needs the chat to have started).
LATER_WRITES: dict[str, tuple[Callable[[World], object], object]] = {
    "mark a no-show": (lambda w: bookings.mark_no_show(w.pro(), w.booking_id), utc(2027, 3, 1, 10, 5)),
}
UNCHANGING_WRITES: dict[str, tuple[Callable[[World], object], object]] = {
    "complete a chat (tick)": (lambda w: periodic.complete_due_chats(), utc(2027, 3, 2, 11)),
    "decline a request": (lambda w: answers.decline_request(w.pro(), w.pending_id, "Busy month."), MONDAY),
}


@contextmanager
def statements() -> Iterator[list[str]]:
    """What reaches the database meanwhile: ``"recompute"`` for the UPDATE of a next free
    time, ``"commit"`` for each COMMIT."""
    seen: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE PROFESSIONAL_PROFILES") and "next_free_at" in statement:
            seen.append("recompute")

    def on_commit(conn):
        seen.append("commit")

    engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_the_write_recomputes_the_next_free_time_in_its_own_commit(app, world, write):
    with app.app_context():
        PREPARE.get(write, lambda w: None)(world)
        set_sentinel(world)
        with statements() as seen:
            WRITES[write](world)
        db.session.rollback()  # nothing left uncommitted: the value below is what was committed
        assert stored(world) != SENTINEL
        assert stored(world) == truth(world)
        # The same transaction as the write: the recompute comes before its first commit.
        assert "recompute" in seen and seen.index("recompute") < seen.index("commit")


@pytest.mark.parametrize("write", list(LATER_WRITES), ids=list(LATER_WRITES))
def test_a_no_show_recomputes_the_next_free_time(app, world, write):
    action, moment = LATER_WRITES[write]
    clock.travel_to(moment)
    with app.app_context():
        set_sentinel(world)
        action(world)
        db.session.rollback()
        assert stored(world) != SENTINEL
        assert stored(world) == truth(world)


@pytest.mark.parametrize("write", list(UNCHANGING_WRITES), ids=list(UNCHANGING_WRITES))
def test_writes_that_free_no_time_leave_the_next_free_time_alone(app, world, write):
    action, moment = UNCHANGING_WRITES[write]
    clock.travel_to(moment)
    with app.app_context():
        set_sentinel(world)
        action(world)
        db.session.rollback()
        assert stored(world) == SENTINEL


def test_a_rolled_back_write_changes_nothing(app, world):
    with app.app_context():
        set_sentinel(world)
        db.session.add(AvailabilityWindow(professional_id=world.pro_id, weekday=4, start_time=time(8),
                                          end_time=time(9)))
        send(schedule_changed, professional_id=world.pro_id)
        db.session.rollback()
        commit()  # a later, unrelated commit recomputes nothing: the queue went with the rollback
        assert stored(world) == SENTINEL
        assert db.session.query(AvailabilityWindow).filter_by(weekday=4).count() == 0


def test_a_rollback_outside_any_transaction_also_forgets_the_queue(app, world):
    with app.app_context():
        set_sentinel(world)
        db.session.close()
        send(schedule_changed, professional_id=world.pro_id)  # nothing else in this transaction
        db.session.rollback()
        commit()
        assert stored(world) == SENTINEL


def test_a_savepoint_that_fails_does_not_lose_the_recompute(app, world):
    # A savepoint's commit (a plugin's store write, say) is not the transaction's commit: the
    # recompute waits for the real one, so a savepoint rolled back cannot take it along.
    with app.app_context():
        set_sentinel(world)
        db.session.add(AvailabilityWindow(professional_id=world.pro_id, weekday=1, start_time=time(8),
                                          end_time=time(9)))
        send(schedule_changed, professional_id=world.pro_id)
        with pytest.raises(IntegrityError):
            with db.session.begin_nested():
                db.session.add(Blackout(professional_id=world.pro_id, day=date(2027, 3, 10), note=""))
        commit()
        assert stored(world) == truth(world) == FIRST


def test_one_commit_recomputes_each_changed_professional_once(app, world, make_user, add_window):
    other = make_user("professional", profile=NO_NOTICE)
    add_window(other, 1, "09:00", "10:00")
    with app.app_context():
        set_sentinel(world)
        for _ in range(3):
            send(schedule_changed, professional_id=world.pro_id)
        send(schedule_changed, professional_id=other.id)
        commit()
        assert stored(world) == FIRST
        assert db.session.get(ProfessionalProfile, other.id).next_free_at == utc(2027, 3, 2, 9)
