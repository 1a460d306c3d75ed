"""Pages for changing a booked chat: cancel, propose a new time and answer one, mark a
no-show."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from mentorhub.bookings import access, services
from mentorhub.bookings.forms import CancelForm, RescheduleForm
from mentorhub.errors import DomainError
from mentorhub.forms import EmptyForm
from mentorhub.timefmt import format_local, is_night, time_for

bp = Blueprint("bookings", __name__)


def _request_page(booking) -> str:
    return url_for("chats.detail", request_id=booking.request_id)


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int):
    """Call a chat off, with a reason for the other person."""
    booking = access.booking_for(current_user, booking_id)
    form = CancelForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.cancel_booking(current_user, booking_id, form.reason.data)
        except DomainError as err:
            form.show_error(err, field="reason")
            status = err.status_code
        else:
            flash("The chat is cancelled and the other person has been told.", "success")
            return redirect(_request_page(booking))
    elif form.is_submitted():
        status = 400
    return render_template(
        "bookings/cancel.html",
        form=form,
        booking=booking,
        actions=access.available_actions(booking, current_user),
        other=access.other_party(booking, current_user),
    ), status


def _slot_days(booking) -> list[tuple[str, list[dict[str, str]]]]:
    """The times the chat can move to, grouped by day in the viewer's zone, in order; each
    marked when it is night for the viewer, with the other person's time beside it when
    they live in another zone ("16:00–16:30 (03:00 for Sam, night)")."""
    other = access.other_party(booking, current_user)
    zone, other_zone = current_user.timezone, other.timezone
    days: dict[str, list[dict[str, str]]] = {}
    for slot in services.reschedule_options(current_user, booking):
        day = format_local(slot.start, "%A %-d %B %Y", with_zone=False)
        label = (
            format_local(slot.start, "%H:%M", with_zone=False)
            + "–"
            + format_local(slot.end, "%H:%M", with_zone=False)
        )
        if is_night(slot.start, zone):
            label += " · night for you"
        if other_zone != zone:
            label += f" ({time_for(slot.start, other_zone, other.display_name.split()[0])})"
        days.setdefault(day, []).append({"value": slot.start.isoformat(), "time": label})
    return list(days.items())


@bp.route("/bookings/<int:booking_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(booking_id: int):
    """Propose another free time of the professional, with a note; the other person answers."""
    booking = access.booking_for(current_user, booking_id)
    form = RescheduleForm()
    status = 200
    if form.validate_on_submit():
        start = form.chosen_start()
        try:
            if start is None:
                raise DomainError("Please pick one of the times listed.", field="start_at")
            services.propose_move(current_user, booking_id, start, form.note.data)
        except DomainError as err:
            form.show_error(err, field="start_at")
            status = err.status_code
            booking = access.booking_for(current_user, booking_id)
        else:
            flash(
                f"New time proposed. {access.other_party(booking, current_user).display_name} has "
                "been asked to confirm it; until then the chat stays at its current time.",
                "success",
            )
            return redirect(_request_page(booking))
    elif form.is_submitted():
        status = 400
    actions = access.available_actions(booking, current_user)
    options = _slot_days(booking) if actions.can_reschedule else []
    waiting = services.open_move(booking.id) if actions.can_reschedule else None
    return render_template(
        "bookings/reschedule.html",
        form=form,
        booking=booking,
        actions=actions,
        options=options,
        other=access.other_party(booking, current_user),
        waiting=waiting,
        waiting_is_mine=waiting is not None and waiting.proposed_by_id == current_user.id,
        zones_differ=access.other_party(booking, current_user).timezone != current_user.timezone,
        whose_times="your" if current_user.id == booking.professional_id else f"{booking.professional.display_name}'s",
    ), status


def _button(booking_id: int, service, done: str):
    """Run one button's ``service`` on the booking (CSRF checked), say how it went, and go
    back to the request's page."""
    booking = access.booking_for(current_user, booking_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(" ".join(form.csrf_token.errors) or "Please try again.", "error")
        return redirect(_request_page(booking))
    try:
        service(current_user, booking_id)
    except DomainError as err:
        flash(err.message, "error")
    else:
        flash(done, "success")
    return redirect(_request_page(booking))


@bp.post("/bookings/<int:booking_id>/move/confirm")
@login_required
def confirm_move(booking_id: int):
    """Agree to the proposed new time: the chat moves."""
    return _button(
        booking_id, services.confirm_move,
        "The chat has moved. You both have the updated calendar file by email.",
    )


@bp.post("/bookings/<int:booking_id>/move/keep")
@login_required
def keep_time(booking_id: int):
    """Keep the chat at its current time (decline the proposed one)."""
    return _button(
        booking_id, services.keep_time, "The chat stays at its current time. The other person has been told."
    )


@bp.post("/bookings/<int:booking_id>/move/withdraw")
@login_required
def withdraw_move(booking_id: int):
    """Take back one's own proposed new time."""
    return _button(
        booking_id, services.withdraw_move, "Your proposal is withdrawn: the chat stays at its current time."
    )


@bp.post("/bookings/<int:booking_id>/no-show")
@login_required
def no_show(booking_id: int):
    """Record that the other person did not come."""
    return _button(booking_id, services.mark_no_show, "Marked as a no-show. The other person has been told.")
