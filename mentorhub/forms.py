"""Form base classes. Every POST in the core goes through one of these (CSRF included)."""

from __future__ import annotations

from flask_wtf import FlaskForm

EXPIRED_MESSAGE = (
    "This form expired before it was sent. Your entries are still here: please check them and submit again."
)


class Form(FlaskForm):
    """A Flask-WTF form whose CSRF failure reads as a friendly, actionable message.

    The view re-renders the form on any validation failure, so what the user typed is kept
    and a fresh token is issued.
    """

    def validate(self, extra_validators=None) -> bool:  # noqa: D102 - see class docstring
        ok = super().validate(extra_validators=extra_validators)
        csrf = getattr(self, "csrf_token", None)
        if csrf is not None and csrf.errors:
            csrf.errors = [EXPIRED_MESSAGE]
        return ok

    @property
    def csrf_failed(self) -> bool:
        """True when only the CSRF token was wrong or missing."""
        csrf = getattr(self, "csrf_token", None)
        return bool(csrf is not None and csrf.errors)


class EmptyForm(Form):
    """A form with no fields, for POST-only buttons (CSRF still checked)."""
