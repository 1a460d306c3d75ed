"""Load benchmark: mixed traffic from many clients at once (issue 16). (Not run by the tests.)

On PostgreSQL with the discovery data set (``discovery.prepare``: 20,000 professionals by
default) it serves the app with gunicorn (4 sync workers by default) on 127.0.0.1 and runs
three phases with the same number of concurrent clients (standard-library threads, one
connection per request, as ``bench_http``):

1. mixed traffic for ``--seconds`` (or ``--requests`` requests): the landing page, the
   professionals list, searches, public profiles, the dashboards and the inbox, and the
   writing flows through the real forms: students send chat requests (the request form, its
   CSRF token and offered times, ``action=send``), professionals accept them (inbox, the
   request's page, its accept form) and both write in a request's thread;
2. search pages only, and 3. ``/healthz`` only (the baseline of the same run), each for
   ``--baseline-seconds``.

Every response is checked to be the page it asked for (its status, or the redirect it should
answer, and a text of that page); 5xx, 429 and wrong pages count as errors, reported by kind
with a few examples. A refusal the app's rules give (a time just taken by another student,
a professional whose month is full) is the right page too: it is counted apart, not as an
error. At the end: throughput, p50/p95/p99 latency overall and per kind, the errors, SQL
checks that nobody got double-booked, and search throughput over ``/healthz`` throughput.

The rate limits stay on, raised for the one address all the load comes from (127.0.0.1);
the benchmark accounts' password hashes are set to a cheap method (log-ins are not what this
measures), with the same password as ``discovery_data``.

    .venv/bin/python benchmarks/load.py                          # 20,000 professionals
    .venv/bin/python benchmarks/load.py --reuse --clients 32 --seconds 60
    .venv/bin/python benchmarks/load.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/mentorhub_bench_small \\
        --professionals 500 --students 200 --seconds 10 --clients 8
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_http import Browser, Response, csrf_token, wait_until_up  # noqa: E402
from discovery import (  # noqa: E402
    DEFAULT_PG_URL,
    QUERY_WORDS,
    ensure_postgres_database,
    free_port,
    percentile,
    prepare,
    serve,
    server_env,
)
from discovery_data import PASSWORD, advance_sequences  # noqa: E402
from markupsafe import escape  # noqa: E402  (Jinja's escaping, so texts match)

# The load's settings on top of discovery.server_env (which raises the log-in limit). The
# per-account limits (requests, messages) are raised too: every client comes from 127.0.0.1
# and each account sends far more than a person would in an hour. Raised, not disabled, so
# the limiter's work stays in every request.
LOAD_SETTINGS = {
    "MENTORHUB_REQUEST_RATE_LIMIT": "100000 per hour",
    "MENTORHUB_MESSAGE_RATE_LIMIT": "100000 per hour",
    "MENTORHUB_RATELIMIT_ENABLED": "true",
    "MENTORHUB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}
PASSWORD_HASH_METHOD = LOAD_SETTINGS["MENTORHUB_PASSWORD_HASH_METHOD"]
# Actions of the mixed phase and their weights: (action, weight, what it does).
MIX = (
    ("home", 6, "GET / (anonymous visitor)"),
    ("browse", 12, "GET /professionals (student)"),
    ("search", 20, "GET /professionals?q=...&sort=best (student)"),
    ("profile", 18, "GET /professionals/<id> (student)"),
    ("student-dashboard", 8, "GET /dashboard (student)"),
    ("pro-dashboard", 5, "GET /dashboard (professional)"),
    ("inbox", 5, "GET /inbox (professional)"),
    ("send", 10, "request form GET, POST action=send, the request's page"),
    ("accept", 7, "as its professional: inbox, the request's page, POST accept, the page"),
    ("message", 9, "a request's page, POST a message, the page again"),
)
STUDENTS_PER_CLIENT = 6
PROS_PER_CLIENT = 2
PROGRESS_EVERY = 5.0
EXAMPLES = 3
INTRODUCTION = (
    "Hello! I study music business at Bench University and I am curious about what your "
    "work looks like day to day, how you got started, and what you wish you had known "
    "earlier. I would love to hear about it in a short chat."
)
TAKEN_TEXTS = ("That time was just taken", "already has a chat at that time")
# What the app's rules answer when a request cannot go (the right page: counted as refusals).
REFUSALS = (
    ("isn't one of the times", "a ticked time was taken meanwhile"),
    ("isn't offered any more", "a ticked time was taken meanwhile"),
    ("has already passed", "a ticked time has passed"),
    ("already has a chat at", "the student has a chat at that time"),
    ("already have a chat at", "the student has a chat at that time"),
    ("That time was just taken", "a ticked time was taken meanwhile"),
    ("all the chats they can this month", "the professional's month is full"),
    ("isn't taking new requests", "the professional is not taking requests"),
    ("already have a pending request", "already a pending request to them"),
    ("pending requests, the most", "the student has the most pending requests"),
    ("confirm your email", "the student's email is unconfirmed"),
)


# --- a little HTML -----------------------------------------------------------------------

_INPUT = re.compile(r"<input\b([^>]*)>", re.S)
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
_OPTION = re.compile(r"<option\b([^>]*)>", re.S)


def _attrs(text: str) -> dict[str, str]:
    return {k: html.unescape(v or "") for k, v in _ATTR.findall(text)}


def inputs(page: str, name: str) -> list[dict[str, str]]:
    """The attributes of every ``<input name=name>`` in ``page``."""
    found = (_attrs(m.group(1)) for m in _INPUT.finditer(page))
    return [a for a in found if a.get("name") == name]


def select_value(page: str, name: str) -> str | None:
    """The selected (else the first) option of ``<select name=name>``."""
    match = re.search(rf'<select\b[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    if not match:
        return None
    options = [_attrs(m.group(1)) for m in _OPTION.finditer(match.group(1))]
    chosen = [o for o in options if "selected" in o] or options
    return chosen[0].get("value") if chosen else None


def esc(text: str) -> str:
    """``text`` as the templates write it."""
    return str(escape(text))


def path_of(location: str | None) -> str:
    return urllib.parse.urlsplit(location or "").path


# --- what a client sees ------------------------------------------------------------------


@dataclass
class Stats:
    """One client's figures in one phase (merged at the end)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    actions: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_steps: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    refusals: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    requests: int = 0

    def merge(self, other: Stats) -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        for kind, values in other.examples.items():
            mine = self.examples.setdefault(kind, [])
            mine.extend(values[: max(0, EXAMPLES - len(mine))])
        self.actions.update(other.actions)
        self.errors.update(other.errors)
        self.error_steps.update(other.error_steps)
        self.refusals.update(other.refusals)
        self.outcomes.update(other.outcomes)
        self.requests += other.requests


