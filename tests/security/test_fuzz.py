"""Hostile input never breaks a page: every form and query string of the app (found in
``app.url_map``, plugins' routes included) gets random and hostile values (wrong types, NUL
and control characters, huge and negative numbers, far dates, unknown zones, files for text,
bad cookies), as each kind of user: never a 500, never a traceback in the log.

Hypothesis runs derandomised with a bounded number of examples (the ``ci`` profile), so a run
is repeatable and takes seconds."""

from __future__ import annotations

import io
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from walk_support import make_walk_data, route_urls

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=300,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("ci")

# Every field name the app's forms use, and a few they do not.
NAMES = [
    "action",
    "body",
    "reason",
    "introduction",
    "format",
    "times",
    "start_at",
    "location",
    "decline_note",
    "ask_note",
    "learn_note",
    "own",
    "picks",
    "questions-0",
    "questions-1",
    "questions-99999",
    "display_name",
    "timezone",
    "email",
    "password",
    "confirm",
    "new_password",
    "current_password",
    "role",
    "remember",
    "headline",
    "company",
    "industry",
    "bio",
    "topics",
    "interests",
    "school",
    "programme",
    "graduation_year",
    "monthly_capacity",
    "chat_minutes",
    "min_notice_hours",
    "horizon_days",
    "buffer_minutes",
    "weekday",
    "start_time",
    "end_time",
    "day",
    "note",
    "q",
    "topic",
    "sort",
    "page",
    "free_soon",
    "accepting",
    "next",
    "send_anyway",
    "enabled",
    "undo",
    "from",
    "city",
    "offers_video",
    "offers_phone",
    "offers_in_person",
    "accepting_requests",
    "will_not_do",
    "goals",
    "unknown_field",
    "csrf_token",
]
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\x00\x01\x1b[2J",
            "\u202e\u200b",
            "-1",
            "0",
            "-99999999999999999999",
            "1e309",
            "99999999999999999999999",
            "NaN",
            "inf",
            "2027-02-30",
            "9999-12-31T23:59:59+00:00",
            "0001-01-01",
            "1970-01-01T00:00:00",
            "not-a-date",
            "Mars/Olympus",
            "Europe/London\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "%00",
            "true",
            "[]",
            "{}",
            "up-99999",
            "remove--1",
            "x" * 5000,
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
FORM = st.dictionaries(st.sampled_from(NAMES), st.one_of(HOSTILE, st.lists(HOSTILE, max_size=3)), max_size=8)
ROLES = ("anonymous", "student", "professional", "admin")


@pytest.fixture
def walk(app, make_user, login, caplog):
    data = make_walk_data(app, make_user)
    clients = {}
    for role in ROLES:
        client = app.test_client()
        if data.get(role) is not None:
            login(client, data[role])
        clients[role] = client
    caplog.set_level(logging.ERROR)
    # Logging out would leave that client anonymous for the rest of the run.
    posts = route_urls(app, data, "POST", {"accounts.logout": "ends the session the other examples use"})
    return data, clients, posts, route_urls(app, data, "GET", {"static": "files"})


def _check(response, caplog, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    tracebacks = [r for r in caplog.records if r.exc_info and not r.name.startswith("mentorhub.plugins")]
    assert not tracebacks, f"{what}: {tracebacks[0].getMessage()}"


def test_every_post_survives_hostile_forms(walk, caplog):
    _data, clients, posts, _gets = walk

    @given(
        url=st.sampled_from(posts),
        role=st.sampled_from(ROLES),
        form=FORM,
        with_file=st.integers(0, 4).map(lambda n: n == 0),
    )
    def post(url, role, form, with_file):
        caplog.clear()
        body = {k: v for k, v in form.items()}
        if with_file:
            body["body"] = (io.BytesIO(b"\x00\xff" * 100), "x.bin")
        response = clients[role].post(url, data=body, content_type="multipart/form-data")
        _check(response, caplog, f"POST {url} as {role} with {form!r}")

    post()


def test_every_page_survives_hostile_query_strings_and_cookies(walk, caplog):
    _data, clients, _posts, gets = walk

    @given(
        url=st.sampled_from(gets),
        role=st.sampled_from(ROLES),
        query=FORM,
        cookie=st.sampled_from(["", "\x00", "garbage", "a" * 4000, "e30.e30.e30"]),
    )
    def get(url, role, query, cookie):
        caplog.clear()
        client = clients[role]
        client.set_cookie("tz", cookie or "UTC", domain="localhost")
        response = client.get(url, query_string=query)
        _check(response, caplog, f"GET {url} as {role} with {query!r}, tz={cookie!r}")

    get()


def test_a_garbled_session_cookie_is_a_fresh_visit(app, client):
    client.set_cookie("session", "not.a.valid.cookie\x00", domain="localhost")
    assert client.get("/dashboard").status_code == 302
    client.set_cookie("remember_token", "1|" + "x" * 300, domain="localhost")
    assert client.get("/").status_code == 200


def test_a_huge_body_is_refused_short_and_not_echoed(app, client, make_user, login):
    login(client, make_user("student"))
    response = client.post("/account", data={"display_name": "x" * (2 * 1024 * 1024), "timezone": "UTC"})
    assert response.status_code == 413
    assert len(response.get_data()) < 20_000
