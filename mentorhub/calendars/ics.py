"""The private calendar feed (RFC 5545, METHOD PUBLISH) of each user's chats, built from
the same events as a booking's own file (:mod:`mentorhub.bookings.ics`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from mentorhub.accounts.models import User
from mentorhub.bookings.ics import PUBLISH, booking_event, new_calendar
from mentorhub.scheduling.models import Booking


def feed_ics(bookings: Iterable[Booking], owner: User) -> bytes:
    """A subscribable calendar (METHOD PUBLISH) of ``owner``'s chats."""
    calendar = new_calendar(PUBLISH, name="MentorHub chats")
    calendar.add("x-wr-caldesc", f"Informational interviews of {owner.display_name} on MentorHub")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for booking in bookings:
        calendar.add_component(booking_event(booking))
    return calendar.to_ical()
