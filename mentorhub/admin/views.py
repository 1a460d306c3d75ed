"""Admin pages: the plugins table, with site-wide and per-club switches, and the clubs."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentorhub.admin.forms import ClubSwitchForm
from mentorhub.admin.plugin_switches import (
    all_clubs,
    plugin_overview,
    plugin_title,
    set_club_plugin_enabled,
    set_plugin_enabled,
)
from mentorhub.auth import admin_required
from mentorhub.clubs.forms import NewClubForm
from mentorhub.clubs.invites import split_addresses
from mentorhub.clubs.plugin_switches import plugin_named
from mentorhub.clubs.services import club_list, create_club
from mentorhub.errors import DomainError
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm
from mentorhub.plugins._settings_forms import edit_settings, reset_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/plugins")
@admin_required
def plugins():
    """Every plugin: where it came from, its hooks, its state, its errors, and switches."""
    rows, clubs = plugin_overview()
    club_forms = {
        row["name"]: ClubSwitchForm([c for c in clubs if c not in row["club_list"]], prefix=row["name"])
        for row in rows if row["scope"] == "club"
    }
    return render_template("admin/plugins.html", plugins=rows, clubs=clubs, club_forms=club_forms,
                           switch_form=EmptyForm())


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("admin.plugins"))


def _refused(message: str):
    flash(message, "error")
    return redirect(url_for("admin.plugins"))


@bp.post("/plugins/<name>/enable")
@admin_required
def enable_plugin(name: str):
    """Switch a plugin on for the whole site."""
    return _switch(name, True)


@bp.post("/plugins/<name>/disable")
@admin_required
def disable_plugin(name: str):
    """Switch a plugin off for the whole site."""
    return _switch(name, False)


def _switch(name: str, enabled: bool):
    if not EmptyForm().validate_on_submit():
        return _refused(EXPIRED_MESSAGE)
    try:
        set_plugin_enabled(current_user._get_current_object(), name, enabled)
    except DomainError as err:
        return _refused(err.message)
    state = "on: its hooks run from now on" if enabled else "off: its hooks no longer run"
    return _done(f"{plugin_title(name)} is {state}.")


@bp.post("/plugins/<name>/clubs")
@admin_required
def enable_for_club(name: str):
    """Switch a club-scoped plugin on for the club picked in the form."""
    form = ClubSwitchForm(all_clubs(), prefix=name)
    if not form.validate_on_submit():
        return _refused(EXPIRED_MESSAGE if form.csrf_failed else "Choose one of the clubs in the list.")
    try:
        club = set_club_plugin_enabled(current_user._get_current_object(), name, form.club_id.data, True)
    except DomainError as err:
        return _refused(err.message)
    return _done(f"{plugin_title(name)} is on for {club.name}.")


@bp.post("/plugins/<name>/clubs/<int:club_id>/disable")
@admin_required
def disable_for_club(name: str, club_id: int):
    """Switch a club-scoped plugin off for one club."""
    if not EmptyForm().validate_on_submit():
        return _refused(EXPIRED_MESSAGE)
    try:
        club = set_club_plugin_enabled(current_user._get_current_object(), name, club_id, False)
    except DomainError as err:
        return _refused(err.message)
    return _done(f"{plugin_title(name)} is off for {club.name}.")


@bp.route("/clubs", methods=["GET", "POST"])
@admin_required
def clubs():
    """Every club with its member count, and the form that creates a club with its first
    club admins."""
    form = NewClubForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            club = create_club(form.name.data, form.slug.data, form.description.data,
                               split_addresses(form.admins.data))
        except DomainError as err:
            form.show_error(err)
        else:
            flash(f"{club.name} is created: its club admins can now invite members at /clubs/{club.slug}/members.",
                  "success")
            return redirect(url_for("admin.clubs"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/clubs.html", form=form, clubs=club_list()), status


@bp.route("/plugins/<name>/settings", methods=["GET", "POST"])
@admin_required
def plugin_settings(name: str):
    """A plugin's settings for the whole site, in a form generated from what it declares."""
    plugin = plugin_named(name)
    edit = edit_settings(plugin, None, current_user.id, request.form if request.method == "POST" else None)
    if edit.saved:
        flash(f"The settings of {plugin.title} are saved: they apply from the next page anyone opens.", "success")
        return redirect(url_for("admin.plugin_settings", name=name))
    return render_template(
        "admin/plugin_settings.html", plugin=plugin, edit=edit,
        reset_url=url_for("admin.reset_plugin_settings", name=name),
        back_url=url_for("admin.plugins"), back_label="Plugins", whose="the whole site",
        below="the defaults (and the operator's MENTORHUB_PLUGIN_SETTINGS)",
    ), 400 if request.method == "POST" else 200


@bp.post("/plugins/<name>/settings/reset")
@admin_required
def reset_plugin_settings(name: str):
    """Forget the site's saved values of a plugin: its defaults apply again."""
    plugin = plugin_named(name)
    if not EmptyForm().validate_on_submit():
        flash(EXPIRED_MESSAGE, "error")
    else:
        reset_settings(plugin, None)
        flash(f"{plugin.title} is back on its default settings.", "success")
    return redirect(url_for("admin.plugin_settings", name=name))
