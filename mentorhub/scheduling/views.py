"""The availability page: weekly windows, one-off hours, blackout dates, settings and a
preview of free times.

A window is edited in its own row (``/availability?edit=<id>`` opens its form, no JavaScript
needed). Deleting a window is undoable: the next render of the page offers an "Undo" button
that sends the deleted window's times back (kept in the session for that one render, like a
flash message)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from mentorhub.accounts.models import PROFESSIONAL
from mentorhub.auth import role_required
from mentorhub.errors import DomainError
from mentorhub.forms import EmptyForm, Form
from mentorhub.scheduling import availability
from mentorhub.scheduling.forms import (
    BlackoutForm,
    OneOffForm,
    SettingsForm,
    UndoForm,
    WindowForm,
    edit_form,
)
from mentorhub.scheduling.window_times import WEEKDAY_NAMES, WindowTimes

bp = Blueprint("scheduling", __name__)

# The session key of the window just deleted, offered once for "Undo".
UNDO_KEY = "scheduling.undo"


def _settings_form(user) -> SettingsForm:
    profile = user.professional_profile
    return SettingsForm(
        formdata=None, data={name: getattr(profile, name) for name in availability.SETTING_RANGES}
    )


def _remember_deleted(times: WindowTimes) -> None:
    session[UNDO_KEY] = {
        "weekday": times.weekday,
        "on_date": times.on_date.isoformat() if times.on_date else None,
        "start": times.start.isoformat("minutes"),
        "end": times.end.isoformat("minutes"),
    }


def _undo_offer() -> dict[str, Any] | None:
    """The "Undo" of the window just deleted, once: its label and its form."""
    kept = session.pop(UNDO_KEY, None)
    if not isinstance(kept, dict):
        return None
    try:
        times = WindowTimes(
            kept["weekday"],
            date.fromisoformat(kept["on_date"]) if kept["on_date"] else None,
            time.fromisoformat(kept["start"]),
            time.fromisoformat(kept["end"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    data = {"weekday": times.weekday, "on_date": times.on_date, "start": times.start, "end": times.end}
    return {"label": times.label, "one_off": times.is_one_off,
            "form": UndoForm(formdata=None, prefix="undo", data=data)}


def _page(user, status: int = 200, edit_id: int | None = None, **forms: Form):
    """Render the page; ``forms`` replaces a blank form with the one the user just sent;
    ``edit_id`` shows that window's row as a form (``edit_form``, else filled with it)."""
    forms.setdefault("window_form", WindowForm(formdata=None))
    forms.setdefault("one_off_form", OneOffForm(formdata=None, prefix="one_off"))
    forms.setdefault("blackout_form", BlackoutForm(formdata=None))
    forms.setdefault("settings_form", _settings_form(user))
    if edit_id is not None and "edit_form" not in forms:
        forms["edit_form"] = edit_form(WindowTimes.of(availability.own_window(user, edit_id)))
    return render_template(
        "scheduling/availability.html",
        summary=availability.availability_summary(user),
        blackouts=availability.upcoming_blackouts(user),
        preview=availability.preview_slots(user),
        weekday_names=WEEKDAY_NAMES,
        edit_id=edit_id,
        undo=_undo_offer(),
        **forms,
    ), status


def _saved(message: str):
    flash(message, "success")
    return redirect(url_for("scheduling.edit_availability"))


@bp.get("/availability")
@role_required(PROFESSIONAL)
def edit_availability():
    """Show the professional's windows, blackouts, settings and next free times; with
    ``?edit=<window id>``, that window's row is a form to change it."""
    return _page(current_user._get_current_object(), edit_id=request.args.get("edit", type=int))


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
            return _saved("Window added. Students can now ask for those times.")
    return _page(user, 400, window_form=form)


@bp.post("/availability/one-off")
@role_required(PROFESSIONAL)
def add_one_off():
    """Add one-off hours on a date."""
    user = current_user._get_current_object()
    form = OneOffForm(prefix="one_off")
    if form.validate_on_submit():
        try:
            window = availability.add_one_off(user, form.on_date.data, form.start.data, form.end.data)
        except DomainError as err:
            form.show_error(err)
        else:
            return _saved(f"One-off hours added: {window.label}. Students can now ask for those times.")
    return _page(user, 400, one_off_form=form)


@bp.post("/availability/windows/<int:window_id>/edit")
@role_required(PROFESSIONAL)
def update_window(window_id: int):
    """Change a window's day (or date) and times in place."""
    user = current_user._get_current_object()
    form = edit_form(WindowTimes.of(availability.own_window(user, window_id)), sent=True)
    if form.validate_on_submit():
        try:
            window = availability.update_window(user, window_id, form.times)
        except DomainError as err:
            form.show_error(err)
        else:
            return _saved(f"Changed to {window.label}.")
    return _page(user, 400, edit_id=window_id, edit_form=form)


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
            return _saved(f"No chats will be offered on {form.day.data:%a %-d %b %Y}.")
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
            return _saved("Settings saved.")
    return _page(user, 400, settings_form=form)


def _button_pressed() -> bool:
    if EmptyForm().validate_on_submit():
        return True
    flash("That button had expired, so nothing was deleted. Please press it again.", "warning")
    return False


@bp.post("/availability/windows/<int:window_id>/delete")
@role_required(PROFESSIONAL)
def delete_window(window_id: int):
    """Delete a weekly window or one-off hours; the page then offers to undo it."""
    if not _button_pressed():
        return redirect(url_for("scheduling.edit_availability"))
    _remember_deleted(availability.delete_window(current_user._get_current_object(), window_id))
    return redirect(url_for("scheduling.edit_availability"))


@bp.post("/availability/windows/restore")
@role_required(PROFESSIONAL)
def restore_window():
    """Put back the window just deleted ("Undo")."""
    form = UndoForm(prefix="undo")
    if not form.validate_on_submit():
        why = "had expired" if form.csrf_failed else "did not say which window"
        flash(f"That Undo button {why}, so nothing was put back. Add the window again below.", "warning")
        return redirect(url_for("scheduling.edit_availability"))
    try:
        window = availability.restore_window(current_user._get_current_object(), form.times)
    except DomainError as err:
        flash(f"The window could not be put back: {err.message}", "warning")
        return redirect(url_for("scheduling.edit_availability"))
    return _saved(f"Put back: {window.label}.")


@bp.post("/availability/blackouts/<int:blackout_id>/delete")
@role_required(PROFESSIONAL)
def delete_blackout(blackout_id: int):
    """Remove a blackout date."""
    if _button_pressed():
        availability.delete_blackout(current_user._get_current_object(), blackout_id)
        flash("Blackout date removed.", "success")
    return redirect(url_for("scheduling.edit_availability"))
