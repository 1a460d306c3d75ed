"""Every limit on sending a request, and every bad input: a clear message, nothing changed."""

from __future__ import annotations

import pytest
from chats_support import (
    INTRO,
    NOW,
    TUESDAY_9,
    at,
    counts,
    make_professional,
    send_request,
    start_clock,
)


def test_an_unconfirmed_student_is_told_to_confirm_and_cannot_send(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student", confirmed=False))
    page = client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
    assert "Please confirm your email address" in page and "Send request" not in page
    before = counts(app)
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 403
    assert "Please confirm your email address" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_paused_professional_cannot_be_asked(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user, accepting_requests=False)
    login(client, make_user("student"))
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 403
    assert "isn&#39;t taking new requests" in response.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 0


def test_a_professional_who_offers_no_way_to_chat_reads_as_paused_not_as_an_empty_form(
    app, client, make_user, login
):
    # The profile form asks for at least one format; a row without one (an import, an old
    # profile) must not give the student a form whose format list is empty.
    start_clock()
    pro = make_professional(app, make_user, offers_video=False, offers_phone=False,
                            offers_in_person=False)
    login(client, make_user("student"))
    page = client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
    assert "isn&#39;t taking new requests" in page and "Send request" not in page
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 403
    assert "isn&#39;t taking new requests" in response.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 0


def test_a_professional_at_monthly_capacity_cannot_be_asked(
    app, client, make_user, login, make_booking
):
    start_clock()
    pro = make_professional(app, make_user, monthly_capacity=1)
    make_booking(pro, make_user("student"), at(-20))  # Monday 1 March, 13:00: this month's one chat
    login(client, make_user("student"))
    page = client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
    assert "has given all the chats they can this month" in page
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 403
    assert counts(app)["ChatRequest"] == 1


def test_a_second_pending_request_to_the_same_professional_is_refused(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    assert send_request(client, pro, [TUESDAY_9]).status_code == 302
    response = send_request(client, pro, [at(1)])
    assert response.status_code == 403
    assert "You already have a pending request to" in response.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 1


def test_a_student_may_have_at_most_five_pending_requests(app, client, make_user, login):
    start_clock()
    pros = [make_professional(app, make_user) for _ in range(6)]
    login(client, make_user("student"))
    for pro in pros[:5]:
        assert send_request(client, pro, [TUESDAY_9]).status_code == 302
    page = client.get(f"/professionals/{pros[5].id}/request").get_data(as_text=True)
    assert "You have 5 pending requests, the most you can have at once" in page
    response = send_request(client, pros[5], [TUESDAY_9])
    assert response.status_code == 403
    assert counts(app)["ChatRequest"] == 5


def test_professionals_cannot_send_requests(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("professional"))
    assert send_request(client, pro, [TUESDAY_9]).status_code == 403
    assert counts(app)["ChatRequest"] == 0


def test_visitors_are_sent_to_log_in(app, client, make_user):
    start_clock()
    pro = make_professional(app, make_user)
    response = client.get(f"/professionals/{pro.id}/request")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_requesting_a_chat_with_a_student_is_not_found(app, client, make_user, login):
    start_clock()
    other = make_user("student")
    login(client, make_user("student"))
    assert client.get(f"/professionals/{other.id}/request").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"times": [NOW.replace(hour=7)]}, "isn&#39;t offered any more"),  # in the past
        ({"times": [at(0.25)]}, "isn&#39;t offered any more"),  # 09:15: not a slot
        ({"times": [at(48)]}, "isn&#39;t offered any more"),  # Thursday: no window
        ({"times": []}, "Please tick between 1 and 3 times."),
        ({"times": [TUESDAY_9, at(0.5), at(1), at(1.5)]}, "Please tick between 1 and 3 times. You ticked 4: untick 1."),
        ({"intro": "Hi, can we talk?"}, "Please write between 80 and 2,000 characters"),
        ({"intro": INTRO + "x" * 2000}, "Please write between 80 and 2,000 characters"),
        ({"fmt": "phone"}, "Not a valid choice"),
        ({"fmt": "carrier-pigeon"}, "Not a valid choice"),
    ],
    ids=[
        "past-time",
        "unoffered-time",
        "no-window",
        "no-time",
        "four-times",
        "short-intro",
        "oversized-intro",
        "format-not-offered",
        "unknown-format",
    ],
)
def test_bad_request_input_is_refused_with_a_message_and_changes_nothing(
    app, client, make_user, login, change, message
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    before = counts(app)
    kwargs = {"times": [TUESDAY_9], **change}
    times = kwargs.pop("times")
    response = send_request(client, pro, times, **kwargs)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_time_taken_since_the_form_was_shown_is_refused(
    app, client, make_user, login, make_booking
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    form_page = client.get(f"/professionals/{pro.id}/request")
    assert form_page.status_code == 200
    make_booking(pro, make_user("student"), TUESDAY_9)  # someone else booked 09:00 meanwhile
    before = counts(app)
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 400
    assert "isn&#39;t offered any more" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_time_the_student_already_has_a_chat_at_is_refused(
    app, client, make_user, login, make_booking
):
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    make_booking(make_professional(app, make_user), student, TUESDAY_9)
    login(client, student)
    response = send_request(client, pro, [TUESDAY_9])
    assert response.status_code == 400
    assert "You already have a chat at" in response.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 1


def test_a_request_without_a_csrf_token_keeps_the_text_and_changes_nothing(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    from chats_support import request_form

    response = client.post(
        f"/professionals/{pro.id}/request", data=request_form([TUESDAY_9]), csrf=False
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "This form expired before it was sent" in page
        and "second-year music business student" in page
    )
    assert counts(app)["ChatRequest"] == 0


@pytest.mark.parametrize("start", [NOW.replace(hour=7), at(0.25)], ids=["past", "unoffered"])
def test_the_service_refuses_a_time_that_is_not_offered_even_without_the_form(
    app, make_user, start
):
    from mentorhub.accounts.models import User
    from mentorhub.chats.services import create_request
    from mentorhub.errors import DomainError
    from mentorhub.extensions import db

    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    with app.test_request_context(), pytest.raises(DomainError) as caught:
        create_request(db.session.get(User, student.id), pro.id, "video", INTRO, [start])
    assert caught.value.field == "times"
    assert counts(app)["ChatRequest"] == 0
