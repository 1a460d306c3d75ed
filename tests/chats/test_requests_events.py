"""Every request transition is told to plugins (``mentorhub_event``) once, after its commit."""

from __future__ import annotations

import pytest
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

SPY = """
SEEN = []

def mentorhub_event(name, payload):
    from mentorhub.chats.models import ChatRequest
    from mentorhub.extensions import db

    # Told after the commit: the change is already visible to a fresh query.
    status = db.session.get(ChatRequest, payload["request_id"], populate_existing=True).status
    SEEN.append((name, dict(payload), status))
"""


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "spy_plugins"
    folder.mkdir()
    (folder / "event_spy.py").write_text(SPY)
    return [folder]


def seen(app) -> list:
    from mentorhub.plugins._host import get_host

    return get_host(app).plugins["event_spy"].module.SEEN


def test_request_accept_fire_created_then_accepted_with_the_booking(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    send_request(client, pro, [TUESDAY_9])
    request_id = last_request_id(app)
    client_for(app, login, pro).post(f"/requests/{request_id}/accept", data=accept_form(TUESDAY_9))
    names = [(name, status) for name, _payload, status in seen(app)]
    assert names == [("request_created", "pending"), ("request_accepted", "accepted")]
    created, accepted = seen(app)[0][1], seen(app)[1][1]
    assert created == {
        "request_id": request_id,
        "student_id": student.id,
        "professional_id": pro.id,
        "actor_id": student.id,
    }
    assert accepted["actor_id"] == pro.id and isinstance(accepted["booking_id"], int)


def test_ask_decline_and_withdraw_are_told(app, client, make_user, login):
    start_clock()
    pros = [make_professional(app, make_user) for _ in range(2)]
    login(client, make_user("student"))
    send_request(client, pros[0], [TUESDAY_9])
    first = last_request_id(app)
    send_request(client, pros[1], [at(1)])
    second = last_request_id(app)
    pro_client = client_for(app, login, pros[0])
    pro_client.post(f"/requests/{first}/ask-times", data={"ask_note": ""})
    pro_client.post(f"/requests/{first}/decline", data={"decline_note": ""})
    client.post(f"/requests/{second}/withdraw")
    names = [name for name, _payload, _status in seen(app)]
    assert names == [
        "request_created",
        "request_created",
        "request_new_times_asked",
        "request_declined",
        "request_withdrawn",
    ]


def test_a_refused_accept_tells_plugins_nothing(app, client, make_user, login, make_booking):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    send_request(client, pro, [TUESDAY_9])
    request_id = last_request_id(app)
    make_booking(pro, make_user("student"), TUESDAY_9)
    response = client_for(app, login, pro).post(
        f"/requests/{request_id}/accept", data=accept_form(TUESDAY_9)
    )
    assert response.status_code == 409
    assert [name for name, _payload, _status in seen(app)] == ["request_created"]
