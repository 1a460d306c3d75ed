"""The availability page: weekly windows, blackout dates, settings and a preview of free times."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from mentorhub.accounts.models import PROFESSIONAL, User
from mentorhub.auth import role_required
from mentorhub.errors import DomainError
from mentorhub.forms import EmptyForm, Form
from mentorhub.scheduling import availability
from mentorhub.scheduling.forms import BlackoutForm, SettingsForm, WindowForm

bp = Blueprint("scheduling", __name__)


def _settings_form(user) -> SettingsForm:
    profile = user.professional_profile
    return SettingsForm(
        formdata=None, data={name: getattr(profile, name) for name in availability.SETTING_RANGES}
    )


def _page(user, status: int = 200, **forms: Form):
    """Render the page; ``forms`` replaces a blank form with the one the user just sent."""
    forms.setdefault("window_form", WindowForm(formdata=None))
    forms.setdefault("blackout_form", BlackoutForm(formdata=None))
    forms.setdefault("settings_form", _settings_form(user))
    return render_template(
        "scheduling/availability.html",
        summary=availability.availability_summary(user),
        blackouts=availability.upcoming_blackouts(user),
        preview=availability.preview_slots(user),
        weekday_names=availability.WEEKDAY_NAMES,
        **forms,
    ), status


@bp.get("/availability")
@role_required(PROFESSIONAL)
def edit_availability():
    """Show the professional's windows, blackouts, settings and next free times."""
    return _page(current_user._get_current_object())


@bp.post("/availability/windows")
@role_required(PROFESSIONAL)
def add_window():
    """Add a weekly window."""
    user = current_user._get_current_object()
    form = WindowForm()
    if form.validate_on_submit():
        try:
            availability.add_window(user, int(form.weekday.data), form.start.data, form.end.data)
        except DomainError as err:
            form.show_error(err)
        else:
            flash("Window added. Students can now ask for those times.", "success")
            return redirect(url_for("scheduling.edit_availability"))
    return _page(user, 400, window_form=form)


@bp.post("/availability/blackouts")
@role_required(PROFESSIONAL)
def add_blackout():
    """Black out a date."""
    user = current_user._get_current_object()
    form = BlackoutForm()
    if form.validate_on_submit():
        try:
            availability.add_blackout(user, form.day.data, form.note.data or "")
        except DomainError as err:
            form.show_error(err)
        else:
            flash(f"No chats will be offered on {form.day.data:%a %-d %b %Y}.", "success")
            return redirect(url_for("scheduling.edit_availability"))
    return _page(user, 400, blackout_form=form)


@bp.post("/availability/settings")
@role_required(PROFESSIONAL)
def update_settings():
    """Save buffers, minimum notice and booking horizon."""
    user = current_user._get_current_object()
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            availability.update_settings(
                user, **{name: form[name].data for name in availability.SETTING_RANGES}
            )
        except DomainError as err:
            form.show_error(err)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("scheduling.edit_availability"))
    return _page(user, 400, settings_form=form)


def _delete(service: Callable[[User, int], None], row_id: int, message: str):
    if not EmptyForm().validate_on_submit():
        flash("That button had expired, so nothing was deleted. Please press it again.", "warning")
        return redirect(url_for("scheduling.edit_availability"))
    service(current_user._get_current_object(), row_id)
    flash(message, "success")
    return redirect(url_for("scheduling.edit_availability"))


@bp.post("/availability/windows/<int:window_id>/delete")
@role_required(PROFESSIONAL)
def delete_window(window_id: int):
    """Delete a weekly window."""
    return _delete(availability.delete_window, window_id, "Window deleted.")


@bp.post("/availability/blackouts/<int:blackout_id>/delete")
@role_required(PROFESSIONAL)
def delete_blackout(blackout_id: int):
    """Remove a blackout date."""
    return _delete(availability.delete_blackout, blackout_id, "Blackout date removed.")
