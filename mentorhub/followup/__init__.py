"""Followup: before and after the chat. The student prepares (questions from every
question plugin, their order, a "what I want to learn" note), thanks the professional once
the chat ends, and keeps in touch with updates, nudged 1, 3 and 6 months later."""

from __future__ import annotations

from flask import Flask

from mentorhub import registries
from mentorhub.accounts.models import STUDENT
from mentorhub.bookings.reminders import ReminderLead, lead_day_before_reminders_to
from mentorhub.followup import views
from mentorhub.followup.nudges import KEEP_IN_TOUCH_KIND, THANK_YOU_REMINDER_KIND, nudge_step
from mentorhub.followup.preparation import STUDENT_REMINDER_LINE, prepare_path, professional_reminder_lines
from mentorhub.followup.sections import (
    render_professional_dashboard,
    render_request_section,
    render_student_dashboard,
)
from mentorhub.notifications.preferences import EmailChoice, email_choice
from mentorhub.registries import Section, TickStep


def init_app(app: Flask) -> None:
    """The preparation, thank-you and update pages; the nudges in ``tick`` (two email
    choices students can turn off); the dashboard and request-page sections; and the day-before
    reminders: the student's leads to their preparation, the professional's lists it."""
    app.register_blueprint(views.bp)
    lead_day_before_reminders_to(app, ReminderLead(prepare_path, STUDENT_REMINDER_LINE, professional_reminder_lines))
    email_choice(app, EmailChoice(
        "thank_you_reminders", "Thank-you reminders",
        "One reminder two days after a chat if you haven't sent your thank-you yet.",
        kinds=(THANK_YOU_REMINDER_KIND,), roles=(STUDENT,), order=20,
    ))
    email_choice(app, EmailChoice(
        "keep_in_touch", "Keep-in-touch nudges",
        "A nudge 1, 3 and 6 months after a chat to tell the professional what happened since.",
        kinds=(KEEP_IN_TOUCH_KIND,), roles=(STUDENT,), order=30,
    ))
    registries.tick_step(app, TickStep("nudged", "sending thank-you and keep-in-touch nudges", nudge_step,
                                       "nudge sent", "nudges sent", order=50))
    registries.section(app, Section("student_dashboard", "followup", render_student_dashboard, order=10))
    registries.section(app, Section("professional_dashboard", "followup", render_professional_dashboard, order=30))
    registries.section(app, Section("request_detail", "followup", render_request_section, order=20))
