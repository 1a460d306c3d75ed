"""Errors a user can cause, and the handlers that turn errors into pages.

Services raise a :class:`DomainError` with a sentence the user can act on; views catch it to
flash and re-render the form. Anything uncaught becomes a styled page (or JSON when the
client prefers it), never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from mentorhub.database import is_lock_error
from mentorhub.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule the user broke; ``message`` is shown to them as it is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The user may not do this (403)."""

    status_code = 403


class NotFound(DomainError):
    """The thing does not exist or is not visible to this user (404)."""

    status_code = 404


class Conflict(DomainError):
    """Someone else changed the thing first, e.g. a time was just taken (409)."""

    status_code = 409


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


_TITLES = {
    400: "That request could not be understood",
    403: "You can't do that",
    404: "Page not found",
    405: "That action isn't available here",
    409: "Someone got there first",
    413: "That was too large",
    429: "Slow down a little",
    503: "Busy for a moment",
    500: "Something went wrong on our side",
}


def render_error(status: int, message: str | None = None):
    """Return a styled error page (or JSON) for ``status``."""
    title = _TITLES.get(status, "Something went wrong")
    if _wants_json():
        return jsonify(error=title, message=message or title, status=status), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(DomainError)
    def _domain_error(err: DomainError):
        db.session.rollback()
        return render_error(err.status_code, err.message)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        if isinstance(err, SecurityError):
            # An untrusted Host header: no URL can be built for it, so no page either.
            return Response("Bad request: this site does not answer for that host.\n", 400,
                            mimetype="text/plain")
        status = err.code or 500
        message = None
        if status == 429:
            message = "Too many attempts. Please wait a minute and try again."
        elif status not in (404, 405) and err.description and status < 500:
            message = err.description
        return render_error(status, message)

    @app.errorhandler(OperationalError)
    def _database_error(err: OperationalError):
        db.session.rollback()
        if is_lock_error(err):
            # SQLite: another request wrote first. Nothing of this one was saved.
            log.warning("database busy on %s %s: %s", request.method, request.path, err.orig)
            return render_error(503, "Someone else was saving at the same moment, so nothing was changed. "
                                     "Please go back and submit again.")
        log.exception("Database error on %s %s", request.method, request.path)
        return render_error(500, "We have been told about it. Please try again in a moment.")

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500, "We have been told about it. Please try again in a moment.")
