"""Followup: before and after the chat. The student prepares (questions from every
question plugin, their order, a "what I want to learn" note), thanks the professional once
the chat ends, keeps in touch with updates, nudged 1, 3 and 6 months later, and asks "who
else should I talk to?" (referrals, with the referred person's consent); the network and
impact pages draw what grew from it."""

from __future__ import annotations

from flask import Flask

from mentorhub import registries
from mentorhub.accounts.models import PROFESSIONAL, STUDENT
from mentorhub.bookings.reminders import ReminderLead, lead_day_before_reminders_to
from mentorhub.followup import lookups, network_views, referral_views, referrals, views
from mentorhub.followup.nudges import KEEP_IN_TOUCH_KIND, THANK_YOU_REMINDER_KIND, nudge_step
from mentorhub.followup.own_data import erase_followup, followup_part
from mentorhub.followup.preparation import STUDENT_REMINDER_LINE, prepare_path, professional_reminder_lines
from mentorhub.followup.referral_sections import render_referral_dashboard, render_referral_request
from mentorhub.followup.sections import (
    render_professional_dashboard,
    render_request_section,
    render_student_dashboard,
)
from mentorhub.notifications.preferences import EmailChoice, email_choice
from mentorhub.plugins._host import get_host
from mentorhub.registries import Section, TickStep
from mentorhub.signals import user_blocked, user_deleted, user_signed_up, user_suspended


def init_app(app: Flask) -> None:
    """The preparation, thank-you and update pages; the nudges in ``tick`` (two email
    choices students can turn off); the dashboard and request-page sections; and the day-before
    reminders: the student's leads to their preparation, the professional's lists it; and
    follow-up's part of people's own data (download and deletion)."""
    app.register_blueprint(views.bp)
    app.register_blueprint(referral_views.bp)
    app.register_blueprint(network_views.bp)
    user_signed_up.connect(referrals.attach_on_signup)
    user_blocked.connect(referrals.end_open_on_block)
    user_suspended.connect(referrals.end_open_on_suspension)
    user_deleted.connect(erase_followup)
    registries.personal_data(app, "after_the_chat", followup_part)
    registries.acquaintance(app, referrals.introduced)
    registries.request_mark(app, referrals.referred_by_marks)
    get_host(app).provide("referral_edges", lookups.accepted_referral_edges)
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
    email_choice(app, EmailChoice(
        "referral_reminders", "Referral reminders",
        "One reminder a week after a student asks who else they should talk to, if you haven't answered.",
        kinds=(referrals.REMINDER_KIND,), roles=(PROFESSIONAL,), order=40,
    ))
    registries.tick_step(app, TickStep("referrals", "reminding of referral asks and telling referrers",
                                       referrals.referral_step, "referral notice", "referral notices",
                                       order=55))
    registries.section(app, Section("student_dashboard", "followup", render_student_dashboard, order=10))
    registries.section(app, Section("professional_dashboard", "referrals", render_referral_dashboard, order=5))
    registries.section(app, Section("professional_dashboard", "followup", render_professional_dashboard, order=30))
    registries.section(app, Section("request_detail", "followup", render_request_section, order=20))
    registries.section(app, Section("request_detail", "referrals", render_referral_request, order=25))
