"""Signed, expiring links for email confirmation and password reset.

Tokens are itsdangerous ``URLSafeTimedSerializer`` payloads, each kind with its own salt so a
confirmation link can never be used as a reset link. Their timestamps come from
:func:`mentorhub.clock.now`, so tests move time with the clock instead of sleeping.
A reset token carries a fingerprint of the password hash it was issued for: once the
password changes (by that link or any other way) the link stops working.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from mentorhub import clock

CONFIRM_SALT = "mentorhub-confirm-email"
RESET_SALT = "mentorhub-reset-password"


class TokenInvalid(Exception):
    """The token was tampered with, truncated or made for something else."""


class TokenExpired(TokenInvalid):
    """The token is genuine but older than its maximum age."""


class ClockSigner(TimestampSigner):
    """A timestamp signer that reads the time from :mod:`mentorhub.clock`."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt, signer=ClockSigner)


def _load(salt: str, token: str, max_age: int) -> dict[str, Any]:
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired(str(exc)) from exc
    except BadSignature as exc:
        raise TokenInvalid(str(exc)) from exc
    if not isinstance(payload, dict):
        raise TokenInvalid("unexpected payload")
    return payload


def password_fingerprint(password_hash: str) -> str:
    """A short digest of a password hash: changes whenever the password does."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def make_confirm_token(user_id: int, email: str) -> str:
    """A token confirming that ``email`` belongs to user ``user_id``."""
    return _serializer(CONFIRM_SALT).dumps({"uid": user_id, "email": email})


def read_confirm_token(token: str) -> tuple[int, str]:
    """``(user_id, email)`` from a confirmation token.

    Raises :class:`TokenExpired` or :class:`TokenInvalid`.
    """
    payload = _load(CONFIRM_SALT, token, int(current_app.config["CONFIRM_TOKEN_MAX_AGE"]))
    try:
        return int(payload["uid"]), str(payload["email"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid("incomplete payload") from exc


def make_reset_token(user_id: int, password_hash: str) -> str:
    """A reset token for user ``user_id``, valid while their password is unchanged."""
    return _serializer(RESET_SALT).dumps(
        {"uid": user_id, "pw": password_fingerprint(password_hash)}
    )


def read_reset_token(token: str) -> tuple[int, str]:
    """``(user_id, password_fingerprint)`` from a reset token.

    Raises :class:`TokenExpired` or :class:`TokenInvalid`.
    """
    payload = _load(RESET_SALT, token, int(current_app.config["RESET_TOKEN_MAX_AGE"]))
    try:
        return int(payload["uid"]), str(payload["pw"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid("incomplete payload") from exc
