"""``mentorhub.plugins`` is the whole plugin API: its names only ever grow, every one is
documented, and its lookups read what they say in a bounded number of queries."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import mentorhub.plugins as face
from mentorhub.extensions import db
from mentorhub.plugins import (
    club_ids_of,
    clubs_of,
    get_club,
    get_clubs,
    get_professionals,
    get_user,
    get_users,
    industry_label,
    industry_labels,
    is_enabled,
    settings_for,
    store_for,
    topic_labels,
)

ROOT = Path(__file__).resolve().parents[2]
# The contract: a name may be added here, never removed (plugins outside the team use them).
PUBLIC_NAMES = {
    "EVENTS", "TEMPLATE_SLOTS", "Advice", "HookContext", "PluginInfo", "PluginStore", "Question",
    "Recommendation", "Signal", "Slot", "hookimpl", "hookspec",
    "club_ids_of", "clubs_of", "get_club", "get_clubs", "get_professionals", "get_user", "get_users",
    "industry_label", "industry_labels", "is_enabled", "settings_for", "store_for", "topic_labels",
}
HELPERS = sorted(n for n in PUBLIC_NAMES if n[0].islower() and n not in ("hookimpl", "hookspec"))


def test_no_public_name_disappears():
    missing = sorted(n for n in PUBLIC_NAMES if not hasattr(face, n) or n not in face.__all__)
    assert missing == [], f"mentorhub.plugins lost {missing}: the plugin API is extended, never renamed"


def test_every_exported_name_is_in_the_contract_list():
    # A new name is added to PUBLIC_NAMES on purpose, so its removal is caught from then on.
    assert set(face.__all__) == PUBLIC_NAMES


@pytest.mark.parametrize("name", HELPERS)
def test_every_helper_has_a_docstring_and_a_row_in_the_plugin_guide(name):
    assert (getattr(face, name).__doc__ or "").strip()
    assert f"`{name}(" in (ROOT / "docs" / "plugins.md").read_text()


def test_first_party_plugins_may_import_no_private_module_of_the_host():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    plugins_contract = next(c for c in contracts if c.get("source_modules") == ["plugins"])
    private = {f"mentorhub.plugins.{p.stem}" for p in (ROOT / "mentorhub" / "plugins").glob("_*.py")}
    private.discard("mentorhub.plugins.__init__")
    assert private <= set(plugins_contract["forbidden_modules"])
    assert not plugins_contract.get("ignore_imports")


def test_first_party_plugins_import_only_the_face():
    for path in (ROOT / "plugins").rglob("*.py"):
        for module in re.findall(r"^\s*(?:from|import) (mentorhub[\w.]*)", path.read_text(), re.M):
            assert module == "mentorhub.plugins", f"{path.relative_to(ROOT)} imports {module}"


@pytest.fixture
def people(app, make_user):
    pro = make_user("professional", display_name="Pat Pro", topics=["touring", "live sound"])
    other = make_user("professional", display_name="Olu Other", topics=["budgets"])
    student = make_user("student", display_name="Sam Student")
    with app.app_context():
        from mentorhub.clubs.models import Club, ClubMembership

        clubs = [Club(name="Zither Society", slug="zither"), Club(name="Audio Club", slug="audio")]
        db.session.add_all(clubs)
        db.session.flush()
        db.session.add_all([ClubMembership(club_id=c.id, user_id=student.id) for c in clubs])
        db.session.commit()
        club_ids = [c.id for c in clubs]
    return pro, other, student, club_ids


def test_lookups_return_what_they_say(app, people):
    pro, other, student, club_ids = people
    with app.test_request_context():
        assert [u.display_name for u in get_users([student.id, pro.id, 999_999])] == ["Pat Pro", "Sam Student"]
        assert get_user(student.id).display_name == "Sam Student" and get_user(999_999) is None
        found = get_professionals([student.id, other.id, pro.id])
        assert [u.id for u in found] == sorted([pro.id, other.id])
        assert {t.slug for t in found[0].professional_profile.topics} == {"touring", "live-sound"}
        assert club_ids_of(student) == tuple(sorted(club_ids)) == club_ids_of(student.id)
        assert [c.name for c in clubs_of(student)] == ["Audio Club", "Zither Society"]
        assert [c.slug for c in get_clubs(club_ids)] == ["zither", "audio"]
        assert get_club(club_ids[1]).name == "Audio Club" and get_club(999_999) is None
        assert club_ids_of(pro) == () and clubs_of(None) == []
        assert industry_label("a-and-r") == industry_labels()["a-and-r"] == "A&R (artists and repertoire)"
        assert industry_label("") == "" and industry_label("unknown-slug") == "unknown-slug"
        assert topic_labels(["live-sound", "nope"]) == {"live-sound": "live sound"}


def test_plugin_helpers_read_the_plugins_own_store_and_settings(app):
    with app.test_request_context():
        store_for("question_bank").set("visits", 3)
        assert store_for("question_bank").get("visits") == 3
        settings = settings_for("matching")
        settings["shared_topic_points"] = -1  # a copy: the plugin's own settings stay as they are
        assert settings_for("matching")["shared_topic_points"] != -1
        assert is_enabled("question_bank")
        assert not is_enabled("example_club")  # club-scoped: on for no club yet
        assert is_enabled("no_such_plugin") is False
        with pytest.raises(LookupError, match="no plugin named 'no_such_plugin'"):
            store_for("no_such_plugin")
        with pytest.raises(LookupError):
            settings_for("no_such_plugin")


def test_lookups_run_a_bounded_number_of_queries(app, make_user, people, queries):
    pro, other, student, club_ids = people
    many = [make_user("professional", topics=["touring"]).id for _ in range(8)]
    with app.test_request_context():
        get_users([pro.id])  # the transaction's BEGIN is not the lookups'
        counts = []
        for ids in ([pro.id], [pro.id, other.id, *many]):
            with queries() as statements:
                get_professionals(ids)
                users = get_users(ids)
                assert all(u.professional_profile is not None for u in users)  # loaded: no query more
                get_clubs(club_ids)
            counts.append(len(statements))
        assert counts[0] == counts[1] <= 7


NOTES_PLUGIN = """
import click
from flask.cli import with_appcontext
from mentorhub.plugins import store_for


@click.command("notes-add")
@click.argument("text")
@with_appcontext
def add_note(text):
    store = store_for("notes")
    store.set("notes", [*store.get("notes", []), text])


def mentorhub_register(app):
    app.cli.add_command(add_note)
"""


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "notes.py").write_text(NOTES_PLUGIN)
    return [folder]


def test_a_plugin_command_keeps_its_store_writes(app, runner):
    for text in ("first", "second"):
        result = runner.invoke(args=["notes-add", text])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert store_for("notes").get("notes") == ["first", "second"]
