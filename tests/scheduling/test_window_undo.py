"""Deleting a window can be undone (issue 17): the page says what was deleted and offers an
"Undo" button (a plain form, no JavaScript) that puts it back, once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from availability_support import next_free_at, window_rows
from sqlalchemy import select

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.scheduling.models import AvailabilityWindow

MONDAY = datetime(2027, 3, 1, 12, tzinfo=UTC)  # 13:00 in Paris


@pytest.fixture(autouse=True)
def _monday():
    clock.travel_to(MONDAY)


@pytest.fixture
def pro(make_user):
    return make_user(
        "professional", timezone="Europe/Paris", profile={"chat_minutes": 30, "min_notice_hours": 0}
    )


@pytest.fixture
def pro_client(client, login, pro):
    login(client, pro)
    return client


def undo_form(page: str) -> tuple[str, dict[str, str]] | None:
    """The "Undo" form on the page: its action and its fields, as a browser would send them."""
    match = re.search(r'<form[^>]*action="([^"]+)">((?:(?!</form>).)*?)>Undo</button>', page, re.S)
    if match is None:
        return None
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', match.group(2)))
    return match.group(1), fields


def delete(client, window_id: int):
    return client.post(f"/availability/windows/{window_id}/delete", follow_redirects=True)


def test_a_deleted_window_can_be_put_back_with_undo(app, pro_client, pro):
    pro_client.post("/availability/windows", data={"weekday": "1", "start": "17:00", "end": "18:00"})
    first = next_free_at(app, pro)
    with app.app_context():
        window_id = db.session.scalar(select(AvailabilityWindow.id))
    page = delete(pro_client, window_id).get_data(as_text=True)
    assert window_rows(app, pro) == []
    assert next_free_at(app, pro) is None
    assert "Window deleted: <strong>Tuesday 17:00–18:00</strong>" in page
    action, fields = undo_form(page)
    assert action == "/availability/windows/restore"
    assert fields["undo-weekday"] == "1" and fields["undo-start"] == "17:00" and fields["undo-end"] == "18:00"
    assert fields["undo-csrf_token"]
    page = pro_client.post(action, data=fields, follow_redirects=True).get_data(as_text=True)
    assert "Put back: Tuesday 17:00–18:00." in page
    assert window_rows(app, pro) == [(1, None, time(17), time(18))]
    assert next_free_at(app, pro) == first == datetime(2027, 3, 2, 16, tzinfo=UTC)


def test_deleted_one_off_hours_can_be_put_back_with_undo(app, pro_client, pro):
    with app.app_context():
        window = AvailabilityWindow(professional_id=pro.id, on_date=date(2027, 3, 9), start_time=time(18),
                                    end_time=time(19))
        db.session.add(window)
        db.session.commit()
        window_id = window.id
    page = delete(pro_client, window_id).get_data(as_text=True)
    assert "One-off hours deleted: <strong>Tue 9 Mar 2027, 18:00–19:00</strong>" in page
    action, fields = undo_form(page)
    pro_client.post(action, data=fields)
    assert window_rows(app, pro) == [(None, date(2027, 3, 9), time(18), time(19))]
    assert next_free_at(app, pro) == datetime(2027, 3, 9, 17, tzinfo=UTC)


def test_undo_is_offered_once(app, pro_client, pro, add_window):
    assert undo_form(delete(pro_client, add_window(pro, 1, "17:00", "18:00")).get_data(as_text=True))
    assert undo_form(pro_client.get("/availability").get_data(as_text=True)) is None


def test_undo_does_not_put_back_a_window_that_now_overlaps_another(app, pro_client, pro, add_window):
    page = delete(pro_client, add_window(pro, 1, "17:00", "18:00")).get_data(as_text=True)
    action, fields = undo_form(page)
    pro_client.post("/availability/windows", data={"weekday": "1", "start": "17:30", "end": "19:00"})
    page = pro_client.post(action, data=fields, follow_redirects=True).get_data(as_text=True)
    assert "could not be put back: This overlaps your Tuesday window 17:30–19:00" in page
    assert window_rows(app, pro) == [(1, None, time(17, 30), time(19))]


def test_undo_without_a_csrf_token_puts_nothing_back(app, pro_client, pro, add_window):
    page = delete(pro_client, add_window(pro, 1, "17:00", "18:00")).get_data(as_text=True)
    action, fields = undo_form(page)
    fields.pop("undo-csrf_token")
    page = pro_client.post(action, data=fields, csrf=False, follow_redirects=True).get_data(as_text=True)
    assert "nothing was put back" in page
    assert window_rows(app, pro) == []
