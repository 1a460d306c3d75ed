"""A failing plugin never fails a page: each hook's failure is logged with the plugin's name,
counted in the database in a transaction of its own, and the hook goes on without it."""

from __future__ import annotations

import logging
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mentorhub import create_app
from mentorhub.accounts.models import User
from mentorhub.admin.plugin_switches import set_plugin_enabled
from mentorhub.clubs.models import Club
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins import EVENTS, Signal
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._events import record_event
from mentorhub.plugins._host import base_context, get_host
from mentorhub.plugins._models import PluginState

ALL_RAISING = Path(__file__).parents[1] / "fixtures" / "plugins" / "all_raising"
START = datetime(2030, 1, 7, 9, tzinfo=UTC)


def write_plugins(folder: Path, **sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in sources.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(source))
    return folder


def errors_of(name: str) -> dict:
    return next(row for row in get_host().describe() if row["name"] == name)


@pytest.fixture
def dropins() -> dict[str, str] | None:
    """Drop-in plugin sources by module name (parametrize to set); default: all raising."""
    return None


@pytest.fixture
def mentorhub_plugin_dirs(dropins, tmp_path):
    if dropins is None:
        return [ALL_RAISING]
    return [write_plugins(tmp_path / "dropins", **dropins)]


@pytest.fixture
def pair(app, make_user):
    student, pro = make_user("student"), make_user("professional")
    return student.id, pro.id


def _users(pair):
    return db.session.get(User, pair[0]), db.session.get(User, pair[1])


CALLS = {
    "mentorhub_suggest_questions": lambda s, p: calls.suggest_questions(s, p, None, viewer=s),
    "mentorhub_available_slots": lambda s, p: calls.available_slots(
        p, START, START + timedelta(days=1), timedelta(minutes=20)
    ),
    "mentorhub_match_signals": lambda s, p: calls.match_signals(s, p, {"shared_topics": []}, viewer=s),
    "mentorhub_recommend_referrals": lambda s, p: calls.recommend_referrals(s, p, 5, viewer=s),
    "mentorhub_review_request": lambda s, p: calls.review_request(s, p, "Hello!", viewer=s),
    "mentorhub_event": lambda s, p: calls.emit_event(EVENTS.REQUEST_CREATED, {"student_id": s.id}),
    "mentorhub_template_slot": lambda s, p: calls.template_slot("footer", {"user": s}),
}


@pytest.mark.parametrize("hook", sorted(CALLS))
def test_each_failing_hook_gives_no_answer_and_is_counted_with_its_name(app, pair, hook):
    with app.test_request_context():
        before = errors_of("everything_fails")["error_count"]
        answer = CALLS[hook](*_users(pair))
        row = errors_of("everything_fails")
        assert row["error_count"] == before + 1
        assert row["last_error"].startswith(f"{hook}: PluginBroke:")
        set_plugin_enabled(None, "everything_fails", False)
    with app.test_request_context():
        assert CALLS[hook](*_users(pair)) == answer  # what the other plugins answer alone


