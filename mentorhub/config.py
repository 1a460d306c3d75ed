"""Configuration: defaults, then well-known environment variables, then ``MENTORHUB_*``."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

PACKAGE_ROOT = Path(__file__).resolve().parent
# The checkout's top level: data folders, docs and tests live here (in an installed copy it
# is the site-packages folder, and the data folders come from BUNDLED instead).
PROJECT_ROOT = PACKAGE_ROOT.parent
# Where a wheel carries the checkout's data folders (pyproject.toml: force-include).
BUNDLED = PACKAGE_ROOT / "_bundled"
DATA_FOLDERS = ("templates", "static", "migrations", "plugins")


def data_folder(name: str) -> Path:
    """The folder ``name`` (one of :data:`DATA_FOLDERS`): the copy packaged inside an
    installed MentorHub when there is one, else the checkout's top-level folder (a checkout
    and an editable install have no packaged copy)."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; the folders are {DATA_FOLDERS}")
    packaged = BUNDLED / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


def default_instance_path() -> Path:
    """Where the SQLite file and the development secret key live: ``MENTORHUB_INSTANCE_PATH``
    when set; else ``instance/`` of the checkout, or of the working directory for an
    installed copy (never inside site-packages)."""
    configured = os.environ.get("MENTORHUB_INSTANCE_PATH")
    if configured:
        return Path(configured).resolve()
    return Path.cwd() / "instance" if BUNDLED.is_dir() else PROJECT_ROOT / "instance"


class Defaults:
    """Settings a fresh checkout runs with; every one can be overridden by ``MENTORHUB_<NAME>``."""

    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    WTF_CSRF_TIME_LIMIT = 3600
    # CSRF is checked by each form (so an expired token re-shows the form with what was
    # typed); the plugin host protects plugin blueprints explicitly.
    WTF_CSRF_CHECK_DEFAULT = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Explicit, because Flask-Limiter otherwise keeps the last app's choice on its one object.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "mentorhub"
    # The job queue (emails) on Redis, served by `flask mentorhub worker`; REDIS_URL sets the
    # URL. Without it, emails are sent after each response has gone (and by `tick`).
    QUEUE_URL: str | None = None
    QUEUE_NAME = "mentorhub"
    QUEUE_JOB_TIMEOUT = 300
    # One log line per request (mentorhub.requests): id, method, route, path, status, ms, user.
    REQUEST_LOG = True
    LOGIN_RATE_LIMIT = "10 per minute"
    RESET_RATE_LIMIT = "5 per minute"
    # Per account: after this many wrong passwords, log-in pauses (seconds), doubling per
    # further failure up to the maximum.
    LOGIN_ACCOUNT_FAILURES = 5
    LOGIN_ACCOUNT_PAUSE = 60
    LOGIN_ACCOUNT_PAUSE_MAX = 15 * 60
    SIGNUP_RATE_LIMIT = "10 per hour"
    # Referral invitations: per professional per 24 hours, and how long a link works.
    REFERRAL_INVITES_PER_DAY = 5
    # Invitations to join a club that its admins may email in 24 hours (all admins together).
    CLUB_INVITES_PER_DAY = 100
    REFERRAL_INVITE_MAX_AGE = 14 * 24 * 60 * 60
    # Signing up with a registered address emails its owner at most once in this many seconds.
    SIGNUP_NOTICE_INTERVAL = 60 * 60
    # More of the field's words for matching: TOML files like mentorhub/profiles/data/
    # vocabulary.toml, separated by the OS path separator (":" here).
    VOCABULARY_FILES = ""
    # Seconds a worker trusts its list of topics (and their concepts) before looking for new
    # ones: a topic a professional just added is read as close to interests within this time.
    DISCOVERY_TOPICS_FRESH = 30
    PASSWORD_CHANGE_RATE_LIMIT = "10 per hour"
    REQUEST_RATE_LIMIT = "20 per hour"
    REPORT_RATE_LIMIT = "10 per hour"
    MESSAGE_RATE_LIMIT = "60 per hour"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # ``None``: Secure in production, not in development and tests (plain http on 127.0.0.1).
    # MENTORHUB_SESSION_COOKIE_SECURE=false serves production over plain HTTP (behind nothing).
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_SECURE: bool | None = None
    # Hosts the app answers for (Flask's TRUSTED_HOSTS); ``None``: the host of SITE_URL,
    # localhost and 127.0.0.1. Any other Host header gets 400, so no link is ever built on it.
    TRUSTED_HOSTS: list[str] | str | None = None
    SITE_URL = "http://127.0.0.1:5000"
    # The largest request body accepted (413 beyond it), and the largest form field in memory.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    MAX_FORM_PARTS = 1000
    # Endpoints whose POST may carry files (every other POST with one gets 400).
    FILE_ENDPOINTS: tuple[str, ...] = ()
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_SENDER = "MentorHub <no-reply@mentorhub.local>"
    CONFIRM_TOKEN_MAX_AGE = 60 * 60 * 24 * 3
    RESET_TOKEN_MAX_AGE = 60 * 60
    REQUEST_EXPIRY_DAYS = 7
    MAX_PENDING_REQUESTS = 5
    LATE_CANCEL_HOURS = 3
    COMPLETE_AFTER_HOURS = 24
    PROXY_FIX = False
    PLUGIN_DIRS = ""
    PLUGIN_SETTINGS: dict[str, dict[str, Any]] = {}
    ENV = "production"
    TESTING = False


