"""What an account may hold: the errors a person can cause and the checks behind them.

Shared by the services, the forms' messages and the ``create-admin`` command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from email_validator import EmailNotValidError, validate_email
from zxcvbn import zxcvbn

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


# zxcvbn's scores: 3 is "safely unguessable" (about 10^10 guesses); below it, refused.
MIN_PASSWORD_SCORE = 3
# zxcvbn slows down on long input; the rest of a long password only makes it stronger.
_SCORED_LENGTH = 100


def check_new_password(password: str, field: str = "password", user_inputs: Sequence[str] = ()) -> None:
    """Refuse passwords shorter than the minimum, or weak by ``zxcvbn`` given what is known
    of the person (``user_inputs``: their email and name, without which it rates the email
    address itself as strong)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters "
            "(a short sentence is easy to remember).",
            field=field,
        )
    # Each whole value, its words, and its words run together ("miachen" of "Mia Chen").
    inputs = [
        part
        for value in user_inputs
        for part in (value, *re.split(r"[\s@._-]+", value), re.sub(r"[\W_]+", "", value.split("@")[0]))
        if part
    ]
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=inputs)
    if result["score"] < MIN_PASSWORD_SCORE:
        feedback = result.get("feedback") or {}
        why = feedback.get("warning") or "It would be easy to guess."
        raise AccountError(
            f"Choose a stronger password. {why.rstrip('.')}. A few unrelated words make a strong "
            "one that is easy to remember.",
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
    # Control, direction-changing and invisible characters would disguise a name.
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in cleaned):
        raise AccountError(
            "Your name contains invisible or special control characters: please type it plainly.",
            field="display_name",
        )
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
