"""Issue 13: a plugin says the plugin API version it needs; one that needs a newer minor
version (or another major one) fails start-up naming the plugin and both versions. Settings
declared wrongly, and operator values a setting cannot take, fail start-up too."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mentorhub import create_app
from mentorhub.plugins import API_VERSION
from mentorhub.plugins._loader import PluginLoadError


def start(tmp_path: Path, source: str, **config):
    folder = tmp_path / "dropins"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "needy.py").write_text(textwrap.dedent(source))
    return create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "PLUGIN_DIRS": str(folder),
                       **config})


def plugin(api_version: str = "", settings: str = "{}") -> str:
    return f'''
        from mentorhub.plugins import PluginInfo, Setting
        PLUGIN_INFO = PluginInfo(name="needy", api_version={api_version!r}, settings={settings})
        def mentorhub_suggest_questions():
            return ["Why this job?"]
    '''


def test_the_host_says_its_version():
    major, minor = API_VERSION.split(".")
    assert major == "1" and int(minor) >= 1


def test_a_plugin_needing_this_version_or_an_older_one_starts(tmp_path):
    assert "needy" in start(tmp_path, plugin(API_VERSION)).extensions["mentorhub.plugins"].plugins
    assert "needy" in start(tmp_path / "older", plugin("1.0")).extensions["mentorhub.plugins"].plugins


@pytest.mark.parametrize("needed", ["1.99", "2.0", "0.9"])
def test_a_plugin_needing_a_newer_api_fails_start_up_naming_both_versions(tmp_path, needed):
    with pytest.raises(PluginLoadError) as failure:
        start(tmp_path, plugin(needed))
    message = str(failure.value)
    assert "Plugin 'needy'" in message and "cannot start" in message
    assert f"plugin API {needed}" in message and f"this MentorHub provides {API_VERSION}" in message


def test_a_malformed_api_version_fails_start_up(tmp_path):
    with pytest.raises(PluginLoadError, match=r"api_version 'latest' is not a text of the form"):
        start(tmp_path, plugin("latest"))


@pytest.mark.parametrize(("settings", "message"), [
    ('{"n": Setting(int, 5, minimum=10)}', r"setting 'n' is declared wrongly: its default 5 does not fit"),
    ('{"tone": Setting("choice", "warm")}', r"setting 'tone' is declared wrongly: a choice needs choices"),
    ('{"when": object()}', r"setting 'when' is declared wrongly: its type must be"),
])
def test_a_wrongly_declared_setting_fails_start_up(tmp_path, settings, message):
    with pytest.raises(PluginLoadError, match=message):
        start(tmp_path, plugin(settings=settings))


def test_plain_defaults_of_any_json_kind_still_start_and_take_any_operator_value(tmp_path):
    source = plugin(settings='{"hours": {"mon": [9, 17]}, "nothing": None, "ids": [1, 2], "n": 3, "long": "x" * 3000}')
    app = start(tmp_path, source, PLUGIN_SETTINGS={"needy": {"n": 2.5, "ids": [3], "extra": "kept"}})
    with app.test_request_context():
        from mentorhub.plugins import settings_for

        values = settings_for("needy")
    assert values["hours"] == {"mon": [9, 17]} and values["nothing"] is None
    assert values["n"] == 2.5 and values["ids"] == [3] and values["extra"] == "kept"


def test_operator_values_are_checked_at_start_up(tmp_path):
    source = plugin(settings='{"n": Setting(int, 5, minimum=1, maximum=9)}')
    with pytest.raises(PluginLoadError,
                       match=r"MENTORHUB_PLUGIN_SETTINGS sets needy.n to 12: Enter a number from 1 to 9"):
        start(tmp_path, source, PLUGIN_SETTINGS={"needy": {"n": 12}})
    with pytest.raises(PluginLoadError, match=r"sets needy.n to 'many': Enter a whole number"):
        start(tmp_path / "second", source, PLUGIN_SETTINGS={"needy": {"n": "many"}})


def test_an_api_version_that_is_not_text_is_named(tmp_path):
    with pytest.raises(PluginLoadError, match=r"Plugin 'needy'.*api_version 1.1 is not a text"):
        start(tmp_path, plugin().replace("api_version=''", "api_version=1.1"))
