"""View decorators for who may open a page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required


def role_required(role: str) -> Callable:
    """Only logged-in users of ``role`` (``student`` or ``professional``); others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if current_user.role != role:
                abort(403, f"This page is for {role}s.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def admin_required(view: Callable) -> Callable:
    """Only site admins; others get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any):
        if not current_user.is_admin:
            abort(403, "This page is for site admins.")
        return view(*args, **kwargs)

    return wrapped



def person_or_address() -> str:
    """The rate-limit key of the one acting: their account when logged in (however many
    addresses they use), else their address."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def limit_from(name: str) -> Callable[[], str]:
    """A rate limit read from setting ``name`` at request time (so tests and operators
    can change it), for ``limiter.limit``."""
    return lambda: current_app.config[name]
