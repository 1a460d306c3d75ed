"""The notification inbox: newest first, open one (marks it read), mark all read."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub.forms import EmptyForm
from mentorhub.notifications import services

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def inbox():
    """Every notification of the viewer, newest first, a page at a time."""
    page = request.args.get("page", 1, type=int) or 1
    notes, has_more = services.notifications_page(current_user, page)
    return render_template(
        "notifications/inbox.html",
        notes=notes,
        page=max(page, 1),
        has_more=has_more,
        form=EmptyForm(),
    )


@bp.post("/notifications/<int:note_id>/open")
@login_required
def open_note(note_id: int):
    """Mark one notification read and go where it points."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(" ".join(form.csrf_token.errors) or "Please try again.", "error")
        return redirect(url_for("notifications.inbox"))
    return redirect(services.open_notification(current_user, note_id))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    """Mark every notification read."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(" ".join(form.csrf_token.errors) or "Please try again.", "error")
    else:
        count = services.mark_all_read(current_user)
        flash(
            f"Marked {count} notification{'s' if count != 1 else ''} as read."
            if count
            else "Everything was already read.",
            "success",
        )
    return redirect(url_for("notifications.inbox"))
