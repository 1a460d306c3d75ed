"""Pytest fixtures for MentorHub and for plugin authors (entry point ``pytest11``).

Every fixture is named ``mentorhub_*``. Override ``mentorhub_config`` to change settings and
``mentorhub_plugin_dirs`` to load your plugin from a folder (``mentorhub_club_plugins`` names
the plugins switched on for ``mentorhub_club``)::

    @pytest.fixture
    def mentorhub_plugin_dirs():
        return [Path(__file__).parent / "my_plugin_dir"]

    def test_my_questions(mentorhub_client, mentorhub_make_user, mentorhub_login):
        ...

Databases: SQLite in a temporary folder by default; ``MENTORHUB_TEST_DATABASE_URL`` selects
PostgreSQL. Either way the schema is the one production runs: built by the migrations
(``flask db upgrade``, every installed plugin's branch included) once per test process, then
copied for each test (SQLite) or emptied before each test (PostgreSQL).

Parallel runs (``pytest -n 2``, pytest-xdist): each worker has a PostgreSQL database of its
own (``test`` becomes ``test_gw0``, ``test_gw1``…, made on first use) and a Redis database
of its own (counted down from the configured one: 15, 14…).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, event
from sqlalchemy.exc import ProgrammingError

from mentorhub import clock, create_app
from mentorhub.accounts.models import User
from mentorhub.accounts.passwords import hash_password
from mentorhub.clubs.models import ClubMembership
from mentorhub.clubs.plugin_switches import plugin_named, set_club_plugin_enabled
from mentorhub.clubs.services import create_club
from mentorhub.config import normalise_database_url
from mentorhub.errors import DomainError
from mentorhub.extensions import db
from mentorhub.plugins._settings import SettingError
from mentorhub.plugins._settings_forms import save_settings
from mentorhub.plugins._setup import plugin_tables
from mentorhub.plugins._tables import create_tables
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile
from mentorhub.profiles.services import topics_by_names

DEFAULT_PASSWORD = "correct horse battery"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_unavailable(what: str) -> None:
    """Skip (laptop) or fail (CI) a test whose service is unreachable."""
    if IN_CI:
        pytest.fail(f"{what} is not reachable, and CI must run this test.")
    pytest.skip(f"{what} is not reachable; start it to run this test.")


def port_open(url: str, default_port: int) -> bool:
    """True when something listens at ``url``'s host and port."""
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def xdist_worker() -> int | None:
    """The number of this pytest-xdist worker (``gw3`` is 3), or None when the run is serial."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else None


def _configured_database_url() -> str | None:
    url = os.environ.get("MENTORHUB_TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


def database_url_under_test() -> str | None:
    """The PostgreSQL URL of the PostgreSQL pass, or None on the SQLite pass; a parallel
    worker's own database (the configured name with ``_gw<N>``)."""
    url = _configured_database_url()
    worker = xdist_worker()
    if url is None or worker is None:
        return url
    parsed = urlparse(url)
    return parsed._replace(path=f"{parsed.path}_gw{worker}").geturl()


