"""People's own data (issue 14, part 4): the JSON download from settings, and deleting an
account, all through HTTP. Deletion is checked by reading every table of the database for
the person's email and name."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking
from mentorhub.testing import DEFAULT_PASSWORD
from tests.followup_support import CHAT, END, NOW, PROFILE, book_chat, tick

SAM = "Samira Quillfeather"
SAM_EMAIL = "samira.quillfeather@example.com"
PAT_PRIVATE = "the festival budget is confidential"
OLIVE_PRIVATE = "My own question about sync licensing"
SAM_QUESTION = "What surprised you most in your first year on tour?"
THANKS = "Dear Pat,\n\nThank you! What I learned most was how much planning a tour takes."


@pytest.fixture
def world(app, make_user, add_window, login, runner, mentorhub_make_club):
    """Sam's history, made through the site: a chat held (questions prepared, messages, a
    thank-you), a chat still to come, a request waiting on Kim, Kim saved, a report, a club;
    and Olive, another student of Pat's, with her own words."""
    clock.travel_to(NOW)
    sam = make_user("student", display_name=SAM, email=SAM_EMAIL)
    past = book_chat(app, make_user, add_window, login, student=sam)
    pat, sam_client, pat_client = past.pro, past.student_client, past.pro_client
    upcoming = book_chat(app, make_user, add_window, login, student=sam, student_client=sam_client,
                         pro=pat, start=CHAT + timedelta(days=14))
    kim = make_user("professional", display_name="Kim Keys", profile=PROFILE, topics=["Touring"])
    add_window(kim, CHAT.weekday(), "09:00", "12:00")
    assert sam_client.post(f"/professionals/{kim.id}/request", data={
        "format": "video", "introduction": "Hi Kim! " + "I study music business and would love to learn. " * 3,
        "times": [(CHAT + timedelta(days=7)).isoformat()], "action": "send"}).status_code == 302
    with app.app_context():
        waiting = db.session.scalar(select(ChatRequest.id).where(ChatRequest.professional_id == kim.id))
    assert sam_client.post(f"/professionals/{kim.id}/save").status_code == 302

    olive = make_user("student", display_name="Olive Oakes", email="olive.oakes@example.com")
    olive_chat = book_chat(app, make_user, add_window, login, student=olive, pro=pat, start=CHAT + timedelta(hours=1))
    assert olive_chat.student_client.post(f"/requests/{olive_chat.request_id}/messages",
                                          data={"body": OLIVE_PRIVATE}).status_code == 302

    rid = past.request_id
    assert sam_client.post(f"/requests/{rid}/prepare", data={
        "learn_note": "How touring really works", "own": SAM_QUESTION, "action": "add"}).status_code == 302
    assert sam_client.post(f"/requests/{rid}/messages", data={"body": "Looking forward to it!"}).status_code == 302
    assert pat_client.post(f"/requests/{rid}/messages",
                           data={"body": f"See you soon, {SAM}! Between us, {PAT_PRIVATE}."}).status_code == 302
    clock.travel_to(END + timedelta(minutes=1))
    tick(runner)
    assert sam_client.post(f"/requests/{rid}/thank-you", data={"body": THANKS}).status_code == 302
    assert sam_client.post(f"/people/{pat.id}/report", data={
        "reason": "other", "details": "Just checking how reports work.", "request_id": rid}).status_code == 302
    club = mentorhub_make_club("Audio Society", members=[sam], plugins=["example_club"])
    assert sam_client.get("/plugins/example_club/").status_code == 200  # a row in the plugin's own table
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM plugin_example_club_visits")).scalar() == 1
    make_user("student", display_name="Ada Admin", is_admin=True)  # told of the report, by name
    return {"sam": sam, "pat": pat, "kim": kim, "olive": olive, "sam_client": sam_client, "pat_client": pat_client,
            "past": rid, "upcoming": upcoming.request_id, "upcoming_booking": upcoming.booking_id,
            "waiting": waiting, "olive_request": olive_chat.request_id, "club": club}


def download(client) -> tuple[dict, str]:
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mentorhub-data-')
    raw = response.get_data(as_text=True)
    return json.loads(raw), raw


