"""Changing a weekly window or one-off hours in place (issue 17), without JavaScript: the
row's "Edit" link opens its form, a bad change says why, keeps what was typed and changes
nothing. And the time-zone link of the availability page leads to the time-zone field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from availability_support import next_free_at, window_rows

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


def edit(client, window_id: int, csrf: bool = True, **fields: str):
    """Send the row's edit form (fields and token prefixed ``edit-``)."""
    data = {f"edit-{name}": value for name, value in fields.items()}
    if csrf:
        data["edit-csrf_token"] = client.csrf_token()
    return client.post(f"/availability/windows/{window_id}/edit", data=data)


def row_of(page: str, window_id: int) -> str:
    """The window's row: its times and buttons, or its edit form."""
    row = page.split(f'id="window-{window_id}"', 1)[1]
    return row.split("</form>", 1)[0] if row.lstrip(">").lstrip().startswith("<form") else row.split("</li>", 1)[0]


def one_off(app, pro, on_date: date, start: str, end: str) -> int:
    with app.app_context():
        window = AvailabilityWindow(professional_id=pro.id, on_date=on_date,
                                    start_time=time.fromisoformat(start), end_time=time.fromisoformat(end))
        db.session.add(window)
        db.session.commit()
        return window.id


# --- the form in the row --------------------------------------------------------------------


def test_each_window_has_an_edit_link_that_opens_its_form_in_its_row(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "19:00")
    page = pro_client.get("/availability").get_data(as_text=True)
    link = f'href="/availability?edit={window_id}#window-{window_id}"'
    assert link in page
    assert f"/availability/windows/{window_id}/edit" not in page  # no form until asked
    page = pro_client.get(f"/availability?edit={window_id}").get_data(as_text=True)
    row = row_of(page, window_id)
    assert f'action="/availability/windows/{window_id}/edit"' in row
    assert '<label for="edit-weekday">Day</label>' in row
    assert re.search(r'<option selected value="1">Tuesday</option>|<option value="1" selected>Tuesday', row)
    assert 'id="edit-start"' in row and 'value="17:00"' in row and 'value="19:00"' in row
    assert "Save changes" in row and "Cancel" in row


def test_changing_a_weekly_window_moves_its_free_times(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "18:00")
    response = edit(pro_client, window_id, weekday="2", start="09:00", end="10:00")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/availability")
    assert window_rows(app, pro) == [(2, None, time(9), time(10))]
    assert next_free_at(app, pro) == datetime(2027, 3, 3, 8, tzinfo=UTC)  # Wednesday 09:00 Paris
    page = pro_client.get("/availability").get_data(as_text=True)
    assert "Changed to Wednesday 09:00–10:00." in page


def test_a_window_may_be_changed_to_overlap_what_it_was(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "19:00")
    assert edit(pro_client, window_id, weekday="1", start="18:00", end="20:00").status_code == 302
    assert window_rows(app, pro) == [(1, None, time(18), time(20))]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekday": "1", "start": "19:00", "end": "18:00"}, "The end time must be after the start time."),
        ({"weekday": "1", "start": "17:00", "end": "17:20"}, "shorter than one 30-minute chat"),
        ({"weekday": "3", "start": "09:30", "end": "11:00"}, "This overlaps your Thursday window 09:00–10:00"),
        ({"weekday": "1", "start": "7 pm", "end": "20:00"}, "Not a valid time"),
        ({"weekday": "8", "start": "17:00", "end": "18:00"}, "Not a valid choice"),
        ({"weekday": "1", "start": "", "end": "18:00"}, "Enter a start time"),
    ],
)
def test_a_bad_change_says_why_keeps_what_was_typed_and_changes_nothing(
    app, pro_client, pro, add_window, fields, message
):
    window_id = add_window(pro, 1, "17:00", "18:00")
    add_window(pro, 3, "09:00", "10:00")
    pro_client.post("/availability/settings", data={"buffer_before_minutes": "0", "buffer_after_minutes": "0",
                                                    "min_notice_hours": "0", "horizon_days": "30"})
    before = next_free_at(app, pro)
    response = edit(pro_client, window_id, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    row = row_of(page, window_id)
    assert message in row  # shown in the row being edited
    assert f'action="/availability/windows/{window_id}/edit"' in row
    for name in ("start", "end"):
        assert f'value="{fields[name]}"' in row or not fields[name]
    assert window_rows(app, pro) == [(1, None, time(17), time(18)), (3, None, time(9), time(10))]
    assert next_free_at(app, pro) == before


def test_changing_one_off_hours_moves_them_to_the_new_date(app, pro_client, pro):
    window_id = one_off(app, pro, date(2027, 3, 9), "18:00", "19:00")
    page = pro_client.get(f"/availability?edit={window_id}").get_data(as_text=True)
    row = row_of(page, window_id)
    assert '<label for="edit-on_date">Date</label>' in row and 'value="2027-03-09"' in row
    assert "edit-weekday" not in row
    response = edit(pro_client, window_id, on_date="2027-03-11", start="08:00", end="09:00")
    assert response.status_code == 302
    assert window_rows(app, pro) == [(None, date(2027, 3, 11), time(8), time(9))]
    assert next_free_at(app, pro) == datetime(2027, 3, 11, 7, tzinfo=UTC)


def test_one_off_hours_cannot_be_moved_into_the_past(app, pro_client, pro):
    window_id = one_off(app, pro, date(2027, 3, 9), "18:00", "19:00")
    response = edit(pro_client, window_id, on_date="2027-02-26", start="18:00", end="19:00")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That date is in the past" in page and 'value="2027-02-26"' in page
    assert window_rows(app, pro) == [(None, date(2027, 3, 9), time(18), time(19))]


def test_someone_elses_window_cannot_be_opened_or_changed(app, pro_client, make_user, add_window):
    other = make_user("professional")
    window_id = add_window(other, 1, "17:00", "18:00")
    assert pro_client.get(f"/availability?edit={window_id}").status_code == 404
    assert edit(pro_client, window_id, weekday="2", start="09:00", end="10:00").status_code == 404
    assert window_rows(app, other) == [(1, None, time(17), time(18))]


def test_a_change_without_a_csrf_token_changes_nothing_and_keeps_what_was_typed(app, pro_client, pro, add_window):
    window_id = add_window(pro, 1, "17:00", "18:00")
    response = edit(pro_client, window_id, csrf=False, weekday="2", start="09:00", end="10:00")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "submit again" in page and 'value="09:00"' in page
    assert window_rows(app, pro) == [(1, None, time(17), time(18))]


# --- the time-zone link ---------------------------------------------------------------------


def test_the_time_zone_link_leads_to_the_time_zone_field(pro_client):
    page = pro_client.get("/availability").get_data(as_text=True)
    (href,) = re.findall(r'<a href="([^"]+)">Change it in', page)
    path, _, anchor = href.partition("#")
    assert anchor == "timezone"
    target = pro_client.get(path)
    assert target.status_code == 200
    assert re.search(rf'<select[^>]*id="{anchor}"[^>]*name="timezone"', target.get_data(as_text=True))