@dataclass
class Student:
    id: int
    email: str
    name: str
    browser: Browser
    pending: int = 0
    pending_with: set[int] = field(default_factory=set)


@dataclass
class Sent:
    """A request this client's student sent in the run."""

    id: int
    professional_id: int
    student: Student


@dataclass
class World:
    """What every client reads (never writes): the data's people and the settings."""

    base: str
    password: str
    pro_names: dict[int, str]
    requestable: list[int]
    max_pending: int
    pro_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pro_ids = sorted(self.pro_names)


class Client:
    """One concurrent visitor at a time: an anonymous browser, a few students and
    professionals logged in, and the requests its students sent."""

    def __init__(self, number: int, world: World, rng: random.Random, students: list[tuple],
                 pros: list[int], threads: dict[int, list[int]]) -> None:
        self.number = number
        self.world = world
        self.rng = rng
        self.anonymous = Browser(world.base)
        self.students = [Student(sid, email, name, Browser(world.base))
                         for sid, email, name in students]
        self.pros: dict[int, Browser] = {}
        self.home_pros = pros
        self.sent: deque[Sent] = deque()
        # Threads to write in: (request id, student) from the data, then this run's requests.
        self.threads: list[tuple[int, Student]] = [
            (rid, s) for s in self.students for rid in threads.get(s.id, [])
        ]
        self.dead: set[int] = set()  # professionals its students can't ask now (full, no times)
        self.professional_of: dict[int, int] = {}  # this run's requests
        self.messages = 0
        self.stats = Stats()

    # -- one request, checked -------------------------------------------------------------

    def call(self, step: str, browser: Browser, method: str, path: str,
             form: dict | list | None = None) -> Response | None:
        started = time.perf_counter()
        try:
            response = browser.fetch(method, path, form)
        except OSError as error:
            self.stats.requests += 1
            self.error("connection", step, path, None, f"{type(error).__name__}: {error}")
            return None
        self.stats.latencies.setdefault(step, []).append((time.perf_counter() - started) * 1000)
        self.stats.requests += 1
        if response.status >= 500:
            self.error("server error (5xx)", step, path, response.status, _excerpt(response.text))
            return None
        if response.status == 429:
            self.error("rate limited (429)", step, path, 429, _excerpt(response.text))
            return None
        return response

    def error(self, kind: str, step: str, path: str, status: int | None, detail: str) -> None:
        self.stats.errors[kind] += 1
        self.stats.error_steps[f"{kind} / {step}"] += 1
        examples = self.stats.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES:
            examples.append(f"{step} {path} -> {status}: {detail}")

    def expect(self, step: str, path: str, response: Response | None, status: int = 200,
               markers: tuple[str, ...] = (), location: str | None = None) -> bool:
        """True when ``response`` is the page asked for; else an error is counted."""
        if response is None:
            return False  # already counted
        if response.status != status:
            where = f" to {response.location}" if response.location else ""
            self.error("wrong status", step, path, response.status,
                       f"answered {response.status}{where}, expected {status}; {_excerpt(response.text)}")
            return False
        if location is not None and path_of(response.location) != location:
            self.error("wrong page", step, path, response.status,
                       f"redirected to {response.location}, expected {location}")
            return False
        missing = [m for m in markers if m not in response.text]
        if missing:
            self.error("wrong page", step, path, response.status,
                       f"no {missing[0]!r} in the page; {_title(response.text)}")
            return False
        return True

    def get(self, step: str, browser: Browser, path: str, *markers: str) -> Response | None:
        response = self.call(step, browser, "GET", path)
        return response if self.expect(step, path, response, 200, markers) else None

    def login(self, browser: Browser, email: str, step: str = "login") -> bool:
        page = self.get(f"{step}-form", browser, "/login", "<h1>Welcome back</h1>")
        token = csrf_token(page.text) if page else None
        if page and not token:
            self.error("wrong page", f"{step}-form", "/login", page.status, "no CSRF token")
        if not token:
            return False
        form = {"email": email, "password": self.world.password, "csrf_token": token}
        response = self.call(step, browser, "POST", "/login", form)
        return self.expect(step, "/login", response, 302, location="/dashboard")

    def pro(self, professional_id: int) -> Browser | None:
        """A browser logged in as the professional (logging in on first use)."""
        browser = self.pros.get(professional_id)
        if browser is None:
            browser = Browser(self.world.base)
            if not self.login(browser, f"pro{professional_id}@bench.example"):
                return None
            self.pros[professional_id] = browser
        return browser

    # -- the actions ----------------------------------------------------------------------

    def act(self, action: str) -> None:
        if action == "accept" and not self.sent:
            action = "send"  # nothing to accept yet: a student asks first
        if action == "message" and not self.threads:
            action = "send"
        self.stats.actions[action] += 1
        getattr(self, "do_" + action.replace("-", "_"))()

    def student(self) -> Student:
        return self.rng.choice(self.students)

    def do_home(self) -> None:
        self.get("home", self.anonymous, "/", "<h1>Learn what a job is really like")

    def do_browse(self) -> None:
        self.get("browse", self.student().browser, "/professionals", "<h1>Find professionals</h1>")

    def do_search(self) -> None:
        word = self.rng.choice(QUERY_WORDS)
        path = f"/professionals?q={urllib.parse.quote_plus(word)}&sort=best"
        self.get("search", self.student().browser, path, "<h1>Find professionals</h1>",
                 f'value="{esc(word)}"')

    def do_profile(self) -> None:
        pid = self.rng.choice(self.world.pro_ids)
        name = self.world.pro_names[pid]
        self.get("profile", self.student().browser, f"/professionals/{pid}",
                 f"<h1>{esc(name)}</h1>", "Happy to talk about")

    def do_student_dashboard(self) -> None:
        s = self.student()
        self.get("student-dashboard", s.browser, "/dashboard", f"<h1>Hello, {esc(s.name)}</h1>",
                 "Find people whose jobs you")

    def _home_pro(self) -> tuple[int, Browser] | None:
        pid = self.rng.choice(self.home_pros)
        browser = self.pro(pid)
        return (pid, browser) if browser else None

    def do_pro_dashboard(self) -> None:
        chosen = self._home_pro()
        if chosen:
            pid, browser = chosen
            self.get("pro-dashboard", browser, "/dashboard",
                     f"<h1>Hello, {esc(self.world.pro_names[pid])}</h1>",
                     "Students ask you for short chats")

    def do_inbox(self) -> None:
        chosen = self._home_pro()
        if chosen:
            self.get("inbox", chosen[1], "/inbox", "<h1>Requests</h1>", 'id="pending-heading"')

    def do_send(self) -> None:
        """A student asks a professional for a chat, through the request form."""
        pick = self._pick_pair()
        if pick is None:
            self.stats.refusals["send: no student/professional pair left to ask"] += 1
            return
        s, pid = pick
        name = esc(self.world.pro_names[pid])
        path = f"/professionals/{pid}/request"
        page = self.get("request-form", s.browser, path,
                        f"<title>Request a chat with {name} · MentorHub</title>")
        if page is None:
            return
        if f'action="{path}"' not in page.text:  # a refusal by the rules instead of the form
            reason = refusal(page.text)
            if reason is None:
                self.error("wrong page", "request-form", path, page.status, "neither form nor reason")
            else:
                self.stats.refusals[f"send: {reason}"] += 1
                self.dead.add(pid)
            return
        token = csrf_token(page.text)
        times = [a["value"] for a in inputs(page.text, "times") if a.get("type") == "checkbox"]
        chat_format = select_value(page.text, "format")
        if not token or not chat_format:
            self.error("wrong page", "request-form", path, page.status, "no CSRF token or format")
            return
        if not times:
            self.stats.refusals["send: no free times offered"] += 1
            self.dead.add(pid)
            return
        form: list[tuple[str, str]] = [
            ("csrf_token", token),
            ("format", chat_format),
            ("introduction", INTRODUCTION),
            ("day_starts", select_value(page.text, "day_starts") or "8"),
            ("day_ends", select_value(page.text, "day_ends") or "22"),
            ("action", "send"),
        ]
        form += [("times", t) for t in self.rng.sample(times, min(len(times), self.rng.randint(1, 3)))]
        response = self.call("request-send", s.browser, "POST", path, form)
        if response is None:
            return
        reason = refusal(response.text) if response.status in (400, 403, 409) else None
        if reason and f"<title>Request a chat with {name} · MentorHub</title>" in response.text:
            self.stats.refusals[f"send: {reason}"] += 1
            return
        target = path_of(response.location)
        if not (self.expect("request-send", path, response, 302)
                and re.fullmatch(r"/requests/\d+", target)):
            if response.status == 302:
                self.error("wrong page", "request-send", path, 302, f"redirected to {target}")
            return
        request_id = int(target.rsplit("/", 1)[1])
        s.pending += 1
        s.pending_with.add(pid)
        self.sent.append(Sent(request_id, pid, s))
        self.professional_of[request_id] = pid
        self.threads.append((request_id, s))
        self.stats.outcomes["requests sent"] += 1
        self.get("request-page", s.browser, target, "Your request was sent to",
                 f"<h1>Your request to {name}</h1>")

    def _pick_pair(self) -> tuple[Student, int] | None:
        free = [s for s in self.students if s.pending < self.world.max_pending]
        if not free:
            return None
        for _ in range(20):
            s = self.rng.choice(free)
            pid = self.rng.choice(self.world.requestable)
            if pid not in s.pending_with and pid not in self.dead:
                return s, pid
        return None

    def do_accept(self) -> None:
        """The professional answers the oldest request this client's students sent: from the
        inbox to the request's page, and its accept form at one of the proposed times."""
        sent = self.sent.popleft()
        browser = self.pro(sent.professional_id)
        if browser is None:
            return
        link = f'href="/requests/{sent.id}"'
        if not self.get("inbox", browser, "/inbox", "<h1>Requests</h1>", link):
            return
        path = f"/requests/{sent.id}"
        page = self.get("request-page", browser, path,
                        f"<h1>Request from {esc(sent.student.name)}</h1>", 'id="accept-heading"')
        if page is None:
            return
        choices = [a["value"] for a in inputs(page.text, "start_at") if a.get("type") == "radio"]
        self.rng.shuffle(choices)
        if not choices:
            self.stats.refusals["accept: every proposed time has passed"] += 1
            return
        for n, start in enumerate(choices):
            token = csrf_token(page.text)
            if not token:
                self.error("wrong page", "request-page", path, page.status, "no CSRF token")
                return
            form = {"csrf_token": token, "start_at": start, "location": location(page.text, sent.id)}
            response = self.call("accept-post", browser, "POST", f"{path}/accept", form)
            if response is None:
                return
            if response.status == 409 and any(t in response.text for t in TAKEN_TEXTS):
                # The double-booking guard at work: another request got that time first.
                self.stats.refusals["accept: that time was just taken (guard)"] += 1
                page = response
                if n == len(choices) - 1:
                    self.stats.outcomes["requests left pending (every time taken)"] += 1
                continue
            if not self.expect("accept-post", f"{path}/accept", response, 302, location=path):
                return
            sent.student.pending -= 1
            sent.student.pending_with.discard(sent.professional_id)
            self.stats.outcomes["requests accepted (booked)"] += 1
            self.get("request-page", browser, path, "Booked!", "status-accepted")
            return

    def do_message(self) -> None:
        """A message in a request's thread: by the student, or now and then by the
        professional when this client has them logged in."""
        request_id, s = self.rng.choice(self.threads)
        path = f"/requests/{request_id}"
        browser, heading = s.browser, "<h1>Your request to "
        pid = self.professional_of.get(request_id)
        if pid in self.pros and self.rng.random() < 0.3:
            browser, heading = self.pros[pid], "<h1>Request from "
        page = self.get("request-page", browser, path, heading, 'id="thread-heading"',
                        f'action="{path}/messages"')
        token = csrf_token(page.text) if page else None
        if page and not token:
            self.error("wrong page", "request-page", path, page.status, "no CSRF token")
        if not token:
            return
        self.messages += 1
        body = f"Load message {self.number}-{self.messages}: could we also talk about touring?"
        response = self.call("message-post", browser, "POST", f"{path}/messages",
                             {"csrf_token": token, "body": body})
        if not self.expect("message-post", f"{path}/messages", response, 302, location=path):
            return
        self.stats.outcomes["messages posted"] += 1
        self.get("request-page", browser, path, "Message sent.", esc(body))

    # -- the baseline phases --------------------------------------------------------------

    def do_search_only(self) -> None:
        self.do_search()

    def do_healthz(self) -> None:
        response = self.call("healthz", self.anonymous, "GET", "/healthz")
        if self.expect("healthz", "/healthz", response, 200):
            try:
                ok = json.loads(response.text).get("status") == "ok"
            except ValueError:
                ok = False
            if not ok:
                self.error("wrong page", "healthz", "/healthz", 200, _excerpt(response.text))