def test_the_download_holds_the_persons_data_and_nobody_elses_private_data(app, world):
    pat, olive = world["pat"], world["olive"]
    page = world["sam_client"].get("/account").get_data(as_text=True)
    assert 'href="/account/data.json"' in page and 'href="/account/delete"' in page
    data, raw = download(world["sam_client"])

    assert data["account"]["email"] == SAM_EMAIL and data["account"]["display_name"] == SAM
    by_id = {r["id"]: r for r in data["requests"]}
    assert set(by_id) == {world["past"], world["upcoming"], world["waiting"]}
    past = by_id[world["past"]]
    assert past["with"] == "Pat Pro" and past["you_were"] == "student"
    assert past["your_introduction"].startswith("Hi! I'm Sam")
    assert [m["text"] for m in past["your_messages"]] == ["Looking forward to it!"]
    assert {c["request_id"] for c in data["chats"]} == {world["past"], world["upcoming"]}
    assert [q for p in data["after_the_chat"]["preparations"] for q in p["questions"]] == [SAM_QUESTION]
    assert [n["text"] for n in data["after_the_chat"]["notes_you_wrote"]] == [THANKS]
    assert [s["name"] for s in data["lists"]["saved"]] == ["Kim Keys"]
    assert [r["about"] for r in data["reports_you_filed"]] == ["Pat Pro"]
    assert [c["club"] for c in data["clubs"]] == ["Audio Society"]
    assert data["profile"] is not None and data["availability"] is None

    # Nobody else's private data: Pat's words and email, and anything of Olive's.
    for private in (PAT_PRIVATE, pat.email, olive.email, olive.display_name, OLIVE_PRIVATE, world["kim"].email):
        assert private.lower() not in raw.lower(), private

    # A professional's download has their availability, and only their own messages.
    pat_data, pat_raw = download(world["pat_client"])
    assert pat_data["availability"]["windows"] == ["Tuesday 09:00–12:00"]
    assert PAT_PRIVATE in pat_raw and "Looking forward to it!" not in pat_raw and SAM_EMAIL not in pat_raw
    assert pat_data["after_the_chat"]["thank_yous_and_updates_received"] == 1 and THANKS not in pat_raw


def personal_traces(app, *words: str) -> list[str]:
    """Every table and column, in the whole database, where one of ``words`` appears
    (case-insensitive): the migrations' and SQLite search tables' included."""
    found = []
    with app.app_context():
        connection = db.session.connection()
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    shown = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    found += [f"{table}.{column}: {shown[:80]!r}" for w in words if w.lower() in shown.lower()]
    return found


