"""Plugins hear every step of a chat's life, in order, with the ids that apply, when the two
people use the site (``mentorhub_event`` end to end)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chats_support import (
    TUESDAY_9,
    accept_form,
    at,
    client_for,
    iso,
    last_request_id,
    make_professional,
    send_request,
    start_clock,
)

RECORDER = Path(__file__).parents[1] / "fixtures" / "plugins" / "recorder"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [RECORDER]


def test_plugins_hear_request_other_times_new_times_and_accept(app, client, make_user, login, heard):
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    send_request(client, pro, [TUESDAY_9, at(1)])
    request_id = last_request_id(app)
    pro_client = client_for(app, login, pro)

    pro_client.post(f"/requests/{request_id}/ask-times", data={"ask_note": "Later, please."})
    client.post(f"/requests/{request_id}/times", data={"times": [iso(at(2))]})
    pro_client.post(f"/requests/{request_id}/accept", data=accept_form(at(2)))

    names = [name for name, *_ in heard]
    assert names == [
        "request_created",
        "request_new_times_asked",
        "request_times_proposed",
        "request_accepted",
    ]
    payloads = {name: payload for name, payload, *_ in heard}
    assert payloads["request_times_proposed"] == {
        "request_id": request_id, "student_id": student.id, "professional_id": pro.id, "actor_id": student.id,
    }
    assert payloads["request_accepted"]["actor_id"] == pro.id
    assert isinstance(payloads["request_accepted"]["booking_id"], int)
