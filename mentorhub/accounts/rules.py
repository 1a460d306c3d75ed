"""What an account may hold: the errors a person can cause and the checks behind them.

Shared by the services, the forms' messages and the ``create-admin`` command.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from mentorhub.accounts.passwords import MIN_PASSWORD_LENGTH
from mentorhub.errors import Conflict, DomainError
from mentorhub.timefmt import is_valid_zone

MAX_DISPLAY_NAME = 80
BAD_CREDENTIALS = "That email and password don't match an account. Check both and try again."


class AccountError(DomainError):
    """Something the user typed cannot be accepted; the message says what to change."""


class EmailTaken(Conflict):
    """An account with this email (in any letter case) already exists."""


class InvalidCredentials(AccountError):
    """Email and password do not match (never says which one was wrong)."""


class LinkProblem(AccountError):
    """An emailed link is invalid, expired or already used; ``expired`` tells which."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def normalise_email(email: str) -> str:
    """``email`` validated and lower-cased, the form it is stored and looked up in."""
    text = (email or "").strip()
    try:
        valid = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"Enter a valid email address: {exc}", field="email") from exc
    return valid.normalized.lower()


def check_new_password(password: str, field: str = "password") -> None:
    """Refuse passwords shorter than the minimum."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters "
            "(a short sentence is easy to remember).",
            field=field,
        )


def check_time_zone(name: str) -> str:
    """Return ``name`` when it is a known IANA zone, else refuse it."""
    if not is_valid_zone(name or ""):
        raise AccountError(
            "Pick your time zone from the list (for example Europe/London).", field="timezone"
        )
    return name


def clean_display_name(name: str) -> str:
    """The display name without surrounding spaces; refuse empty or overlong names."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise AccountError("Tell us the name to show to other members.", field="display_name")
    if len(cleaned) > MAX_DISPLAY_NAME:
        raise AccountError(
            f"Keep your name under {MAX_DISPLAY_NAME} characters.", field="display_name"
        )
    return cleaned


def describe_duration(seconds: int) -> str:
    """``3600`` -> ``"1 hour"``, ``259200`` -> ``"3 days"``, ``900`` -> ``"15 minutes"``."""
    minutes = int(seconds) // 60
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}" + ("" if count == 1 else "s")
    return "a few minutes"
