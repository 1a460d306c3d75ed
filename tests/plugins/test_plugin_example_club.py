"""The first-party ``example_club`` plugin: each hook does what it says for a student in a
club that switched it on, and nothing for anyone else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.admin.plugin_switches import set_club_plugin_enabled, set_plugin_enabled
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.plugins import EVENTS, Advice, Recommendation, Signal
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._events import record_event
from mentorhub.plugins._store import PluginStore

CLUB_QUESTION = "How did being part of a club or society help you early in your career?"
DASHBOARD_NOTE = "Your club is on MentorHub"


@pytest.fixture
def people(app, make_user):
    """A student in the Live Music Society, an outsider, a touring professional and another."""
    member, outsider = make_user("student"), make_user("student")
    touring = make_user("professional", topics=["Touring", "Budgets"])
    other = make_user("professional", topics=["Mastering"])
    with app.app_context():
        club = Club(name="Live Music Society", slug="live-music")
        db.session.add(club)
        db.session.flush()
        db.session.add(ClubMembership(club_id=club.id, user_id=member.id))
        db.session.commit()
        club_id = club.id
    return {"member": member, "outsider": outsider, "touring": touring, "other": other, "club": club_id}


@pytest.fixture
def switched_on(app, people):
    with app.app_context():
        set_club_plugin_enabled(None, "example_club", people["club"], True)
    return people


def run(app, fn, *users):
    with app.test_request_context():
        return fn(*(db.session.get(User, u.id) for u in users))


def test_member_of_a_switched_on_club_gets_the_club_question(app, client, login, switched_on):
    login(client, switched_on["member"])
    page = client.get(f"/professionals/{switched_on['touring'].id}").get_data(as_text=True)
    assert "From your club" in page and CLUB_QUESTION in page


def test_nobody_gets_the_club_question_before_the_club_switches_it_on(app, client, login, people):
    login(client, people["member"])
    assert CLUB_QUESTION not in client.get(f"/professionals/{people['touring'].id}").get_data(as_text=True)


def test_student_outside_the_club_does_not_get_the_club_question(app, client, login, switched_on):
    login(client, switched_on["outsider"])
    assert CLUB_QUESTION not in client.get(f"/professionals/{switched_on['touring'].id}").get_data(as_text=True)


def test_available_slots_is_left_to_the_scheduler(app, switched_on):
    start = clock.now()

    def slots(student, pro):
        return calls.available_slots(pro, start, start + timedelta(days=7), timedelta(minutes=20), viewer=student)

    with_club = run(app, slots, switched_on["member"], switched_on["touring"])
    with app.app_context():
        set_plugin_enabled(None, "example_club", False)
    assert run(app, slots, switched_on["member"], switched_on["touring"]) == with_club


def signals(student, pro):
    return calls.match_signals(student, pro, {}, viewer=student)


def test_focus_topic_gives_a_match_signal_with_a_reason(app, switched_on):
    found = run(app, signals, switched_on["member"], switched_on["touring"])
    assert Signal(2.0, "Talks about Touring, a focus of your club") in found
    assert not any("your club" in s.reason for s in run(app, signals, switched_on["member"], switched_on["other"]))


def test_no_club_signal_for_a_student_outside_the_club(app, switched_on):
    found = run(app, signals, switched_on["outsider"], switched_on["touring"])
    assert not any("your club" in s.reason for s in found)


def test_club_recommendations_come_from_its_store(app, switched_on):
    with app.test_request_context():
        PluginStore("example_club").set(f"club:{switched_on['club']}:recommended", [switched_on["other"].id])
        commit()

    def recommend(student, pro):
        return calls.recommend_referrals(student, pro, 5, viewer=student)

    [rec] = [
        r
        for r in run(app, recommend, switched_on["member"], switched_on["touring"])
        if "Recommended by your club" in r.reason.split("; ")
    ]
    assert isinstance(rec, Recommendation) and rec.professional.id == switched_on["other"].id
    outsider = run(app, recommend, switched_on["outsider"], switched_on["touring"])
    assert not any("Recommended by your club" in r.reason.split("; ") for r in outsider)


def test_review_reminds_members_to_mention_their_club(app, switched_on):
    def review(student, pro):
        return calls.review_request(student, pro, "Hello, could we chat about touring?", viewer=student)

    advice = run(app, review, switched_on["member"], switched_on["touring"])
    assert any(a.level == "info" and "member of Live Music Society" in a.text for a in advice)
    assert not any(
        "Live Music Society" in a.text for a in run(app, review, switched_on["outsider"], switched_on["touring"])
    )
    assert all(isinstance(a, Advice) for a in advice)


def tell(app, student, name):
    with app.test_request_context():
        record_event(name, request_id=1, student_id=student.id)
        commit()


def test_events_are_counted_per_club_and_shown_on_its_page(app, client, login, switched_on):
    tell(app, switched_on["member"], EVENTS.REQUEST_CREATED)
    tell(app, switched_on["member"], EVENTS.REQUEST_CREATED)
    tell(app, switched_on["member"], EVENTS.THANK_YOU_SENT)
    tell(app, switched_on["outsider"], EVENTS.CHAT_COMPLETED)
    with app.app_context():
        counts = PluginStore("example_club").get(f"club:{switched_on['club']}:events")
    assert counts == {"request_created": 2, "thank_you_sent": 1}

    login(client, switched_on["member"])
    page = client.get("/plugins/example_club/").get_data(as_text=True)
    assert "Live Music Society" in page
    assert "<td>Request created</td><td>2</td>" in page and "<td>Thank you sent</td><td>1</td>" in page


def test_events_are_not_counted_when_the_club_has_not_switched_it_on(app, people):
    tell(app, people["member"], EVENTS.REQUEST_CREATED)
    with app.app_context():
        assert PluginStore("example_club").keys() == []


def test_dashboard_note_shows_for_members_only(app, client, login, switched_on):
    login(client, switched_on["member"])
    assert DASHBOARD_NOTE in client.get("/dashboard").get_data(as_text=True)
    other = app.test_client()
    login(other, switched_on["outsider"])
    assert DASHBOARD_NOTE not in other.get("/dashboard").get_data(as_text=True)


def test_activity_page_has_a_helpful_empty_state_for_students_without_such_a_club(client, login, people):
    login(client, people["outsider"])
    response = client.get("/plugins/example_club/")
    assert response.status_code == 200
    assert "None of your clubs uses this plugin yet." in response.get_data(as_text=True)


def test_activity_page_needs_a_login_and_is_gone_while_the_plugin_is_off(app, client, login, people):
    response = client.get("/plugins/example_club/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        set_plugin_enabled(None, "example_club", False)
    login(client, people["member"])
    assert client.get("/plugins/example_club/").status_code == 404


def test_a_clubs_own_question_reaches_its_members(app, client, login, switched_on):
    from mentorhub.plugins._models import PluginSettingValues

    with app.app_context():
        db.session.add(PluginSettingValues(plugin_name="example_club", club_id=switched_on["club"],
                                           values={"question": "What do you wish our society had told you?"}))
        db.session.commit()
    login(client, switched_on["member"])
    page = client.get(f"/professionals/{switched_on['touring'].id}").get_data(as_text=True)
    assert "What do you wish our society had told you?" in page and CLUB_QUESTION not in page