def _excerpt(text: str) -> str:
    title = _title(text)
    return title if title != "no title" else " ".join(text.split())[:100]


def _title(text: str) -> str:
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    title = f"title {html.unescape(match.group(1)).strip()!r}" if match else "no title"
    # What a refused form says: its alert, or its fields' errors.
    said = re.search(r'<div class="form-errors" role="alert"[^>]*>(.*?)</div>', text, re.S)
    said = said or re.search(r'<p class="error"[^>]*>(.*?)</p>', text, re.S)
    if said:
        words = html.unescape(re.sub(r"<[^>]+>", " ", said.group(1))).split()
        title += f"; it says {' '.join(words[:40])!r}"
    return title


# Where the chat happens, by the accept form's label for the request's format.
LOCATIONS = (
    ('<label for="location">Phone number', "+44 20 7946 0958"),
    ('<label for="location">Where to meet', "Bench Café, 12 High Street"),
)


def location(page: str, request_id: int) -> str:
    """What a professional types as the chat's place on a request's page: a phone number, an
    address, or (for video) a link."""
    return next((text for label, text in LOCATIONS if label in page),
                f"https://meet.example.org/bench-{request_id}")


def refusal(text: str) -> str | None:
    """Which of the app's refusals ``text`` (a page) gives, if any."""
    return next((short for phrase, short in REFUSALS if esc(phrase) in text
                 or phrase in text), None)