def test_failing_register_is_counted_at_start_up(app):
    fresh = create_app(
        {
            **{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
            "INSTANCE_PATH": app.instance_path,
            "PLUGIN_DIRS": str(ALL_RAISING),
        }
    )
    with fresh.app_context():
        row = errors_of("everything_fails")
    assert row["error_count"] >= 1
    assert "mentorhub_register: PluginBroke: register is broken" in row["last_error"]


def test_failure_is_logged_with_the_plugins_name(app, pair, caplog):
    with caplog.at_level(logging.ERROR, logger="mentorhub.plugins"), app.test_request_context():
        calls.suggest_questions(*_users(pair), None)
    assert "plugin everything_fails failed in mentorhub_suggest_questions" in caplog.text


def test_error_count_is_written_in_its_own_transaction_and_the_requests_change_still_commits(app, pair):
    with app.test_request_context():
        db.session.add(Club(name="Audio Society", slug="audio"))
        record_event(EVENTS.REQUEST_CREATED, student_id=pair[0])
        commit()  # the event hook raises after this commit
    other_instance = create_app(
        {
            **{k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
            "INSTANCE_PATH": app.instance_path,
        }
    )
    with other_instance.app_context():
        assert db.session.scalar(select(Club.slug)) == "audio"
        state = db.session.get(PluginState, "everything_fails")
        assert state.error_count >= 1
        assert state.last_error == "mentorhub_event: PluginBroke: event is broken"
        assert state.last_error_at is not None


def test_error_counts_survive_a_request_that_rolls_back(app, pair):
    with app.test_request_context():
        db.session.add(Club(name="Audio Society", slug="audio"))
        calls.template_slot("footer")
        db.session.rollback()
    with app.app_context():
        assert db.session.scalar(select(Club)) is None
        assert db.session.get(PluginState, "everything_fails").last_error.startswith("mentorhub_template_slot")


@pytest.mark.parametrize(
    "dropins",
    [
        dict(
            a_calendar="""
        def mentorhub_available_slots(professional):
            raise ConnectionError("calendar service down")
    """,
            b_calendar="""
        from datetime import timedelta
        from mentorhub.plugins import Slot
        def mentorhub_available_slots(start, duration):
            return [Slot(start, start + duration)]
    """,
        )
    ],
)
def test_firstresult_hook_goes_on_to_the_next_plugin_when_one_raises(app, pair):
    with app.test_request_context():
        _, pro = _users(pair)
        answer = calls.available_slots(pro, START, START + timedelta(hours=1), timedelta(minutes=20))
        assert errors_of("a_calendar")["error_count"] == 1
    assert [(s.start, s.end) for s in answer] == [(START, START + timedelta(minutes=20))]


@pytest.mark.parametrize(
    "dropins",
    [
        dict(
            a_sloppy="""
        def mentorhub_suggest_questions():
            return "What is your day like?"   # a str, not a list
    """,
            b_lazy="""
        def mentorhub_suggest_questions():
            yield "How did you start?"
            raise RuntimeError("ran out of questions")
    """,
            c_good="""
        def mentorhub_suggest_questions():
            return ["What surprised you in your first year?"]
    """,
        )
    ],
)
def test_wrong_answers_and_failing_generators_count_as_errors(app, pair):
    with app.test_request_context():
        texts = [q.text for q in calls.suggest_questions(*_users(pair))]
        assert "What surprised you in your first year?" in texts
        assert "How did you start?" not in texts and "What is your day like?" not in texts
        assert "BadAnswer" in errors_of("a_sloppy")["last_error"]
        assert "ran out of questions" in errors_of("b_lazy")["last_error"]


@pytest.mark.parametrize(
    "dropins",
    [
        dict(
            broken_query="""
        from sqlalchemy import text
        from mentorhub.extensions import db
        def mentorhub_suggest_questions():
            db.session.execute(text("SELECT * FROM no_such_table"))
            return ["never reached"]
    """,
        )
    ],
)
def test_plugin_database_error_does_not_break_the_page(app, client, make_user, login):
    student, pro = make_user("student"), make_user("professional")
    login(client, student)
    response = client.get(f"/professionals/{pro.id}")
    assert response.status_code == 200
    assert "Questions you could ask" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PluginState, "broken_query").error_count == 1


@pytest.mark.parametrize(
    "dropins",
    [
        dict(
            greedy="""
        from mentorhub.plugins import PluginInfo, Signal
        PLUGIN_INFO = PluginInfo(name="greedy", settings={"points": 1, "seen": []})
        def mentorhub_match_signals(professional, ctx):
            answer = Signal(ctx.settings["points"], f"seen {len(ctx.settings['seen'])}")
            ctx.settings["points"] += 10   # a plugin that scribbles on its settings
            ctx.settings["seen"].append(professional.id)
            return answer
    """,
        )
    ],
)
def test_a_plugin_changing_its_settings_does_not_change_what_the_next_call_sees(app, pair):
    with app.test_request_context():
        student, pro = _users(pair)
        ctx = base_context(student)  # one context for the whole page, as discovery does
        first = calls.match_signals(student, pro, {}, ctx=ctx)
        second = calls.match_signals(student, pro, {}, ctx=ctx)
        third = calls.match_signals(student, pro, {}, viewer=student)
    assert first == second == third == [Signal(1, "seen 0")]
    assert get_host(app).plugins["greedy"].settings == {"points": 1, "seen": []}
