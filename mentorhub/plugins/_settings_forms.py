"""The generated settings form of a plugin, and saving what it says: site admins edit the
site's values, a club's admins their club's (the pages that show the form check who may).

A form shows the values that apply now and, beside each, where they come from. Saving keeps
only the values that differ from what would apply without them (the default and the
operator's for the site; the site's for a club), so a later change of the layer below still
reaches every setting nobody changed. A bad value gets its message and nothing is saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from wtforms import BooleanField, Field, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from mentorhub.errors import DomainError
from mentorhub.extensions import db
from mentorhub.forms import Form
from mentorhub.plugins._host import get_host
from mentorhub.plugins._models import PluginSettingValues
from mentorhub.plugins._settings import Setting, SettingError, valid_values
from mentorhub.plugins._validation import LoadedPlugin

PREFIX = "setting"
_RACE = "Someone else saved these settings at the same moment. Please look at them again."


class _Parsed:
    """A validator that reads the typed value with its :class:`Setting` and keeps the result
    on the field (``field.parsed``)."""

    def __init__(self, setting: Setting) -> None:
        self.setting = setting

    def __call__(self, form: Form, field: Field) -> None:
        try:
            field.parsed = self.setting.parse(field.data)  # type: ignore[attr-defined]
        except SettingError as err:
            raise ValidationError(str(err)) from err


def _field(setting: Setting, name: str) -> Field:
    label, help_text = setting.label_for(name), setting.help
    kind, check = setting.kind, [_Parsed(setting)]
    if kind == "bool":
        return BooleanField(label, description=help_text, validators=check)
    if kind == "choice":
        return SelectField(label, description=help_text, choices=list(setting.choices), validators=check)
    if kind == "list":
        hint = "One per line."
        return TextAreaField(label, description=f"{help_text} {hint}".strip(), validators=check)
    render = {"inputmode": "decimal" if kind == "float" else "numeric"} if kind in ("int", "float") else {}
    if kind in ("int", "float"):
        help_text = f"{help_text} {setting.range_text()}".strip()
    if kind == "text" and setting.max_length:
        render["maxlength"] = setting.max_length
    return StringField(label, description=help_text, validators=check, render_kw=render)


def _shown(setting: Setting, value: Any) -> Any:
    """``value`` as its form field shows it."""
    if setting.kind == "list":
        return "\n".join(value)
    if setting.kind in ("int", "float"):
        return str(value)
    return value


def form_settings(plugin: LoadedPlugin) -> list[tuple[str, str]]:
    """``(setting name, field name)`` of every setting the form shows. Fields get generated
    names (``s0``, ``s1``, ...), so no setting name can clash with the form's own attributes."""
    return [(name, f"s{index}") for index, name in enumerate(n for n, s in plugin.schema.items() if s.in_forms)]


def settings_form(plugin: LoadedPlugin, values: dict[str, Any], formdata: Any = None) -> Form:
    """The form of ``plugin``'s settings, filled with ``values`` (or with what was posted).
    ``form.settings`` lists ``(setting name, field)``; a hidden field keeps the values shown,
    so a save changes only what the person changed (see :func:`posted_values`)."""
    pairs = form_settings(plugin)
    attrs: dict[str, Any] = {field: _field(plugin.schema[name], name) for name, field in pairs}
    attrs["shown"] = HiddenField()
    form_class = type("PluginSettingsForm", (Form,), attrs)
    data = {field: _shown(plugin.schema[name], values[name]) for name, field in pairs}
    data["shown"] = json.dumps({name: values[name] for name, _field_name in pairs})
    form = form_class(formdata=formdata, data=data, prefix=PREFIX)
    form.settings = [(name, form[field]) for name, field in pairs]  # type: ignore[attr-defined]
    return form


