"""Issue 12, first step: an operator creates a club with its first club admins, and the club
has a page (what it is, its admins, how many members; the member list only to members)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db


def create(runner, *args: str):
    return runner.invoke(args=["mentorhub", "create-club", *args])


def test_create_club_makes_the_club_and_its_admins(app, runner, make_user, client, login):
    ada = make_user("student", email="ada@example.com", display_name="Ada Admin")
    result = create(runner, "--name", "Audio Society", "--slug", "audio-society",
                    "--description", "Students who make and love sound.", "--admin", "ADA@example.com")
    assert result.exit_code == 0, result.output
    assert "Club created: Audio Society at /clubs/audio-society" in result.output
    with app.app_context():
        club = db.session.scalar(select(Club).where(Club.slug == "audio-society"))
        [membership] = db.session.scalars(select(ClubMembership).where(ClubMembership.club_id == club.id))
        assert (membership.user_id, membership.is_club_admin) == (ada.id, True)

    page = client.get("/clubs/audio-society").get_data(as_text=True)
    assert "Audio Society" in page and "Students who make and love sound." in page
    assert "Ada Admin" in page and "1 member" in page
    assert "Only the club's members see who else is in it." in page
    login(client, ada)
    page = client.get("/clubs/audio-society").get_data(as_text=True)
    assert "Only the club's members see" not in page and page.count("Ada Admin") >= 2


@pytest.mark.parametrize(("args", "message"), [
    (["--name", " ", "--slug", "x", "--admin", "ada@example.com"], "Please give the club a name."),
    (["--name", "Audio", "--slug", "Audio Society", "--admin", "ada@example.com"], "lower-case letters"),
    (["--name", "Audio", "--slug", "audio", "--admin", "nobody@example.com"],
     "No MentorHub account has this address: nobody@example.com."),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(app, runner, make_user, args, message):
    make_user("student", email="ada@example.com")
    result = create(runner, *args)
    assert result.exit_code != 0 and message in result.output
    with app.app_context():
        assert db.session.scalars(select(Club)).all() == []


def test_a_taken_address_is_refused(app, runner, make_user):
    make_user("student", email="ada@example.com")
    assert create(runner, "--name", "Audio", "--slug", "audio", "--admin", "ada@example.com").exit_code == 0
    result = create(runner, "--name", "Other", "--slug", "audio", "--admin", "ada@example.com")
    assert result.exit_code != 0 and "A club already has the address /clubs/audio" in result.output


def test_an_unknown_club_is_a_404(client):
    assert client.get("/clubs/nothing-here").status_code == 404
