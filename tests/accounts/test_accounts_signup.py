"""Signing up as a student or a professional, and confirming the email address."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.accounts import tokens
from mentorhub.accounts.models import User
from mentorhub.extensions import db

GOOD = {
    "role": "student",
    "email": "Anna.Lee@Example.com",
    "display_name": "Anna Lee",
    "password": "a long enough pw",
    "confirm": "a long enough pw",
    "timezone": "Europe/Berlin",
}


def user_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def load_user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            # touch the profiles so they are loaded before the session closes
            _ = (user.student_profile, user.professional_profile)
            db.session.expunge(user)
        return user


def test_signup_page_explains_both_roles(client):
    page = client.get("/signup").get_data(as_text=True)
    assert 'value="student"' in page and 'value="professional"' in page
    assert "ask them for a 15 to 30 minute chat" in page
    assert "how many chats a month you can give" in page
    assert "never for one" in page


def test_signup_page_offers_every_zone_defaulting_to_utc_for_the_browser_to_refine(client):
    page = client.get("/signup").get_data(as_text=True)
    assert "data-browser-zone" in page
    assert '<option selected value="UTC">' in page
    assert '<option value="America/Argentina/Buenos_Aires">' in page


@pytest.mark.parametrize("role", ["student", "professional"])
def test_role_in_query_preselects_that_role(client, role):
    page = client.get(f"/signup?role={role}").get_data(as_text=True)
    assert f'checked id="role-{0 if role == "student" else 1}"' in page


def test_signup_without_role_in_query_leaves_the_choice_open(client):
    page = client.get("/signup?role=admin").get_data(as_text=True)
    assert "checked" not in page


def test_student_signup_creates_account_and_profile_then_asks_to_check_email(client, app):
    response = client.post("/signup", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup/sent"
    user = load_user(app, "anna.lee@example.com")
    assert user.role == "student"
    assert user.display_name == "Anna Lee"
    assert user.timezone == "Europe/Berlin"
    assert user.email_confirmed_at is None
    assert user.is_admin is False
    assert user.student_profile is not None and user.professional_profile is None
    page = client.get("/signup/sent").get_data(as_text=True)
    assert "Check your email" in page
    assert "<strong>anna.lee@example.com</strong>" in page
    assert "It works for 3 days" in page
    assert client.get("/dashboard").headers["Location"].startswith("/login")  # not logged in yet
    response = client.post("/login", data={"email": GOOD["email"], "password": GOOD["password"]})
    assert response.headers["Location"] == "/dashboard"
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Hello, Anna Lee" in dashboard
    assert "Please confirm your email address" in dashboard


def test_signup_sent_page_without_a_signup_goes_to_the_form(client):
    response = client.get("/signup/sent")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup"


def test_professional_signup_creates_professional_profile(client, app):
    response = client.post("/signup", data={**GOOD, "role": "professional"})
    assert response.status_code == 302
    user = load_user(app, "anna.lee@example.com")
    assert user.role == "professional"
    assert user.professional_profile is not None and user.student_profile is None


def test_signup_with_a_registered_address_answers_as_for_a_new_one_and_changes_nothing(
    app, make_user
):
    """Nobody learns from the form who has an account: the answer for a registered address
    (in any letter case) is the very same as for a free one, and the account is untouched."""
    owner = make_user("professional", email="anna@x.com", display_name="Anna Owner")
    answers = []
    for email in ("Anna@X.com", "someone.new@x.com"):
        with app.test_client() as browser:
            response = browser.post("/signup", data={**GOOD, "email": email})
            sent = browser.get("/signup/sent")
            answers.append(
                (
                    response.status_code,
                    response.headers["Location"],
                    sent.status_code,
                    sent.get_data(as_text=True).replace(email.lower(), "ADDRESS"),
                )
            )
    assert answers[0] == answers[1]
    assert user_count(app) == 2  # the owner and the new address, nobody else
    user = load_user(app, "anna@x.com")
    assert (user.id, user.display_name, user.role) == (owner.id, "Anna Owner", "professional")
    assert user.password_hash == owner.password_hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "short pw", "confirm": "short pw"}, "at least 10 characters"),
        ({"confirm": "something else!"}, "The two passwords don&#39;t match"),
        ({"timezone": "Mars/Olympus_Mons"}, "Pick your time zone from the list"),
        ({"timezone": ""}, "Pick your time zone from the list"),
        ({"role": ""}, "Choose whether you join as a student or as a professional"),
        ({"role": "admin"}, "Choose whether you join as a student or as a professional"),
        ({"email": "anna-at-example.com"}, "Enter a valid email address"),
        ({"display_name": "   "}, "Tell us the name to show to other members"),
        ({"display_name": "x" * 81}, "Keep your name under 80 characters"),
    ],
    ids=[
        "short-password",
        "mismatch",
        "unknown-zone",
        "no-zone",
        "no-role",
        "bad-role",
        "bad-email",
        "blank-name",
        "long-name",
    ],
)
def test_bad_signup_input_is_refused_and_creates_nothing(client, app, change, message):
    response = client.post("/signup", data={**GOOD, **change})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert user_count(app) == 0
    assert "a long enough pw" not in page  # passwords are never sent back


def test_signup_keeps_what_was_typed_after_a_mistake(client):
    page = client.post("/signup", data={**GOOD, "password": "short", "confirm": "short"}).get_data(
        as_text=True
    )
    assert 'value="Anna.Lee@Example.com"' in page
    assert 'value="Anna Lee"' in page
    assert '<option selected value="Europe/Berlin">' in page
    assert 'data-user-chosen="1"' in page  # so the browser's zone does not replace the choice


def test_logged_in_member_opening_signup_goes_to_dashboard(client, make_user, login):
    login(client, make_user("student"))
    response = client.get("/signup")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def confirm_link(app, user):
    with app.app_context():
        return f"/confirm/{tokens.make_confirm_token(user.id, user.email)}"


def test_confirmation_link_confirms_the_email(client, app, make_user, login):
    user = make_user("student", confirmed=False)
    login(client, user)
    response = client.get(confirm_link(app, user))
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert load_user(app, user.email).email_confirmed_at is not None
    assert "your email address is confirmed" in client.get("/dashboard").get_data(as_text=True)


def test_confirmation_link_works_in_a_logged_out_browser(client, app, make_user):
    user = make_user("professional", confirmed=False)
    response = client.get(confirm_link(app, user))
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert load_user(app, user.email).email_confirmed_at is not None


def test_expired_confirmation_link_is_refused_with_a_resend_offer(client, app, make_user, login):
    user = make_user("student", confirmed=False)
    link = confirm_link(app, user)
    login(client, user)
    clock.advance(timedelta(seconds=app.config["CONFIRM_TOKEN_MAX_AGE"] + 60))
    response = client.get(link)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This confirmation link has expired." in page
    assert "Send me a new confirmation link" in page
    assert load_user(app, user.email).email_confirmed_at is None


def test_tampered_confirmation_link_is_refused(client, app, make_user):
    user = make_user("student", confirmed=False)
    response = client.get(confirm_link(app, user)[:-3] + "abc")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This confirmation link isn&#39;t valid" in page
    assert "Log in and we'll offer to send you a new confirmation link" in page
    assert load_user(app, user.email).email_confirmed_at is None


def test_password_reset_link_cannot_confirm_an_email(client, app, make_user):
    user = make_user("student", confirmed=False)
    with app.app_context():
        reset_token = tokens.make_reset_token(user.id, user.password_hash)
    assert client.get(f"/confirm/{reset_token}").status_code == 400
    assert load_user(app, user.email).email_confirmed_at is None


def test_resend_confirmation_when_already_confirmed_says_so(client, make_user, login):
    login(client, make_user("student", confirmed=True))
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert "already confirmed" in client.get("/dashboard").get_data(as_text=True)


def test_resend_confirmation_needs_a_login(client):
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["student", "professional"])
def test_unconfirmed_member_dashboard_offers_to_send_the_link_again(client, make_user, login, role):
    login(client, make_user(role, confirmed=False))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Please confirm your email address" in page
    assert 'action="/confirm/resend"' in page and "Send it again" in page


def test_confirmed_member_dashboard_does_not_ask_to_confirm(client, make_user, login):
    login(client, make_user("professional", confirmed=True))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Please confirm your email address" not in page
    assert 'action="/confirm/resend"' not in page


def test_a_constraint_failure_other_than_a_taken_address_is_not_hidden(app, monkeypatch):
    """Only a real race for the address reads as "taken"; any other integrity error is a bug
    that must surface (a 500 in the log), never a "check your email" with no account."""
    from sqlalchemy.exc import IntegrityError

    from mentorhub.accounts import services

    def broken_commit():
        raise IntegrityError("INSERT", {}, Exception("profile constraint"))

    monkeypatch.setattr(services, "commit", broken_commit)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().post("/signup", data=GOOD)
    assert response.status_code == 500
    assert user_count(app) == 0


def test_the_signed_up_address_is_forgotten_at_log_in(client, app):
    client.post("/signup", data=GOOD)
    client.post("/login", data={"email": GOOD["email"], "password": GOOD["password"]})
    client.post("/logout")
    assert client.get("/signup/sent").headers["Location"] == "/signup"
