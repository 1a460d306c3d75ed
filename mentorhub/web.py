"""Request-wide web plumbing: Flask-Login's settings, Jinja filters and security headers.

The user loader belongs to accounts, the unread count in the navigation to notifications:
each registers its own in ``init_app``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from flask import Flask, abort, current_app, g, has_request_context, request

from mentorhub.config import is_production
from mentorhub.extensions import login_manager
from mentorhub.timefmt import all_zones, format_local, localise_moments, time_for, viewer_zone_name

# No inline script, no inline style (attributes included), no framing, no plugins; forms
# post only here. Images may be inline data (the pictures pages' SVG are inline markup).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
T = TypeVar("T")
# One line per request: ``request_log`` (off with MENTORHUB_REQUEST_LOG=false).
request_log = logging.getLogger("mentorhub.requests")
# A request id a proxy sent (``X-Request-Id``) is kept when it looks like one.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else ``None``: the one check every
    redirect that takes a target goes through (no open redirects).

    Only a relative path starting with a single ``/`` passes: no scheme, no host, no
    backslash (browsers read ``/\\evil.example`` as another host) and no control characters
    or spaces (browsers drop some of them, which turns ``/\\t/evil.example`` into
    ``//evil.example``).
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


_ONCE = "mentorhub.once_per_request"


def once_per_request(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, worked out once per request and ``key``: for what every template of a
    page reads, such as the menu's counts, since a context processor runs for each
    ``render_template`` (a dashboard renders one per section). Kept in the request's
    environment, so it never outlives the request; outside one it is computed each time."""
    if not has_request_context():
        return compute()
    cache = request.environ.setdefault(_ONCE, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def kept_for_request(name: str) -> tuple[Callable[[int, Any], None], Callable[[], None]]:
    """``keep(user_id, value)`` and ``forget()`` for what :func:`once_per_request` answers
    under ``(name, user_id)``: ``keep`` stores a value read already (with the signed-in user,
    see ``registries.SignedInValue``), ``forget`` drops it for every user (the request wrote).
    Make them once, at import: the user loader's statement is built per set of them."""

    def keep(user_id: int, value: Any) -> None:
        if has_request_context():
            request.environ.setdefault(_ONCE, {})[(name, user_id)] = value

    def forget() -> None:
        if has_request_context():
            cache = request.environ.get(_ONCE, {})
            for key in [k for k in cache if k[0] == name]:
                del cache[key]

    return keep, forget


def site_url(path: str) -> str:
    """``path`` on the configured public address (``MENTORHUB_SITE_URL``), never on the
    host a request named: emailed links, calendar feeds and files use this."""
    base = current_app.config.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/")
    return f"{base}{path}" if path.startswith("/") else path


def init_app(app: Flask) -> None:
    """Configure Flask-Login, template helpers and response headers."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.filters["time_for"] = time_for
    app.jinja_env.filters["local_moments"] = localise_moments
    app.jinja_env.globals["viewer_zone"] = viewer_zone_name
    app.jinja_env.globals["all_zones"] = all_zones
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.before_request
    def _start_request_log():
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        # A hook before ours may have answered first (a rate limit): that request gets an id too.
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-Id"] = request_id
        if app.config.get("REQUEST_LOG", True) and request.endpoint != "static":
            # Flask-Login keeps the user it loaded in g._login_user (0.6 and later): read it, so a
            # log line never loads the user itself.
            loaded = g.get("_login_user")
            user = loaded.id if loaded is not None and loaded.is_authenticated else None
            started = g.get("request_started")
            request_log.info(
                "request id=%s method=%s route=%s path=%s status=%s ms=%s user=%s", request_id, request.method,
                request.url_rule.rule if request.url_rule else "-",
                quote(request.path, safe="/:@!$&'()*+,;=-._~"),  # one line, whatever the path holds
                response.status_code, f"{(time.perf_counter() - started) * 1000:.1f}" if started else "-",
                user if user is not None else "-",
            )
        return response

    @app.before_request
    def _no_files():
        # No form of MentorHub takes a file: one sent anyway would reach a text field as an
        # upload object. A view that does take files is named in FILE_ENDPOINTS.
        takes_files = request.endpoint is not None and request.endpoint in app.config["FILE_ENDPOINTS"]
        if request.method == "POST" and not takes_files and request.files:
            abort(400, "This form does not take files. Please send it again without one.")

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if is_production(app):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