def posted_values(plugin: LoadedPlugin, form: Form) -> dict[str, Any]:
    """The values a validated form changed: each field whose value differs from what the
    form showed (so a value someone else saved meanwhile is not undone by a stale page)."""
    try:
        shown = json.loads(form["shown"].data or "{}")
    except ValueError:
        shown = {}
    if not isinstance(shown, dict):
        shown = {}
    changed = {}
    for name, field in form.settings:  # type: ignore[attr-defined]
        if name not in shown or field.parsed != shown[name]:
            changed[name] = field.parsed
    return changed


@dataclass
class SettingsEdit:
    """One showing or posting of a plugin's settings form: ``saved`` when a valid post was
    saved (redirect), else the form to show with where each value comes from."""

    form: Form
    saved: bool
    changed: set[str]
    inherited: dict[str, Any]


def edit_settings(plugin: LoadedPlugin, club_id: int | None, actor_id: int | None, formdata: Any) -> SettingsEdit:
    """Show (``formdata`` None) or save the site's (``club_id`` None) or a club's settings
    form of ``plugin``; a bad value, or a save lost to a race, stays on the form with its
    message and what was typed. The pages that call this decide who may."""
    form = settings_form(plugin, current(plugin, club_id), formdata)
    if formdata is not None and form.validate_on_submit():
        try:
            save_settings(plugin, club_id, posted_values(plugin, form), actor_id)
        except DomainError as err:
            form.show_error(err)
        else:
            return SettingsEdit(form, True, set(), {})
    return SettingsEdit(form, False, changed_names(plugin, club_id), inherited(plugin, club_id))


def inherited(plugin: LoadedPlugin, club_id: int | None) -> dict[str, Any]:
    """What would apply without the saved values of the site (``club_id`` None) or the club."""
    return dict(plugin.settings) if club_id is None else get_host().site_settings(plugin)


def current(plugin: LoadedPlugin, club_id: int | None) -> dict[str, Any]:
    """The values that apply now for the site or the club."""
    host = get_host()
    return host.site_settings(plugin) if club_id is None else host.club_settings(plugin, club_id)


def changed_names(plugin: LoadedPlugin, club_id: int | None) -> set[str]:
    """The settings whose value is saved for the site or the club (differs from below)."""
    now, below = current(plugin, club_id), inherited(plugin, club_id)
    return {name for name in plugin.schema if now.get(name) != below.get(name)}


def _row(plugin: LoadedPlugin, club_id: int | None) -> PluginSettingValues | None:
    where = PluginSettingValues.club_id.is_(None) if club_id is None else PluginSettingValues.club_id == club_id
    return db.session.scalar(select(PluginSettingValues).where(PluginSettingValues.plugin_name == plugin.name, where))


def save_settings(plugin: LoadedPlugin, club_id: int | None, values: dict[str, Any], actor_id: int | None) -> None:
    """Save the changed ``values`` of ``plugin`` for the site (``club_id`` None) or a club,
    over what was saved before: a value equal to what applies below it is not kept; none
    left removes the row. Takes effect on the next request of every worker."""
    below = inherited(plugin, club_id)
    row = _row(plugin, club_id)
    merged = {**valid_values(plugin.schema, row.values if row is not None else {}), **values}
    keep = {name: value for name, value in merged.items() if name in plugin.schema and value != below.get(name)}
    if not keep:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(PluginSettingValues(plugin_name=plugin.name, club_id=club_id, values=keep,
                                           updated_by_id=actor_id))
    else:
        row.values, row.updated_by_id = keep, actor_id
    _commit()


def reset_settings(plugin: LoadedPlugin, club_id: int | None) -> None:
    """Forget every value saved for the site or the club: the layer below applies again."""
    where = PluginSettingValues.club_id.is_(None) if club_id is None else PluginSettingValues.club_id == club_id
    db.session.execute(delete(PluginSettingValues).where(PluginSettingValues.plugin_name == plugin.name, where))
    _commit()


def _commit() -> None:
    get_host().commit_state(_RACE)
