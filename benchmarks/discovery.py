"""Discovery benchmark: is the search page fast on a large database? (Not run by the tests.)

For each database (SQLite and/or PostgreSQL) it fills a fresh database with 20,000
professionals, 5,000 students, their availability and about 20,000 chat requests (bulk
inserts, with a progress line), sets every ``next_free_at`` through the scheduling service,
serves the app with gunicorn (one worker) on 127.0.0.1, logs in students, and measures one
request at a time, interleaved in random order:

- ``search-topic``: best match with a topic filter (a random topic, a random student);
- ``search-text``: best match with a text query (a random word, a random student);
- ``healthz``: the trivial route, the baseline of the same run.

It prints the median and p95 latency of each and the ratio of the medians. Targets: search
median at most 25x the healthz median, and search p95 under 50 ms, on both databases.

    .venv/bin/python benchmarks/discovery.py                  # both databases
    .venv/bin/python benchmarks/discovery.py --db sqlite --requests 300
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_http import Browser, wait_until_up  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/mentorhub_bench"
TARGET_RATIO = 25.0
TARGET_P95_MS = 50.0
QUERY_WORDS = (
    "tour",
    "manager",
    "publishing",
    "sync",
    "licensing",
    "acme",
    "mixing",
    "studio",
    "records",
    "royalty",
    "booking",
    "agent",
    "festival",
    "marketing",
    "streaming",
    "composer",
    "chen",
    "silva",
    "venue",
    "merch",
    "radio",
    "journalist",
    "lawyer",
    "game audio",
    "live sound",
    "a&r",
)


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
            print(f"  created database {target.database}")
    admin.dispose()


def prepare(url: str, professionals: int, students: int) -> dict:
    """A fresh schema (``db.create_all()``) filled with the data set; returns login data."""
    from discovery_data import fill, set_next_free_times

    from mentorhub import create_app
    from mentorhub.discovery.search_index import rebuild
    from mentorhub.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "LOG_LEVEL": "WARNING"}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.monotonic()
        data = fill(professionals, students)
        set_next_free_times()
        print(f"  search index: {rebuild():,} documents")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # What autovacuum / a nightly job would have done on a real database.
            conn.exec_driver_sql(
                "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
            )
        print(f"  data ready in {time.monotonic() - started:.1f}s")
        db.engine.dispose()
    return data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(url: str) -> dict[str, str]:
    """The app's settings for a benchmark server (on top of the environment): login rate
    limit raised for the load, limits in memory, plain-HTTP cookies, warnings only."""
    return {
        "DATABASE_URL": url,
        "MENTORHUB_SECRET_KEY": secrets.token_hex(32),
        "MENTORHUB_LOGIN_RATE_LIMIT": "100000 per minute",
        "MENTORHUB_RATELIMIT_STORAGE_URI": "memory://",
        "MENTORHUB_LOG_LEVEL": "WARNING",
        # Plain HTTP on 127.0.0.1: the session cookie must not be Secure-only.
        "MENTORHUB_SESSION_COOKIE_SECURE": "false",
    }


def serve(
    url: str, port: int, workers: int = 1, settings: dict[str, str] | None = None
) -> subprocess.Popen:
    """gunicorn with ``workers`` workers against ``url``, with :func:`server_env` (and
    ``settings`` on top)."""
    env = dict(os.environ)
    env.update(server_env(url))
    env.update(settings or {})
    env.pop("REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(fraction * (len(ordered) - 1))), len(ordered) - 1)]


def measure(
    port: int, data: dict, logins: int, requests: int, rng: random.Random
) -> dict[str, list[float]]:
    """Log in ``logins`` random students, then time ``requests`` of each kind, interleaved."""
    from discovery_data import TOPICS

    from mentorhub.profiles.services import slugify_topic

    base = f"http://127.0.0.1:{port}"
    browsers = []
    for email in rng.sample(data["student_emails"], logins):
        browser = Browser(base)
        browser.login(email, data["password"])
        browsers.append(browser)
    print(f"  logged in {len(browsers)} students")
    kinds = ["healthz", "search-topic", "search-text"] * requests
    rng.shuffle(kinds)
    for browser in browsers[:5]:  # warm up the worker (imports, template compilation, caches)
        browser.get("/healthz")
        browser.get("/professionals?topic=touring")
        browser.get("/professionals?q=tour")
    timings: dict[str, list[float]] = {"healthz": [], "search-topic": [], "search-text": []}
    for n, kind in enumerate(kinds, 1):
        browser = rng.choice(browsers)
        if kind == "healthz":
            path = "/healthz"
        elif kind == "search-topic":
            path = f"/professionals?topic={slugify_topic(rng.choice(TOPICS))}&sort=best"
        else:
            words = urllib.parse.quote_plus(rng.choice(QUERY_WORDS))
            path = f"/professionals?q={words}&sort=best"
        started = time.perf_counter()
        status = browser.get(path)
        timings[kind].append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        if n % 100 == 0 or n == len(kinds):
            sys.stdout.write(f"\r  measured {n:,}/{len(kinds):,} requests   ")
            sys.stdout.flush()
    print()
    return timings


def report(name: str, timings: dict[str, list[float]]) -> bool:
    """Print the figures of one database; True when the targets are met."""
    health = statistics.median(timings["healthz"])
    ok = True
    print(f"\n  {name}: {len(timings['healthz'])} requests of each kind")
    print(f"  {'route':<14}{'median':>10}{'p95':>10}{'ratio':>9}")
    for kind, values in timings.items():
        median = statistics.median(values)
        p95 = percentile(values, 0.95)
        ratio = median / health
        line = f"  {kind:<14}{median:>8.2f}ms{p95:>8.2f}ms{ratio:>8.1f}x"
        if kind != "healthz":
            good = ratio <= TARGET_RATIO and p95 < TARGET_P95_MS
            ok = ok and good
            line += (
                "  ok"
                if good
                else f"  MISSED (target <= {TARGET_RATIO:.0f}x, p95 < {TARGET_P95_MS:.0f} ms)"
            )
        print(line)
    return ok


def run(name: str, url: str, args: argparse.Namespace) -> bool:
    print(f"\n== {name}: {url}")
    if name == "postgres":
        ensure_postgres_database(url)
    if args.reuse:
        from discovery_data import PASSWORD

        data = {
            "student_emails": [f"student{n}@bench.example" for n in range(1, args.students + 1)],
            "password": PASSWORD,
        }
        print("  reusing the data already there (--reuse)")
    else:
        data = prepare(url, args.professionals, args.students)
    port = free_port()
    server = serve(url, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", timeout=60)
        timings = measure(port, data, args.logins, args.requests, random.Random(args.seed))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(name, timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--pg-url",
        default=DEFAULT_PG_URL,
        help="PostgreSQL URL (the database is created if missing)",
    )
    parser.add_argument("--sqlite-path", default=str(HERE / "out" / "discovery.sqlite"))
    parser.add_argument("--professionals", type=int, default=20_000)
    parser.add_argument("--students", type=int, default=5_000)
    parser.add_argument("--logins", type=int, default=40, help="students logged in for the load")
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="measure the data a previous run left")
    args = parser.parse_args()

    results = {}
    if args.db in ("sqlite", "both"):
        path = Path(args.sqlite_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if not args.reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        results["sqlite"] = run("sqlite", f"sqlite:///{path}", args)
    if args.db in ("postgres", "both"):
        from mentorhub.config import normalise_database_url

        results["postgres"] = run("postgres", normalise_database_url(args.pg_url), args)
    print()
    for name, ok in results.items():
        print(f"{name}: {'targets met' if ok else 'targets missed'}")
    sys.exit(0 if all(results.values()) else 1)


if __name__ == "__main__":
    main()
