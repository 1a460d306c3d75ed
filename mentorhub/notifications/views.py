"""The notification inbox (newest first, open one, mark all read), email preferences and
the one-click unsubscribe links of optional emails."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub.forms import EmptyForm
from mentorhub.notifications import preferences, services
from mentorhub.notifications.forms import preferences_form

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


@bp.route("/settings/emails", methods=["GET", "POST"])
@login_required
def email_settings():
    """Which reminder and nudge emails the viewer gets (the inbox always has them)."""
    choices = preferences.choices_for(current_user)
    form = preferences_form(choices, preferences.opted_out(current_user.id))
    if request.method == "POST":
        if form.validate():
            preferences.save_preferences(current_user, form.wanted())
            flash("Email preferences saved.", "success")
            return redirect(url_for("notifications.email_settings"))
        return render_template("notifications/email_settings.html", form=form, choices=choices), 400
    return render_template("notifications/email_settings.html", form=form, choices=choices)


def _link_problem():
    return render_template("notifications/unsubscribe_problem.html"), 400


@bp.route(preferences.UNSUBSCRIBE_PATH + "<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The link in an optional email: one button stops that kind of email (no log-in; the
    signed link says who and which). Mail programs post to it directly (RFC 8058)."""
    try:
        user, choice = preferences.read_unsubscribe_token(token)
    except preferences.UnsubscribeLinkInvalid:
        return _link_problem()
    # No CSRF token: the signed link is the secret, and mail programs post to it with no
    # session at all (RFC 8058). Opening the link (GET) changes nothing.
    if request.method == "POST":
        if request.form.get("undo"):
            preferences.resubscribe(user.id, choice.key)
        else:
            preferences.unsubscribe(user.id, choice.key)
    return render_template(
        "notifications/unsubscribe.html",
        choice=choice,
        stopped=choice.key in preferences.opted_out(user.id),
        posted=request.method == "POST",
        token=token,
    )