# --- the data ----------------------------------------------------------------------------


def engine_for(url: str):
    from sqlalchemy import create_engine

    return create_engine(url)


def ready_for_writes(url: str, password: str) -> int:
    """Give every benchmark account (``@bench.example``) the same password with a cheap hash,
    so logging in many clients costs little, and move the id sequences past the data's ids
    (data a previous run left may predate that step); returns how many accounts."""
    from sqlalchemy import text
    from werkzeug.security import generate_password_hash

    engine = engine_for(url)
    with engine.begin() as conn:
        advance_sequences(conn)
        changed = conn.execute(
            text("UPDATE users SET password_hash = :h WHERE email LIKE '%@bench.example'"),
            {"h": generate_password_hash(password, method=PASSWORD_HASH_METHOD)},
        ).rowcount
    engine.dispose()
    return changed


def read_world(url: str, clients: int, rng: random.Random) -> tuple[dict, list, list, dict, int]:
    """From the database: professionals' names, those who can be asked now, students
    without pending requests (for the clients), their existing requests (threads), and the
    largest booking id so far."""
    from sqlalchemy import text

    engine = engine_for(url)
    with engine.connect() as conn:
        names = dict(conn.execute(text(
            "SELECT id, display_name FROM users WHERE role = 'professional' AND deleted_at IS NULL"
            " AND suspended_at IS NULL ORDER BY id")).all())
        requestable = [row[0] for row in conn.execute(text(
            "SELECT u.id FROM users u JOIN professional_profiles p ON p.user_id = u.id"
            " WHERE p.accepting_requests AND p.next_free_at IS NOT NULL"
            " AND u.suspended_at IS NULL AND u.deleted_at IS NULL"
            " AND u.email LIKE 'pro%@bench.example'"
            " AND p.monthly_capacity > (SELECT count(*) FROM bookings b"
            "   WHERE b.professional_id = u.id"
            "   AND b.start_at >= date_trunc('month', now())"
            "   AND b.start_at < date_trunc('month', now()) + interval '1 month')"
            " ORDER BY u.id")).all()]
        students = [tuple(row) for row in conn.execute(text(
            "SELECT u.id, u.email, u.display_name FROM users u WHERE u.role = 'student'"
            " AND u.email LIKE 'student%@bench.example' AND u.deleted_at IS NULL"
            " AND u.suspended_at IS NULL AND u.email_confirmed_at IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM chat_requests r WHERE r.student_id = u.id"
            "   AND r.status = 'pending') ORDER BY u.id")).all()]
        wanted = min(len(students), clients * STUDENTS_PER_CLIENT)
        students = rng.sample(students, wanted)
        threads: dict[int, list[int]] = {}
        if students:
            rows = conn.execute(text(
                "SELECT student_id, id FROM chat_requests WHERE student_id = ANY(:ids) ORDER BY id"),
                {"ids": [s[0] for s in students]}).all()
            for sid, rid in rows:
                threads.setdefault(sid, []).append(rid)
        last_booking = conn.scalar(text("SELECT coalesce(max(id), 0) FROM bookings"))
    engine.dispose()
    return names, requestable, students, threads, last_booking


