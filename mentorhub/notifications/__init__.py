"""Notifications: the in-app inbox and its emails (sent after the commit, retried by tick)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import current_user

from mentorhub import registries
from mentorhub.notifications import views
from mentorhub.notifications.own_data import remove_inbox
from mentorhub.notifications.services import (
    deliver_due,
    deliver_new,
    reclaim_stale_sending,
    unread_count,
    unread_count_column,
)
from mentorhub.registries import Progress, SignedInValue, TickStep
from mentorhub.signals import user_deleted
from mentorhub.web import kept_for_request, once_per_request

_UNREAD_KEPT = kept_for_request("unread_count")


def _nav_counts() -> dict[str, Any]:
    if not (current_user and current_user.is_authenticated):
        return {"unread_count": 0}
    user = current_user._get_current_object()
    return {"unread_count": once_per_request(("unread_count", user.id), lambda: unread_count(user))}


def _reclaim(progress: Progress | None, full: bool) -> int:
    return reclaim_stale_sending()


def _send_due(progress: Progress | None, full: bool) -> int:
    return deliver_due(progress=progress)


def init_app(app: Flask) -> None:
    """The inbox pages, the unread count in the navigation, emails after each commit and
    the two tick steps (stuck emails first, due emails after every step that writes some);
    a deleted account's inbox goes."""
    app.register_blueprint(views.bp)
    app.context_processor(_nav_counts)
    # The count comes with the signed-in user (every page's menu shows it), read again once
    # the request writes (it may read or receive some).
    registries.signed_in_value(app, SignedInValue("unread_count", unread_count_column, *_UNREAD_KEPT))
    registries.after_commit(app, deliver_new)
    user_deleted.connect(remove_inbox)
    registries.tick_step(app, TickStep("reclaimed", "reclaiming emails", _reclaim, "stuck email reclaimed",
                                       "stuck emails reclaimed", order=10))
    registries.tick_step(app, TickStep("emailed", "sending emails", _send_due, "email sent", "emails sent", order=80))
