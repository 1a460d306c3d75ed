"""``flask mentorhub tick``: expiry, completion, email delivery; idempotent and race-safe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import (
    MONDAY,
    NO_NOTICE,
    booking_row,
    event_names,
    make_pending,
    notifications_of,
    request_status,
    snapshot,
    utc,
)

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification

START = utc(2027, 3, 3, 15, 0)


def tick(runner) -> str:
    result = runner.invoke(args=["mentorhub", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def people(app, make_user):
    clock.travel_to(MONDAY)
    return make_user("professional", display_name="Pat Pro"), make_user("student", display_name="Sam Student")


def test_request_unanswered_for_seven_days_expires_and_the_student_is_told(app, runner, people):
    pro, student = people
    request_id = make_pending(app, pro, student, [utc(2027, 3, 20, 15)], expires_at=MONDAY + timedelta(days=7))
    clock.travel_to(MONDAY + timedelta(days=7, seconds=1))
    output = tick(runner)
    assert "1 request expired" in output
    assert request_status(app, request_id) == "expired"
    assert event_names(app, request_id) == ["request_expired"]
    [note] = notifications_of(app, student)
    assert note["kind"] == "request_expired"
    assert "did not answer within 7 days" in note["body"]


def test_request_not_yet_due_stays_pending(app, runner, people):
    pro, student = people
    request_id = make_pending(app, pro, student, [utc(2027, 3, 20, 15)], expires_at=MONDAY + timedelta(days=7))
    clock.travel_to(MONDAY + timedelta(days=6, hours=23))
    tick(runner)
    assert request_status(app, request_id) == "pending"


def test_request_expires_once_every_proposed_time_has_passed(app, runner, people):
    pro, student = people
    times = [utc(2027, 3, 2, 15), utc(2027, 3, 3, 15)]
    request_id = make_pending(app, pro, student, times, expires_at=MONDAY + timedelta(days=7))
    clock.travel_to(utc(2027, 3, 2, 16))
    tick(runner)
    assert request_status(app, request_id) == "pending"  # one time is still ahead
    clock.travel_to(utc(2027, 3, 3, 15, 0, 1))
    tick(runner)
    assert request_status(app, request_id) == "expired"
    assert "every time you proposed has now passed" in notifications_of(app, student)[0]["body"]


def test_request_waiting_for_new_times_from_the_student_is_not_expired_by_old_times(app, runner, people):
    pro, student = people
    request_id = make_pending(
        app,
        pro,
        student,
        [utc(2027, 3, 2, 15)],
        expires_at=MONDAY + timedelta(days=7),
        awaiting_student=True,
    )
    clock.travel_to(utc(2027, 3, 4))
    tick(runner)
    assert request_status(app, request_id) == "pending"


def test_chat_completes_a_day_after_its_end_without_telling_anyone(app, runner, make_booking, people):
    # The student was asked for a thank-you when the chat ended (followup), not a day later.
    pro, student = people
    booking_id = make_booking(pro, student, START)
    clock.travel_to(START + timedelta(minutes=30, hours=23, seconds=59))
    tick(runner)
    assert booking_row(app, booking_id)["status"] == "accepted"
    clock.travel_to(START + timedelta(minutes=30, hours=24))
    assert "1 chat completed" in tick(runner)
    row = booking_row(app, booking_id)
    assert row["status"] == "completed"
    assert event_names(app, row["request_id"]) == ["chat_completed"]
    kinds = [n["kind"] for n in notifications_of(app, student) + notifications_of(app, pro)]
    assert "chat_completed" not in kinds


def test_a_no_show_is_never_completed(app, client, login, runner, make_booking, people):
    pro, student = people
    booking_id = make_booking(pro, student, START)
    clock.travel_to(START + timedelta(minutes=10))
    login(client, pro)
    client.post(f"/bookings/{booking_id}/no-show")
    clock.travel_to(START + timedelta(days=3))
    tick(runner)
    assert booking_row(app, booking_id)["status"] == "no_show"


def test_summary_is_one_line(runner, people):
    output = tick(runner)
    assert output.count("\n") == 1
    assert output.startswith("tick: ")
    assert "0 requests expired" in output and "0 chats reminded" in output


def test_second_tick_in_a_row_changes_nothing(app, runner, smtp, make_user, make_booking, add_window, people):
    """Must show 6: a snapshot of every row tick touches, and the SMTP messages, are equal."""
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pro, student = people
    make_user("professional", profile=NO_NOTICE)
    add_window(pro, 4, "09:00", "12:00")
    make_pending(app, pro, student, [utc(2027, 3, 20, 15)], expires_at=MONDAY + timedelta(days=7))
    make_booking(pro, student, utc(2027, 3, 6, 10))  # completes; its thank-you reminder is due
    make_booking(pro, make_user("student"), utc(2027, 3, 9, 20, 30))  # 24 h reminder due
    make_booking(pro, make_user("student"), utc(2027, 3, 9, 9, 50))  # 1 h reminder due
    make_booking(pro, make_user("student"), utc(2027, 3, 12, 10))  # nothing due yet
    clock.travel_to(utc(2027, 3, 9, 9))
    first = tick(runner)
    assert "1 request expired, 2 chats reminded, 1 chat completed, 1 nudge sent" in first
    sink.wait_for(6)
    before, sent = snapshot(app), len(sink.messages)
    assert sent == 6  # expired 1 + two reminders to two people each + the thank-you reminder
    second = tick(runner)
    assert snapshot(app) == before
    assert len(sink.messages) == sent
    assert ("0 requests expired, 0 chats reminded, 0 chats completed, 0 nudges sent, "
            "0 referral notices, 0 emails sent") in second


def test_tick_retries_emails_that_failed(app, runner, smtp, people):
    from mentorhub.notifications.services import notify

    sink, port = smtp
    pro, student = people
    with app.app_context():
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
        notify(student.id, "test", "Hello", "A note")
        from mentorhub.database import commit

        commit()
        note = db.session.scalars(db.select(Notification)).one()
        assert (note.email_status, note.email_attempts) == ("pending", 1)
    app.config.update(MAIL_PORT=port)
    assert "1 email sent" in tick(runner)
    assert sink.wait_for(1)[0]["Subject"] == "Hello"
    assert notifications_of(app, student)[0]["email_status"] == "sent"


def test_tick_reclaims_emails_stuck_in_sending(app, runner, people):
    pro, student = people
    with app.app_context():
        stuck = Notification(
            user_id=student.id,
            kind="test",
            title="Stuck",
            email_status="sending",
            email_attempts=1,
            email_claimed_at=clock.now() - timedelta(minutes=11),
        )
        fresh = Notification(
            user_id=student.id,
            kind="test",
            title="Being sent",
            email_status="sending",
            email_attempts=1,
            email_claimed_at=clock.now() - timedelta(minutes=1),
        )
        db.session.add_all([stuck, fresh])
        db.session.commit()
    output = tick(runner)
    assert "1 stuck email reclaimed" in output
    assert "1 email sent" in output  # logged, since no MAIL_SERVER is set
    assert [n["email_status"] for n in notifications_of(app, student)] == ["sent", "sending"]


def test_tick_refreshes_next_free_time(app, runner, make_user, add_window, people):
    from mentorhub.profiles.models import ProfessionalProfile

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 2, "15:00", "16:00")
    assert "1 free time updated" in tick(runner)
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pro.id).next_free_at == START


@pytest.mark.postgres_only
def test_concurrent_ticks_do_each_thing_once(app, make_user, make_booking, people):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from sqlalchemy import func, select

    from mentorhub.chats.models import RequestEvent
    from mentorhub.tick import run_tick

    pro, student = people
    make_pending(app, pro, student, [utc(2027, 3, 20, 15)], expires_at=MONDAY + timedelta(days=7))
    make_booking(pro, student, utc(2027, 3, 7, 10))
    for hour in range(12, 18):  # six chats whose 24 h reminder is due
        make_booking(pro, make_user("student"), utc(2027, 3, 9, hour))
    clock.travel_to(utc(2027, 3, 9, 9))
    barrier = Barrier(6)

    def one_tick():
        with app.app_context():
            barrier.wait()
            return run_tick()

    with ThreadPoolExecutor(6) as pool:
        summaries = list(pool.map(lambda _: one_tick(), range(6)))
    assert sum(s.expired for s in summaries) == 1
    assert sum(s.completed for s in summaries) == 1
    reminded = sum(s.reminded for s in summaries)
    assert reminded == 6
    with app.app_context():
        kinds = dict(db.session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all())
        events = dict(db.session.execute(select(RequestEvent.name, func.count()).group_by(RequestEvent.name)).all())
    assert kinds.get("reminder_24h", 0) == 2 * reminded
    assert kinds["request_expired"] == 1 and "chat_completed" not in kinds
    assert (events["request_expired"], events["chat_completed"]) == (1, 1)


def test_long_runs_report_progress(app, runner, make_user, monkeypatch, people):
    import mentorhub.tick

    monkeypatch.setattr(mentorhub.tick, "PROGRESS_EVERY", 2)
    pro, _student = people
    for _ in range(3):
        make_pending(
            app,
            pro,
            make_user("student"),
            [utc(2027, 3, 20, 15)],
            expires_at=MONDAY + timedelta(days=1),
        )
    clock.travel_to(MONDAY + timedelta(days=2))
    result = runner.invoke(args=["mentorhub", "tick"])
    assert "  expiring requests: 2/3" in result.stderr
    assert "  expiring requests: 3/3" in result.stderr
    assert result.stdout.startswith("tick: 0 stuck emails reclaimed, 3 requests expired")


def test_tick_leaves_a_still_valid_free_time_alone_unless_asked_to_refresh_all(
    app, runner, make_user, add_window, people
):
    from mentorhub.profiles.models import ProfessionalProfile

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 2, "15:00", "16:00")
    assert "1 free time updated" in tick(runner)
    later = START + timedelta(days=7)
    with app.app_context():  # pretend the stored value went wrong behind tick's back
        db.session.get(ProfessionalProfile, pro.id).next_free_at = later
        db.session.commit()
    assert "free time updated" not in tick(runner)  # still in the future: not stale
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pro.id).next_free_at == later
    result = runner.invoke(args=["mentorhub", "tick", "--refresh-all"])
    assert result.exit_code == 0, result.output
    assert "1 free time updated" in result.output
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pro.id).next_free_at == START


def test_tick_refreshes_a_free_time_that_time_has_passed(app, runner, make_user, add_window, people):
    from mentorhub.profiles.models import ProfessionalProfile

    pro = make_user("professional", profile=NO_NOTICE)
    add_window(pro, 2, "15:00", "16:00")
    tick(runner)
    clock.travel_to(START + timedelta(minutes=5))  # the first free time has started
    assert "1 free time updated" in tick(runner)
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pro.id).next_free_at == START + timedelta(minutes=30)
