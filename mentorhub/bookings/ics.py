"""Calendar files (RFC 5545) for bookings, built with the ``icalendar`` library.

One booking is one VEVENT whose UID never changes; its SEQUENCE rises on every reschedule
and cancel, so calendar apps replace the old copy instead of adding a second one. The emails
about a booking carry its current file (:func:`booking_attachments`, an attachment maker
registered with notifications); the feed (calendars) is built from the same events.
"""

from __future__ import annotations

from collections.abc import Iterator

from icalendar import Calendar, Event, vCalAddress, vText

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.access import load_booking
from mentorhub.chats.models import CANCELLED, ChatRequest
from mentorhub.chats.writing import request_link
from mentorhub.errors import NotFound
from mentorhub.mail import Attachment
from mentorhub.notifications.models import Notification
from mentorhub.profiles.constants import FORMAT_LABELS
from mentorhub.scheduling.models import Booking
from mentorhub.web import site_url

PRODID = "-//MentorHub//Informational interviews//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def _address(user: User, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = vText(user.display_name)
    for key, value in params.items():
        address.params[key] = value
    return address


def is_cancelled(booking: Booking) -> bool:
    """True when the chat was called off (the calendar event should disappear)."""
    return not booking.active and booking.request.status == CANCELLED


def booking_event(booking: Booking) -> Event:
    """The VEVENT of ``booking`` (its request, student and professional loaded)."""
    chat_request: ChatRequest = booking.request
    student, professional = booking.student, booking.professional
    cancelled = is_cancelled(booking)
    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", clock.now())
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("created", booking.created_at)
    event.add("last-modified", booking.updated_at)
    prefix = "Cancelled: " if cancelled else ""
    event.add(
        "summary",
        f"{prefix}Informational interview: {student.display_name} with {professional.display_name}",
    )
    event.add("location", booking.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("organizer", _address(professional))
    event.add("attendee", _address(student, ROLE="REQ-PARTICIPANT", PARTSTAT="ACCEPTED"))
    lines = [
        f"An informational interview arranged on MentorHub: {student.display_name} asks "
        f"{professional.display_name} what their work is really like.",
        f"Format: {FORMAT_LABELS.get(chat_request.format, chat_request.format)}",
        f"Where: {booking.location}",
    ]
    if cancelled and booking.cancel_reason:
        lines.append(f"Cancelled: {booking.cancel_reason}")
    lines += [
        "",
        f"{student.display_name}'s introduction:",
        chat_request.introduction,
        "",
        f"Request page: {site_url(request_link(chat_request.id))}",
    ]
    event.add("description", "\n".join(lines))
    event.add("url", site_url(request_link(chat_request.id)))
    return event


def new_calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def booking_ics(booking: Booking, method: str | None = None) -> bytes:
    """The ``.ics`` file of one booking: METHOD REQUEST (STATUS CONFIRMED) while it goes
    ahead, METHOD CANCEL (STATUS CANCELLED) once cancelled; ``method`` overrides the method."""
    calendar = new_calendar(method or (CANCEL if is_cancelled(booking) else REQUEST))
    calendar.add_component(booking_event(booking))
    return calendar.to_ical()


def booking_filename(booking: Booking) -> str:
    """The download name of a booking's calendar file."""
    return f"mentorhub-chat-{booking.id}.ics"


def booking_ics_attachment(booking_id: int) -> Attachment:
    """The booking's current ``.ics`` as an email attachment (text/calendar)."""
    booking = load_booking(booking_id)
    if booking is None:
        raise NotFound("That chat no longer exists.")
    return Attachment(booking_filename(booking), booking_ics(booking), "text/calendar")


def booking_attachments(note: Notification) -> Iterator[Attachment]:
    """Attachment maker: an email about a booking carries the booking's current ``.ics``."""
    if note.booking_id is not None:
        yield booking_ics_attachment(note.booking_id)
