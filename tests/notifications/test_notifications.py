"""The notification inbox: newest first, unread count, open marks read, mark all read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bookings_support import MONDAY

from mentorhub import clock
from mentorhub.database import commit
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.notifications.services import notify


@pytest.fixture
def student(app, make_user):
    clock.travel_to(MONDAY)
    return make_user("student", timezone="Europe/London")


def add_note(app, user, title, link="/requests/1", minutes_later=0, email=False):
    clock.travel_to(MONDAY + timedelta(minutes=minutes_later))
    with app.app_context():
        note = notify(user.id, "test", title, f"Body of {title}", link, email=email)
        commit()
        return note.id


def read_at(app, note_id):
    with app.app_context():
        return db.session.get(Notification, note_id).read_at


def test_inbox_lists_notifications_newest_first_with_local_times(app, client, login, student):
    add_note(app, student, "First news", minutes_later=0)
    add_note(app, student, "Second news", minutes_later=5)
    login(client, student)
    page = client.get("/notifications")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.index("Second news") < text.index("First news")
    assert "Body of First news" in text
    assert "Mon 1 Mar 2027, 00:05 (Europe/London)" in text
    assert "2 unread" in text


def test_the_navigation_shows_the_unread_count(app, client, login, student):
    add_note(app, student, "News")
    login(client, student)
    assert b'aria-label="1 unread"' in client.get("/notifications").data


def test_empty_inbox_says_what_happens_next(client, login, student):
    login(client, student)
    page = client.get("/notifications")
    assert b"No notifications yet" in page.data
    assert b"Find someone to talk to" in page.data


def test_opening_a_notification_marks_it_read_and_follows_its_link(app, client, login, student):
    note_id = add_note(app, student, "News", link="/requests/7")
    login(client, student)
    response = client.post(f"/notifications/{note_id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/requests/7"
    assert read_at(app, note_id) is not None
    assert b'aria-label="1 unread"' not in client.get("/notifications").data


def test_a_link_off_the_site_is_never_followed(app, client, login, student):
    note_id = add_note(app, student, "News", link="//evil.example/x")
    login(client, student)
    assert client.post(f"/notifications/{note_id}/open").headers["Location"] == "/notifications"


def test_someone_elses_notification_cannot_be_opened(app, client, login, make_user, student):
    note_id = add_note(app, student, "News")
    login(client, make_user("student"))
    assert client.post(f"/notifications/{note_id}/open").status_code == 404
    assert read_at(app, note_id) is None


def test_opening_needs_the_form_token(app, client, login, student):
    note_id = add_note(app, student, "News")
    login(client, student)
    client.post(f"/notifications/{note_id}/open", csrf=False)
    assert read_at(app, note_id) is None


def test_mark_all_read_marks_only_my_notifications(app, client, login, make_user, student):
    mine = [add_note(app, student, f"News {i}") for i in range(3)]
    other = make_user("professional")
    theirs = add_note(app, other, "Their news")
    login(client, student)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert b"Marked 3 notifications as read." in response.data
    assert all(read_at(app, n) is not None for n in mine)
    assert read_at(app, theirs) is None


def test_inbox_pages_older_notifications(app, client, login, student):
    for i in range(32):
        add_note(app, student, f"News number {i:02d}", minutes_later=i)
    login(client, student)
    first = client.get("/notifications").get_data(as_text=True)
    assert "News number 31" in first and "News number 01" not in first
    assert "Older" in first
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert "News number 01" in second and "News number 31" not in second


def test_inbox_needs_a_login(client):
    assert client.get("/notifications").status_code == 302


def test_notification_email_goes_to_the_log_without_mail_server(app, student, caplog):
    with caplog.at_level("INFO", logger="mentorhub.mail"):
        note_id = add_note(app, student, "Logged news", email=True)
    assert "Logged news" in caplog.text
    with app.app_context():
        assert db.session.get(Notification, note_id).email_status == "sent"


# --- notifications that follow the work ----------------------------------------------------


def _unread_about(app, user, request_id):
    from sqlalchemy import select

    with app.app_context():
        return [(n.kind, n.read_at is None, n.outcome) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id, Notification.request_id == request_id)
            .order_by(Notification.id))]


def _ask(app, make_user, add_window, login):
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from mentorhub.chats.models import ChatRequest

    clock.travel_to(datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
    pro = make_user("professional", display_name="Pat Pro",
                    profile={"min_notice_hours": 0, "chat_minutes": 30, "monthly_capacity": 10})
    add_window(pro, 1, "09:00", "12:00")
    student = make_user("student", display_name="Sam Student")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    times = [datetime(2027, 3, 2, 9, 0, tzinfo=UTC).isoformat(), datetime(2027, 3, 2, 10, 0, tzinfo=UTC).isoformat()]
    intro = ("Hi! I'm Sam, a second-year music business student. I'd love to learn what a typical "
             "day on tour looks like for you, before I choose my modules next year.")
    response = student_client.post(f"/professionals/{pro.id}/request",
                                   data={"format": "video", "introduction": intro, "times": times, "action": "send"})
    assert response.status_code == 302
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    return pro, student, pro_client, student_client, request_id, times


def test_answering_a_request_reads_its_notifications_and_says_what_happened(app, make_user, add_window, login):
    pro, _student, pro_client, _sc, request_id, times = _ask(app, make_user, add_window, login)
    assert _unread_about(app, pro, request_id) == [("request_created", True, "")]
    response = pro_client.post(f"/requests/{request_id}/accept",
                               data={"start_at": times[0], "location": "https://meet.example.com/pat"})
    assert response.status_code == 302
    assert _unread_about(app, pro, request_id) == [("request_created", False, "You accepted"),
                                                   ("booking_confirmed", False, "")]
    inbox = pro_client.get("/notifications").get_data(as_text=True)
    assert "You accepted" in inbox and "New chat request from Sam Student" in inbox
    assert "You're all caught up." in inbox


@pytest.mark.parametrize(("path", "data", "outcome"), [
    ("decline", {"decline_note": ""}, "You declined"),
    ("ask-times", {"ask_note": ""}, "You asked for other times"),
])
def test_declining_or_asking_for_other_times_reads_them_too(app, make_user, add_window, login, path, data, outcome):
    pro, student, pro_client, student_client, request_id, _times = _ask(app, make_user, add_window, login)
    assert pro_client.post(f"/requests/{request_id}/{path}", data=data).status_code == 302
    assert _unread_about(app, pro, request_id) == [("request_created", False, outcome)]


def test_the_student_s_answer_reads_the_ask_for_other_times(app, make_user, add_window, login):
    pro, student, pro_client, student_client, request_id, times = _ask(app, make_user, add_window, login)
    pro_client.post(f"/requests/{request_id}/ask-times", data={"ask_note": ""})
    assert _unread_about(app, student, request_id)[-1][:2] == ("request_new_times_asked", True)
    student_client.post(f"/requests/{request_id}/withdraw")
    assert _unread_about(app, student, request_id)[-1] == ("request_new_times_asked", False, "You withdrew it")


def test_the_menus_counts_are_read_once_per_page_however_many_parts_it_renders(
    app, client, login, make_user, queries
):
    """The dashboard renders a template per section, and every render ran the menu's
    context processors: four to six unread counts (and pending counts) for one page. Now
    both come with the signed-in user, in the user loader's statement: no query of their own."""

    def counted(statements: list[str], table: str) -> int:
        flat = [" ".join(s.split()) for s in statements]
        return sum(1 for s in flat if s.startswith("SELECT count(*)") and f"FROM {table} WHERE" in s)

    for role in ("student", "professional"):
        login(client, make_user(role, topics=["touring"]))
        client.get("/dashboard")
        with queries() as statements:
            response = client.get("/dashboard")
        assert response.status_code == 200
        assert counted(statements, "notifications") == 0, statements
        loader = next(s for s in statements if "session_token" in s)
        assert "FROM notifications" in loader and "FROM chat_requests" in loader
        if role == "professional":
            assert counted(statements, "chat_requests") == 0, statements
        client.post("/logout", data={})


