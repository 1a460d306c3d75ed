"""Helpers for the tests that walk every route of the app (the failing-plugin walk, the CSRF
walk): one of everything a page may need, a value for every route argument, and a snapshot
of every table to show that nothing changed."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from flask import Flask, url_for
from sqlalchemy import select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest, Message
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.followup.models import FollowupNote, Nudge, Referral, ReferralAsk
from mentorhub.notifications.models import Notification
from mentorhub.safety.models import Report
from mentorhub.scheduling.models import AvailabilityWindow, Blackout, Booking

# Columns every request may touch without changing anything a person did.
VOLATILE = {("users", "last_seen_at")}

# Plausible values for the fields of every form, so that only the missing token stops a post.
FIELDS = {
    "body": "Thank you so much for your time, it helped a lot.",
    "reason": "Something came up, sorry.",
    "introduction": "Hi! I'm a music business student and I'd love to learn what your work is like day to day.",
    "format": "video",
    "action": "send",
    "learn_note": "How people get started.",
    "own": "How did you start?",
    "location": "https://meet.example.com/x",
    "decline_note": "Sorry, I'm away.",
    "ask_note": "Could you suggest other times?",
    "display_name": "Someone Else",
    "timezone": "Europe/Paris",
    "email": "new.person@example.com",
    "password": "violet harbour lantern",
    "confirm": "violet harbour lantern",
    "new_password": "violet harbour lantern",
    "current_password": "correct horse battery",
    "role": "student",
    "headline": "Tour manager",
    "chat_reminders": "",
    "remember": "y",
    "undo": "",
}


def make_walk_data(app: Flask, make_user) -> dict[str, Any]:
    """One of everything a page may need: a student in a club, a professional, an admin, a
    pending request, an accepted one (booked in two days) and a completed one (its chat a
    month ago, thanked, with a keep-in-touch nudge, its student's "who else?" ask answered by
    an introduction to the professional, waiting for their consent), a message, a
    notification and the student's open report about the professional."""
    student = make_user("student", topics=["touring"])
    pro = make_user("professional", topics=["touring"])
    referrer = make_user("professional", topics=["touring"])
    admin = make_user("student", is_admin=True)
    now = clock.now()
    with app.app_context():
        club = Club(name="Music Business Society", slug="music-biz", description="")
        db.session.add(club)
        db.session.flush()
        db.session.add(ClubMembership(club_id=club.id, user_id=student.id))

        def chat_request(status: str) -> ChatRequest:
            made = ChatRequest(student_id=student.id, professional_id=pro.id, format="video", status=status,
                               introduction="Hello, I'd love to learn about your work.",
                               expires_at=now + timedelta(days=7))
            db.session.add(made)
            db.session.flush()
            return made

        pending, accepted, completed = chat_request("pending"), chat_request("accepted"), chat_request("completed")
        booking = Booking(request_id=accepted.id, professional_id=pro.id, student_id=student.id,
                          start_at=now + timedelta(days=2), end_at=now + timedelta(days=2, minutes=20),
                          location="https://meet.example.com/abc", uid=f"booking-{accepted.id}@mentorhub")
        past = Booking(request_id=completed.id, professional_id=pro.id, student_id=student.id,
                       start_at=now - timedelta(days=31), end_at=now - timedelta(days=31) + timedelta(minutes=20),
                       location="https://meet.example.com/old", uid=f"booking-{completed.id}@mentorhub")
        db.session.add_all([booking, past])
        db.session.add(Message(request_id=pending.id, sender_id=student.id, body="Thanks!"))
        db.session.add(FollowupNote(request_id=completed.id, student_id=student.id, professional_id=pro.id,
                                    kind="thank_you", body="Thank you!"))
        nudge = Nudge(request_id=completed.id, student_id=student.id, professional_id=pro.id, stage="month_1")
        note = Notification(user_id=student.id, kind="request_accepted", title="Accepted", link="/requests")
        window = AvailabilityWindow(professional_id=pro.id, weekday=1, start_time=time(9), end_time=time(10))
        blackout = Blackout(professional_id=pro.id, day=(now + timedelta(days=20)).date(), note="Away")
        db.session.add_all([nudge, note, window, blackout])
        db.session.add(ReferralAsk(request_id=completed.id, student_id=student.id, professional_id=pro.id,
                                   answered_at=now))
        referral = Referral(ask_request_id=completed.id, student_id=student.id, referrer_id=referrer.id,
                            referred_id=pro.id, status="asked", note="Talk to them!")
        db.session.add(referral)
        report = Report(reporter_id=student.id, reported_id=pro.id, request_id=pending.id, reason="other",
                        details="Walked by the tests.", status="open")
        db.session.add(report)
        db.session.commit()
        ids = {"report": report.id, "club": club.id, "slug": club.slug, "request": pending.id, "accepted": accepted.id,
               "completed": completed.id, "booking": booking.id, "note": note.id, "nudge": nudge.id,
               "window": window.id, "blackout": blackout.id, "referral": referral.id}
    return {"student": student, "professional": pro, "admin": admin, **ids}


def argument_values(data: dict[str, Any]) -> dict[str, Any]:
    """A value for every route argument name we know how to fill."""
    return {
        "user_id": data["professional"].id,
        "professional_id": data["professional"].id,
        "student_id": data["student"].id,
        "request_id": data["request"],
        "chat_request_id": data["request"],
        "booking_id": data["booking"],
        "note_id": data["note"],
        "notification_id": data["note"],
        "nudge_id": data["nudge"],
        "referral_id": data["referral"],
        "report_id": data["report"],
        "window_id": data["window"],
        "blackout_id": data["blackout"],
        "club_id": data["club"],
        "slug": data["slug"],
        "club_slug": data["slug"],
        "invite_id": 1,
        "state": "on",
        "token": data["student"].calendar_token,  # a real feed; an invalid confirm/reset/unsubscribe link
        "plugin_name": "everything_fails",
        "name": "everything_fails",
    }


def route_urls(app: Flask, data: dict[str, Any], method: str, skipped: dict[str, str],
               overrides: dict[str, Any] | None = None) -> list[str]:
    """Every route of the app answering ``method``, its arguments filled from ``data`` (and
    ``overrides``); a route whose arguments are unknown fails the test, saying what to add."""
    values = {**argument_values(data), **(overrides or {})}
    urls, unknown = [], []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if method not in (rule.methods or ()) or rule.endpoint in skipped:
                continue
            missing = [a for a in rule.arguments if a not in values]
            if missing:
                unknown.append(f"{rule.rule} ({rule.endpoint}) needs {', '.join(missing)}")
                continue
            urls.append(url_for(rule.endpoint, **{a: values[a] for a in rule.arguments}, _external=False))
    assert not unknown, (
        "Some routes need data this test cannot invent. Add a value to walk_support.argument_values() "
        "or the endpoint to the test's SKIPPED with a reason:\n" + "\n".join(unknown)
    )
    return sorted(set(urls))


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table, as text (volatile columns left out), to compare two moments."""
    with app.app_context():
        found = {}
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
            rows = db.session.execute(select(*columns)).all()
            found[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
        return found