def booking_checks(url: str, last_booking: int) -> tuple[dict[str, int], bool]:
    """The double-booking checks, in SQL on the database."""
    from sqlalchemy import text

    overlap = (
        "SELECT count(*) FROM bookings a JOIN bookings b ON a.{who} = b.{who} AND a.id < b.id"
        " WHERE a.active AND b.active AND a.start_at < b.end_at AND b.start_at < a.end_at"
    )
    checks = {
        "pairs of overlapping active bookings of one professional": overlap.format(who="professional_id"),
        "pairs of overlapping active bookings of one student": overlap.format(who="student_id"),
        "requests with more than one booking": "SELECT count(*) FROM (SELECT request_id FROM bookings"
        " GROUP BY request_id HAVING count(*) > 1) AS many",
        "accepted requests without an active booking": "SELECT count(*) FROM chat_requests r"
        " WHERE r.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM bookings b"
        " WHERE b.request_id = r.id AND b.active)",
    }
    engine = engine_for(url)
    with engine.connect() as conn:
        found = {label: conn.scalar(text(sql)) or 0 for label, sql in checks.items()}
        made = conn.scalar(text("SELECT count(*) FROM bookings WHERE id > :last"), {"last": last_booking})
    engine.dispose()
    ok = all(v == 0 for v in found.values())
    found["bookings made in this run"] = made or 0
    return found, ok


