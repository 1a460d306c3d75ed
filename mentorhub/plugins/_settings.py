"""Typed plugin settings: what a plugin declares (:class:`Setting`, or a plain default whose
type is inferred), how a typed-in value is read and checked, and the values that apply.

Precedence, first found wins: a club's value (for that club), the site's value saved in the
database, the operator's ``MENTORHUB_PLUGIN_SETTINGS``, the default. Saved values are JSON, in
``plugin_settings`` (one row for the site, one per club); they are read at most once per
request, with the switches, so every worker sees a change on its next request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("bool", "int", "float", "text", "choice", "list")
_PYTHON_TYPES = {bool: "bool", int: "int", float: "float", str: "text", list: "list"}
LIST_MAX_ITEMS = 100
TEXT_MAX_DEFAULT = 2000


class SettingError(ValueError):
    """A value a setting cannot take; the message says what it can take."""


@dataclass(frozen=True)
class Setting:
    """One setting of a plugin, for ``PluginInfo(settings={"name": Setting(...)})``.

    ``type`` is ``bool``, ``int``, ``float``, ``str``, ``list`` (of strings) or ``"choice"``
    (one of ``choices``; ``str`` with ``choices`` is the same). ``minimum`` / ``maximum``
    bound a number, ``max_length`` a text (and each item of a list); ``label`` and ``help``
    are what the settings form shows (the label defaults to the name in words).
    """

    type: Any
    default: Any
    label: str = ""
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    choices: Sequence[str] = ()

    @property
    def kind(self) -> str:
        """One of :data:`KINDS`."""
        if self.type == "choice" or (self.type is str and self.choices):
            return "choice"
        if isinstance(self.type, str) and self.type in KINDS:
            return self.type
        return _PYTHON_TYPES.get(self.type, "")

    def problem(self) -> str | None:
        """What is wrong with the declaration itself, or ``None``."""
        if not self.kind:
            return "its type must be bool, int, float, str, list or \"choice\""
        if self.kind == "choice" and not self.choices:
            return "a choice needs choices"
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            return "its minimum is above its maximum"
        try:
            self.check(self.default)
        except SettingError as err:
            return f"its default {self.default!r} does not fit: {err}"
        return None

    # --- reading and checking values ---------------------------------------------------

    def check(self, value: Any) -> Any:
        """``value`` (a JSON value) if this setting can take it, else :class:`SettingError`."""
        kind = self.kind
        if kind == "bool":
            if not isinstance(value, bool):
                raise SettingError("Choose yes or no.")
            return value
        if kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise SettingError("Enter a whole number." if kind == "int" else "Enter a number.")
            if kind == "int" and value != int(value):
                raise SettingError("Enter a whole number.")
            value = int(value) if kind == "int" else float(value)
            self._in_range(value)
            return value
        if kind in ("text", "choice"):
            if not isinstance(value, str):
                raise SettingError("Enter some text.")
            if kind == "choice" and value not in self.choices:
                raise SettingError(f"Choose one of: {', '.join(self.choices)}.")
            self._short_enough(value)
            return value
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SettingError("Enter one item per line.")
        if len(value) > LIST_MAX_ITEMS:
            raise SettingError(f"Enter at most {LIST_MAX_ITEMS} items.")
        for item in value:
            self._short_enough(item)
        return list(value)

    def parse(self, raw: Any) -> Any:
        """The value typed in a form (text, or a checkbox's ``True``/``False``), read and
        checked; :class:`SettingError` says what to type instead."""
        kind = self.kind
        if kind == "bool":
            return bool(raw)
        text = "" if raw is None else str(raw)
        if kind in ("int", "float"):
            cleaned = text.strip().replace(",", "") if kind == "int" else text.strip()
            try:
                number: float = int(cleaned) if kind == "int" else float(cleaned)
            except ValueError as err:
                raise SettingError("Enter a whole number." if kind == "int" else "Enter a number, e.g. 2.5.") from err
            return self.check(number)
        if kind == "list":
            return self.check([line.strip() for line in text.splitlines() if line.strip()])
        return self.check(text.strip() if kind == "choice" else text)

    def _in_range(self, value: float) -> None:
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                raise SettingError(f"Enter a number from {_number(low)} to {_number(high)}.")
            if low is not None:
                raise SettingError(f"Enter a number of at least {_number(low)}.")
            raise SettingError(f"Enter a number of at most {_number(high)}.")

    def _short_enough(self, text: str) -> None:
        most = self.max_length or TEXT_MAX_DEFAULT
        if len(text) > most:
            raise SettingError(f"Keep it to {most} characters (this is {len(text)}).")

    def label_for(self, name: str) -> str:
        """The form's label: :attr:`label`, or ``name`` in words."""
        return self.label or name.replace("_", " ").capitalize()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def as_setting(value: Any) -> Setting:
    """A declared setting: a :class:`Setting` as it is, or a plain default with its type
    inferred (a list is a list of strings)."""
    if isinstance(value, Setting):
        return value
    for python_type in (bool, int, float, str, list):
        if isinstance(value, python_type):
            return Setting(python_type, value)
    return Setting(type(value), value)  # its problem() names the type


def schema_of(declared: Mapping[str, Any]) -> dict[str, Setting]:
    """Every setting of a plugin as a :class:`Setting`, in the order declared."""
    return {name: as_setting(value) for name, value in declared.items()}


def defaults_of(schema: Mapping[str, Setting]) -> dict[str, Any]:
    """The default of every setting."""
    return {name: setting.default for name, setting in schema.items()}


@dataclass(frozen=True)
class Layers:
    """The values one plugin's settings take, layer by layer (each a dict of valid values)."""

    schema: dict[str, Setting]
    defaults: dict[str, Any]
    operator: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)

    def site_values(self) -> dict[str, Any]:
        """The site's values: defaults, then the operator's, then the site's saved ones."""
        return {**self.defaults, **self.operator, **self.site}

    def club_values(self, club: Mapping[str, Any] | None) -> dict[str, Any]:
        """A club's values: the site's, then the club's saved ones."""
        return {**self.site_values(), **(club or {})}


def valid_values(schema: Mapping[str, Setting], values: Any) -> dict[str, Any]:
    """The entries of saved ``values`` that are settings of ``schema`` and valid for them (a
    setting removed or retyped by a newer plugin version is ignored, not an error)."""
    if not isinstance(values, Mapping):
        return {}
    kept = {}
    for name, value in values.items():
        setting = schema.get(name)
        if setting is None:
            continue
        try:
            kept[name] = setting.check(value)
        except SettingError:
            continue
    return kept