def redis_url_under_test() -> str:
    """The Redis URL for tests (``MENTORHUB_TEST_REDIS_URL``, default local db 15); a
    parallel worker's own database, counted down from it (15, 14, …; up from a low one)."""
    url = os.environ.get("MENTORHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = xdist_worker()
    if not worker:
        return url
    parsed = urlparse(url)
    number = int(parsed.path.lstrip("/") or 0)
    # Down from the configured database (15, 14…), or up from it when it is too low to count down.
    return parsed._replace(path=f"/{number - worker if number >= worker else number + worker}").geturl()


class CSRFClient(FlaskClient):
    """A test client that submits forms like a browser: with a valid CSRF token.

    Pass ``csrf=False`` to post without one, or your own ``csrf_token`` in ``data``. Like a
    server once the page is sent, it reads each response whole and closes it, so the work
    MentorHub does after a response (emails, without a queue) is done when a call returns.
    """

    def open(self, *args: Any, csrf: bool = True, **kwargs: Any):  # type: ignore[override]
        method = (kwargs.get("method") or "GET").upper()
        data = kwargs.get("data")
        if csrf and method not in ("GET", "HEAD", "OPTIONS") and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        response = super().open(*args, **kwargs)
        response.get_data()
        response.close()
        return response

    def csrf_token(self) -> str:
        """A valid token for this client's session, as a rendered form would carry."""
        app = self.application
        with self.session_transaction() as session:
            raw = session.get("csrf_token")
            if not raw:
                import hashlib

                raw = hashlib.sha1(os.urandom(64)).hexdigest()
                session["csrf_token"] = raw
        return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def _truncate_all(db: Any, extra: list[Any] = ()) -> None:
    tables = ", ".join(f'"{t.name}"' for t in [*db.metadata.sorted_tables, *extra])
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


_pg_schema_ready: set[str] = set()
# The migrated SQLite database each test starts from a copy of, made once per process.
_sqlite_template: list[Path] = []


def _migrate(config: Mapping[str, Any]) -> None:
    """Build the schema of ``config``'s database with the migrations, as production does."""
    app = create_app(dict(config))
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
        db.engine.dispose()


def _migrated_sqlite_copy(config: Mapping[str, Any], target: Path) -> None:
    """Copy the migrated SQLite template (made on first use) to ``target``."""
    if not _sqlite_template:
        folder = Path(tempfile.mkdtemp(prefix="mentorhub-schema-"))
        template = folder / "migrated.db"
        _migrate({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}", "PLUGIN_DIRS": "",
                  "INSTANCE_PATH": str(folder / "instance")})
        _sqlite_template.append(template)
    shutil.copyfile(_sqlite_template[0], target)


def _migrate_postgresql(pg_url: str, config: Mapping[str, Any]) -> None:
    """Empty the PostgreSQL test database of everything (earlier runs' tables, plugins'
    included) and migrate it; a parallel worker's database is made first if need be."""
    configured = _configured_database_url()
    if configured and configured != pg_url:
        name = urlparse(pg_url).path.lstrip("/")
        admin = create_engine(configured, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            found = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name})
            if found.first() is None:
                try:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                except ProgrammingError:  # another run made it a moment ago
                    pass
        admin.dispose()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    _migrate({**config, "PLUGIN_DIRS": ""})


@pytest.fixture
def mentorhub_plugin_dirs() -> list[Path]:
    """Extra plugin folders for the app under test (override in your conftest)."""
    return []


@pytest.fixture
def mentorhub_config() -> dict[str, Any]:
    """Extra settings for the app under test (override in your conftest)."""
    return {}


@pytest.fixture
def mentorhub_app(
    tmp_path: Path, mentorhub_config: dict[str, Any], mentorhub_plugin_dirs: list[Path]
) -> Iterator[Flask]:
    """A MentorHub app on a fresh, empty database."""
    pg_url = database_url_under_test()
    config: dict[str, Any] = {
        "TESTING": True,
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": pg_url or f"sqlite:///{tmp_path / 'test.db'}",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RATELIMIT_STORAGE_URI": "memory://",
        # No job queue unless a test asks for one (a developer's REDIS_URL must not take the emails).
        "QUEUE_URL": None,
        # Tests add topics and search at once: no time for a worker's topic list to age.
        "DISCOVERY_TOPICS_FRESH": 0,
        "PLUGIN_DIRS": ":".join(str(p) for p in mentorhub_plugin_dirs),
        "SERVER_NAME": "localhost",
        "SITE_URL": "http://localhost",
        "PREFERRED_URL_SCHEME": "http",
    }
    config.update(mentorhub_config)
    if pg_url and not port_open(pg_url, 5432):
        service_unavailable(f"PostgreSQL at {pg_url}")
    default_sqlite = not pg_url and config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'test.db'}"
    if pg_url and pg_url not in _pg_schema_ready:
        _migrate_postgresql(pg_url, config)
        _pg_schema_ready.add(pg_url)
    elif default_sqlite:
        _migrated_sqlite_copy(config, tmp_path / "test.db")
    app = create_app(config)
    app.test_client_class = CSRFClient
    with app.app_context():
        # Plugins loaded from folders for this test only: their tables (an installed plugin's
        # come with the migrations).
        owned = plugin_tables(app)
        if pg_url:
            create_tables(owned, db.engine)
            _truncate_all(db, owned)
        else:
            if not default_sqlite:
                db.create_all()  # a database a test chose itself
            create_tables(owned, db.engine)
    try:
        yield app
    finally:
        clock.reset()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def mentorhub_queries(mentorhub_app: Flask) -> Callable[[], AbstractContextManager[list[str]]]:
    """``with mentorhub_queries() as statements:``: every SQL statement the app's database
    runs inside the block, in order (for tests that a page's query count is bounded)."""
    with mentorhub_app.app_context():
        engine = db.engine

    @contextmanager
    def recording() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return recording


