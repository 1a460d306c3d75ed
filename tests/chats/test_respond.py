"""A professional answers a request: accept (and book), decline, or ask for other times; the
student withdraws or proposes again (issue 3, "Responding", Must show 1 and 7)."""

from __future__ import annotations

import pytest
from bookings_support import notifications_of
from chats_support import (
    TUESDAY_9,
    accept_form,
    at,
    client_for,
    counts,
    iso,
    last_request_id,
    make_professional,
    request_row,
    send_request,
    start_clock,
)

from mentorhub import clock


@pytest.fixture
def pending(app, client, make_user, login):
    """A student (``client``) sent a professional a request for Tuesday 09:00, 10:00 or 11:00."""
    start_clock()
    pro = make_professional(app, make_user, offers_phone=True)
    student = make_user("student", timezone="Europe/Paris")
    login(client, student)
    assert send_request(client, pro, [TUESDAY_9, at(1), at(2)]).status_code == 302
    return {
        "pro": pro,
        "student": student,
        "id": last_request_id(app),
        "pro_client": client_for(app, login, pro),
    }


def test_request_then_accept_books_the_chat_for_both(app, client, pending):
    request_id, pro_client = pending["id"], pending["pro_client"]
    page = pro_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Accept and book" in page and "second-year music business student" in page
    response = pro_client.post(f"/requests/{request_id}/accept", data=accept_form(at(1)))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/requests/{request_id}"
    )
    row = request_row(app, request_id)
    assert row["status"] == "accepted"
    assert row["booking"]["start_at"] == at(1) and row["booking"]["end_at"] == at(1.5)
    assert row["booking"]["location"] == "https://meet.example.com/sam"
    assert row["booking"]["uid"].endswith("@mentorhub") and row["booking"]["active"]
    assert row["events"][-1] == ("request_accepted", "pending", "accepted")
    [note] = notifications_of(app, pending["student"])
    assert note["kind"] == "request_accepted" and note["booking_id"] is not None
    student_page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    # 10:00 UTC is 11:00 in Paris; the place is shown to the student.
    assert "Tue 2 Mar 2027, 11:00–11:30 (Europe/Paris)" in student_page
    assert "https://meet.example.com/sam" in student_page
    assert "accepted: the chat is booked" in student_page


def test_accepting_refreshes_the_professionals_next_free_time(app, pending):
    from mentorhub.extensions import db
    from mentorhub.profiles.models import ProfessionalProfile

    pending["pro_client"].post(f"/requests/{pending['id']}/accept", data=accept_form(TUESDAY_9))
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pending["pro"].id).next_free_at == at(0.5)


