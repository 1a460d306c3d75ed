"""Issue 12: a site admin creates a club and names its first club admins from the admin
pages; bad input keeps what was typed and creates nothing."""

from __future__ import annotations

import html

from sqlalchemy import select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_site_admin_creates_a_club_with_its_club_admins(app, client, login, make_user):
    admin = make_user("professional", is_admin=True)
    ada = make_user("student", email="ada@example.com", display_name="Ada")
    cy = make_user("student", email="cy@example.com", display_name="Cy")
    login(client, admin)
    assert "There are no clubs yet" in text(client.get("/admin/clubs"))
    response = client.post("/admin/clubs", data={
        "name": "Audio Society", "slug": "audio-society", "description": "Sound people.",
        "admins": "ada@example.com,\nCY@example.com",
    })
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Audio Society is created" in page and "/clubs/audio-society" in page
    with app.app_context():
        club = db.session.scalar(select(Club).where(Club.slug == "audio-society"))
        admins = set(db.session.scalars(select(ClubMembership.user_id).where(
            ClubMembership.club_id == club.id, ClubMembership.is_club_admin.is_(True))))
    assert admins == {ada.id, cy.id}
    client.post("/logout")
    login(client, ada)
    assert client.get("/clubs/audio-society/members").status_code == 200


def test_bad_input_keeps_what_was_typed_and_creates_nothing(app, client, login, make_user):
    login(client, make_user("professional", is_admin=True))
    response = client.post("/admin/clubs", data={
        "name": "Audio Society", "slug": "Audio Society!", "description": "Sound people.",
        "admins": "nobody@example.com",
    })
    assert response.status_code == 400
    page = text(response)
    assert "lower-case letters, digits and single hyphens" in page
    assert 'value="Audio Society"' in page and "Sound people." in page and "nobody@example.com" in page
    with app.app_context():
        assert db.session.scalars(select(Club)).all() == []


def test_only_site_admins_reach_the_clubs_page(client, login, make_user):
    login(client, make_user("student"))
    assert client.get("/admin/clubs").status_code == 403
    assert client.post("/admin/clubs", data={"name": "X", "slug": "x", "admins": "a@example.com"}).status_code == 403


def test_a_second_club_of_the_same_name_and_a_non_address_are_refused(app, client, login, make_user):
    login(client, make_user("professional", is_admin=True))
    make_user("student", email="ada@example.com")
    good = {"name": "Audio Society", "slug": "audio", "description": "", "admins": "ada@example.com"}
    assert client.post("/admin/clubs", data=good).status_code == 302
    response = client.post("/admin/clubs", data={**good, "name": "audio society", "slug": "audio-2"})
    assert response.status_code == 400 and "A club is already called audio society" in text(response)
    response = client.post("/admin/clubs", data={**good, "slug": "film", "name": "Film", "admins": "not-an-email"})
    assert response.status_code == 400 and "not-an-email is not an email address" in text(response)
    with app.app_context():
        assert len(db.session.scalars(select(Club)).all()) == 1
