"""Account forms. The services check every rule again; these give quick inline messages."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from mentorhub.accounts.models import PROFESSIONAL, STUDENT
from mentorhub.accounts.passwords import MIN_PASSWORD_LENGTH
from mentorhub.accounts.rules import MAX_DISPLAY_NAME
from mentorhub.forms import Form
from mentorhub.timefmt import is_valid_zone, zone_menu

ROLE_CHOICES = [
    SelectChoice(STUDENT, "I'm a student"),
    SelectChoice(PROFESSIONAL, "I'm a working professional"),
]
PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters. A short sentence works well."
SHORT_PASSWORD = f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
ROLE_MISSING = "Choose whether you join as a student or as a professional."
MISMATCH = "The two passwords don't match. Type the same password twice."


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _known_zone(_form: Form, field: SelectField) -> None:
    if not is_valid_zone(field.data or ""):
        raise ValidationError("Pick your time zone from the list (for example Europe/London).")


def _email_field(label: str = "Email address") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter a valid email address, like name@example.com."),
            Length(max=254),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
    )


def _zone_field(browser_zone: bool = False) -> SelectField:
    # Choices are filled per instance. With ``data-browser-zone`` mentorhub.js preselects the
    # browser's zone, unless ``data-user-chosen`` says the person already picked one.
    return SelectField(
        "Time zone",
        default="UTC",
        validate_choice=False,
        validators=[_known_zone],
        description="Chat times are shown to you in this zone.",
        render_kw={"data-browser-zone": ""} if browser_zone else None,
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(SHORT_PASSWORD),
            Length(min=MIN_PASSWORD_LENGTH, message=SHORT_PASSWORD),
        ],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )


def _display_name_field() -> StringField:
    return StringField(
        "Your name",
        validators=[
            DataRequired("Tell us the name to show to other members."),
            Length(
                max=MAX_DISPLAY_NAME, message=f"Keep your name under {MAX_DISPLAY_NAME} characters."
            ),
        ],
        filters=[_strip],
        description='Shown to the people you chat with, e.g. "Anna Lee".',
        render_kw={"autocomplete": "name"},
    )


class _ZoneChoices:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = zone_menu(self.timezone.data)
        if self.is_submitted() and self.timezone.render_kw:
            # Shown again after a mistake: keep the zone the person sent.
            self.timezone.render_kw = {**self.timezone.render_kw, "data-user-chosen": "1"}


class SignupForm(_ZoneChoices, Form):
    """Create an account as a student or a professional."""

    role = RadioField(
        "I'm joining as",
        choices=ROLE_CHOICES,
        validate_choice=False,
        validators=[InputRequired(ROLE_MISSING), AnyOf([STUDENT, PROFESSIONAL], ROLE_MISSING)],
    )
    email = _email_field()
    display_name = _display_name_field()
    password = _new_password_field("Password")
    confirm = PasswordField(
        "Type the password again",
        validators=[EqualTo("password", MISMATCH)],
        render_kw={"autocomplete": "new-password"},
    )
    timezone = _zone_field(browser_zone=True)


class LoginForm(Form):
    """Email, password and "remember me"."""

    email = _email_field()
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")


class ChangePasswordForm(Form):
    """Current password, then the new one twice."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field("New password")
    confirm = PasswordField(
        "Type the new password again",
        validators=[EqualTo("new_password", MISMATCH)],
        render_kw={"autocomplete": "new-password"},
    )


class DeleteAccountForm(Form):
    """The password once more, and a tick that says the person knows it can't be undone."""

    password = PasswordField(
        "Your password",
        validators=[InputRequired("Enter your password to delete your account.")],
        render_kw={"autocomplete": "current-password"},
    )
    understood = BooleanField(
        "I understand that deleting my account can't be undone",
        validators=[InputRequired("Tick the box to say you understand it can't be undone.")],
    )


class SettingsForm(_ZoneChoices, Form):
    """Display name and time zone."""

    display_name = _display_name_field()
    timezone = _zone_field()


class ForgotPasswordForm(Form):
    """The email to send a reset link to."""

    email = _email_field()


class ResetPasswordForm(Form):
    """A new password, twice."""

    password = _new_password_field("New password")
    confirm = PasswordField(
        "Type the new password again",
        validators=[EqualTo("password", MISMATCH)],
        render_kw={"autocomplete": "new-password"},
    )
