"""The authorisation matrix: every route that shows or changes one person's object (found in
``app.url_map``) is tried by every kind of user who does not own it, with a valid CSRF token
and plausible fields: 403 or 404 (anonymous visitors are sent to log in), and nothing
changes. A route naming an argument this table does not know fails the test, so a new
object route must say who owns it."""

from __future__ import annotations

import pytest
from flask import url_for
from walk_support import FIELDS, make_walk_data, snapshot

# Route argument -> the people of the walk data who own that object.
OWNERS = {
    "request_id": ("student", "professional"),
    "booking_id": ("student", "professional"),
    "nudge_id": ("student",),
    "referral_id": ("professional",),  # the person introduced answers it
    "note_id": ("student",),
    "window_id": ("professional",),
    "blackout_id": ("professional",),
}
# Arguments that name no one's private object, and why.
NOT_OBJECTS = {
    "user_id": "a professional's public page, and the buttons about them, are for every student; a club's "
               "members page is for its club admins (tests/clubs); blocking and reporting someone is for "
               "whoever has met them (tests/accounts/test_blocking.py, tests/safety)",
    "token": "the signed token is the secret; bad tokens are refused by their own tests",
    "name": "admin routes: tests/plugins/test_plugin_admin.py refuses everyone but admins",
    "club_id": "admin routes, as above",
    "slug": "a club's page is public; only its member list is for members, and its members, plugins and "
            "dashboard pages refuse everyone but its club admins (tests/clubs)",
    "invite_id": "club admins' routes, as above (tests/clubs/test_club_membership.py)",
    "state": "on or off, in a club admins' route, as above",
    "filename": "static files",
    "report_id": "site admins' reports queue: tests/safety/test_reports.py refuses everyone but admins",
}


@pytest.fixture
def world(app, make_user):
    data = make_walk_data(app, make_user)
    data["stranger_student"] = make_user("student")
    data["stranger_professional"] = make_user("professional")
    return data


def object_routes(app) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(endpoint, rule, methods)`` of every route with an owned object."""
    routes, unknown = [], []
    for rule in app.url_map.iter_rules():
        arguments = set(rule.arguments)
        strange = arguments - set(OWNERS) - set(NOT_OBJECTS)
        if strange:
            unknown.append(f"{rule.rule} ({rule.endpoint}): {', '.join(sorted(strange))}")
        elif arguments & set(OWNERS):
            routes.append((rule.endpoint, rule.rule, tuple(sorted(rule.methods - {"HEAD", "OPTIONS"}))))
    assert not unknown, (
        "Say who owns these route arguments in OWNERS (or why not in NOT_OBJECTS):\n" + "\n".join(unknown)
    )
    return routes


def urls_for(app, data, endpoint: str) -> list[str]:
    """The route with each object of its kind in the walk data (all three requests)."""
    values = {"booking_id": [data["booking"]], "nudge_id": [data["nudge"]], "note_id": [data["note"]],
              "referral_id": [data["referral"]],
              "window_id": [data["window"]], "blackout_id": [data["blackout"]],
              "request_id": [data["request"], data["accepted"], data["completed"]]}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    (name,) = [a for a in rule.arguments if a in OWNERS]
    with app.test_request_context():
        return [url_for(endpoint, **{name: value}) for value in values[name]]


@pytest.mark.parametrize("outsider", ["anonymous", "stranger_student", "stranger_professional", "admin"])
def test_no_one_but_the_owners_may_see_or_change_an_object(app, world, login, outsider):
    routes = object_routes(app)
    assert len(routes) >= 20
    client = app.test_client()
    if outsider != "anonymous":
        login(client, world[outsider])
    before = snapshot(app)
    wrong = []
    for endpoint, _rule, methods in routes:
        for url in urls_for(app, world, endpoint):
            for method in methods:
                response = client.open(url, method=method, data=FIELDS if method == "POST" else None)
                to_login = response.status_code == 302 and "/login" in response.headers.get("Location", "")
                if not (response.status_code in (403, 404) or (outsider == "anonymous" and to_login)):
                    wrong.append(f"{method} {url}: {response.status_code}")
    assert not wrong, f"{outsider} reached objects that are not theirs: {wrong}"
    after = snapshot(app)
    assert [name for name in before if before[name] != after[name]] == []
