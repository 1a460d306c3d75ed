"""The first-party ``referrals`` plugin: whom a professional is offered to suggest when the
student they talked to asks "is there anyone else you'd recommend I talk to?", with reasons
the professional reads, in a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import COMPLETED, ChatRequest
from mentorhub.extensions import db
from mentorhub.followup.models import ACCEPTED, ASKED, DECLINED, Referral
from mentorhub.plugins import Recommendation, get_professionals, settings_for
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._models import PluginState
from mentorhub.profiles.models import StudentProfile

ELSEWHERE = {"company": "Elsewhere Ltd", "industry": "music-journalism"}


@pytest.fixture(autouse=True)
def plugin_never_fails(app):
    """An empty answer must be the plugin's, not a swallowed error."""
    yield
    with app.app_context():
        state = db.session.get(PluginState, "referrals")
        assert state is None or state.error_count == 0, state.last_error


def pro(make_user, name, topics=(), **profile):
    """A professional who shares nothing with Rita unless the test says so."""
    return make_user("professional", display_name=name, topics=list(topics), profile={**ELSEWHERE, **profile})


@pytest.fixture
def rita(make_user):
    """The professional the student just talked to: A&R at Acme Records, talks about touring."""
    return make_user(
        "professional", display_name="Rita Referrer", topics=["touring", "contracts"],
        profile={"company": "Acme Records", "industry": "a-and-r"},
    )


@pytest.fixture
def sam(make_user):
    """The student: wants to learn about mixing."""
    return make_user("student", display_name="Sam", topics=["mixing"])


def add_referral(app, referrer, referred, student, status=ACCEPTED):
    """A referral made directly: ``referrer`` suggested ``referred`` after a chat with ``student``."""
    with app.app_context():
        chat = ChatRequest(
            student_id=student.id, professional_id=referrer.id, status=COMPLETED, format="video",
            introduction="I'm a student who would like to learn about your work.",
            expires_at=clock.now() + timedelta(days=7),
        )
        db.session.add(chat)
        db.session.flush()
        db.session.add(Referral(
            ask_request_id=chat.id, student_id=student.id, referrer_id=referrer.id,
            referred_id=referred.id, status=status,
        ))
        db.session.commit()


def loaded(student, professional):
    """The two users as hooks receive them: profile and topics (interests) loaded."""
    student = db.session.scalar(
        select(User).where(User.id == student.id)
        .options(joinedload(User.student_profile).selectinload(StudentProfile.interests))
    )
    [professional] = get_professionals([professional.id])
    return student, professional


def recommend(app, student, professional, limit=10) -> dict[str, Recommendation]:
    """The combined hook's answer, by the recommended person's name (in rank order)."""
    with app.test_request_context():
        found = calls.recommend_referrals(*loaded(student, professional), limit, viewer=professional)
        return {r.professional.display_name: r for r in found}


def test_describes_itself_as_a_site_plugin_with_points_as_settings(app):
    with app.app_context():
        plugin = app.extensions["mentorhub.plugins"].plugins["referrals"]
        assert (plugin.name, plugin.scope, plugin.title) == ("referrals", "site", "Referrals")
        assert settings_for("referrals")["introduced_before_points"] == 4.0


def test_someone_who_talks_about_the_students_interest_is_recommended(app, make_user, rita, sam):
    pro(make_user, "Mia Mixer", topics=["mixing"])
    found = recommend(app, sam, rita)
    assert found["Mia Mixer"].reason == "talks about mixing, which Sam wants to learn about"
    assert found["Mia Mixer"].score == 3.0


def test_someone_who_talks_about_the_referrers_topics_too_is_recommended(app, make_user, rita, sam):
    pro(make_user, "Tom Tour", topics=["touring", "budgets"])
    assert recommend(app, sam, rita)["Tom Tour"].reason == "also talks about touring"


def test_the_students_interests_count_more_than_the_referrers_topics(app, make_user, rita, sam):
    pro(make_user, "Tom Tour", topics=["touring"])
    pro(make_user, "Mia Mixer", topics=["mixing"])
    assert list(recommend(app, sam, rita)) == ["Mia Mixer", "Tom Tour"]


def test_a_colleague_at_the_same_company_is_recommended(app, make_user, rita, sam):
    pro(make_user, "Cleo Colleague", company="  acme RECORDS ")
    assert recommend(app, sam, rita)["Cleo Colleague"].reason == "works at Acme Records too"


def test_someone_in_the_same_industry_is_recommended(app, make_user, rita, sam):
    pro(make_user, "Ivy Industry", industry="a-and-r")
    assert recommend(app, sam, rita)["Ivy Industry"].reason == "in A&R too"


