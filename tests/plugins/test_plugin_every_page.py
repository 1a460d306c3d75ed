"""Must show 3: a drop-in plugin whose every hook raises leaves every page working, and its
errors are visible through ``flask plugins list``.

Pages are found by walking ``app.url_map``, so a page another feature adds is covered without
touching this file. A route whose arguments we cannot fill must be named in ``SKIPPED`` with
the reason; otherwise the test fails and says what to add.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from walk_support import make_walk_data, route_urls

from mentorhub import create_app

ALL_RAISING = Path(__file__).parents[1] / "fixtures" / "plugins" / "all_raising"

# Endpoints we do not open, and why.
SKIPPED: dict[str, str] = {
    "static": "a file, not a page (one stylesheet is still fetched below)",
}


@pytest.fixture
def mentorhub_plugin_dirs():
    return [ALL_RAISING]


def page_urls(app: Flask, data: dict[str, Any]) -> list[str]:
    """Every GET page of the app, its arguments filled from ``data``."""
    return route_urls(app, data, "GET", SKIPPED)


def _same_app_without_plugins(app: Flask) -> Flask:
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PASSWORD_HASH_METHOD",
            "RATELIMIT_STORAGE_URI", "SERVER_NAME", "PREFERRED_URL_SCHEME")
    baseline = create_app({**{k: app.config[k] for k in keys}, "INSTANCE_PATH": app.instance_path,
                           "PLUGIN_DIRS": ""})
    baseline.test_client_class = app.test_client_class
    return baseline


def _client(app: Flask, login, user):
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


@pytest.mark.parametrize("role", ["anonymous", "student", "professional", "admin"])
def test_every_page_works_while_a_plugin_raises_in_every_hook(app, make_user, login, role):
    data = make_walk_data(app, make_user)
    urls = page_urls(app, data)
    baseline = _same_app_without_plugins(app)
    user = data.get(role)
    with_plugin, without = _client(app, login, user), _client(baseline, login, user)

    broken, differing, ok = [], [], 0
    for url in urls:
        got = with_plugin.get(url).status_code
        expected = without.get(url).status_code
        if got >= 500:
            broken.append(f"{url}: {got}")
        elif "/plugins/everything_fails/" in url:
            pass  # a page about the failing plugin itself (its settings) exists only where it is loaded
        elif got != expected:
            differing.append(f"{url}: {got} with the plugin, {expected} without")
        ok += got == 200
    assert not broken, f"pages broken by a failing plugin for {role}: {broken}"
    assert not differing, f"pages changed by a failing plugin for {role}: {differing}"
    assert ok >= 3, f"only {ok} pages answered 200 for {role}"
    assert with_plugin.get("/static/css/mentorhub.css").status_code == 200


def test_failing_plugin_pages_stay_200_and_show_the_other_plugins_work(app, client, make_user, login):
    data = make_walk_data(app, make_user)
    login(client, data["student"])
    for url in ("/dashboard", f"/professionals/{data['professional'].id}"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/professionals/{data['professional'].id}").get_data(as_text=True)
    assert "Questions you could ask" in page  # question_bank still answers


def test_plugins_list_shows_the_failing_plugins_error_count_and_last_error(app, client, make_user, login, runner):
    data = make_walk_data(app, make_user)
    login(client, data["student"])
    assert client.get(f"/professionals/{data['professional'].id}").status_code == 200

    result = runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 0, result.output
    block = plugin_block(result.output, "everything_fails")
    count = int(block[0].split("errors ", 1)[1].split("]", 1)[0])
    assert count > 0
    last_error = next(line for line in block if line.strip().startswith("last error ("))
    assert "PluginBroke" in last_error and "is broken" in last_error


def plugin_block(output: str, name: str) -> list[str]:
    """The lines ``flask plugins list`` printed for plugin ``name``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(name + " "))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line)
    return block
