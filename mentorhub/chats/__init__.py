"""Chats: requests, the professional's answers, the message thread and request expiry."""

from __future__ import annotations

from flask import Flask, render_template
from flask_login import current_user

from mentorhub import registries
from mentorhub.accounts.models import User
from mentorhub.chats import services, views
from mentorhub.chats.own_data import erase_requests, requests_part
from mentorhub.chats.periodic import expire_step
from mentorhub.chats.queries import can_see_person, dashboard_chats, pending_count, pending_count_column, request_cards
from mentorhub.chats.responsiveness import refresh_step
from mentorhub.chats.views import render_request_panel
from mentorhub.forms import EmptyForm
from mentorhub.registries import Section, SignedInValue, TickStep
from mentorhub.signals import user_blocked, user_deleted, user_suspended
from mentorhub.web import kept_for_request, once_per_request

_PENDING_KEPT = kept_for_request("pending_requests")


def _student_chats(viewer: User) -> str:
    return render_template("chats/_dashboard_student.html", **dashboard_chats(viewer))


def _professional_chats(viewer: User) -> str:
    chats = dashboard_chats(viewer)
    return render_template("chats/_dashboard_professional.html", **chats,
                           cards=request_cards(viewer, chats["chat_pending"]), button=EmptyForm())


def _menu_counts() -> dict[str, int]:
    """``pending_requests``: the professional's requests to answer, for the menu's count."""
    if current_user.is_authenticated and current_user.is_professional:
        user = current_user._get_current_object()
        return {"pending_requests": once_per_request(("pending_requests", user.id), lambda: pending_count(user))}
    return {"pending_requests": 0}


def init_app(app: Flask) -> None:
    """The request pages, request expiry and usual reply times in ``tick``, the dashboards' chat lists and the
    "Request a chat" panel on a professional's page; a block ends the pending requests between
    the two; requests' part of people's own data (download and deletion)."""
    app.register_blueprint(views.bp)
    # The menu's count comes with the signed-in user, read again once the request writes.
    registries.signed_in_value(app, SignedInValue("pending_requests", pending_count_column, *_PENDING_KEPT))
    user_blocked.connect(services.end_pending_on_block)
    user_suspended.connect(services.end_pending_on_suspension)
    user_deleted.connect(erase_requests)
    registries.personal_data(app, "requests", requests_part)
    registries.acquaintance(app, can_see_person)
    registries.tick_step(app, TickStep("expired", "expiring requests", expire_step,
                                       "request expired", "requests expired", order=20))
    registries.tick_step(app, TickStep("reply_times", "refreshing reply times", refresh_step,
                                       "reply time refreshed", "reply times refreshed", order=85))
    registries.section(app, Section("student_dashboard", "chats", _student_chats, order=20))
    registries.section(app, Section("professional_dashboard", "chats", _professional_chats, order=1))
    app.context_processor(_menu_counts)
    registries.section(app, Section("professional_page", "request_panel", render_request_panel))
