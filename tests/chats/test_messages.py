"""The message thread of a request: both parties, plain text, escaped, at most 2,000 characters."""

from __future__ import annotations

import pytest
from bookings_support import notifications_of
from chats_support import (
    TUESDAY_9,
    client_for,
    counts,
    last_request_id,
    make_professional,
    send_request,
    start_clock,
)


@pytest.fixture
def thread(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    send_request(client, pro, [TUESDAY_9])
    return {
        "pro": pro,
        "student": student,
        "id": last_request_id(app),
        "pro_client": client_for(app, login, pro),
    }


def test_both_parties_write_in_the_thread_and_the_other_is_told(app, client, thread):
    request_id = thread["id"]
    sent = client.post(f"/requests/{request_id}/messages", data={"body": "Looking forward to it!"})
    assert sent.status_code == 302
    reply = thread["pro_client"].post(
        f"/requests/{request_id}/messages", data={"body": "Me too. Bring questions."}
    )
    assert reply.status_code == 302
    page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert page.index("Looking forward to it!") < page.index("Me too. Bring questions.")
    assert notifications_of(app, thread["pro"])[-1]["kind"] == "message"
    assert notifications_of(app, thread["student"])[-1]["kind"] == "message"


def test_messages_are_shown_as_escaped_plain_text(client, thread):
    client.post(
        f"/requests/{thread['id']}/messages",
        data={"body": "<script>alert('hi')</script> <b>bold</b>"},
    )
    page = thread["pro_client"].get(f"/requests/{thread['id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x" * 2001, "Please keep your message under 2,000 characters."),
        ("   ", "Please write a message."),
    ],
    ids=["oversized", "blank"],
)
def test_bad_messages_are_refused_and_change_nothing(app, client, thread, body, message):
    before = counts(app)
    response = client.post(f"/requests/{thread['id']}/messages", data={"body": body})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_message_of_exactly_2000_characters_is_accepted(app, client, thread):
    before = counts(app)
    assert (
        client.post(f"/requests/{thread['id']}/messages", data={"body": "y" * 2000}).status_code
        == 302
    )
    assert counts(app)["Message"] == before["Message"] + 1


def test_strangers_cannot_read_or_write_the_thread(app, make_user, login, thread):
    stranger = client_for(app, login, make_user("student"))
    before = counts(app)
    assert (
        stranger.post(f"/requests/{thread['id']}/messages", data={"body": "hi"}).status_code == 404
    )
    assert stranger.get(f"/requests/{thread['id']}").status_code == 404
    assert counts(app) == before
