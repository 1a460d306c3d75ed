"""Issue 12, must show 1 and 2: a club admin switches a club-scoped plugin on for their club
from the club's plugins page; it suggests its question to the club's members only, from the
next request on in every app instance sharing the database; other clubs' admins and plain
members cannot reach the page."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from mentorhub import create_app
from mentorhub.clubs.models import ClubMembership
from mentorhub.clubs.services import create_club
from mentorhub.extensions import db
from mentorhub.plugins._models import PluginClubState
from mentorhub.testing import CSRFClient

CLUB_QUESTION = "How did being part of a club or society help you early in your career?"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def clubs(app, make_user):
    """Club A (admin Ada, member Mo), club B (admin Bea), an outsider, a professional."""
    people = {
        "ada": make_user("student", email="ada@example.com"),
        "mo": make_user("student", email="mo@example.com"),
        "bea": make_user("student", email="bea@example.com"),
        "out": make_user("student", email="out@example.com"),
        "pro": make_user("professional", topics=["Touring"]),
    }
    with app.app_context():
        a = create_club("Live Music Society", "live-music", "", ["ada@example.com"])
        create_club("Film Society", "film", "", ["bea@example.com"])
        db.session.add(ClubMembership(club_id=a.id, user_id=people["mo"].id))
        db.session.commit()
        people["club_a"] = a.id
    return people


def suggests_club_question(client, pro) -> bool:
    return CLUB_QUESTION in text(client.get(f"/professionals/{pro.id}"))


def test_club_admin_switches_the_plugin_on_for_their_members_only(app, client, login, clubs):
    login(client, clubs["ada"])
    page = text(client.get("/clubs/live-music/plugins"))
    assert "Example club" in page and "Off" in page
    response = client.post("/clubs/live-music/plugins/example_club/on")
    assert "is on for Live Music Society's members from now on" in text(client.get(response.headers["Location"]))
    client.post("/logout")

    login(client, clubs["mo"])
    assert suggests_club_question(client, clubs["pro"])
    client.post("/logout")
    login(client, clubs["out"])
    assert not suggests_club_question(client, clubs["pro"])
    client.post("/logout")

    login(client, clubs["ada"])
    client.post("/clubs/live-music/plugins/example_club/off")
    client.post("/logout")
    login(client, clubs["mo"])
    assert not suggests_club_question(client, clubs["pro"])


def test_another_clubs_admin_and_a_plain_member_cannot_reach_the_page(app, client, login, clubs):
    for person in ("bea", "mo"):
        login(client, clubs[person])
        assert client.get("/clubs/live-music/plugins").status_code == 403
        assert client.post("/clubs/live-music/plugins/example_club/on").status_code == 403
        client.post("/logout")
    with app.app_context():
        assert db.session.scalars(select(PluginClubState)).all() == []
    assert client.get("/clubs/live-music/plugins").status_code == 302  # log in first


def test_a_site_wide_plugin_cannot_be_switched_per_club(app, client, login, clubs):
    login(client, clubs["ada"])
    response = client.post("/clubs/live-music/plugins/question_bank/on")
    assert "cannot be switched per club" in text(client.get(response.headers["Location"]))


def test_the_switch_takes_effect_on_the_next_request_in_another_app_instance(app, client, login, clubs, tmp_path):
    keys = ("TESTING", "ENV", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PASSWORD_HASH_METHOD",
            "RATELIMIT_STORAGE_URI", "DISCOVERY_TOPICS_FRESH", "PLUGIN_DIRS", "SERVER_NAME", "SITE_URL",
            "PREFERRED_URL_SCHEME")
    other = create_app({**{k: app.config[k] for k in keys}, "INSTANCE_PATH": str(tmp_path / "other")})
    other.test_client_class = CSRFClient
    try:
        member = other.test_client()
        login(member, clubs["mo"])
        assert not suggests_club_question(member, clubs["pro"])  # the other instance has read the switches

        login(client, clubs["ada"])
        client.post("/clubs/live-music/plugins/example_club/on")
        assert suggests_club_question(member, clubs["pro"])

        client.post("/clubs/live-music/plugins/example_club/off")
        assert not suggests_club_question(member, clubs["pro"])
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_members_clubs_come_with_them_and_a_change_is_seen_in_the_same_request(
    app, client, login, clubs, queries
):
    """Every page's plugins ask which clubs the viewer is in: that comes in the user
    loader's statement, not a query of its own; a request that then changes the viewer's
    clubs and commits sees the change."""
    from mentorhub.accounts import load_user
    from mentorhub.accounts.models import User
    from mentorhub.database import commit
    from mentorhub.plugins import club_ids_of

    login(client, clubs["mo"])
    client.get("/dashboard")  # warm-up: per-process caches
    with queries() as statements:
        assert client.get("/dashboard").status_code == 200
    own_reads = [s for s in statements if " ".join(s.split()).startswith("SELECT club_memberships.club_id")]
    assert own_reads == [], own_reads

    with app.test_request_context("/"):
        film = db.session.scalar(select(ClubMembership.club_id).where(ClubMembership.user_id == clubs["bea"].id))
        mo = load_user(db.session.get(User, clubs["mo"].id).session_token)
        before = club_ids_of(mo)
        assert len(before) == 1 and film not in before
        db.session.add(ClubMembership(club_id=film, user_id=mo.id))
        commit()
        assert club_ids_of(mo) == tuple(sorted((*before, film)))
