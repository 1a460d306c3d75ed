"""Bookings: what happens to a booked chat (cancel, reschedule, no-show, reminders,
completion) and the calendar file its emails carry."""

from __future__ import annotations

from flask import Flask

from mentorhub import registries
from mentorhub.bookings import services, views
from mentorhub.bookings.card import render_booking_section
from mentorhub.bookings.ics import booking_attachments
from mentorhub.bookings.own_data import chats_part, erase_bookings
from mentorhub.bookings.periodic import complete_step, remind_step
from mentorhub.bookings.reminders import REMINDERS
from mentorhub.notifications.preferences import EmailChoice, email_choice
from mentorhub.notifications.services import attach_with
from mentorhub.registries import Section, TickStep
from mentorhub.signals import user_blocked, user_deleted, user_suspended


def init_app(app: Flask) -> None:
    """The booking pages, the ``.ics`` on booking emails, reminders (an email choice people
    can turn off), completion in ``tick``, upcoming chats cancelled by a block, and chats'
    part of people's own data (download and deletion)."""
    app.register_blueprint(views.bp)
    user_blocked.connect(services.cancel_upcoming_on_block)
    user_suspended.connect(services.cancel_upcoming_on_suspension)
    user_deleted.connect(erase_bookings)
    registries.personal_data(app, "chats", chats_part)
    attach_with(app, booking_attachments)
    email_choice(app, EmailChoice(
        "chat_reminders", "Chat reminders", "A reminder a day before each chat, and another an hour before.",
        kinds=tuple(r.kind for r in REMINDERS), order=10,
    ))
    registries.section(app, Section("request_detail", "booking", render_booking_section, order=10))
    registries.request_mark(app, services.move_marks)
    registries.tick_step(app, TickStep("reminded", "sending reminders", remind_step,
                                       "chat reminded", "chats reminded", order=30))
    registries.tick_step(app, TickStep("completed", "completing chats", complete_step,
                                       "chat completed", "chats completed", order=40))