def test_deleting_leaves_no_personal_data_and_the_others_pages_keep_working(app, client, login, world):
    sam_client, pat_client = world["sam_client"], world["pat_client"]
    assert personal_traces(app, SAM_EMAIL, SAM)  # the search below can find them

    page = sam_client.get("/account/delete").get_data(as_text=True)
    assert "What deleting does" in page and 'name="password"' in page

    # Mistakes change nothing and say so.
    wrong = sam_client.post("/account/delete", data={"password": "not my password", "understood": "y"})
    assert wrong.status_code == 200 and "That isn&#39;t your password" in wrong.get_data(as_text=True)
    unticked = sam_client.post("/account/delete", data={"password": DEFAULT_PASSWORD})
    assert "Tick the box" in unticked.get_data(as_text=True)
    assert sam_client.get("/dashboard").status_code == 200

    done = sam_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"},
                           follow_redirects=True)
    assert "Your account is deleted" in done.get_data(as_text=True)
    assert personal_traces(app, SAM_EMAIL, SAM, "Looking forward to it!", SAM_QUESTION, THANKS) == []
    with app.app_context():  # the club plugin heard account_deleted and forgot the visit
        visits = "SELECT count(*) FROM plugin_example_club_visits WHERE user_id = :u"
        assert db.session.execute(text(visits), {"u": world["sam"].id}).scalar() == 0

    # Logged out everywhere, and the old log-in no longer works.
    assert sam_client.get("/dashboard").status_code == 302
    refused = client.post("/login", data={"email": SAM_EMAIL, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 200

    # What was open ended with a note: the chat to come cancelled, Kim's request withdrawn.
    with app.app_context():
        assert db.session.get(Booking, world["upcoming_booking"]).active is False
        assert db.session.get(ChatRequest, world["waiting"]).status == "withdrawn"
    notes = pat_client.get("/notifications").get_data(as_text=True)
    assert "Your chat with A former member on" in notes and "They have left MentorHub" in notes
    kim_client = app.test_client()
    login(kim_client, world["kim"])
    assert "A former member&#39;s request has ended" in kim_client.get("/notifications").get_data(as_text=True)

    # The other people's pages still work and read "A former member".
    for path in ("/dashboard", f"/requests/{world['past']}", f"/requests/{world['upcoming']}",
                 f"/requests/{world['olive_request']}", "/notifications"):
        response = pat_client.get(path)
        assert response.status_code == 200, path
    past = pat_client.get(f"/requests/{world['past']}").get_data(as_text=True)
    assert "A former member" in past and PAT_PRIVATE in past  # Pat's own words stay Pat's
    assert "Report A former member" not in past and "Block A former member" not in past
    assert "Looking forward to it!" not in past
    members = app.test_client()
    login(members, world["club"].admin)
    assert "A former member" not in members.get(f"/clubs/{world['club'].slug}/members").get_data(as_text=True)


def test_a_deleted_professional_leaves_search_and_the_students_keep_their_pages(app, client, login, world):
    pat, pat_client = world["pat"], world["pat_client"]
    name, email = pat.display_name, pat.email
    response = pat_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"})
    assert response.status_code == 302
    assert personal_traces(app, email, "meet.example.com/pat", PAT_PRIVATE) == []
    assert personal_traces(app, name) == []
    assert client.get(f"/professionals/{pat.id}").status_code == 404
    login(client, world["olive"])
    assert name not in client.get("/professionals?q=touring").get_data(as_text=True)
    page = client.get(f"/requests/{world['olive_request']}")
    assert page.status_code == 200 and "A former member" in page.get_data(as_text=True)
    assert OLIVE_PRIVATE in page.get_data(as_text=True)  # Olive's own words stay hers


def test_the_only_club_admin_names_another_first(app, login, make_user, mentorhub_make_club):
    lead = make_user("student", display_name="Lena Lead")
    club = mentorhub_make_club("Radio Club", admins=[lead], members=1)
    lead_client = app.test_client()
    login(lead_client, lead)
    page = lead_client.get("/account/delete").get_data(as_text=True)
    assert "You are the only club admin of Radio Club" in page
    refused = lead_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"})
    assert "You are the only club admin of Radio Club" in refused.get_data(as_text=True)
    assert lead_client.get("/dashboard").status_code == 200
    with app.app_context():
        assert db.session.execute(text("SELECT display_name FROM users WHERE id = :i"), {"i": lead.id}).scalar() \
            == "Lena Lead"
    assert club.members  # the club it refused for has its member still


def test_a_short_name_goes_only_where_it_is_a_word_and_the_address_is_free_again(
    app, client, make_user, add_window, login
):
    clock.travel_to(NOW)
    al = make_user("student", display_name="Al", email="al@example.com")
    chat = book_chat(app, make_user, add_window, login, student=al)
    rid = chat.request_id
    assert chat.student_client.post(f"/requests/{rid}/messages", data={"body": "ok"}).status_code == 302
    assert chat.pro_client.post(f"/requests/{rid}/messages",
                                data={"body": "Always glad to help, Al. ok, see you then!"}).status_code == 302
    assert chat.student_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"},
                                    follow_redirects=True).status_code == 200
    page = chat.pro_client.get(f"/requests/{rid}").get_data(as_text=True)
    assert "Always glad to help, a former member. ok, see you then!" in page  # only the word "Al"
    notes = chat.pro_client.get("/notifications").get_data(as_text=True)
    assert "booked" in notes and "bo(removed" not in notes
    assert personal_traces(app, "al@example.com") == []

    # Writing to a former member is refused with a plain reason, and nothing is sent.
    refused = chat.pro_client.post(f"/requests/{rid}/messages", data={"body": "Are you still there?"})
    assert "has left MentorHub" in refused.get_data(as_text=True)
    assert "Are you still there?" not in chat.pro_client.get(f"/requests/{rid}").get_data(as_text=True)
    assert chat.pro_client.get(f"/people/{al.id}/report").status_code == 404

    # The address can sign up again, as a new account.
    again = client.post("/signup", data={"email": "al@example.com", "password": "a new long password",
                                         "confirm": "a new long password", "display_name": "Al",
                                         "role": "student", "timezone": "UTC"})
    assert again.status_code == 302
    with app.app_context():
        new_id = db.session.execute(text("SELECT id FROM users WHERE email = 'al@example.com'")).scalar()
    assert new_id is not None and new_id != al.id


def test_the_only_site_admin_names_another_first(app, login, make_user):
    admin = make_user("student", display_name="Sole Admin", is_admin=True)
    admin_client = app.test_client()
    login(admin_client, admin)
    refused = admin_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"})
    assert "only site admin" in refused.get_data(as_text=True)
    make_user("student", is_admin=True)
    assert admin_client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "understood": "y"}).status_code \
        == 302
