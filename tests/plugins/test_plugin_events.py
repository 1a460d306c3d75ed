"""``mentorhub_event``: every plugin is told, after the change is committed, once, by the
request that made it; nothing is told of a change that was rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins import EVENTS
from mentorhub.plugins._events import record_event

RECORDER = Path(__file__).parents[1] / "fixtures" / "plugins" / "recorder"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [RECORDER]


def test_plugins_are_told_once_after_the_commit(app, heard):
    with app.test_request_context():
        db.session.add(Club(name="Audio Society", slug="audio"))
        record_event(EVENTS.REQUEST_CREATED, request_id=7, student_id=1, professional_id=2, actor_id=1)
        assert heard == []  # not before the commit
        commit()
        commit()  # a later commit does not repeat it
    [(name, payload, _viewer, committed)] = heard
    assert name == "request_created"
    assert payload == {"request_id": 7, "student_id": 1, "professional_id": 2, "actor_id": 1}
    assert committed == ["audio"]  # the change was visible to everyone when plugins heard of it


def test_nothing_is_told_when_the_transaction_rolls_back(app, heard):
    with app.test_request_context():
        db.session.add(Club(name="Audio Society", slug="audio"))
        record_event(EVENTS.REQUEST_ACCEPTED, request_id=7)
        db.session.rollback()
        commit()
    assert heard == []


def test_the_viewer_is_the_logged_in_user_of_the_request(app, heard, make_user):
    student = make_user("student")
    with app.test_request_context():
        from flask_login import login_user

        login_user(db.session.get(User, student.id))
        record_event(EVENTS.THANK_YOU_SENT, request_id=7, actor_id=student.id)
        commit()
    [(_name, _payload, viewer, _committed)] = heard
    assert isinstance(viewer, User) and viewer.id == student.id


def test_unknown_event_or_payload_key_is_refused(app):
    with app.test_request_context():
        with pytest.raises(ValueError, match="unknown event"):
            record_event("request_exploded")
        with pytest.raises(ValueError, match="unknown payload keys"):
            record_event(EVENTS.REQUEST_CREATED, member_id=1)