def test_the_accept_email_carries_the_calendar_file(app, client, make_user, login, smtp):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    send_request(client, pro, [TUESDAY_9])
    request_id = last_request_id(app)
    sink.wait_for(1)
    client_for(app, login, pro).post(f"/requests/{request_id}/accept", data=accept_form(TUESDAY_9))
    messages = sink.wait_for(2)
    accept_mail = next(m for m in messages if m["To"] == student.email)
    assert "accepted your chat request" in accept_mail["Subject"]
    assert [part.get_filename() for part in accept_mail.iter_attachments()][0].endswith(".ics")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (accept_form(at(0.5)), "Not a valid choice"),  # a free time, but not proposed
        (accept_form(at(1), "meet.example.com/sam"), "Please give the video link"),
        (accept_form(at(1), "javascript:alert(1)"), "Please give the video link"),
        (accept_form(at(1), ""), "Please say where the chat happens."),
        (
            accept_form(at(1), "https://meet.example.com/" + "x" * 300),
            "Field cannot be longer than 300 characters.",
        ),
        ({"location": "https://meet.example.com/sam"}, "Please pick one of the proposed times."),
    ],
    ids=["not-proposed", "no-scheme", "javascript", "empty", "oversized", "no-time"],
)
def test_bad_accept_input_is_refused_and_changes_nothing(app, pending, data, message):
    before = counts(app)
    response = pending["pro_client"].post(f"/requests/{pending['id']}/accept", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == before and request_row(app, pending["id"])["status"] == "pending"


def test_a_proposed_time_that_has_passed_cannot_be_accepted(app, pending):
    clock.travel_to(at(0.25))  # Tuesday 09:15: 09:00 has passed, 10:00 has not
    before = counts(app)
    response = pending["pro_client"].post(
        f"/requests/{pending['id']}/accept", data=accept_form(TUESDAY_9)
    )
    assert response.status_code == 400
    assert counts(app) == before
    page = pending["pro_client"].get(f"/requests/{pending['id']}").get_data(as_text=True)
    assert f'value="{iso(TUESDAY_9)}"' not in page and f'value="{iso(at(1))}"' in page


def test_a_phone_chat_needs_a_phone_number(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user, offers_video=False, offers_phone=True)
    login(client, make_user("student"))
    send_request(client, pro, [TUESDAY_9], fmt="phone")
    request_id, pro_client = last_request_id(app), client_for(app, login, pro)
    page = pro_client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Phone number" in page
    bad = pro_client.post(f"/requests/{request_id}/accept", data=accept_form(TUESDAY_9, "call me"))
    assert bad.status_code == 400 and "Please give a phone number" in bad.get_data(as_text=True)
    good = pro_client.post(
        f"/requests/{request_id}/accept", data=accept_form(TUESDAY_9, "+44 20 7946 0958")
    )
    assert good.status_code == 302
    assert request_row(app, request_id)["booking"]["location"] == "+44 20 7946 0958"


def test_a_time_taken_meanwhile_gives_the_conflict_message_and_another_can_be_picked(
    app, pending, make_user, make_booking
):
    make_booking(pending["pro"], make_user("student"), at(1))  # booked elsewhere since the request
    before = counts(app)
    response = pending["pro_client"].post(
        f"/requests/{pending['id']}/accept", data=accept_form(at(1))
    )
    assert response.status_code == 409
    assert "That time was just taken. Please pick another time." in response.get_data(as_text=True)
    assert counts(app) == before and request_row(app, pending["id"])["status"] == "pending"
    again = pending["pro_client"].post(f"/requests/{pending['id']}/accept", data=accept_form(at(2)))
    assert again.status_code == 302
    assert request_row(app, pending["id"])["booking"]["start_at"] == at(2)


def test_request_then_decline_with_a_kind_note(app, client, pending):
    response = pending["pro_client"].post(
        f"/requests/{pending['id']}/decline",
        data={"decline_note": "I'm on tour all month. Good luck!"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox")
    row = request_row(app, pending["id"])
    assert (
        row["status"] == "declined" and row["decline_note"] == "I'm on tour all month. Good luck!"
    )
    assert row["booking"] is None
    assert notifications_of(app, pending["student"])[-1]["kind"] == "request_declined"
    page = client.get(f"/requests/{pending['id']}").get_data(as_text=True)
    assert "on tour all month" in page and "declined the request" in page


def test_an_oversized_decline_note_is_refused_and_kept(app, pending):
    before = counts(app)
    response = pending["pro_client"].post(
        f"/requests/{pending['id']}/decline", data={"decline_note": "x" * 2001}
    )
    assert response.status_code == 400
    assert "Please keep your note under 2,000 characters." in response.get_data(as_text=True)
    assert counts(app) == before and request_row(app, pending["id"])["status"] == "pending"


def test_request_then_withdraw(app, client, pending):
    response = client.post(f"/requests/{pending['id']}/withdraw")
    assert response.status_code == 302 and response.headers["Location"].endswith("/requests")
    assert request_row(app, pending["id"])["status"] == "withdrawn"
    assert notifications_of(app, pending["pro"])[-1]["kind"] == "request_withdrawn"
    late = pending["pro_client"].post(f"/requests/{pending['id']}/accept", data=accept_form(at(1)))
    assert late.status_code == 409
    assert "already answered or withdrawn" in late.get_data(as_text=True)
    assert request_row(app, pending["id"])["booking"] is None


def test_request_then_other_times_then_new_times_then_accept(app, client, pending):
    request_id, pro_client = pending["id"], pending["pro_client"]
    asked = pro_client.post(
        f"/requests/{request_id}/ask-times", data={"ask_note": "Later in the morning suits me."}
    )
    assert asked.status_code == 302
    row = request_row(app, request_id)
    assert row["status"] == "pending" and row["awaiting_student"]
    assert notifications_of(app, pending["student"])[-1]["kind"] == "request_new_times_asked"
    # Nothing to accept until the student answers.
    assert (
        pro_client.post(f"/requests/{request_id}/accept", data=accept_form(at(1))).status_code
        == 400
    )
    page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Propose new times" in page and "Later in the morning suits me." in page
    proposed = client.post(f"/requests/{request_id}/times", data={"times": [iso(at(2.5))]})
    assert proposed.status_code == 302
    row = request_row(app, request_id)
    assert row["proposed"] == [at(2.5)] and not row["awaiting_student"]
    assert [e[0] for e in row["events"]] == [
        "request_created",
        "request_new_times_asked",
        "times_proposed",
    ]
    accepted = pro_client.post(f"/requests/{request_id}/accept", data=accept_form(at(2.5)))
    assert accepted.status_code == 302
    assert request_row(app, request_id)["booking"]["start_at"] == at(2.5)


def test_new_times_must_be_offered_and_only_when_asked(app, client, pending):
    request_id = pending["id"]
    before = counts(app)
    not_asked = client.post(f"/requests/{request_id}/times", data={"times": [iso(at(2.5))]})
    assert not_asked.status_code == 409
    pending["pro_client"].post(f"/requests/{request_id}/ask-times", data={"ask_note": ""})
    unoffered = client.post(f"/requests/{request_id}/times", data={"times": [iso(at(2.25))]})
    assert unoffered.status_code == 400 and "isn&#39;t offered any more" in unoffered.get_data(
        as_text=True
    )
    assert request_row(app, request_id)["proposed"] == [TUESDAY_9, at(1), at(2)]
    assert counts(app)["ProposedTime"] == before["ProposedTime"]


def test_only_the_professional_answers_and_only_the_student_withdraws(app, client, pending):
    request_id = pending["id"]
    before = counts(app)
    assert client.post(f"/requests/{request_id}/accept", data=accept_form(at(1))).status_code == 403
    assert client.post(f"/requests/{request_id}/decline", data={}).status_code == 403
    assert client.post(f"/requests/{request_id}/ask-times", data={}).status_code == 403
    assert pending["pro_client"].post(f"/requests/{request_id}/withdraw").status_code == 403
    assert counts(app) == before and request_row(app, request_id)["status"] == "pending"


@pytest.mark.parametrize(
    "action", ["", "/accept", "/decline", "/ask-times", "/times", "/withdraw", "/messages"]
)
def test_another_users_request_id_is_not_found_and_changes_nothing(
    app, make_user, login, pending, action
):
    stranger = client_for(app, login, make_user("professional"))
    before = counts(app)
    if action:
        data = {**accept_form(at(1)), "body": "hello", "times": [iso(at(2.5))]}
        response = stranger.post(f"/requests/{pending['id']}{action}", data=data)
    else:
        response = stranger.get(f"/requests/{pending['id']}")
    assert response.status_code == 404
    assert "second-year" not in response.get_data(as_text=True)
    assert counts(app) == before and request_row(app, pending["id"])["status"] == "pending"


def test_an_unknown_request_id_is_not_found(pending):
    assert pending["pro_client"].get("/requests/999999").status_code == 404