def test_an_empty_company_matches_nobody(app, make_user, sam):
    loner = make_user("professional", display_name="Lee", profile={"company": "", "industry": ""})
    pro(make_user, "No Company", company="")
    assert recommend(app, sam, loner) == {}


def test_someone_the_referrer_introduced_a_student_to_before_is_recommended(app, make_user, rita, sam):
    earlier = make_user("student")
    dana = pro(make_user, "Dana Before")
    add_referral(app, rita, dana, earlier)
    found = recommend(app, sam, rita)
    assert found["Dana Before"].reason == "you introduced a student to them before"
    assert found["Dana Before"].score == 4.0


def test_whom_those_people_introduced_students_to_count_one_hop_further_with_fewer_points(
    app, make_user, rita, sam
):
    earlier = make_user("student")
    dana, eli = pro(make_user, "Dana Before"), pro(make_user, "Eli Further")
    add_referral(app, rita, dana, earlier)
    add_referral(app, dana, eli, earlier)
    found = recommend(app, sam, rita)
    assert list(found) == ["Dana Before", "Eli Further"]
    assert found["Eli Further"].reason == "suggested by Dana Before, whom you introduced a student to"
    assert found["Eli Further"].score == 2.0


def test_only_referrals_that_were_agreed_to_count(app, make_user, rita, sam):
    earlier = make_user("student")
    for status, name in ((ASKED, "Asked Only"), (DECLINED, "Said No")):
        add_referral(app, rita, pro(make_user, name), earlier, status=status)
    assert recommend(app, sam, rita) == {}


def test_reasons_add_up_and_read_as_one_sentence_each(app, make_user, rita, sam):
    dana = pro(make_user, "Dana Both", topics=["mixing", "touring"], company="Acme Records", industry="a-and-r")
    add_referral(app, rita, dana, make_user("student"))
    rec = recommend(app, sam, rita)["Dana Both"]
    assert rec.reason == (
        "you introduced a student to them before; talks about mixing, which Sam wants to learn about; "
        "also talks about touring; works at Acme Records too; in A&R too"
    )
    assert rec.score == 4.0 + 3.0 + 1.5 + 2.0 + 1.0


def test_never_the_student_or_the_referrer_themselves(app, make_user, rita, sam):
    other_student = make_user("student")
    add_referral(app, rita, rita, other_student)  # nonsense rows must not make her her own suggestion
    pro(make_user, "Mia Mixer", topics=["mixing"], company="Acme Records")
    found = recommend(app, sam, rita)
    assert list(found) == ["Mia Mixer"]


def test_never_someone_who_paused_requests(app, make_user, rita, sam):
    paused = pro(make_user, "Pat Paused", topics=["mixing"], accepting_requests=False)
    add_referral(app, rita, paused, make_user("student"))
    assert recommend(app, sam, rita) == {}


def test_the_limit_is_respected_best_first(app, make_user, rita, sam):
    pro(make_user, "Best", topics=["mixing", "touring"], company="Acme Records")
    pro(make_user, "Second", topics=["mixing"])
    for n in range(4):
        pro(make_user, f"Same Industry {n}", industry="a-and-r")
    assert list(recommend(app, sam, rita, limit=2)) == ["Best", "Second"]
    assert recommend(app, sam, rita, limit=0) == {}


def test_operators_reweigh_the_sources_and_zero_switches_one_off(app, make_user, rita, sam):
    pro(make_user, "Mia Mixer", topics=["mixing"])
    pro(make_user, "Ivy Industry", industry="a-and-r")
    settings = app.extensions["mentorhub.plugins"].plugins["referrals"].settings
    settings.update(same_industry_points=10.0, interest_topic_points=0)
    assert list(recommend(app, sam, rita)) == ["Ivy Industry"]


def test_the_plugin_runs_a_bounded_number_of_queries_for_many_candidates(app, make_user, rita, sam, queries):
    def count() -> int:
        with app.test_request_context():
            student, professional = loaded(sam, rita)
            calls.recommend_referrals(student, professional, 1, viewer=professional)  # per-request state read
            with queries() as statements:
                calls.recommend_referrals(student, professional, 5, viewer=professional)
            return len(statements)

    earlier = make_user("student")
    dana = pro(make_user, "Dana Before", topics=["mixing"])
    add_referral(app, rita, dana, earlier)
    add_referral(app, dana, pro(make_user, "Eli Further"), earlier)
    few = count()
    for n in range(12):
        person = pro(make_user, f"Many {n}", topics=["mixing", "touring"], company="Acme Records")
        add_referral(app, rita if n % 2 else dana, person, earlier)
    assert count() == few <= 8
