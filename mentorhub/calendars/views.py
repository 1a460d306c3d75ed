"""Calendar files: one booking's ``.ics``, each user's private feed, and the feed settings."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from mentorhub.bookings.access import booking_for
from mentorhub.bookings.ics import booking_filename, booking_ics
from mentorhub.calendars import services
from mentorhub.calendars.ics import feed_ics
from mentorhub.forms import EmptyForm
from mentorhub.web import site_url

bp = Blueprint("calendars", __name__)

# Werkzeug adds "; charset=utf-8" to text types itself.
ICS_TYPE = "text/calendar"


@bp.get("/bookings/<int:booking_id>.ics")
@login_required
def booking_file(booking_id: int):
    """Download one chat as a calendar file (only its two people; others get 404)."""
    booking = booking_for(current_user, booking_id)
    return Response(
        booking_ics(booking),
        mimetype=ICS_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{booking_filename(booking)}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """A user's private calendar feed (the secret token is the only key)."""
    user = services.user_for_feed(token)
    return Response(
        feed_ics(services.feed_bookings(user), user),
        mimetype=ICS_TYPE,
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )


@bp.get("/account/calendar")
@login_required
def settings():
    """Show the feed address to subscribe to, and how."""
    feed_url = site_url(url_for("calendars.feed", token=current_user.calendar_token))
    return render_template("calendars/settings.html", feed_url=feed_url, form=EmptyForm())


@bp.post("/account/calendar/regenerate")
@login_required
def regenerate():
    """Replace the feed address (the old one stops working)."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(" ".join(form.csrf_token.errors) or "Please try again.", "error")
        return redirect(url_for("calendars.settings"))
    services.regenerate_calendar_token(current_user)
    flash(
        "Your calendar address has changed. Subscribe to the new one; "
        "the old address no longer works.",
        "success",
    )
    return redirect(url_for("calendars.settings"))
