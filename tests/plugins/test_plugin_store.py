"""``ctx.store``: each plugin's own key-value store, written in a savepoint so a failing
write never breaks the request's transaction, and committed only when that is safe."""

from __future__ import annotations

import textwrap

import pytest
from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._models import PluginState, PluginStoreEntry
from mentorhub.plugins._store import PluginStore, commit_store_writes

COUNTER = '''
def mentorhub_suggest_questions(ctx):
    seen = ctx.store.get("views", 0)
    ctx.store.set("views", seen + 1)
    ctx.store.set("last", {"views": seen + 1, "tags": ["a", "b"]})
    return [f"counter has seen {seen} views"]
'''

PEEKER = '''
def mentorhub_suggest_questions(ctx):
    return [f"peeker sees views={ctx.store.get('views')!r} keys={ctx.store.keys()!r}"]
'''

BAD_VALUE = '''
from datetime import datetime, UTC

def mentorhub_suggest_questions(ctx):
    ctx.store.set("when", datetime.now(UTC))   # not JSON: store .isoformat() instead
    return ["never shown"]
'''


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    for name, source in {"counter": COUNTER, "peeker": PEEKER, "bad_value": BAD_VALUE}.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(source))
    return [folder]


@pytest.fixture
def page(client, make_user, login):
    student, pro = make_user("student"), make_user("professional")
    login(client, student)
    return lambda: client.get(f"/professionals/{pro.id}").get_data(as_text=True)


def stored(app, plugin: str) -> dict:
    with app.app_context():
        rows = db.session.execute(select(PluginStoreEntry.key, PluginStoreEntry.value)
                                  .where(PluginStoreEntry.plugin_name == plugin)).all()
        return dict(rows)


def test_plugin_reads_its_own_writes_across_requests(app, page):
    assert "counter has seen 0 views" in page()
    assert "counter has seen 1 views" in page()
    assert stored(app, "counter") == {"views": 2, "last": {"views": 2, "tags": ["a", "b"]}}


def test_plugin_cannot_see_another_plugins_keys(app, page):
    page()
    assert "peeker sees views=None keys=[]" in page().replace("&#39;", "'")


def test_non_json_value_is_the_plugins_error_and_other_writes_still_commit(app, page):
    assert "counter has seen 0 views" in page()
    with app.app_context():
        state = db.session.get(PluginState, "bad_value")
        assert state.error_count == 1 and "not JSON serializable" in state.last_error
    assert stored(app, "bad_value") == {}
    assert stored(app, "counter")["views"] == 1


def test_store_database_error_leaves_the_requests_transaction_usable(app, make_user):
    student, pro = make_user("student"), make_user("professional")
    table = PluginStoreEntry.__table__
    with app.app_context():
        table.drop(db.engine)
    try:
        with app.test_request_context():
            db.session.add(Club(name="Audio Society", slug="audio"))
            db.session.flush()
            calls.suggest_questions(db.session.get(User, student.id), db.session.get(User, pro.id))
            commit()
        with app.app_context():
            assert db.session.scalar(select(Club.slug)) == "audio"
            counter = db.session.get(PluginState, "counter")
            assert counter.error_count == 1 and "PluginStoreError" in counter.last_error
    finally:
        with app.app_context():
            table.create(db.engine)


def test_store_writes_alone_are_committed_at_the_end_of_the_request(app):
    with app.test_request_context():
        PluginStore("counter").set("alone", True)
        commit_store_writes()
    assert stored(app, "counter") == {"alone": True}


def test_store_writes_are_not_committed_with_a_half_done_change_of_the_core(app):
    with app.test_request_context():
        db.session.add(Club(name="Half done", slug="half"))
        db.session.flush()
        PluginStore("counter").set("with_core", True)
        commit_store_writes()
    assert stored(app, "counter") == {}
    with app.app_context():
        assert db.session.scalar(select(Club)) is None


def test_store_keys_must_be_short_strings(app):
    with app.test_request_context(), pytest.raises(ValueError, match="store keys"):
        PluginStore("counter").set("k" * 201, 1)
