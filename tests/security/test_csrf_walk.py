"""The CSRF walk: every POST route of the app (plugins' included, found in ``app.url_map``,
so a route added later is covered without touching this file) is posted to without a CSRF
token by every kind of user, with plausible fields: nothing changes, and nothing breaks."""

from __future__ import annotations

import pytest
from walk_support import FIELDS, make_walk_data, route_urls, snapshot

# POST routes that take no CSRF token on purpose, and why.
SKIPPED: dict[str, str] = {}

@pytest.mark.parametrize("role", ["anonymous", "student", "professional", "admin"])
def test_no_post_changes_anything_without_a_csrf_token(app, make_user, login, role):
    data = make_walk_data(app, make_user)
    urls = route_urls(app, data, "POST", SKIPPED)
    assert len(urls) >= 30, urls
    client = app.test_client()
    if data.get(role) is not None:
        login(client, data[role])
    before = snapshot(app)
    broken = []
    for url in urls:
        response = client.post(url, data={**FIELDS, "csrf_token": ""})
        if response.status_code >= 500:
            broken.append(f"{url}: {response.status_code}")
        after = snapshot(app)
        changed = [name for name in before if before[name] != after[name]]
        assert not changed, f"POST {url} without a CSRF token as {role} changed {changed}"
    assert not broken, broken
    if role == "anonymous":  # posting the log-in form without a token logged no one in
        response = client.get("/dashboard")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
