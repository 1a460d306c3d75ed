"""Form base classes. Every POST in the core goes through one of these (CSRF included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_wtf import FlaskForm

if TYPE_CHECKING:
    from mentorhub.errors import DomainError

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

    def add_error(self, message: str, field: str | None = None) -> None:
        """Show ``message`` next to field ``field``, or at the top of the form when the form
        has no such field."""
        target = self._fields.get(field) if field else None
        if target is not None and field != "csrf_token":
            target.errors = [*target.errors, message]
        else:
            self.form_errors.append(message)

    def show_error(self, error: DomainError, field: str | None = None) -> None:
        """Show a service's :class:`~mentorhub.errors.DomainError` on its field (``field``
        when the error names none), or at the top of the form."""
        self.add_error(error.message, error.field or field)

    @property
    def csrf_failed(self) -> bool:
        """True when only the CSRF token was wrong or missing."""
        csrf = getattr(self, "csrf_token", None)
        return bool(csrf is not None and csrf.errors)


class EmptyForm(Form):
    """A form with no fields, for POST-only buttons (CSRF still checked)."""