# --- running the phases ------------------------------------------------------------------


def run_phase(label: str, clients: list[Client], choose, seconds: float,
              max_requests: int | None = None) -> tuple[Stats, float]:
    """Every client acts in its own thread until the time (or the request count) is up;
    a progress line every few seconds. Returns the merged figures and the elapsed time."""
    for client in clients:
        client.stats = Stats()
    stop = threading.Event()
    failures: list[str] = []

    def work(client: Client) -> None:
        try:
            while not stop.is_set():
                client.act(choose(client.rng))
        except Exception as error:  # noqa: BLE001 - a client's bug must not hang the run
            failures.append(f"client {client.number}: {type(error).__name__}: {error}")
            raise

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    last_time, last_count = started, 0
    while True:
        time.sleep(0.1)
        now = time.monotonic()
        done = sum(c.stats.requests for c in clients)
        if now - started >= seconds or (max_requests is not None and done >= max_requests) or \
                not any(t.is_alive() for t in threads):
            stop.set()
            break
        if now - last_time >= PROGRESS_EVERY:
            errors = sum(sum(c.stats.errors.values()) for c in clients)
            rate = (done - last_count) / (now - last_time)
            print(f"  {label}: {now - started:5.1f}s  {done:,} requests  {rate:,.0f} req/s now"
                  f"  {errors:,} errors", flush=True)
            last_time, last_count = now, done
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started
    if failures:
        raise SystemExit("the load generator failed: " + "; ".join(failures[:3]))
    merged = Stats()
    for client in clients:
        merged.merge(client.stats)
    print(f"  {label}: done, {merged.requests:,} requests in {elapsed:.1f}s", flush=True)
    return merged, elapsed


def weighted(items: tuple) -> Callable[[random.Random], str]:
    names = [name for name, _weight, _what in items]
    weights = [weight for _name, weight, _what in items]
    return lambda rng: rng.choices(names, weights)[0]


def report_latency(stats: Stats, elapsed: float, order: list[str] | None = None) -> None:
    every = [v for values in stats.latencies.values() for v in values]
    errors = sum(stats.errors.values())
    rate = stats.requests / elapsed if elapsed else 0.0
    share = errors / stats.requests if stats.requests else 0.0
    print(f"  throughput: {stats.requests:,} requests in {elapsed:.1f}s = {rate:,.1f} req/s;"
          f" errors: {errors:,} ({share:.2%})")
    print(f"  {'kind':<20}{'count':>8}{'req/s':>9}{'p50':>10}{'p95':>10}{'p99':>10}")
    kinds = [k for k in (order or []) if k in stats.latencies]
    kinds += sorted(k for k in stats.latencies if k not in kinds)
    rows = [("all", every)] + [(k, stats.latencies[k]) for k in kinds]
    for kind, values in rows:
        if not values:
            continue
        print(f"  {kind:<20}{len(values):>8,}{len(values) / elapsed:>9.1f}"
              f"{percentile(values, 0.50):>8.1f}ms{percentile(values, 0.95):>8.1f}ms"
              f"{percentile(values, 0.99):>8.1f}ms")


