"""Match signals: the first-party ``matching`` plugin's reasons and order, and drop-in
plugins that add a signal (or raise)."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def pair(app, make_user):
    """Two professionals who both share the student's interest; Ana is free sooner."""
    clock.travel_to(NOW)
    ana = make_user(
        "professional",
        display_name="Ana",
        topics=["touring"],
        profile={
            "industry": "tour-management",
            "monthly_capacity": 2,
            "next_free_at": NOW + timedelta(days=1),
        },
    )
    ben = make_user(
        "professional",
        display_name="Ben",
        topics=["touring"],
        profile={
            "industry": "tour-management",
            "monthly_capacity": 2,
            "next_free_at": NOW + timedelta(days=9),
        },
    )
    student = make_user("student", topics=["touring"], profile={"goals": ""})
    return ana, ben, student


def order(client) -> list[int]:
    return [int(i) for i in re.findall(r'id="match-(\d+)"', client.get("/professionals").text)]


def card(page: str, user_id: int) -> str:
    start = page.index(f'id="match-{user_id}"')
    return page[start : page.index("</article>", start)]


def add_request(
    app,
    student,
    professional,
    *,
    status="declined",
    created=None,
    answered_after=None,
    booked_at=None,
) -> None:
    """A chat request row (and its booking when ``booked_at`` is given), made directly."""
    with app.app_context():
        created = created or NOW - timedelta(days=20)
        request = ChatRequest(
            student_id=student.id,
            professional_id=professional.id,
            status=status,
            format="video",
            introduction="Hello, I'm a student.",
            created_at=created,
            expires_at=created + timedelta(days=7),
            responded_at=created + answered_after if answered_after is not None else None,
        )
        db.session.add(request)
        db.session.flush()
        if booked_at is not None:
            db.session.add(
                Booking(
                    request_id=request.id,
                    professional_id=professional.id,
                    student_id=student.id,
                    start_at=booked_at,
                    end_at=booked_at + timedelta(minutes=20),
                    location="video",
                    active=status == "accepted",
                    uid=f"b{request.id}@test",
                )
            )
        db.session.commit()


def test_shared_interests_and_free_time_are_given_as_reasons(client, login, pair):
    ana, _ben, student = pair
    login(client, student)
    page = client.get("/professionals").text
    reasons = card(page, ana.id)
    assert "Shares your interest in touring" in reasons
    assert "Free this week" in reasons
    assert "Works in tour management, close to your interest in touring" in reasons
    assert "Free in the next two weeks" in card(page, pair[1].id)


def test_the_sooner_free_professional_ranks_first(client, login, pair):
    ana, ben, student = pair
    login(client, student)
    assert order(client) == [ana.id, ben.id]


def test_people_already_contacted_rank_lower(app, client, login, pair):
    ana, ben, student = pair
    add_request(app, student, ana, status="withdrawn")
    login(client, student)
    assert order(client) == [ben.id, ana.id]
    assert "You&#39;ve already contacted them" in card(client.get("/professionals").text, ana.id)


def test_professionals_at_their_monthly_cap_rank_lower(app, client, login, make_user, pair):
    ana, ben, student = pair
    others = [make_user("student") for _ in range(2)]
    for n, other in enumerate(others):  # two chats this month: Ana's capacity of 2 is used up
        add_request(
            app,
            other,
            ana,
            status="accepted",
            answered_after=timedelta(hours=2),
            booked_at=NOW + timedelta(days=3, hours=n),
        )
    login(client, student)
    assert order(client) == [ben.id, ana.id]
    assert "Fully booked this month" in card(client.get("/professionals").text, ana.id)


def test_cancelled_chats_give_the_capacity_back(app, client, login, make_user, pair):
    ana, ben, student = pair
    for n in range(2):
        add_request(
            app,
            make_user("student"),
            ana,
            status="cancelled",
            answered_after=timedelta(hours=2),
            booked_at=NOW + timedelta(days=3, hours=n),
        )
    login(client, student)
    assert order(client) == [ana.id, ben.id]


def test_a_good_response_record_is_a_reason(app, client, login, make_user, pair):
    _ana, ben, student = pair
    for _ in range(3):
        add_request(
            app, make_user("student"), ben, status="declined", answered_after=timedelta(hours=5)
        )
    login(client, student)
    assert "Answers most requests" in card(client.get("/professionals").text, ben.id)


def test_a_poor_response_record_ranks_lower(app, client, login, make_user, pair):
    ana, ben, student = pair
    for _ in range(3):
        add_request(app, make_user("student"), ana, status="expired")
    login(client, student)
    assert order(client) == [ben.id, ana.id]
    assert "Often doesn&#39;t reply to requests" in card(client.get("/professionals").text, ana.id)


def test_industry_fit_with_the_students_goals(client, login, make_user):
    clock.travel_to(NOW)
    pro = make_user("professional", topics=["contracts"], profile={"industry": "music-publishing"})
    student = make_user(
        "student", topics=["mixing"], profile={"goals": "I'd love to work in publishing."}
    )
    login(client, student)
    assert "Works in music publishing, which fits your goals" in card(
        client.get("/professionals").text, pro.id
    )


BOOST_PLUGIN = """
from mentorhub.plugins import Signal


def mentorhub_match_signals(professional, facts, ctx):
    if professional.display_name == "Ben" and facts["shared_topics"] == ["touring"]:
        return Signal(25, "Recommended by your careers club")
    return None
"""

FAILING_PLUGIN = """
def mentorhub_match_signals(student, professional, facts, ctx):
    raise RuntimeError("this plugin is broken")
"""


class TestDropInPluginAddingASignal:
    @pytest.fixture
    def mentorhub_plugin_dirs(self, tmp_path):
        folder = tmp_path / "club_plugins"
        folder.mkdir()
        (folder / "careers_boost.py").write_text(textwrap.dedent(BOOST_PLUGIN))
        return [folder]

    def test_changes_the_order_and_its_reason_is_shown(self, client, login, pair):
        ana, ben, student = pair
        login(client, student)
        assert order(client) == [ben.id, ana.id]
        assert "Recommended by your careers club" in card(client.get("/professionals").text, ben.id)


class TestDropInPluginThatRaises:
    @pytest.fixture
    def mentorhub_plugin_dirs(self, tmp_path):
        folder = tmp_path / "club_plugins"
        folder.mkdir()
        (folder / "broken_signals.py").write_text(textwrap.dedent(FAILING_PLUGIN))
        return [folder]

    def test_does_not_change_the_page(self, app, client, login, pair):
        from mentorhub.admin.plugin_switches import set_plugin_enabled

        _ana, _ben, student = pair
        login(client, student)
        with_failure = client.get("/professionals")
        with app.app_context():
            set_plugin_enabled(None, "broken_signals", False)
        without_plugin = client.get("/professionals")
        assert with_failure.status_code == 200

        def results(response):
            html = response.text[response.text.index('class="stack results"') : response.text.index("</main>")]
            # CSRF tokens are timestamped to the second: two page loads may differ only there.
            return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)

        assert results(with_failure) == results(without_plugin)

    def test_its_failure_is_counted(self, app, client, login, pair):
        from mentorhub.plugins._models import PluginState

        login(client, pair[2])
        client.get("/professionals")
        with app.app_context():
            state = db.session.get(PluginState, "broken_signals")
            assert state.error_count == 2  # once per candidate
            assert "this plugin is broken" in state.last_error