@pytest.fixture
def mentorhub_client(mentorhub_app: Flask) -> CSRFClient:
    """A browser-like test client (CSRF tokens included)."""
    return mentorhub_app.test_client()


@pytest.fixture
def mentorhub_runner(mentorhub_app: Flask):
    """A runner for ``flask`` CLI commands of the app under test."""
    return mentorhub_app.test_cli_runner()


@pytest.fixture
def mentorhub_make_user(mentorhub_app: Flask) -> Callable[..., Any]:
    """Factory: ``make_user(role="student", **fields)`` creates a confirmed user and profile.

    Profile fields go in ``profile={...}``; ``topics=[...]`` sets a professional's topics or a
    student's interests by name. Returns the user's id-bearing ``User`` (detached-safe: reload
    inside an app context when you need relationships).
    """
    counter = {"n": 0}

    def make_user(
        role: str = "student",
        *,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        display_name: str | None = None,
        timezone: str = "UTC",
        confirmed: bool = True,
        is_admin: bool = False,
        profile: dict[str, Any] | None = None,
        topics: list[str] | None = None,
    ) -> User:
        counter["n"] += 1
        n = counter["n"]
        with mentorhub_app.app_context():
            user = User(
                email=(email or f"{role}{n}@example.com").lower(),
                password_hash=hash_password(password),
                display_name=display_name or f"{role.capitalize()} {n}",
                role=role,
                is_admin=is_admin,
                timezone=timezone,
                email_confirmed_at=clock.now() if confirmed else None,
            )
            db.session.add(user)
            tags = topics_by_names(topics or [])
            if role == "professional":
                user.professional_profile = ProfessionalProfile(
                    **{
                        "headline": "Tour manager",
                        "company": "Acme Live",
                        "industry": "tour-management",
                        **(profile or {}),
                    }
                )
                user.professional_profile.topics = tags
            else:
                user.student_profile = StudentProfile(**{"school": "City College", **(profile or {})})
                user.student_profile.interests = tags
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make_user


def _club_plugin(name: str) -> Any:
    """The loaded club-scoped plugin ``name``, else ``ValueError``."""
    try:
        plugin = plugin_named(name)
    except DomainError as err:
        raise ValueError(err.message) from err
    if plugin.scope != "club":
        raise ValueError(f"Plugin {name!r} is site-wide (scope {plugin.scope!r}): it cannot be switched per club.")
    return plugin