def report_errors(stats: Stats) -> None:
    if not stats.errors:
        print("  errors: none (every response was the page asked for)")
        return
    print("  errors by kind:")
    for kind, count in stats.errors.most_common():
        steps = ", ".join(f"{s.split(' / ', 1)[1]} {n}" for s, n in stats.error_steps.most_common()
                          if s.startswith(kind + " / "))
        print(f"    {kind}: {count:,} ({steps})")
        for example in stats.examples.get(kind, []):
            print(f"      e.g. {example}")


STEP_ORDER = ["home", "browse", "search", "profile", "student-dashboard", "pro-dashboard", "inbox",
              "request-form", "request-send", "request-page", "accept-post", "message-post",
              "login-form", "login", "healthz"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=DEFAULT_PG_URL,
                        help="PostgreSQL URL (the database is created if missing)")
    parser.add_argument("--professionals", type=int, default=20_000)
    parser.add_argument("--students", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (threads)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the mixed phase")
    parser.add_argument("--requests", type=int, default=None,
                        help="end the mixed phase after this many requests instead of after --seconds"
                        " (with both, whichever comes first)")
    parser.add_argument("--baseline-seconds", type=float, default=10.0,
                        help="length of each of the search-only and /healthz-only phases")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--reuse", action="store_true", help="load the data a previous run left")
    parser.add_argument("--seed", type=int, default=7, help="seed of the traffic (the data's is fixed)")
    args = parser.parse_args()
    if args.requests is not None and args.seconds == parser.get_default("seconds"):
        args.seconds = 3600.0  # a request count alone bounds the phase

    from sqlalchemy.engine import make_url

    from mentorhub.config import Defaults, normalise_database_url

    url = normalise_database_url(args.db_url)
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        raise SystemExit("the load benchmark runs on PostgreSQL: --db-url postgresql+psycopg://...")
    if target.database == "test" or (target.database or "").startswith("test_gw"):
        raise SystemExit(f"refusing database {target.database!r}: the test suite uses it")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Links in emails and calendar files point to the benchmark's own server.
    load_settings = {**LOAD_SETTINGS, "MENTORHUB_SITE_URL": base}
    settings = {**server_env(url), **load_settings}
    rng = random.Random(args.seed)
    print("MentorHub load benchmark (mixed traffic from concurrent clients)")
    print(f"  database: {target.render_as_string(hide_password=True)}")
    print(f"  data: {'reused from a previous run (--reuse)' if args.reuse else 'fresh'}"
          + ("" if args.reuse else f", {args.professionals:,} professionals, {args.students:,} students"))
    print(f"  server: gunicorn, {args.workers} sync workers, on 127.0.0.1")
    print(f"  clients: {args.clients} concurrent, all from 127.0.0.1; mixed phase "
          + (f"{args.requests:,} requests" if args.requests else f"{args.seconds:g}s")
          + f", then search-only and /healthz-only {args.baseline_seconds:g}s each; seed {args.seed}")
    print("  app settings (environment of the workers):")
    for name, value in sorted(settings.items()):
        if name == "DATABASE_URL":
            value = target.render_as_string(hide_password=True)
        if name != "MENTORHUB_SECRET_KEY":
            print(f"    {name}={value}")
    print("    (rate limits raised for the load's one address, not disabled; per-worker memory storage;"
          " plain-HTTP cookies)")
    print(f"  mix (weights of the actions; {sum(w for _n, w, _x in MIX)} in all):")
    for name, weight, what in MIX:
        print(f"    {name:<18}{weight:>3}  {what}")

    print("\n== data")
    ensure_postgres_database(url)
    if not args.reuse:
        prepare(url, args.professionals, args.students)
    accounts = ready_for_writes(url, PASSWORD)
    print(f"  {accounts:,} benchmark accounts log in with the data's password"
          f" (hash {PASSWORD_HASH_METHOD})")
    names, requestable, students, threads, last_booking = read_world(url, args.clients, rng)
    print(f"  {len(names):,} professionals ({len(requestable):,} can be asked now),"
          f" {len(students):,} students without pending requests for the clients")
    if not names or not requestable or len(students) < args.clients:
        raise SystemExit("not enough data for the load: run without --reuse (or with more students)")

    max_pending = os.environ.get("MENTORHUB_MAX_PENDING_REQUESTS", Defaults.MAX_PENDING_REQUESTS)
    world = World(base, PASSWORD, names, requestable, int(max_pending))
    pro_pool = rng.sample(requestable, min(len(requestable), args.clients * PROS_PER_CLIENT))
    clients = []
    for n in range(args.clients):
        own = students[n::args.clients]
        pros = pro_pool[n::args.clients] or [rng.choice(requestable)]
        clients.append(Client(n + 1, world, random.Random(args.seed * 1000 + n), own, pros, threads))

    server = serve(url, port, workers=args.workers, settings=load_settings)
    try:
        wait_until_up(f"{base}/healthz", timeout=60)
        print(f"\n== logging in and warming up ({args.clients} clients)")
        setup(clients)
        print("\n== mixed traffic")
        mixed, mixed_elapsed = run_phase("mixed", clients, weighted(MIX), args.seconds, args.requests)
        print("\n== search pages only (same clients)")
        search, search_elapsed = run_phase("search", clients, lambda rng: "search-only",
                                           args.baseline_seconds)
        print("\n== /healthz only (same clients)")
        health, health_elapsed = run_phase("healthz", clients, lambda rng: "healthz",
                                           args.baseline_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\n== results: {args.clients} clients, {args.workers} workers, {len(names):,} professionals")
    print(f"\n  mixed traffic, {mixed_elapsed:.1f}s")
    print("  actions: " + ", ".join(f"{name} {mixed.actions[name]:,}" for name, _w, _x in MIX))
    report_latency(mixed, mixed_elapsed, STEP_ORDER)
    if mixed.outcomes:
        print("  done: " + ", ".join(f"{n:,} {what}" for what, n in mixed.outcomes.items()))
    if mixed.refusals:
        print("  refused by the app's rules (the right page, not errors):")
        for what, n in mixed.refusals.most_common():
            print(f"    {what}: {n:,}")
    report_errors(mixed)

    for label, stats, elapsed in (("search pages only", search, search_elapsed),
                                  ("/healthz only", health, health_elapsed)):
        print(f"\n  {label}, {elapsed:.1f}s")
        report_latency(stats, elapsed)
        report_errors(stats)

    search_rate = search.requests / search_elapsed
    health_rate = health.requests / health_elapsed
    print(f"\n  search throughput / healthz throughput: {search_rate:,.1f} / {health_rate:,.1f} req/s"
          f" = {search_rate / health_rate:.3f}" if health_rate else "\n  no /healthz throughput")

    print("\n  double-booking checks (SQL on the database):")
    found, booked_ok = booking_checks(url, last_booking)
    for label, count in found.items():
        print(f"    {label}: {count:,}")
    accepted = mixed.outcomes["requests accepted (booked)"]
    if found["bookings made in this run"] != accepted:
        booked_ok = False
        print(f"    MISMATCH: the load saw {accepted:,} accepts")
    errors = sum(mixed.errors.values()) + sum(search.errors.values()) + sum(health.errors.values())
    print(f"\n{'OK' if errors == 0 and booked_ok else 'PROBLEMS'}: {errors:,} errors,"
          f" double-booking checks {'passed' if booked_ok else 'FAILED'}")
    sys.exit(0 if errors == 0 and booked_ok else 1)


def setup(clients: list[Client]) -> None:
    """Each client logs in its students and professionals and opens each page once (not
    measured: the workers compile templates and fill caches)."""
    total = sum(len(c.students) + len(c.home_pros) for c in clients)
    failures: list[str] = []

    def work(client: Client) -> None:
        for s in client.students:
            if not client.login(s.browser, s.email):
                failures.append(s.email)
        for pid in client.home_pros:
            if client.pro(pid) is None:
                failures.append(f"pro{pid}@bench.example")
        for action in ("home", "browse", "search", "profile", "student-dashboard", "pro-dashboard", "inbox"):
            client.act(action)

    for client in clients:
        client.stats = Stats()
    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    last = started
    while any(t.is_alive() for t in threads):
        time.sleep(0.1)
        if time.monotonic() - last >= PROGRESS_EVERY:
            last = time.monotonic()
            done = sum(len(c.stats.latencies.get("login", [])) for c in clients)
            print(f"  logged in {done:,}/{total:,} accounts ({last - started:.0f}s)", flush=True)
    merged = Stats()
    for client in clients:
        merged.merge(client.stats)
    print(f"  logged in {total - len(failures):,}/{total:,} accounts and warmed up"
          f" in {time.monotonic() - started:.1f}s")
    if failures or merged.errors:
        report_errors(merged)
        raise SystemExit(f"setup failed ({len(failures)} log-ins failed)")


if __name__ == "__main__":
    main()
