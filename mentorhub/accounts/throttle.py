"""Log-in throttling per account, on top of the per-address limit: after a few wrong
passwords for one email, log-in for that email pauses for a minute, doubling with each
further failure up to a quarter of an hour, so guessing is slow from any number of addresses
while the real owner is never locked out for long (a reset link always works).

The counters live in the rate limiter's storage: Redis when ``REDIS_URL`` is set, so every
worker and host shares them; memory otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from limits.storage import Storage

from mentorhub.accounts.rules import AccountError, normalise_email
from mentorhub.extensions import limiter

log = logging.getLogger(__name__)
T = TypeVar("T")

# How long failures are remembered without a success.
MEMORY_SECONDS = 24 * 60 * 60


def _storage() -> Storage:
    return limiter.storage


def _account(email: str) -> str:
    """One form per account however it is typed (``normalise_email`` maps full-width and
    international spellings to the stored address); text that is no address stays as it is."""
    try:
        return normalise_email(email)
    except AccountError:
        return (email or "").strip().casefold()


def _safely(action: Callable[[], T], fallback: T) -> T:
    # A storage outage (Redis down) must not stop every log-in: the per-address limit and
    # the password check still stand.
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return fallback  # the operator switched limits off, and with them this storage
    try:
        return action()
    except Exception:  # noqa: BLE001 - any storage error
        log.exception("log-in throttle storage failed; carrying on without it")
        return fallback


def _key(email: str, part: str) -> str:
    digest = hashlib.sha256(_account(email).encode()).hexdigest()[:32]
    return f"{current_app.config['RATELIMIT_KEY_PREFIX']}:{part}:{digest}"


def paused_for(email: str) -> int:
    """Seconds until log-in for ``email`` may be tried again (0 when it may now)."""
    lock = _key(email, "login-pause")

    def left() -> int:
        if _storage().get(lock) <= 0:
            return 0
        return max(1, int(_storage().get_expiry(lock) - time.time()))

    return _safely(left, 0)


def record_failure(email: str) -> int:
    """Count a wrong password for ``email``; returns the pause it now has (0 for none)."""
    return _safely(lambda: _record_failure(email), 0)


def _record_failure(email: str) -> int:
    config = current_app.config
    failures = _storage().incr(_key(email, "login-failures"), MEMORY_SECONDS)
    allowed = int(config["LOGIN_ACCOUNT_FAILURES"])
    if failures < allowed:
        return 0
    pause, longest = int(config["LOGIN_ACCOUNT_PAUSE"]), int(config["LOGIN_ACCOUNT_PAUSE_MAX"])
    seconds = min(pause * 2 ** (failures - allowed), longest)
    lock = _key(email, "login-pause")
    _storage().clear(lock)
    _storage().incr(lock, seconds)
    return seconds


def record_success(email: str) -> None:
    """A right password, or a new one set through a reset link: forget the failures of
    ``email``."""
    for part in ("login-failures", "login-pause"):
        _safely(lambda part=part: _storage().clear(_key(email, part)), None)
