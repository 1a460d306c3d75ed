"""The email preferences form: one checkbox per optional kind of email offered."""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import BooleanField

from mentorhub.forms import Form
from mentorhub.notifications.preferences import EmailChoice


class PreferencesForm(Form):
    """Built per person by :func:`preferences_form` (its fields depend on the registry)."""

    def wanted(self) -> dict[str, bool]:
        """``{choice key: checked}`` for every checkbox."""
        return {f.name: bool(f.data) for f in self if isinstance(f, BooleanField)}


def preferences_form(choices: Sequence[EmailChoice], off: set[str]) -> PreferencesForm:
    """A form with one checkbox per choice, ticked unless ``off`` holds its key."""

    class _Form(PreferencesForm):
        pass

    for choice in choices:
        setattr(_Form, choice.key, BooleanField(choice.label, description=choice.help,
                                                default=choice.key not in off))
    return _Form()