def _checked_settings(plugin_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` of the club plugin ``plugin_name`` as a club's settings form would accept
    them, else ``ValueError`` naming the setting."""
    plugin = _club_plugin(plugin_name)
    checked = {}
    for key, value in values.items():
        if key not in plugin.schema:
            raise ValueError(f"Plugin {plugin_name!r} has no setting {key!r}.")
        try:
            checked[key] = plugin.schema[key].check(value)
        except SettingError as err:
            raise ValueError(f"{plugin_name}.{key} cannot be {value!r}: {err}") from err
    return checked


def _slug_of(name: str) -> str:
    """An address for a club named ``name``: its letters and digits in ASCII, hyphenated."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())[:60].strip("-") or "club"


@dataclass(frozen=True)
class MadeClub:
    """A club made by ``mentorhub_make_club`` (or ``mentorhub_club``): its ``id``, ``slug``
    and ``name``, its club ``admins`` and its ordinary ``members`` (``User``s, as
    ``mentorhub_make_user`` returns them)."""

    id: int
    slug: str
    name: str
    admins: tuple[User, ...]
    members: tuple[User, ...]

    @property
    def admin(self) -> User:
        """The first club admin."""
        return self.admins[0]

    @property
    def url(self) -> str:
        """The club's page, ``/clubs/<slug>``."""
        return f"/clubs/{self.slug}"


@pytest.fixture
def mentorhub_make_club(mentorhub_app: Flask, mentorhub_make_user: Callable[..., Any]) -> Callable[..., MadeClub]:
    """Factory: ``make_club(name, admins=[...], members=[...], plugins=[...], settings={...})``.

    ``admins`` and ``members`` are users (or a number of new students to make; by default one
    new student runs the club and it has no other member). ``plugins`` names club-scoped
    plugins to switch on for the club; ``settings`` holds the club's own values,
    ``{"plugin": {"setting": value}}``, checked as the club's settings form would (a value
    the setting cannot take raises ``ValueError``). Returns a :class:`MadeClub`."""
    counter = {"n": 0}

    def people(given: Sequence[User] | int, what: str) -> tuple[User, ...]:
        if isinstance(given, int):
            return tuple(mentorhub_make_user("student", display_name=f"{what} {counter['n']}.{i + 1}")
                         for i in range(given))
        return tuple(given)

    def make_club(
        name: str | None = None,
        *,
        slug: str | None = None,
        description: str = "",
        admins: Sequence[User] | int = 1,
        members: Sequence[User] | int = (),
        plugins: Sequence[str] = (),
        settings: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> MadeClub:
        counter["n"] += 1
        name = name or f"Test Club {counter['n']}"
        slug = slug or _slug_of(name)
        with mentorhub_app.app_context():  # everything is checked before anything is made
            for plugin in plugins:
                _club_plugin(plugin)
            checked = {plugin: _checked_settings(plugin, values) for plugin, values in (settings or {}).items()}
        if admins == 0 or (not isinstance(admins, int) and not admins):
            raise ValueError("A club needs at least one club admin.")
        club_admins, club_members = people(admins, "Club admin"), people(members, "Member")
        with mentorhub_app.app_context():
            club = create_club(name, slug, description, [user.email for user in club_admins])
            db.session.add_all(ClubMembership(club_id=club.id, user_id=user.id) for user in club_members)
            db.session.commit()
            for plugin in plugins:
                set_club_plugin_enabled(None, plugin, club.id, True)
            for plugin_name, values in checked.items():
                save_settings(plugin_named(plugin_name), club.id, values, None)
            return MadeClub(club.id, club.slug, club.name, club_admins, club_members)

    return make_club


@pytest.fixture
def mentorhub_club_plugins() -> list[str]:
    """The club-scoped plugins switched on for ``mentorhub_club`` (override in your conftest)."""
    return []


@pytest.fixture
def mentorhub_club(mentorhub_make_club: Callable[..., MadeClub], mentorhub_club_plugins: list[str]) -> MadeClub:
    """A club, "Test Club" at ``/clubs/test-club``, run by one student club admin, with two
    other student members and the ``mentorhub_club_plugins`` switched on."""
    return mentorhub_make_club("Test Club", admins=1, members=2, plugins=mentorhub_club_plugins)


@pytest.fixture
def mentorhub_login(mentorhub_app: Flask) -> Callable[..., Any]:
    """``login(client, user_or_email, password=DEFAULT_PASSWORD)`` logs in through the form."""

    def login(client: FlaskClient, user: Any, password: str = DEFAULT_PASSWORD, remember: bool = False):
        email = user if isinstance(user, str) else user.email
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/login", data=data)
        assert response.status_code == 302, f"login of {email} failed: {response.status_code}"
        return response

    return login


class SMTPSink:
    """Messages received by the test SMTP server on 127.0.0.1."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[Any]:
        """Wait until ``count`` messages arrived; return them all."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def mentorhub_smtp() -> Iterator[tuple[SMTPSink, int]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; yields ``(sink, port)``."""
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
