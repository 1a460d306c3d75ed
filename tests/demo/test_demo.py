"""``flask mentorhub demo``: deterministic, idempotent demo data with printed logins."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.demo.professionals import PROFESSIONALS
from mentorhub.demo.services import DEMO_PASSWORD
from mentorhub.extensions import db
from mentorhub.profiles.constants import INDUSTRY_LABELS
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile, Topic
from mentorhub.profiles.validation import clean_professional
from mentorhub.scheduling.models import AvailabilityWindow, Booking


def run_demo(runner, *args):
    result = runner.invoke(args=["mentorhub", "demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(app):
    """Counts and a few field values of everything the demo creates."""
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        users = {
            u.email: (u.password_hash, u.display_name, u.timezone, u.email_confirmed_at)
            for u in db.session.scalars(select(User))
        }
        headlines = dict(
            db.session.execute(
                select(ProfessionalProfile.user_id, ProfessionalProfile.headline)
            ).all()
        )
        return {
            "counts": [
                count(m)
                for m in (
                    User, ProfessionalProfile, StudentProfile, Topic, AvailabilityWindow,
                    ChatRequest, Booking,
                )
            ],
            "users": users,
            "headlines": headlines,
        }


@pytest.fixture
def loaded(app, runner):
    return run_demo(runner)


def test_demo_creates_professionals_students_and_an_admin(app, loaded):
    with app.app_context():
        roles = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
        admins = db.session.scalar(select(func.count()).select_from(User).where(User.is_admin))
        unconfirmed = db.session.scalar(
            select(func.count()).select_from(User).where(User.email_confirmed_at.is_(None))
        )
    assert roles["professional"] >= 40
    assert roles["student"] >= 20
    assert admins == 1
    assert unconfirmed == 0


def test_demo_professionals_cover_the_music_business(app, loaded):
    with app.app_context():
        industries = set(db.session.scalars(select(ProfessionalProfile.industry)))
        zones = set(db.session.scalars(select(User.timezone).where(User.role == "professional")))
        no_topics = db.session.scalar(
            select(func.count())
            .select_from(ProfessionalProfile)
            .where(~ProfessionalProfile.topics.any())
        )
    for slug in (
        "a-and-r",
        "tour-management",
        "music-publishing",
        "sync-licensing",
        "audio-engineering",
        "label-marketing",
        "artist-management",
        "booking-agency",
    ):
        assert slug in industries
    assert industries <= set(INDUSTRY_LABELS)
    assert len(zones) >= 10
    assert {"America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney"} <= zones
    assert no_topics == 0


def test_every_demo_professional_has_two_or_three_weekly_windows(app, loaded):
    with app.app_context():
        per_pro = dict(
            db.session.execute(
                select(AvailabilityWindow.professional_id, func.count()).group_by(
                    AvailabilityWindow.professional_id
                )
            ).all()
        )
        pros = db.session.scalars(select(User.id).where(User.role == "professional")).all()
    assert set(per_pro) == set(pros)
    assert set(per_pro.values()) <= {2, 3}


def test_demo_gives_professionals_their_next_free_time(app, loaded):
    with app.app_context():
        with_time = db.session.scalar(
            select(func.count())
            .select_from(ProfessionalProfile)
            .where(ProfessionalProfile.next_free_at.is_not(None))
        )
    assert with_time >= 40


def test_demo_prints_the_logins_with_the_password(loaded):
    assert f"student1@demo.mentorhub.example / {DEMO_PASSWORD}" in loaded
    assert f"pro1@demo.mentorhub.example / {DEMO_PASSWORD}" in loaded
    assert f"admin@demo.mentorhub.example / {DEMO_PASSWORD}" in loaded
    assert "Loading demo data" in loaded


def test_demo_logins_work(client, login, loaded):
    login(client, "student1@demo.mentorhub.example", password=DEMO_PASSWORD)
    assert "Alex Morgan" in client.get("/dashboard").get_data(as_text=True)


def test_running_the_demo_twice_changes_nothing(app, runner, loaded):
    before = snapshot(app)
    output = run_demo(runner)
    assert "nothing changed" in output
    assert snapshot(app) == before


def test_if_empty_does_nothing_when_a_user_exists(app, runner, make_user):
    make_user("student")
    output = run_demo(runner, "--if-empty")
    assert "demo data not loaded" in output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_if_empty_loads_an_empty_database(app, runner):
    run_demo(runner, "--if-empty")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) > 60


def test_every_demo_professional_passes_the_profile_rules(app):
    for spec in PROFESSIONALS:
        ZoneInfo(spec.timezone)
        clean_professional(
            {
                "headline": spec.headline,
                "company": spec.company,
                "industry": spec.industry,
                "bio": spec.bio,
                "topics": spec.topics,
                "city": spec.city,
                "chat_minutes": str(spec.chat_minutes),
                "monthly_capacity": str(spec.capacity),
                "will_not_do": spec.will_not_do,
                "formats": [
                    f
                    for f, letter in (("video", "v"), ("phone", "p"), ("in_person", "i"))
                    if letter in spec.formats
                ],
            }
        )


def test_demo_gives_the_first_professional_a_waiting_request_and_a_booked_chat(client, login, loaded):
    login(client, "pro1@demo.mentorhub.example", "listen-and-learn")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Alex Morgan" in inbox  # student1's request, waiting for an answer
    assert "Bea Santos" in inbox  # student2's booked chat
    login(client, "student1@demo.mentorhub.example", "listen-and-learn")
    assert "Maya Okafor" in client.get("/requests").get_data(as_text=True)


def test_demo_has_two_clubs_with_members_and_a_club_plugin_on_for_one(app, client, login, loaded):
    from mentorhub.clubs.models import Club, ClubMembership
    from mentorhub.plugins._models import PluginClubState

    assert "club admin of Westbridge Music Business Society" in loaded
    with app.app_context():
        sizes = dict(db.session.execute(
            select(Club.slug, func.count()).join(ClubMembership, ClubMembership.club_id == Club.id)
            .group_by(Club.slug)).all())
        switched = db.session.execute(
            select(PluginClubState.plugin_name, Club.slug).join(Club, Club.id == PluginClubState.club_id)
            .where(PluginClubState.enabled)).all()
    assert sizes == {"westbridge-mbs": 5, "hudson-careers": 4}
    assert [tuple(row) for row in switched] == [("example_club", "westbridge-mbs")]
    login(client, "student1@demo.mentorhub.example", password=DEMO_PASSWORD)
    page = client.get("/clubs/westbridge-mbs/plugins").get_data(as_text=True)
    assert "Example club" in page and "Switch off" in page
