"""Helpers shared by the chat request, response, message and race tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest, Message, ProposedTime, RequestEvent
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.scheduling.models import AvailabilityWindow, Booking

# Monday 1 March 2027, 08:00 UTC: "now" in these tests. The professionals are free on
# Tuesdays 09:00-12:00 in their zone (UTC unless a test says otherwise), so the first free
# slots are Tuesday 2 March 09:00, 09:30, ... UTC.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TUESDAY_9 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
PROFILE = {"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10, "offers_video": True}
INTRO = (
    "Hi! I'm Sam, a second-year music business student at City College. I'd love to learn "
    "what a typical day on tour looks like for you, because I want to understand the job "
    "before I choose my modules."
)


def at(hours: float = 0, base: datetime = TUESDAY_9) -> datetime:
    """``base`` plus ``hours`` (aware UTC)."""
    return base + timedelta(hours=hours)


def iso(moment: datetime) -> str:
    """A time as the request forms submit it (UTC ISO)."""
    return moment.astimezone(UTC).isoformat()


def add_windows(
    app, professional, weekday: int = 1, start: str = "09:00", end: str = "12:00"
) -> None:
    """A weekly window for ``professional`` (0 = Monday, wall-clock in their zone)."""
    with app.app_context():
        db.session.add(
            AvailabilityWindow(
                professional_id=professional.id,
                weekday=weekday,
                start_time=time.fromisoformat(start),
                end_time=time.fromisoformat(end),
            )
        )
        db.session.commit()


def make_professional(
    app,
    make_user,
    *,
    timezone: str = "UTC",
    windows: bool = True,
    display_name: str | None = None,
    **profile: Any,
):
    """A professional free on Tuesdays 09:00-12:00 (their zone), no notice, 30-minute chats."""
    pro = make_user(
        "professional",
        timezone=timezone,
        display_name=display_name,
        profile={**PROFILE, **profile},
        topics=["touring"],
    )
    if windows:
        add_windows(app, pro)
    return pro


def start_clock() -> None:
    """Freeze "now" at :data:`NOW` (the clock keeps ticking from there)."""
    clock.travel_to(NOW)


def request_form(
    times: list[datetime],
    *,
    intro: str = INTRO,
    fmt: str = "video",
    action: str = "send",
    send_anyway: bool = False,
) -> dict[str, Any]:
    """The request form as a browser posts it."""
    data: dict[str, Any] = {
        "format": fmt,
        "introduction": intro,
        "times": [iso(t) for t in times],
        "action": action,
    }
    if send_anyway:
        data["send_anyway"] = "y"
    return data


def send_request(client, professional, times: list[datetime], **kwargs: Any):
    """Post the request form of ``professional``'s page (final submit by default)."""
    return client.post(
        f"/professionals/{professional.id}/request", data=request_form(times, **kwargs)
    )


def last_request_id(app) -> int:
    """The id of the newest chat request."""
    with app.app_context():
        return db.session.scalar(select(func.max(ChatRequest.id)))


def counts(app) -> dict[str, int]:
    """Row counts of everything a chat action may change, to assert "nothing changed"."""
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (ChatRequest, ProposedTime, Booking, RequestEvent, Message, Notification)
        }


def request_row(app, request_id: int) -> dict[str, Any]:
    """A request's state as plain values."""
    with app.app_context():
        r = db.session.get(ChatRequest, request_id)
        return {
            "status": r.status,
            "awaiting_student": r.awaiting_student,
            "decline_note": r.decline_note,
            "expires_at": r.expires_at,
            "created_at": r.created_at,
            "format": r.format,
            "proposed": [p.start_at for p in r.proposed_times],
            "events": [(e.name, e.from_status, e.to_status) for e in r.events],
            "booking": None
            if r.booking is None
            else {
                "start_at": r.booking.start_at,
                "end_at": r.booking.end_at,
                "location": r.booking.location,
                "uid": r.booking.uid,
                "active": r.booking.active,
            },
        }


def client_for(app, login, user):
    """A fresh browser-like client logged in as ``user``."""
    client = app.test_client()
    login(client, user)
    return client


def accept_form(start: datetime, location: str = "https://meet.example.com/sam") -> dict[str, str]:
    """The accept form as the professional posts it."""
    return {"start_at": iso(start), "location": location}


def race(posts: list[tuple[Any, str, dict[str, str]]]) -> list[tuple[int, str]]:
    """Send every ``(client, url, data)`` POST at the same instant, one thread each."""
    barrier = threading.Barrier(len(posts))
    results: list[tuple[int, str] | None] = [None] * len(posts)

    def run(i: int, client, url: str, data: dict[str, str]) -> None:
        barrier.wait()
        response = client.post(url, data=data)
        results[i] = (response.status_code, response.get_data(as_text=True))

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in results), "a racing request did not finish"
    return results  # type: ignore[return-value]
