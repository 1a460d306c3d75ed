"""Emails leave the request path: a slow SMTP server does not slow the page that caused the
email, with a queue on Redis served by the worker, and without one (sent once the response has
gone). Driven over real HTTP against a threaded server, as a browser would, so "the page
answered" means its bytes arrived.

The SMTP server holds every message until the test lets it go (at most ``SMTP_HOLD`` seconds):
had the page waited for it, the page would answer only after the message was in, so "the page
answered and no message is in yet" shows it did not wait, with no timing involved."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from http.cookiejar import CookieJar

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.testing import DEFAULT_PASSWORD, SMTPSink, port_open, redis_url_under_test, service_unavailable

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday
TUESDAY_9 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
INTRO = ("Hi! I'm Sam, a second-year music business student. I'd love to learn what a typical day "
         "on tour looks like for you, before I choose my modules next term.")
SMTP_HOLD = 10.0


class SlowSink(SMTPSink):
    """An SMTP server that accepts each message only once ``release`` is set (or after
    ``SMTP_HOLD`` seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, SMTP_HOLD)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    sink.release.set()
    controller.stop()


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def queue_name():
    return f"mentorhub-test-{uuid.uuid4().hex}"


class Browser:
    """Just enough of a browser: cookies, forms with their CSRF token, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        no_redirects = type("NoRedirects", (urllib.request.HTTPRedirectHandler,),
                            {"redirect_request": lambda *args, **kwargs: None})
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), no_redirects)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> int:
        """Open the form at ``path``, post it with ``fields``; the status once the whole
        response has arrived."""
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', self.get(path)).group(1)
        body = urllib.parse.urlencode([("csrf_token", token), *fields]).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as redirect:
            redirect.read()
            status = redirect.code
        return status


def ask_for_a_chat(app, live_server, make_user, add_window):
    """Sam logs in and asks Pat for a chat, which emails Pat; the post's status."""
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", email="pat@example.com",
                    profile={"min_notice_hours": 0, "chat_minutes": 30})
    add_window(pro, 1, "09:00", "12:00")
    student = make_user("student", display_name="Sam Student", email="sam@example.com")
    browser = Browser(live_server)
    assert browser.post_form("/login", [("email", student.email), ("password", DEFAULT_PASSWORD)]) == 302
    return browser.post_form(f"/professionals/{pro.id}/request", [
        ("format", "video"), ("introduction", INTRO), ("times", TUESDAY_9.isoformat()), ("action", "send")])


def email_statuses(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notification.email_status).where(Notification.kind == "request_created")))


class TestWithoutAQueue:
    @pytest.fixture
    def mentorhub_config(self, slow_smtp):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": slow_smtp[1]}

    def test_the_page_answers_then_the_email_goes(self, app, live_server, make_user, add_window, slow_smtp):
        sink, _port = slow_smtp
        assert ask_for_a_chat(app, live_server, make_user, add_window) == 302
        # The page answered while the SMTP server still held the message: it did not wait.
        assert sink.messages == []
        sink.release.set()
        (message,) = sink.wait_for(1, timeout=10)
        assert message["To"] == "pat@example.com"
        assert "Sam Student" in message["Subject"]
        deadline = time.monotonic() + 5
        while email_statuses(app) != ["sent"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert email_statuses(app) == ["sent"]


    def test_with_redis_down_the_email_goes_after_the_response(
        self, app, live_server, make_user, add_window, slow_smtp
    ):
        app.config["QUEUE_URL"] = f"redis://127.0.0.1:{free_port()}/0"
        sink, _port = slow_smtp
        assert ask_for_a_chat(app, live_server, make_user, add_window) == 302
        assert sink.messages == []
        sink.release.set()
        assert len(sink.wait_for(1, timeout=10)) == 1


@pytest.mark.redis
class TestWithTheQueueOnRedis:
    @pytest.fixture
    def mentorhub_config(self, slow_smtp, queue_name):
        url = redis_url_under_test()
        if not port_open(url, 6379):
            service_unavailable(f"Redis at {url}")
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": slow_smtp[1], "QUEUE_URL": url, "QUEUE_NAME": queue_name}

    @pytest.fixture
    def queue(self, queue_name):
        connection = Redis.from_url(redis_url_under_test())
        queue = Queue(queue_name, connection=connection)
        yield queue
        queue.delete(delete_jobs=True)
        connection.close()

    def test_the_page_queues_the_email_and_the_worker_sends_it(
        self, app, live_server, make_user, add_window, slow_smtp, queue, runner
    ):
        sink, _port = slow_smtp
        sink.release.set()  # the worker's send may go through at once
        assert ask_for_a_chat(app, live_server, make_user, add_window) == 302
        assert email_statuses(app) == ["pending"] and queue.count == 1  # waiting for the worker

        result = runner.invoke(args=["mentorhub", "worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert "Worker stopped." in result.output
        (message,) = sink.messages
        assert message["To"] == "pat@example.com"
        assert email_statuses(app) == ["sent"] and queue.count == 0

    def test_a_send_that_fails_stays_pending_and_tick_sends_it(self, app, make_user, add_window, slow_smtp, runner,
                                                               queue, client, login):
        # Enqueued while the SMTP server is away: the worker's try fails, tick's later try works.
        sink, port = slow_smtp
        sink.release.set()
        app.config["MAIL_PORT"] = free_port()  # nothing listens there
        clock.travel_to(NOW)
        pro = make_user("professional", email="pat@example.com", profile={"min_notice_hours": 0})
        add_window(pro, 1, "09:00", "12:00")
        login(client, make_user("student"))
        client.post(f"/professionals/{pro.id}/request", data={
            "format": "video", "introduction": INTRO, "times": [TUESDAY_9.isoformat()], "action": "send"})
        assert queue.count == 1
        assert runner.invoke(args=["mentorhub", "worker", "--burst"]).exit_code == 0
        assert email_statuses(app) == ["pending"] and sink.messages == []
        app.config["MAIL_PORT"] = port
        result = runner.invoke(args=["mentorhub", "tick"])
        assert result.exit_code == 0, result.output
        assert email_statuses(app) == ["sent"] and len(sink.messages) == 1


def test_the_worker_without_a_queue_says_what_to_set(runner):
    result = runner.invoke(args=["mentorhub", "worker", "--burst"])
    assert result.exit_code == 1
    assert "set REDIS_URL" in result.output
