"""Plugin switches live in the database, are read at most once per request, and decide who a
plugin runs for: site-wide, or for a club-scoped plugin, the clubs that switched it on."""

from __future__ import annotations

import textwrap

import pytest
from flask import g
from sqlalchemy import event

from mentorhub.accounts.models import User
from mentorhub.admin.plugin_switches import set_club_plugin_enabled, set_plugin_enabled
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._models import PluginClubState

CLUB_PLUGIN = '''
from mentorhub.plugins import PluginInfo
PLUGIN_INFO = PluginInfo(name="society", scope="club")

def mentorhub_suggest_questions(ctx):
    return [f"Society question for clubs {list(ctx.club_ids)}"]
'''

SITE_PLUGIN = '''
def mentorhub_template_slot(name, ctx):
    return f"[{name} slot for clubs {list(ctx.club_ids)}]"
'''


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "society.py").write_text(textwrap.dedent(CLUB_PLUGIN))
    (folder / "site_note.py").write_text(textwrap.dedent(SITE_PLUGIN))
    return [folder]


@pytest.fixture
def clubs(app, make_user):
    """A student in clubs A and B; club C without them."""
    student, pro = make_user("student"), make_user("professional")
    with app.app_context():
        made = [Club(name=n, slug=n.lower()) for n in ("A", "B", "C")]
        db.session.add_all(made)
        db.session.flush()
        db.session.add_all([ClubMembership(club_id=made[0].id, user_id=student.id),
                            ClubMembership(club_id=made[1].id, user_id=student.id)])
        db.session.commit()
        return {"student": student.id, "pro": pro.id, **{c.name: c.id for c in made}}


def society_questions(app, clubs) -> list[str]:
    with app.test_request_context():
        student, pro = db.session.get(User, clubs["student"]), db.session.get(User, clubs["pro"])
        return [q.text for q in calls.suggest_questions(student, pro) if q.text.startswith("Society")]


def test_club_plugin_does_not_run_until_a_club_switches_it_on(app, clubs):
    assert society_questions(app, clubs) == []


def test_club_plugin_does_not_run_for_a_club_the_student_is_not_in(app, clubs):
    with app.app_context():
        set_club_plugin_enabled(None, "society", clubs["C"], True)
    assert society_questions(app, clubs) == []


def test_club_plugin_runs_and_sees_only_the_students_clubs_that_switched_it_on(app, clubs):
    with app.app_context():
        set_club_plugin_enabled(None, "society", clubs["B"], True)
        set_club_plugin_enabled(None, "society", clubs["C"], True)
    assert society_questions(app, clubs) == [f"Society question for clubs [{clubs['B']}]"]


def test_site_wide_switch_off_beats_the_club_switch(app, clubs):
    with app.app_context():
        set_club_plugin_enabled(None, "society", clubs["A"], True)
        set_plugin_enabled(None, "society", False)
    assert society_questions(app, clubs) == []


def test_club_admin_may_switch_their_club_but_not_another(app, clubs, make_user):
    from mentorhub.errors import NotAllowed

    club_admin = make_user("student")
    with app.app_context():
        db.session.add(ClubMembership(club_id=clubs["A"], user_id=club_admin.id, is_club_admin=True))
        db.session.commit()
        actor = db.session.get(User, club_admin.id)
        set_club_plugin_enabled(actor, "society", clubs["A"], True)
        with pytest.raises(NotAllowed):
            set_club_plugin_enabled(actor, "society", clubs["B"], True)
        assert db.session.get(PluginClubState, ("society", clubs["B"])) is None


def test_site_plugin_sees_all_the_viewers_clubs(app, clubs, client, login):
    login(client, db_user(app, clubs["student"]))
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"[footer slot for clubs [{clubs['A']}, {clubs['B']}]]" in page


def db_user(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_switches_are_read_once_per_request_however_many_hooks_run(app, clubs, client, login, queries):
    login(client, db_user(app, clubs["student"]))
    with queries() as statements:
        page = client.get(f"/professionals/{clubs['pro']}").get_data(as_text=True)
    reads = [s for s in statements if "FROM plugin_states" in s]
    assert page.count("slot for clubs") >= 3  # head, nav, footer, professional_profile ...
    assert len(reads) == 1


def test_switches_are_cached_on_g_for_the_request(app, clubs):
    with app.test_request_context():
        assert g.get("_mentorhub_plugin_states") is None
        society_questions_in_context = calls.template_slot("footer")
        assert society_questions_in_context
        assert g.get("_mentorhub_plugin_states") is not None


@pytest.mark.postgres_only
def test_the_switches_are_read_without_a_transaction_of_their_own(app, client):
    """On PostgreSQL the switches' own connection reads in autocommit: no BEGIN and COMMIT
    around its one statement on every page (two round trips of an anonymous page's three)."""
    client.get("/")  # warm-up
    seen: list[tuple[str, str]] = []

    def after(conn, cursor, statement, *_args):
        seen.append((cursor.connection.info.transaction_status.name, statement))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", after)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", after)
    switches = [state for state, statement in seen if "FROM plugin_states" in statement]
    assert switches == ["IDLE"], seen
