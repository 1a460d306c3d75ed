"""The ``mentorhub_*`` pytest fixtures work for a plugin author: a separate project with no
conftest of ours gets them through the ``pytest11`` entry point, loads its drop-in plugin
through an overridden ``mentorhub_plugin_dirs`` and tests it like a user would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club
from mentorhub.extensions import db

PLUGIN = '''
"""Questions from the alumni network."""
from mentorhub.plugins import PluginInfo, Question

PLUGIN_INFO = PluginInfo(name="alumni", version="0.1", settings={"question": "What do you wish you had known?"})

def mentorhub_suggest_questions(ctx):
    return [Question(ctx.settings["question"], "From our alumni")]
'''

AUTHOR_TESTS = '''
from pathlib import Path

import pytest


@pytest.fixture
def mentorhub_plugin_dirs():
    return [Path(__file__).parent.parent / "my_plugins"]


@pytest.fixture
def mentorhub_config():
    return {"PLUGIN_SETTINGS": {"alumni": {"question": "What would you tell your student self?"}}}


def test_students_see_the_alumni_question(mentorhub_client, mentorhub_make_user, mentorhub_login):
    student = mentorhub_make_user("student")
    professional = mentorhub_make_user("professional", topics=["Touring"])
    mentorhub_login(mentorhub_client, student)
    page = mentorhub_client.get(f"/professionals/{professional.id}").get_data(as_text=True)
    assert "From our alumni" in page
    assert "What would you tell your student self?" in page


def test_plugin_is_listed(mentorhub_runner):
    result = mentorhub_runner.invoke(args=["plugins", "list"])
    assert "alumni 0.1  [enabled, scope site, errors 0]" in result.output
'''


def test_plugin_author_can_test_a_drop_in_plugin_with_the_mentorhub_fixtures(tmp_path):
    project = tmp_path / "alumni-plugin"
    (project / "my_plugins").mkdir(parents=True)
    (project / "tests").mkdir()
    (project / "my_plugins" / "alumni.py").write_text(textwrap.dedent(PLUGIN))
    (project / "tests" / "test_alumni.py").write_text(textwrap.dedent(AUTHOR_TESTS))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=project, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


# --- the club fixtures, in our own suite --------------------------------------------------------


def test_mentorhub_club_has_a_club_admin_and_two_members(mentorhub_club, client, login):
    assert mentorhub_club.url == "/clubs/test-club" and len(mentorhub_club.members) == 2
    login(client, mentorhub_club.admin)
    members = client.get(f"{mentorhub_club.url}/members").get_data(as_text=True)
    for user in (mentorhub_club.admin, *mentorhub_club.members):
        assert user.display_name in members


def test_mentorhub_make_club_switches_plugins_on_and_saves_the_clubs_values(mentorhub_make_club, make_user, client,
                                                                            login):
    club = mentorhub_make_club("Audio Society", members=1, plugins=["example_club"],
                               settings={"example_club": {"question": "What is a day in the studio like?"}})
    assert club.slug == "audio-society"
    login(client, club.members[0])
    page = client.get(f"/professionals/{make_user('professional').id}").get_data(as_text=True)
    assert "What is a day in the studio like?" in page


@pytest.mark.parametrize(("options", "message"), [
    ({"settings": {"example_club": {"focus_points": 99}}}, "example_club.focus_points cannot be 99"),
    ({"settings": {"example_club": {"colour": "red"}}}, "Plugin 'example_club' has no setting 'colour'."),
    ({"settings": {"no_such": {"a": 1}}}, "There is no plugin named 'no_such'."),
    ({"plugins": ["no_such"]}, "There is no plugin named 'no_such'."),
    ({"plugins": ["question_bank"]}, "Plugin 'question_bank' is site-wide"),
    ({"admins": []}, "A club needs at least one club admin."),
])
def test_mentorhub_make_club_refuses_what_a_club_could_not_have_and_makes_nothing(mentorhub_make_club, app, options,
                                                                                 message):
    with pytest.raises(ValueError, match=re.escape(message)):
        mentorhub_make_club("Audio Society", members=2, **options)
    with app.app_context():  # nothing made: no club, and none of its people
        assert db.session.scalar(select(func.count()).select_from(Club)) == 0
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_mentorhub_make_club_gives_any_name_an_address(mentorhub_make_club):
    assert mentorhub_make_club("Société Musique & Son").slug == "societe-musique-son"
