"""The time-zone menu: common zones first with their time now, then every zone people live
in once; legacy aliases are folded away but still accepted, and kept for whoever has one."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.timefmt import canonical_zones, zone_menu


def test_common_zones_come_first_with_their_time_now():
    menu = zone_menu(now=datetime(2027, 3, 1, 14, 5, tzinfo=UTC))
    assert list(menu) == ["Common zones", "All zones"]
    common = dict(menu["Common zones"])
    assert common["America/New_York"] == "New York (America/New_York), 09:05 now"
    assert common["Asia/Kolkata"] == "Kolkata (Asia/Kolkata), 19:35 now"
    everything = [z for group in menu.values() for z, _ in group]
    assert len(everything) == len(set(everything))  # each zone once
    for alias in ("US/Eastern", "Asia/Calcutta", "Europe/Kiev", "GB"):
        assert alias not in everything
    assert "America/Argentina/Buenos_Aires" in everything
    assert 300 < len(canonical_zones()) < 450


def test_an_alias_someone_has_is_kept_selected(app, client, make_user, login):
    clock.travel_to(datetime(2027, 3, 1, 14, 5, tzinfo=UTC))
    user = make_user("student", timezone="US/Eastern")
    login(client, user)
    page = html.unescape(client.get("/account").get_data(as_text=True))
    assert '<option selected value="US/Eastern">' in page
    assert '<optgroup label="Common zones">' in page
    # And a legacy name is still accepted when sent.
    response = client.post("/account", data={"display_name": "Sam", "timezone": "Asia/Calcutta"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(type(user), user.id).timezone == "Asia/Calcutta"