def test_the_menus_count_is_read_again_after_the_request_commits(app, make_user):
    """The unread count read with the signed-in user holds until the request commits: a
    notification made by the request itself is counted in the page it then renders."""
    from mentorhub.accounts import load_user
    from mentorhub.accounts.models import User
    from mentorhub.notifications import _nav_counts

    user = make_user("student")
    with app.test_request_context("/"):
        from flask_login import login_user

        signed_in = load_user(db.session.get(User, user.id).session_token)
        login_user(signed_in)
        assert _nav_counts() == {"unread_count": 0}
        notify(signed_in, "welcome", "Welcome to MentorHub")
        commit()
        assert _nav_counts() == {"unread_count": 1}


def test_the_requests_to_answer_are_counted_again_after_the_request_commits(app, make_user):
    """The same for a professional's count of requests to answer."""
    from flask_login import login_user

    from mentorhub.accounts import load_user
    from mentorhub.accounts.models import User
    from mentorhub.chats import _menu_counts
    from mentorhub.chats.models import ChatRequest

    pro, student = make_user("professional"), make_user("student")
    with app.test_request_context("/"):
        signed_in = load_user(db.session.get(User, pro.id).session_token)
        login_user(signed_in)
        assert _menu_counts() == {"pending_requests": 0}
        db.session.add(ChatRequest(student_id=student.id, professional_id=pro.id, status="pending",
                                   format="video", introduction="Hello", expires_at=clock.now() + timedelta(days=7)))
        commit()
        assert _menu_counts() == {"pending_requests": 1}
