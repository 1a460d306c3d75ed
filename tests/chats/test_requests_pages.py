"""The pages around requests: My requests, the professional's inbox, the request panel of a
public profile, and the dashboards' chat sections (with bounded query counts)."""

from __future__ import annotations

from chats_support import (
    TUESDAY_9,
    accept_form,
    at,
    client_for,
    last_request_id,
    make_professional,
    send_request,
    start_clock,
)


def in_order(page: str, *texts: str) -> bool:
    """True when ``texts`` appear in ``page`` one after another, in this order."""
    position = 0
    for text in texts:
        position = page.find(text, position)
        if position < 0:
            return False
        position += len(text)
    return True


def test_my_requests_groups_by_state_with_withdraw_for_pending(app, client, make_user, login):
    start_clock()
    pros = [
        make_professional(app, make_user, display_name=name)
        for name in ("Ada Waits", "Bo Books", "Cy Declines")
    ]
    login(client, make_user("student"))
    ids = []
    for pro in pros:
        send_request(
            client, pro, [TUESDAY_9 if pro is pros[0] else at(1)] if pro is not pros[2] else [at(2)]
        )
        ids.append(last_request_id(app))
    client_for(app, login, pros[1]).post(f"/requests/{ids[1]}/accept", data=accept_form(at(1)))
    client_for(app, login, pros[2]).post(f"/requests/{ids[2]}/decline", data={"decline_note": ""})
    page = client.get("/requests").get_data(as_text=True)
    assert in_order(
        page, "Waiting for an answer", "Ada Waits", "Booked", "Bo Books", "Declined", "Cy Declines"
    )
    assert page.count("Withdraw</button>") == 1
    assert f'action="/requests/{ids[0]}/withdraw"' in page


def test_my_requests_empty_state_points_to_find_professionals(client, make_user, login):
    login(client, make_user("student"))
    page = client.get("/requests").get_data(as_text=True)
    assert "No requests yet" in page and 'href="/professionals"' in page


def test_inbox_lists_pending_first_then_upcoming_then_past(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    students = [
        make_user("student", display_name=name)
        for name in ("Pat Pending", "Uma Upcoming", "Will Withdrew")
    ]
    ids = []
    for student, start in zip(students, (TUESDAY_9, at(1), at(2)), strict=True):
        student_client = client_for(app, login, student)
        send_request(student_client, pro, [start])
        ids.append(last_request_id(app))
        if student is students[2]:
            student_client.post(f"/requests/{ids[-1]}/withdraw")
    login(client, pro)
    client.post(f"/requests/{ids[1]}/accept", data=accept_form(at(1)))
    page = client.get("/inbox").get_data(as_text=True)
    assert in_order(
        page,
        "To answer",
        "Pat Pending",
        "Upcoming chats",
        "Uma Upcoming",
        "Past requests",
        "Will Withdrew",
    )
    assert "Tue 2 Mar 2027, 09:00 (UTC)" in page


def test_inbox_empty_state_says_what_to_do(client, make_user, login):
    login(client, make_user("professional"))
    page = client.get("/inbox").get_data(as_text=True)
    assert "No requests waiting" in page and "availability" in page.lower()


def test_students_and_professionals_see_only_their_own_list(client, make_user, login):
    login(client, make_user("professional"))
    assert client.get("/requests").status_code == 403


def test_request_panel_invites_a_confirmed_student(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    page = client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert f'href="/professionals/{pro.id}/request"' in page


def test_request_panel_asks_visitors_to_log_in_or_sign_up(app, client, make_user):
    pro = make_professional(app, make_user, windows=False)
    page = client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert "Log in or sign up as a student to request a chat." in page
    assert f'href="/professionals/{pro.id}/request"' not in page


def test_request_panel_explains_each_reason_a_student_cannot_ask(
    app, make_user, login, make_booking
):
    start_clock()
    paused = make_professional(app, make_user, accepting_requests=False)
    full = make_professional(app, make_user, monthly_capacity=1)
    make_booking(full, make_user("student"), at(-20))
    asked = make_professional(app, make_user)
    unconfirmed = client_for(app, login, make_user("student", confirmed=False))
    student = client_for(app, login, make_user("student"))
    send_request(student, asked, [TUESDAY_9])
    expected = [
        (unconfirmed, asked, "Please confirm your email address"),
        (student, paused, "isn&#39;t taking new requests right now"),
        (student, full, "has given all the chats they can this month"),
        (student, asked, "You already have a pending request to"),
    ]
    for viewer, pro, message in expected:
        page = viewer.get(f"/professionals/{pro.id}").get_data(as_text=True)
        assert message in page, message
        assert f'href="/professionals/{pro.id}/request"' not in page


def test_request_panel_explains_the_five_request_limit(app, client, make_user, login):
    start_clock()
    pros = [make_professional(app, make_user) for _ in range(6)]
    login(client, make_user("student"))
    for pro in pros[:5]:
        send_request(client, pro, [TUESDAY_9])
    page = client.get(f"/professionals/{pros[5].id}").get_data(as_text=True)
    assert "You have 5 pending requests, the most you can have at once." in page


def test_student_dashboard_shows_pending_and_upcoming_chats(app, client, make_user, login):
    start_clock()
    waiting, booked = (
        make_professional(app, make_user, display_name=n) for n in ("Wen Waiting", "Bea Booked")
    )
    login(client, make_user("student"))
    send_request(client, waiting, [TUESDAY_9])
    send_request(client, booked, [at(1)])
    client_for(app, login, booked).post(
        f"/requests/{last_request_id(app)}/accept", data=accept_form(at(1))
    )
    page = client.get("/dashboard").get_data(as_text=True)
    assert in_order(
        page, "Your chats", "Coming up", "Bea Booked", "Waiting for an answer", "Wen Waiting"
    )


def test_student_dashboard_empty_state_points_to_find_professionals(client, make_user, login):
    login(client, make_user("student"))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Nothing coming up and no request waiting" in page and "Find professionals" in page


def test_professional_dashboard_shows_requests_to_answer_and_upcoming(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    send_request(
        client_for(app, login, make_user("student", display_name="Ann Asks")), pro, [TUESDAY_9]
    )
    login(client, pro)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Requests to answer" in page and "Ann Asks" in page


def test_professional_dashboard_empty_state(client, make_user, login):
    login(client, make_user("professional"))
    assert "No requests yet" in client.get("/dashboard").get_data(as_text=True)


def _queries_for(queries, client, path):
    with queries() as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def test_list_pages_run_a_fixed_number_of_queries(app, client, make_user, login, queries):
    start_clock()
    pro = make_professional(app, make_user)
    students = [make_user("student") for _ in range(4)]
    pro_client = client_for(app, login, pro)
    first = client_for(app, login, students[0])
    send_request(first, pro, [TUESDAY_9])
    small = {
        path: _queries_for(queries, c, path)
        for c, path in (
            (first, "/requests"),
            (first, "/dashboard"),
            (pro_client, "/inbox"),
            (pro_client, "/dashboard"),
        )
    }
    for student, start in zip(students[1:], (at(1), at(2), at(2.5)), strict=True):
        send_request(client_for(app, login, student), pro, [start])
    pro_client.post(f"/requests/{last_request_id(app)}/accept", data=accept_form(at(2.5)))
    send_request(first, make_professional(app, make_user), [TUESDAY_9])
    large = {
        path: _queries_for(queries, c, path)
        for c, path in (
            (first, "/requests"),
            (first, "/dashboard"),
            (pro_client, "/inbox"),
            (pro_client, "/dashboard"),
        )
    }
    assert large == small
