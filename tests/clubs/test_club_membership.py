"""Issue 12: people join a club through an invite link (expiry, use limit, revocable) or an
emailed invitation; members leave; club admins remove members and promote or demote club
admins, never the last one; only a club's admins reach its members page."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorhub import clock
from mentorhub.clubs.models import Club, ClubInvite, ClubMembership
from mentorhub.clubs.services import create_club
from mentorhub.extensions import db


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def club(app, make_user):
    """The Audio Society, run by Ada, with Bo as a plain member."""
    ada = make_user("student", email="ada@example.com", display_name="Ada Admin")
    bo = make_user("student", email="bo@example.com", display_name="Bo Member")
    with app.app_context():
        made = create_club("Audio Society", "audio", "Students who love sound.", [ada.email])
        db.session.add(ClubMembership(club_id=made.id, user_id=bo.id, is_club_admin=False))
        db.session.commit()
        club_id = made.id
    return {"id": club_id, "ada": ada, "bo": bo}


def members(app, club_id: int) -> dict[int, bool]:
    with app.app_context():
        return {m.user_id: m.is_club_admin for m in db.session.scalars(
            select(ClubMembership).where(ClubMembership.club_id == club_id))}


def invites(app) -> list[ClubInvite]:
    with app.app_context():
        return list(db.session.scalars(select(ClubInvite).order_by(ClubInvite.id)))


def make_link(app, client, login, club, days="7", uses="2") -> str:
    login(client, club["ada"])
    response = client.post("/clubs/audio/invites", data={"days": days, "max_uses": uses})
    assert response.status_code == 302, text(response)
    page = text(client.get("/clubs/audio/members"))
    [link] = set(re.findall(r"http://localhost/invite/[\w-]+", page))
    return link.removeprefix("http://localhost")


def test_an_invite_link_lets_people_join_until_its_use_limit(app, client, login, make_user, club):
    link = make_link(app, client, login, club, uses="2")
    client.post("/logout")
    cy, di, ed = (make_user("student", display_name=n) for n in ("Cy", "Di", "Ed"))

    page = text(client.get(link))
    assert "Join Audio Society" in page and "Log in to join" in page
    for person in (cy, di):
        login(client, person)
        response = client.post(link)
        assert response.status_code == 302
        assert "Welcome to Audio Society" in text(client.get(response.headers["Location"]))
        client.post("/logout")
    login(client, ed)
    response = client.post(link)
    assert response.status_code == 410
    assert "has been used by as many people as it allows" in text(response)
    assert set(members(app, club["id"])) == {club["ada"].id, club["bo"].id, cy.id, di.id}
    assert [i.uses for i in invites(app)] == [2]


def test_a_member_opening_the_link_again_spends_no_use(app, client, login, club):
    link = make_link(app, client, login, club, uses="1")
    login(client, club["bo"])
    assert "already a member" in text(client.get(link))
    client.post(link)
    assert [i.uses for i in invites(app)] == [0]


def test_an_expired_link_says_so_and_changes_nothing(app, client, login, make_user, club):
    link = make_link(app, client, login, club, days="1")
    clock.travel_to(clock.now() + timedelta(days=1, minutes=1))
    late = make_user("student")
    login(client, late)
    assert "has expired" in text(client.get(link))
    response = client.post(link)
    assert response.status_code == 410 and "has expired. Ask the club's admins for a new one." in text(response)
    assert late.id not in members(app, club["id"])


def test_a_revoked_link_says_so_and_changes_nothing(app, client, login, make_user, club):
    link = make_link(app, client, login, club)
    [invite] = invites(app)
    assert client.post(f"/clubs/audio/invites/{invite.id}/revoke").status_code == 302
    assert "No invite works right now" in text(client.get("/clubs/audio/members"))
    client.post("/logout")
    late = make_user("student")
    login(client, late)
    response = client.post(link)
    assert response.status_code == 410 and "was withdrawn by the club's admins" in text(response)
    assert late.id not in members(app, club["id"])


def test_an_unknown_invite_is_a_clear_404(client):
    response = client.get("/invite/not-a-real-token")
    assert response.status_code == 404 and "isn't valid" in text(response)


@pytest.mark.parametrize(("days", "uses", "message"), [
    ("0", "5", "Choose how many days the link works: 1 to 90."),
    ("7", "", "Choose how many people can join with it: 1 to 1000."),
    ("soon", "5", "Choose how many days the link works: 1 to 90."),
])
def test_bad_link_settings_keep_what_was_typed_and_make_nothing(app, client, login, club, days, uses, message):
    login(client, club["ada"])
    response = client.post("/clubs/audio/invites", data={"days": days, "max_uses": uses})
    assert response.status_code == 400
    page = text(response)
    assert message in page and f'value="{uses}"' in page
    assert "Not a valid integer" not in page and page.count(message) == 2  # the summary and the field
    assert invites(app) == []


@pytest.fixture
def mentorhub_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp[1]}


def test_an_emailed_invitation_reaches_the_smtp_server_and_lets_its_addressee_in(app, client, login, make_user,
                                                                                smtp, club):
    sink, _port = smtp
    login(client, club["ada"])
    response = client.post("/clubs/audio/invites/email",
                           data={"emails": "new.person@example.com,\nbo@example.com"})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Invitation sent to new.person@example.com" in page
    assert "Already members, so not invited: bo@example.com" in page
    assert re.search(r"Emailed to <span[^>]*>new.person@example.com", page)
    [message] = sink.wait_for(1)
    assert message["To"] == "new.person@example.com"
    assert message["Subject"] == "Ada Admin invites you to join Audio Society on MentorHub"
    body = message.get_content().replace("\r\n", "\n")
    assert "Students who love sound.\n\nJoin here" in body
    [link] = re.findall(r"http://localhost(/invite/[\w-]+)", body)

    # Sending again to the same address while the first still works sends nothing.
    page = text(client.post("/clubs/audio/invites/email", data={"emails": "new.person@example.com"},
                            follow_redirects=True))
    assert "Invited before, and that invitation still works, so not sent again: new.person@example.com" in page
    assert len(sink.messages) == 1 and len(invites(app)) == 1
    client.post("/logout")

    someone_else = make_user("student", email="someone.else@example.com")
    login(client, someone_else)
    assert "was sent to new.person@example.com, and you're logged in as someone.else@example.com" in text(
        client.get(link))
    response = client.post(link)
    assert response.status_code == 410 and "Log in with that address to join" in text(response)
    client.post("/logout")

    newcomer = make_user("student", email="new.person@example.com")
    login(client, newcomer)
    assert client.post(link).status_code == 302
    assert newcomer.id in members(app, club["id"]) and someone_else.id not in members(app, club["id"])
    client.post("/clubs/audio/leave")
    response = client.post(link)
    assert response.status_code == 410 and "has already been used" in text(response)


def test_joining_with_a_link_spends_the_persons_emailed_invitation_too(app, client, login, make_user, smtp, club):
    login(client, club["ada"])
    client.post("/clubs/audio/invites/email", data={"emails": "cy@example.com"})
    link = make_link(app, client, login, club)
    client.post("/logout")
    login(client, make_user("student", email="cy@example.com"))
    assert client.post(link).status_code == 302
    client.post("/logout")
    login(client, club["ada"])
    page = text(client.get("/clubs/audio/members"))
    assert "Emailed to" not in page and "1 of 2" in page


def test_an_invite_opened_before_signing_up_waits_on_the_dashboard(app, client, login, make_user, club):
    link = make_link(app, client, login, club)
    client.post("/logout")
    assert "Log in to join" in text(client.get(link))
    newcomer = make_user("student")  # signed up and confirmed meanwhile, in this browser
    login(client, newcomer)
    page = text(client.get("/dashboard"))
    assert "You're invited to join Audio Society." in page
    token = link.rsplit("/", 1)[1]
    assert client.post(f"/invite/{token}").status_code == 302
    page = text(client.get("/dashboard"))
    assert "You're invited" not in page and "Audio Society" in page


def test_a_bad_address_sends_nothing_and_keeps_the_list(app, client, login, smtp, club):
    sink, _port = smtp
    login(client, club["ada"])
    response = client.post("/clubs/audio/invites/email", data={"emails": "good@example.com, not-an-address"})
    assert response.status_code == 400
    page = text(response)
    assert "not-an-address is not an email address we can write to" in page
    assert "good@example.com, not-an-address" in page
    assert invites(app) == [] and sink.messages == []


def test_a_member_leaves_but_the_last_club_admin_cannot(app, client, login, club):
    login(client, club["bo"])
    response = client.post("/clubs/audio/leave")
    assert "You left Audio Society" in text(client.get(response.headers["Location"]))
    assert club["bo"].id not in members(app, club["id"])
    client.post("/logout")
    login(client, club["ada"])
    assert "You're its only club admin" in text(client.get("/clubs/audio"))
    response = client.post("/clubs/audio/leave")
    assert "You are the last club admin of Audio Society" in text(client.get(response.headers["Location"]))
    assert members(app, club["id"]) == {club["ada"].id: True}


def test_the_last_club_admin_can_be_neither_demoted_nor_removed(app, client, login, club):
    ada, bo = club["ada"].id, club["bo"].id
    login(client, club["ada"])
    for action in ("demote", "remove"):
        response = client.post(f"/clubs/audio/members/{ada}/{action}")
        assert "Audio Society needs at least one club admin" in text(client.get(response.headers["Location"]))
        assert members(app, club["id"]) == {ada: True, bo: False}

    client.post(f"/clubs/audio/members/{bo}/promote")
    assert members(app, club["id"]) == {ada: True, bo: True}
    assert "Step down as club admin" in text(client.get("/clubs/audio/members"))
    response = client.post(f"/clubs/audio/members/{ada}/demote")
    assert response.headers["Location"].endswith("/clubs/audio")  # her way back, not a 403
    assert "Ada Admin is a member, no longer a club admin" in text(client.get(response.headers["Location"]))
    assert members(app, club["id"]) == {ada: False, bo: True}
    # Ada is no club admin now: the members page is closed to her.
    assert client.get("/clubs/audio/members").status_code == 403


def test_a_club_admin_removes_a_member(app, client, login, club):
    login(client, club["ada"])
    response = client.post(f"/clubs/audio/members/{club['bo'].id}/remove")
    assert "Bo Member is no longer a member" in text(client.get(response.headers["Location"]))
    assert members(app, club["id"]) == {club["ada"].id: True}


def test_only_the_clubs_admins_reach_its_members_page(app, client, login, make_user, club):
    other_admin = make_user("student", email="zed@example.com")
    with app.app_context():
        create_club("Film Society", "film", "", [other_admin.email])
    assert client.get("/clubs/audio/members").status_code == 302  # log in first
    for person in (club["bo"], other_admin):
        login(client, person)
        assert client.get("/clubs/audio/members").status_code == 403
        assert client.post("/clubs/audio/invites", data={"days": "7", "max_uses": "5"}).status_code == 403
        assert client.post(f"/clubs/audio/members/{club['ada'].id}/demote").status_code == 403
        client.post("/logout")
    assert invites(app) == [] and members(app, club["id"])[club["ada"].id] is True


def test_the_club_page_shows_its_admins_the_way_to_run_it(app, client, login, club):
    login(client, club["bo"])
    page = text(client.get("/clubs/audio"))
    assert "Leave the club" in page and "Members and invites" not in page
    client.post("/logout")
    login(client, club["ada"])
    page = text(client.get("/clubs/audio"))
    assert "Members and invites" in page and "Club plugins" in page
    with app.app_context():
        assert db.session.scalar(select(Club.name).where(Club.id == club["id"])) == "Audio Society"


def test_the_dashboard_lists_the_viewers_clubs(app, client, login, make_user, club):
    login(client, club["ada"])
    page = text(client.get("/dashboard"))
    assert "Your clubs" in page and "Audio Society" in page and "Members and invites" in page
    client.post("/logout")
    login(client, club["bo"])
    page = text(client.get("/dashboard"))
    assert "Audio Society" in page and "Members and invites" not in page
    client.post("/logout")
    login(client, make_user("student"))
    assert "Your clubs" not in text(client.get("/dashboard"))


def test_two_admins_demoting_each_other_at_once_leave_one_club_admin(app, login, club):
    from chats_support import client_for, race

    ada, bo = club["ada"], club["bo"]
    with app.app_context():
        db.session.get(ClubMembership, (club["id"], bo.id)).is_club_admin = True
        db.session.commit()
    for _round in range(3):
        results = race([(client_for(app, login, ada), f"/clubs/audio/members/{bo.id}/demote", {}),
                        (client_for(app, login, bo), f"/clubs/audio/members/{ada.id}/demote", {})])
        assert all(status in (302, 403) for status, _body in results)
        admins = [user for user, is_admin in members(app, club["id"]).items() if is_admin]
        assert len(admins) == 1
        with app.app_context():  # both club admins again for the next round
            for user in (ada, bo):
                db.session.get(ClubMembership, (club["id"], user.id)).is_club_admin = True
            db.session.commit()


def test_a_link_with_one_use_left_lets_exactly_one_of_two_racing_people_in(app, login, make_user, client, club):
    from chats_support import client_for, race

    link = make_link(app, client, login, club, uses="1")
    cy, di = make_user("student"), make_user("student")
    results = race([(client_for(app, login, cy), link, {}), (client_for(app, login, di), link, {})])
    assert sorted(status for status, _body in results) == [302, 410]
    assert len(set(members(app, club["id"])) & {cy.id, di.id}) == 1
    assert [i.uses for i in invites(app)] == [1]


def test_an_admin_of_another_club_can_touch_nothing_of_this_one(app, client, login, make_user, club):
    zed = make_user("student", email="zed@example.com")
    with app.app_context():
        create_club("Film Society", "film", "", [zed.email])
    link = make_link(app, client, login, club)  # an invite of Audio Society, made by Ada
    [invite] = invites(app)
    client.post("/logout")
    login(client, zed)
    before = members(app, club["id"])
    for url in (f"/clubs/audio/members/{club['bo'].id}/remove", f"/clubs/audio/members/{club['bo'].id}/promote",
                f"/clubs/audio/invites/{invite.id}/revoke"):
        assert client.post(url).status_code == 403
    assert client.post("/clubs/audio/invites/email", data={"emails": "x@example.com"}).status_code == 403
    # Film's own pages with Audio's invite or member: nothing of Audio's moves.
    assert client.post(f"/clubs/film/invites/{invite.id}/revoke").status_code == 404
    assert client.post(f"/clubs/film/members/{club['bo'].id}/remove").status_code == 302
    assert members(app, club["id"]) == before
    assert [i.revoked_at for i in invites(app)] == [None] and link


def test_an_address_that_asked_for_no_invitations_is_not_emailed(app, client, login, smtp, club):
    from mentorhub.followup.referrals import (
        _digest,  # noqa: PLC2701 - the opt-out page's own step
        address_opted_out,
        never_invite,
    )

    sink, _port = smtp
    with app.test_request_context():
        never_invite(_digest("quiet@example.com"))
        assert address_opted_out("quiet@example.com")
    login(client, club["ada"])
    page = text(client.post("/clubs/audio/invites/email", data={"emails": "quiet@example.com, loud@example.com"},
                            follow_redirects=True))
    assert "Asked MentorHub never to email them an invitation, so not invited: quiet@example.com" in page
    [message] = sink.wait_for(1)
    assert message["To"] == "loud@example.com" and "/referrals/no-more-invitations/" in message["List-Unsubscribe"]


def test_a_club_may_email_only_so_many_invitations_a_day(app, client, login, smtp, club):
    app.config["CLUB_INVITES_PER_DAY"] = 3
    login(client, club["ada"])
    client.post("/clubs/audio/invites/email", data={"emails": "a@example.com, b@example.com"})
    response = client.post("/clubs/audio/invites/email", data={"emails": "c@example.com, d@example.com"})
    assert response.status_code == 400
    assert "can email 3 invitations a day; 1 more can go out today" in text(response)
    assert len(invites(app)) == 2


def test_a_club_name_is_one_line(app, make_user):
    make_user("student", email="ada2@example.com")
    with app.app_context():
        made = create_club("Audio\r\nBcc: everyone", "audio-2", "", ["ada2@example.com"])
        assert made.name == "Audio Bcc: everyone"
