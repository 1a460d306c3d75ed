"""Work that should not hold up a page: emails, mainly.

:func:`run_later` hands a function and its arguments to, in this order:

1. the queue on Redis (RQ), when ``QUEUE_URL`` is set (``REDIS_URL`` sets it); a worker,
   ``flask mentorhub worker`` (``make worker``), runs the jobs;
2. the end of the current response (``call_on_close``), when there is no queue or Redis
   cannot be reached: the server runs it once the page is sent;
3. now, outside a request (``tick``, the shell, other commands).

Whatever a job does must be safe to lose: the caller leaves its work findable (an email stays
``pending``), so ``tick`` finishes anything a lost job or a dead worker left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app, g, has_request_context
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

log = logging.getLogger("mentorhub.jobs")

QUEUE_KEY = "mentorhub.jobs.queue"


def queue_of(app: Flask) -> Queue | None:
    """The app's RQ queue (``QUEUE_URL``, ``QUEUE_NAME``), or None when no queue is set."""
    url = app.config.get("QUEUE_URL")
    if not url:
        return None
    queue = app.extensions.get(QUEUE_KEY)
    if queue is None:
        connection = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        queue = Queue(app.config.get("QUEUE_NAME", "mentorhub"), connection=connection)
        app.extensions[QUEUE_KEY] = queue
    return queue


def _run_in_app(app: Flask, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        with app.app_context():
            func(*args)
    except Exception:  # the response is gone: log it; tick does what is left
        log.exception("work after the response failed: %s", func.__qualname__)


def _run_all(app: Flask, work: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> None:
    for func, args in work:
        _run_in_app(app, func, args)


def run_later(func: Callable[..., Any], *args: Any) -> str:
    """Run ``func(*args)`` off the request path; returns how: ``"queue"``, ``"after response"``
    or ``"now"``. ``func`` must be a module-level function and ``args`` plain data (a job on the
    queue is pickled)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue = queue_of(app)
    if queue is not None:
        try:
            queue.enqueue(func, *args, result_ttl=0, failure_ttl=7 * 24 * 3600,
                          job_timeout=app.config.get("QUEUE_JOB_TIMEOUT", 300))
            return "queue"
        except RedisError as exc:
            log.warning("the job queue is unreachable (%s); %s runs after the response", exc, func.__qualname__)
    if has_request_context():
        g.setdefault(_AFTER_RESPONSE, []).append((func, args))
        return "after response"
    func(*args)
    return "now"


_AFTER_RESPONSE = "_mentorhub_after_response"


def init_app(app: Flask) -> None:
    """Run a request's :func:`run_later` work once its response has been sent.

    Registered first, so its after-request hook runs last and also takes work that other
    hooks added. A response sent straight from a file (``direct_passthrough``) is never
    closed by the server: its work runs before it is sent. Work added later still (while a
    body streams) runs at the request's teardown.
    """

    @app.after_request
    def _after_response(response):
        work = g.pop(_AFTER_RESPONSE, None)
        if work:
            if response.direct_passthrough:
                _run_all(app, work)
            else:
                response.call_on_close(lambda: _run_all(app, work))
        return response

    @app.teardown_request
    def _left_over(_error: BaseException | None) -> None:
        work = g.pop(_AFTER_RESPONSE, None)
        if work:
            _run_all(app, work)


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job in the same process (no fork: the database pool stays
    the parent's) inside a fresh app context, so every job gets its own session."""

    def __init__(self, *args: Any, app: Flask, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app = app

    def perform_job(self, *args: Any, **kwargs: Any) -> Any:
        """RQ's ``perform_job``, inside a fresh app context (its own database session)."""
        with self.app.app_context():
            return super().perform_job(*args, **kwargs)


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop (tests, cron).")
def worker_command(burst: bool) -> None:
    """Run queued jobs (emails) from Redis until stopped; needs REDIS_URL."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue = queue_of(app)
    if queue is None:
        raise click.ClickException(
            "No job queue: set REDIS_URL (or MENTORHUB_QUEUE_URL) to the Redis the web workers use. "
            "Without it, emails are sent after each response and by `flask mentorhub tick`.")
    try:
        queue.connection.ping()
    except RedisError as exc:
        raise click.ClickException(f"Redis at {app.config['QUEUE_URL']} is unreachable: {exc}") from exc
    click.echo(f"Working the queue {queue.name!r} on {app.config['QUEUE_URL']}" + (" (burst)" if burst else ""))
    worker = AppWorker([queue], connection=queue.connection, app=app)
    worker.work(burst=burst, logging_level=app.config.get("LOG_LEVEL", "INFO"), with_scheduler=False)
    click.echo("Worker stopped.")
