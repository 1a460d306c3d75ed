"""Must show 5: a plugin installed as a distribution (entry point group ``mentorhub``) is
found, listed with its distribution's version, and its hook works; and plugin order is
project ``plugins/`` first, then entry points, then ``MENTORHUB_PLUGIN_DIRS``."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from mentorhub.plugins._host import get_host

MODULE = "mentorhub_alumni_questions"

PLUGIN_SOURCE = '''
"""Questions from the alumni network."""

def mentorhub_suggest_questions(professional):
    return [
        "What would you tell your student self about this industry?",
        "IS THERE   anyone else you'd recommend I talk to?",   # question_bank asks this already
    ]
'''

DROPIN_SOURCE = """
def mentorhub_suggest_questions():
    return [
        "what would you tell your student self about this  industry?",  # the alumni ask this already
        "Which skill took you longest to learn?",
    ]
"""


@pytest.fixture
def installed_distribution(tmp_path, monkeypatch):
    """A minimal installed distribution ``mentorhub-alumni 1.2.3`` on ``sys.path``."""
    site = tmp_path / "site"
    dist_info = site / "mentorhub_alumni-1.2.3.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: mentorhub-alumni\nVersion: 1.2.3\n")
    (dist_info / "entry_points.txt").write_text(f"[mentorhub]\nalumni = {MODULE}\n")
    (site / f"{MODULE}.py").write_text(textwrap.dedent(PLUGIN_SOURCE))
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, MODULE, raising=False)
    importlib.invalidate_caches()
    return site


@pytest.fixture
def mentorhub_config(installed_distribution):
    return {}


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "skills_club.py").write_text(textwrap.dedent(DROPIN_SOURCE))
    return [folder]


def test_entry_point_plugin_is_listed_with_its_distributions_version(runner):
    result = runner.invoke(args=["plugins", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("alumni "))
    assert lines[header].startswith("alumni 1.2.3  [enabled, scope site, errors 0]")
    assert lines[header + 1].strip() == f"source: entry point {MODULE} (mentorhub-alumni 1.2.3)"
    assert lines[header + 2].strip() == "hooks:  mentorhub_suggest_questions"


def test_entry_point_plugins_hook_answers_on_the_professionals_page(client, make_user, login):
    student, pro = make_user("student"), make_user("professional")
    login(client, student)
    page = client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert "What would you tell your student self about this industry?" in page


def test_plugin_order_is_project_then_entry_points_then_plugin_dirs(app):
    names = list(get_host(app).plugins)
    assert names.index("question_bank") < names.index("alumni") < names.index("skills_club")
    assert names[-1] == "skills_club"


def test_questions_are_combined_in_plugin_order_without_duplicates(app, make_user):
    from mentorhub.accounts.models import User
    from mentorhub.extensions import db
    from mentorhub.plugins import _calls as calls

    student, pro = make_user("student"), make_user("professional")
    with app.test_request_context():
        texts = [
            q.text for q in calls.suggest_questions(db.session.get(User, student.id), db.session.get(User, pro.id))
        ]
    folded = [" ".join(t.split()).casefold() for t in texts]
    assert len(folded) == len(set(folded))
    anyone_else = texts.index("Is there anyone else you'd recommend I talk to?")  # question_bank's wording kept
    alumni = texts.index("What would you tell your student self about this industry?")
    skills = texts.index("Which skill took you longest to learn?")
    assert anyone_else < alumni < skills
    assert skills == len(texts) - 1
