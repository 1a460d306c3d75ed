"""Shared fixtures of the MentorHub suite (the ``mentorhub_*`` ones come from
``mentorhub.testing``, the pytest plugin we also give plugin authors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.testing import database_url_under_test

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (races, exclusion constraints) are skipped in the SQLite pass."""
    if database_url_under_test():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs in the PostgreSQL pass (MENTORHUB_TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def app(mentorhub_app):
    return mentorhub_app


@pytest.fixture
def client(mentorhub_client):
    return mentorhub_client


@pytest.fixture
def runner(mentorhub_runner):
    return mentorhub_runner


@pytest.fixture
def make_user(mentorhub_make_user):
    return mentorhub_make_user


@pytest.fixture
def login(mentorhub_login):
    return mentorhub_login


@pytest.fixture
def smtp(mentorhub_smtp):
    return mentorhub_smtp


@pytest.fixture
def queries(mentorhub_queries):
    return mentorhub_queries


# --- scheduling: availability windows and bookings made directly, for tests of free slots ---


@pytest.fixture
def add_window(app):
    """``add_window(professional, weekday, "09:00", "10:00")``: a weekly window (0 = Monday,
    wall-clock in the professional's zone), stored without touching ``next_free_at``."""
    from datetime import time

    from mentorhub.extensions import db
    from mentorhub.scheduling.models import AvailabilityWindow

    def add(professional, weekday: int, start: str, end: str) -> int:
        with app.app_context():
            window = AvailabilityWindow(
                professional_id=professional.id, weekday=weekday,
                start_time=time.fromisoformat(start), end_time=time.fromisoformat(end),
            )
            db.session.add(window)
            db.session.commit()
            return window.id

    return add


@pytest.fixture
def make_booking(app):
    """``make_booking(professional, student, start, minutes=30, status="accepted")``: a request
    in ``status`` with its booking at ``start`` (aware); inactive unless accepted."""
    from datetime import timedelta

    from mentorhub import clock
    from mentorhub.chats.models import ACCEPTED, ChatRequest
    from mentorhub.extensions import db
    from mentorhub.scheduling.models import Booking

    def book(professional, student, start, minutes: int = 30, status: str = ACCEPTED) -> int:
        with app.app_context():
            chat_request = ChatRequest(
                student_id=student.id, professional_id=professional.id, status=status, format="video",
                introduction="I am a student who would like to learn what your work is like.",
                expires_at=clock.now() + timedelta(days=7),
            )
            db.session.add(chat_request)
            db.session.flush()
            booking = Booking(
                request_id=chat_request.id, professional_id=professional.id, student_id=student.id,
                start_at=start, end_at=start + timedelta(minutes=minutes), location="https://meet.example/x",
                active=status == ACCEPTED, uid=f"booking-{chat_request.id}@test",
            )
            db.session.add(booking)
            db.session.commit()
            return booking.id

    return book


# --- browser tests: the system Chromium, driven by Playwright, against a live server ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(app):
    """The test app (its database, its clock) served on 127.0.0.1 at a free port."""
    import threading

    from werkzeug.serving import make_server

    app.config["SERVER_NAME"] = None  # answer to 127.0.0.1:<port>
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def browser():
    """Chromium from Debian's package (never a downloaded build); skipped or failed (CI)
    when it is missing."""
    from mentorhub.testing import service_unavailable

    if not CHROMIUM.exists():
        service_unavailable("Chromium (/usr/bin/chromium)")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as exc:
            service_unavailable(f"Chromium ({exc.message.splitlines()[0]})")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def heard(app):
    """What the recorder plugin (tests/fixtures/plugins/recorder) was told, emptied for this
    test; the test module loads it by returning its folder from ``mentorhub_plugin_dirs``."""
    from mentorhub.plugins._host import get_host

    module = get_host(app).plugins["recorder"].module
    module.HEARD.clear()
    return module.HEARD


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for fixtures that act on the outcome; a
    failed browser test's report says where its screenshots are."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    folder = getattr(item, "screenshot_folder", None)
    if report.failed and folder is not None:
        report.sections.append(("screenshots", f"Screenshots of each step are kept in {folder}"))
    return report


SCREENSHOTS = Path(__file__).parent / "browser" / "screenshots"


@pytest.fixture
def screenshots(request):
    """``shot(page, "name")`` saves a full-page screenshot of each step as
    ``tests/browser/screenshots/<test>/NN-name.png``; the folder is removed when the test
    passes and kept, and named in the report, when it fails."""
    import re
    import shutil

    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    request.node.screenshot_folder = folder
    taken: list[Path] = []

    def shot(page, name: str) -> Path:
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    yield shot
    report = getattr(request.node, "report_call", None)
    if report is not None and report.passed:
        shutil.rmtree(folder, ignore_errors=True)
