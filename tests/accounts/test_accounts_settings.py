"""The account settings page: display name and time zone."""

import pytest
from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.extensions import db


def settings_of(app, email):
    with app.app_context():
        return db.session.execute(
            select(User.display_name, User.timezone).where(User.email == email)
        ).one()


def test_settings_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_settings_page_shows_current_name_and_zone(client, make_user, login):
    login(client, make_user("student", display_name="Sam Ortiz", timezone="Asia/Tokyo"))
    page = client.get("/account").get_data(as_text=True)
    assert 'value="Sam Ortiz"' in page
    assert '<option selected value="Asia/Tokyo">' in page
    # the saved zone is the person's choice: the browser's zone must not replace it
    assert "data-browser-zone" not in page


def test_settings_change_name_and_zone(app, client, make_user, login):
    user = make_user("professional")
    login(client, user)
    response = client.post(
        "/account", data={"display_name": "  Kim  Nakamura ", "timezone": "America/New_York"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert tuple(settings_of(app, user.email)) == ("Kim Nakamura", "America/New_York")
    assert "Your settings are saved." in client.get("/account").get_data(as_text=True)


def test_new_zone_is_used_for_times_on_every_page(client, make_user, login):
    login(client, make_user("student"))
    client.post("/account", data={"display_name": "Sam", "timezone": "Australia/Sydney"})
    assert "Times are shown in Australia/Sydney." in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"display_name": "Sam", "timezone": "Nowhere/Special"},
            "Pick your time zone from the list",
        ),
        (
            {"display_name": "", "timezone": "Europe/Paris"},
            "Tell us the name to show to other members",
        ),
    ],
    ids=["unknown-zone", "blank-name"],
)
def test_bad_settings_change_nothing(app, client, make_user, login, data, message):
    user = make_user("student", display_name="Before", timezone="UTC")
    login(client, user)
    response = client.post("/account", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert tuple(settings_of(app, user.email)) == ("Before", "UTC")


def test_settings_offer_resending_the_confirmation_to_unconfirmed_members(client, make_user, login):
    login(client, make_user("student", confirmed=False))
    page = client.get("/account").get_data(as_text=True)
    assert "not confirmed yet" in page
    assert 'action="/confirm/resend"' in page


def test_every_page_links_to_the_account_settings(client, make_user, login):
    login(client, make_user("professional"))
    assert 'href="/account">Account</a>' in client.get("/dashboard").get_data(as_text=True)


def test_professional_changing_zone_moves_their_next_free_time(app, client, make_user, login, add_window):
    from datetime import UTC, datetime

    from mentorhub import clock
    from mentorhub.extensions import db
    from mentorhub.profiles.models import ProfessionalProfile
    from mentorhub.scheduling.services import refresh_next_free_at

    clock.travel_to(datetime(2027, 3, 1, 0, 0, tzinfo=UTC))  # a Monday
    pro = make_user("professional", timezone="Europe/London", profile={"min_notice_hours": 0})
    add_window(pro, 2, "09:00", "10:00")  # Wednesdays 09:00 wall-clock
    with app.app_context():
        refresh_next_free_at([pro.id])
        before = db.session.get(ProfessionalProfile, pro.id).next_free_at
    assert before == datetime(2027, 3, 3, 9, 0, tzinfo=UTC)

    login(client, pro)
    client.post("/account", data={"display_name": pro.display_name, "timezone": "Asia/Tokyo"})

    with app.app_context():
        after = db.session.get(ProfessionalProfile, pro.id).next_free_at
    assert after == datetime(2027, 3, 3, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
