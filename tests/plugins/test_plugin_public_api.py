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
    find_professionals,
    get_club,
    get_clubs,
    get_professionals,
    get_user,
    get_users,
    industry_label,
    industry_labels,
    is_enabled,
    referral_edges,
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
    "find_professionals", "referral_edges", "API_VERSION", "Setting", "PluginModel", "plugin_session",
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


def add_referral(app, referrer, referred, student, status="accepted") -> None:
    """A referral row made directly (with the chat request it follows)."""
    from datetime import timedelta

    from mentorhub import clock
    from mentorhub.chats.models import ChatRequest
    from mentorhub.followup.models import Referral

    with app.app_context():
        chat = ChatRequest(
            student_id=student.id, professional_id=referrer.id, status="completed", format="video",
            introduction="I'm a student who would like to learn about your work.",
            expires_at=clock.now() + timedelta(days=7),
        )
        db.session.add(chat)
        db.session.flush()
        db.session.add(Referral(ask_request_id=chat.id, student_id=student.id, referrer_id=referrer.id,
                                referred_id=referred.id, status=status))
        db.session.commit()


def test_find_professionals_matches_topics_industry_or_company(app, make_user, people):
    pro, other, student, _club_ids = people  # both at "Acme Live", in tour management
    rival = make_user("professional", display_name="Rae Rival", topics=["budgets", "touring"],
                      profile={"company": "  ACME live ", "industry": "music-law"})
    make_user("professional", display_name="Paused", topics=["touring"], profile={"accepting_requests": False})
    nobody = make_user("professional", display_name="No Company", profile={"company": "", "industry": "music-law"})
    with app.test_request_context():
        def names(**asked):
            return [u.display_name for u in find_professionals(**asked)]

        assert names(topics=["touring"]) == ["Pat Pro", "Rae Rival"]  # paused ones are left out
        assert names(topics=["touring", "budgets"]) == ["Rae Rival", "Pat Pro", "Olu Other"]  # most topics first
        assert names(industry="music-law") == ["Rae Rival", "No Company"]
        assert names(company="acme live", exclude=[pro.id]) == ["Olu Other", "Rae Rival"]
        assert names(company="", industry="") == [] and names() == [] and names(company="   ") == []
        assert names(topics=["touring", "budgets"], limit=1) == ["Rae Rival"]
        found = find_professionals(topics="live-sound")  # one slug given as a string
        assert [u.id for u in found] == [pro.id]
        assert {t.slug for t in found[0].professional_profile.topics} == {"touring", "live-sound"}
        assert student.id not in {u.id for u in find_professionals(company="Acme Live", limit=100)}
        assert nobody.id not in {u.id for u in find_professionals(company="", industry="tour-management")}
        assert rival.id in {u.id for u in find_professionals(industry="music-law")}


def test_referral_edges_are_the_agreed_referrals_around_the_users(app, make_user, people):
    pro, other, student, _club_ids = people
    third = make_user("professional")
    add_referral(app, pro, other, student)
    add_referral(app, pro, other, make_user("student"))  # the same pair twice: one edge
    add_referral(app, other, third, student)
    add_referral(app, third, pro, student, status="asked")  # not agreed (yet): no edge
    add_referral(app, pro, third, student, status="declined")
    with app.test_request_context():
        assert referral_edges([pro.id]) == [(pro.id, other.id)]
        assert referral_edges([other.id]) == [(pro.id, other.id), (other.id, third.id)]
        assert referral_edges([third.id, 999_999]) == [(other.id, third.id)]
        assert referral_edges([]) == [] and referral_edges([student.id]) == []


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
    many = [make_user("professional", topics=["touring"]) for _ in range(8)]
    for person in many:
        add_referral(app, pro, person, student)
    many = [person.id for person in many]
    make_user("professional")  # in tour management, never excluded below
    with app.test_request_context():
        get_users([pro.id])  # the transaction's BEGIN is not the lookups'
        counts = []
        for ids in ([pro.id], [pro.id, other.id, *many]):
            with queries() as statements:
                get_professionals(ids)
                users = get_users(ids)
                assert all(u.professional_profile is not None for u in users)  # loaded: no query more
                get_clubs(club_ids)
                found = find_professionals(topics=["touring", "live-sound"], company="Acme Live", limit=len(ids))
                assert len(found) == len(ids) and all(u.professional_profile.topics for u in found)  # loaded
                find_professionals(industry="tour-management", exclude=ids)
                assert len(referral_edges(ids)) == len(many)
            counts.append(len(statements))
        assert counts[0] == counts[1] <= 14


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
