"""Typed plugin settings: what a plugin declares (:class:`Setting`, or a plain default whose
type is inferred), how a typed-in value is read and checked, and the values that apply.

Precedence, first found wins: a club's value (for that club), the site's value saved in the
database, the operator's ``MENTORHUB_PLUGIN_SETTINGS``, the default. Saved values are JSON, in
``plugin_settings`` (one row for the site, one per club); they are read at most once per
request, with the switches, so every worker sees a change on its next request.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# "json": a plain default of no type we can put in a form (a dict, None, a list of numbers):
# kept as it is, set only by the operator, never checked (as before typed settings).
KINDS = ("bool", "int", "float", "text", "choice", "list", "json")
_PYTHON_TYPES = {bool: "bool", int: "int", float: "float", str: "text", list: "list"}
LIST_MAX_ITEMS = 100
TEXT_MAX_DEFAULT = 2000
INT_LIMIT = 2**53  # larger whole numbers lose precision in JSON readers
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}


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
    # Declared as a plain default (not a Setting): its type was inferred, so an operator value
    # of another type is kept with a warning, as before typed settings.
    inferred: bool = field(default=False, repr=False, compare=False)

    @property
    def in_forms(self) -> bool:
        """Whether the settings forms show it (not a plain JSON default)."""
        return self.kind != "json"

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
        if kind == "json":
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                raise SettingError("Choose yes or no.")
            return value
        if kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SettingError("Enter a whole number." if kind == "int" else "Enter a number.")
            if isinstance(value, float) and not math.isfinite(value):
                raise SettingError("Enter a number.")
            if kind == "int" and (isinstance(value, float) and not value.is_integer()):
                raise SettingError("Enter a whole number.")
            if abs(value) > INT_LIMIT:
                raise SettingError(f"Enter a number between -{INT_LIMIT:,} and {INT_LIMIT:,}.")
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
            cleaned = text.strip()
            if len(cleaned) > 30:
                raise SettingError(f"Enter a number between -{INT_LIMIT:,} and {INT_LIMIT:,}.")
            try:
                number: float = int(cleaned) if kind == "int" else float(cleaned)
            except ValueError as err:
                raise SettingError("Enter a whole number." if kind == "int" else "Enter a number, e.g. 2.5.") from err
            return self.check(number)
        if kind == "list":
            return self.check([line.strip() for line in text.splitlines() if line.strip()])
        return self.check(text.strip() if kind == "choice" else text)

    def range_text(self) -> str:
        """A number's range in words ("From 1 to 10."), or "" when it has none."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"From {_number(low)} to {_number(high)}."
        if low is not None:
            return f"At least {_number(low)}."
        return f"At most {_number(high)}." if high is not None else ""

    def _in_range(self, value: float) -> None:
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                raise SettingError(f"Enter a number from {_number(low)} to {_number(high)}.")
            if low is not None:
                raise SettingError(f"Enter a number of at least {_number(low)}.")
            raise SettingError(f"Enter a number of at most {_number(high)}.")

    def _short_enough(self, text: str) -> None:
        if _CONTROL.intersection(text):
            raise SettingError("Remove the invisible control characters from it.")
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
    inferred: bool, int, float, str, a list of strings; anything else JSON holds is kept as
    it is (kind ``"json"``: no form field, the operator's value is not checked). Inferred
    limits fit the default, so every default that started before still starts."""
    if isinstance(value, Setting):
        return value
    if isinstance(value, str):
        return Setting(str, value, max_length=max(TEXT_MAX_DEFAULT, len(value)), inferred=True)
    if isinstance(value, list) and all(isinstance(item, str) for item in value) and len(value) <= LIST_MAX_ITEMS \
            and all(len(item) <= TEXT_MAX_DEFAULT for item in value):
        return Setting(list, value, inferred=True)
    for python_type in (bool, int, float):
        if isinstance(value, python_type) and not (python_type is int and abs(value) > INT_LIMIT):
            return Setting(python_type, value, inferred=True)
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return Setting(type(value), value)  # its problem() names the type: not a JSON value
    return Setting("json", value, inferred=True)


def schema_of(declared: Mapping[str, Any]) -> dict[str, Setting]:
    """Every setting of a plugin as a :class:`Setting`, in the order declared."""
    return {name: as_setting(value) for name, value in declared.items()}


def defaults_of(schema: Mapping[str, Setting]) -> dict[str, Any]:
    """The default of every setting."""
    return {name: setting.default for name, setting in schema.items()}


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