def _database_url(app: Flask) -> str:
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not url:
        # The default database is a file in the instance folder, made on first use.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'mentorhub.db'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Make ``postgres://`` and ``postgresql://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(app: Flask) -> str:
    """Return the secret key, refusing to run a production app without one.

    Order: configuration (``MENTORHUB_SECRET_KEY``), then ``instance/secret_key`` when a
    development command created it; development (``MENTORHUB_ENV=development``) creates it.
    """
    key = app.config.get("SECRET_KEY")
    if key:
        return str(key)
    key_file = Path(app.instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if app.config.get("ENV") == "development":
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        key_file.write_text(key + "\n")
        key_file.chmod(0o600)
        return key
    raise RuntimeError(
        "MENTORHUB_SECRET_KEY is not set. Set it to a long random string in production "
        "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`), or run with "
        "MENTORHUB_ENV=development to create instance/secret_key."
    )


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the environment and ``test_config`` (last wins)."""
    app.config.from_object(Defaults)
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        app.config["QUEUE_URL"] = os.environ["REDIS_URL"]  # emails go to a queue a worker serves
    app.config.from_prefixed_env("MENTORHUB")
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app)
    app.config["SECRET_KEY"] = _secret_key(app)
    app.config.setdefault("SERVER_NAME", None)
    _production_defaults(app)
    problem = site_url_problem(app)
    if problem:
        logging.getLogger("mentorhub").warning(problem)


def site_url_problem(app: Flask) -> str | None:
    """Why emailed and calendar links would be wrong, or ``None``: in production the public
    address must be configured (``MENTORHUB_SITE_URL``), and anywhere it must be an absolute
    http(s) address. Logged at start and reported by ``/readyz``."""
    url = str(app.config.get("SITE_URL") or "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (f"MENTORHUB_SITE_URL is {url!r}, not an absolute http(s) address: links in emails and "
                "calendar files will not work.")
    if is_production(app) and url == Defaults.SITE_URL:
        return (f"MENTORHUB_SITE_URL is not set: links in emails and calendar files point to {url}. "
                "Set it to the site's public address, e.g. https://mentorhub.example.org.")
    return None


def is_production(app: Flask) -> bool:
    """Production is the default mode; ``MENTORHUB_ENV=development`` (``make run`` and the
    other development commands) and ``testing`` (the test fixtures) are explicit."""
    return app.config.get("ENV") not in ("development", "testing")


def _production_defaults(app: Flask) -> None:
    """Settings whose default depends on the mode."""
    config = app.config
    production = is_production(app)
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = production
    if config.get("REMEMBER_COOKIE_SECURE") is None:
        config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    config["TRUSTED_HOSTS"] = trusted_hosts(config.get("TRUSTED_HOSTS"), config.get("SITE_URL") or "")
    endpoints = config.get("FILE_ENDPOINTS") or ()
    config["FILE_ENDPOINTS"] = tuple(
        e.strip() for e in (endpoints.split(",") if isinstance(endpoints, str) else endpoints) if e.strip()
    )


def trusted_hosts(configured: list[str] | str | None, site_url: str) -> list[str]:
    """The hosts to answer for: ``configured`` (a list, or a comma-separated string), else
    the host of ``site_url`` with ``localhost`` and ``127.0.0.1``."""
    if isinstance(configured, str):
        configured = [h.strip() for h in configured.split(",") if h.strip()]
    if configured:
        return list(configured)
    hosts = [urlsplit(site_url).hostname or "", "localhost", "127.0.0.1", "[::1]"]
    return list(dict.fromkeys(h for h in hosts if h))
