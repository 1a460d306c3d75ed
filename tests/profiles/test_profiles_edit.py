"""Editing profiles at /profile: professionals and students, good and bad input."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.errors import NotAllowed
from mentorhub.extensions import db
from mentorhub.forms import EXPIRED_MESSAGE
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile, Topic


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def professional_data(**changes):
    data = {
        "headline": "Sync Manager",
        "company": "Silver Screen Music",
        "industry": "sync-licensing",
        "bio": "I pitch songs to film and TV.\nThen I clear them.",
        "topics": "sync licensing, Music Supervision, contracts",
        "formats": ["video", "in_person"],
        "city": "Los Angeles",
        "chat_minutes": "30",
        "monthly_capacity": "6",
        "accepting_requests": "y",
        "will_not_do": "No job referrals, please.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def student_data(**changes):
    data = {
        "school": "Westbridge University",
        "programme": "BA Music Business",
        "graduation_year": str(clock.now().year + 2),
        "interests": "A&R, touring, sync licensing",
        "goals": "Learn how A&R people decide whom to sign.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def saved_professional(app, user_id):
    with app.app_context():
        profile = db.session.get(ProfessionalProfile, user_id)
        return {
            **{
                c.name: getattr(profile, c.key)
                for c in ProfessionalProfile.__table__.columns
                if c.name not in ("updated_at", "next_free_at")
            },
            "topics": sorted(t.slug for t in profile.topics),
        }


def saved_student(app, user_id):
    with app.app_context():
        profile = db.session.get(StudentProfile, user_id)
        return {
            **{
                c.name: getattr(profile, c.key)
                for c in StudentProfile.__table__.columns
                if c.name != "updated_at"
            },
            "interests": sorted(t.slug for t in profile.interests),
        }


@pytest.fixture
def professional(make_user, client, login):
    user = make_user("professional", topics=["touring"])
    login(client, user)
    return user


@pytest.fixture
def student(make_user, client, login):
    user = make_user("student", topics=["touring"])
    login(client, user)
    return user


# --- access ------------------------------------------------------------------------------


def test_profile_page_asks_visitors_to_log_in(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_professional_sees_their_saved_profile_in_the_form(client, professional):
    response = client.get("/profile")
    assert response.status_code == 200
    text = page(response)
    assert 'value="Tour manager"' in text
    assert 'value="Acme Live"' in text
    assert "Accepting new requests" in text
    assert "Video call" in text and "In person" in text


def test_student_sees_the_student_form(client, student):
    text = page(client.get("/profile"))
    assert "Graduation year" in text
    assert 'value="City College"' in text
    assert "Your role" not in text


# --- professional: success ----------------------------------------------------------------


def test_professional_saves_every_field(app, client, professional):
    response = client.post("/profile", data=professional_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/professionals/{professional.id}")
    saved = saved_professional(app, professional.id)
    assert saved["headline"] == "Sync Manager"
    assert saved["company"] == "Silver Screen Music"
    assert saved["industry"] == "sync-licensing"
    assert saved["bio"] == "I pitch songs to film and TV.\nThen I clear them."
    assert saved["topics"] == ["contracts", "music-supervision", "sync-licensing"]
    assert (saved["offers_video"], saved["offers_phone"], saved["offers_in_person"]) == (
        True,
        False,
        True,
    )
    assert saved["city"] == "Los Angeles"
    assert saved["chat_minutes"] == 30
    assert saved["monthly_capacity"] == 6
    assert saved["accepting_requests"] is True
    assert saved["will_not_do"] == "No job referrals, please."


def test_saved_profile_shows_a_confirmation(client, professional):
    response = client.post("/profile", data=professional_data(), follow_redirects=True)
    assert "Your profile is saved" in page(response)


def test_unticking_accepting_requests_pauses_the_professional(app, client, professional):
    client.post("/profile", data=professional_data(accepting_requests=None))
    assert saved_professional(app, professional.id)["accepting_requests"] is False


@pytest.mark.parametrize("capacity", ["0", "40"])
def test_monthly_capacity_accepts_the_limits(app, client, professional, capacity):
    assert (
        client.post("/profile", data=professional_data(monthly_capacity=capacity)).status_code
        == 302
    )
    assert saved_professional(app, professional.id)["monthly_capacity"] == int(capacity)


@pytest.mark.parametrize("minutes", ["15", "20", "30"])
def test_each_chat_length_can_be_chosen(app, client, professional, minutes):
    assert client.post("/profile", data=professional_data(chat_minutes=minutes)).status_code == 302
    assert saved_professional(app, professional.id)["chat_minutes"] == int(minutes)


def test_duplicate_topics_are_kept_once(app, client, professional):
    client.post("/profile", data=professional_data(topics="Touring, touring ,TOURING, budgets,"))
    assert saved_professional(app, professional.id)["topics"] == ["budgets", "touring"]


def test_topics_are_shared_not_duplicated(app, client, professional):
    client.post("/profile", data=professional_data(topics="Touring"))
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Topic).where(Topic.slug == "touring")
            )
            == 1
        )


def test_city_is_optional_without_in_person(app, client, professional):
    response = client.post("/profile", data=professional_data(formats=["phone"], city=""))
    assert response.status_code == 302
    saved = saved_professional(app, professional.id)
    assert (saved["offers_video"], saved["offers_phone"], saved["offers_in_person"]) == (
        False,
        True,
        False,
    )


# --- professional: bad input ----------------------------------------------------------------

PRO_BAD_INPUT = [
    ({"headline": ""}, "Please enter your role."),
    ({"headline": "x" * 121}, "Role must be at most 120 characters"),
    ({"company": "x" * 121}, "Company must be at most 120 characters"),
    ({"industry": ""}, "Please choose the field you work in."),
    ({"industry": "banking"}, "Please choose a field from the list."),
    ({"bio": "x" * 3001}, "Bio must be at most 3000 characters"),
    ({"topics": ", ".join(f"topic {n}" for n in range(13))}, "at most 12 topics (you entered 13)"),
    ({"topics": "touring, " + "y" * 61}, "Each topic must be at most 60 characters"),
    ({"formats": []}, "Please offer at least one way to chat"),
    ({"formats": ["video", "carrier-pigeon"]}, "Please choose among video, phone and in person."),
    ({"formats": ["in_person"], "city": ""}, "Please say which city you meet in"),
    ({"city": "x" * 81}, "City must be at most 80 characters"),
    ({"chat_minutes": "45"}, "Please choose a chat length of 15, 20 or 30 minutes."),
    ({"monthly_capacity": "41"}, "Chats per month must be a whole number from 0 to 40."),
    ({"monthly_capacity": "-1"}, "Chats per month must be a whole number from 0 to 40."),
    ({"monthly_capacity": "lots"}, "Chats per month must be a whole number from 0 to 40."),
    ({"monthly_capacity": ""}, "Chats per month must be a whole number from 0 to 40."),
    ({"will_not_do": "x" * 301}, "What you won't do must be at most 300 characters"),
]


@pytest.mark.parametrize(("changes", "message"), PRO_BAD_INPUT)
def test_bad_professional_input_is_explained_and_nothing_saved(
    app, client, professional, changes, message
):
    before = saved_professional(app, professional.id)
    response = client.post("/profile", data=professional_data(**changes))
    assert response.status_code == 200
    text = page(response)
    assert message in text
    assert "Please correct the highlighted fields below." in text
    assert saved_professional(app, professional.id) == before


def test_bad_professional_input_keeps_what_was_typed(client, professional):
    response = client.post(
        "/profile", data=professional_data(monthly_capacity="lots", bio="My own words")
    )
    text = page(response)
    assert 'value="lots"' in text
    assert "My own words" in text
    assert 'value="Silver Screen Music"' in text
    assert 'value="sync licensing, Music Supervision, contracts"' in text


def test_several_bad_fields_are_all_reported(client, professional):
    text = page(
        client.post("/profile", data=professional_data(headline="", industry="", formats=[]))
    )
    assert "Please enter your role." in text
    assert "Please choose the field you work in." in text
    assert "Please offer at least one way to chat" in text


def test_expired_form_is_shown_again_with_the_entries(app, client, professional):
    before = saved_professional(app, professional.id)
    response = client.post("/profile", data=professional_data(), csrf=False)
    assert response.status_code == 200
    text = page(response)
    assert EXPIRED_MESSAGE in text
    assert 'value="Silver Screen Music"' in text
    assert saved_professional(app, professional.id) == before


def test_only_professionals_can_save_a_professional_profile(app, make_user):
    from mentorhub.accounts.models import User
    from mentorhub.profiles.services import update_professional_profile

    student = make_user("student")
    with app.app_context(), pytest.raises(NotAllowed):
        update_professional_profile(db.session.get(User, student.id), professional_data())


# --- student ---------------------------------------------------------------------------------


def test_student_saves_every_field(app, client, student):
    response = client.post("/profile", data=student_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    saved = saved_student(app, student.id)
    assert saved["school"] == "Westbridge University"
    assert saved["programme"] == "BA Music Business"
    assert saved["graduation_year"] == clock.now().year + 2
    assert saved["interests"] == ["a-r", "sync-licensing", "touring"]
    assert saved["goals"] == "Learn how A&R people decide whom to sign."


def test_student_may_leave_the_graduation_year_empty(app, client, student):
    assert client.post("/profile", data=student_data(graduation_year="")).status_code == 302
    assert saved_student(app, student.id)["graduation_year"] is None


def test_graduation_years_follow_the_clock(app, client, student):
    clock.travel_to(datetime(2040, 3, 1, tzinfo=UTC))
    assert client.post("/profile", data=student_data(graduation_year="2047")).status_code == 302
    assert saved_student(app, student.id)["graduation_year"] == 2047


STUDENT_BAD_INPUT = [
    ({"graduation_year": "+9"}, "Graduation year must be a whole number from"),
    ({"graduation_year": "-7"}, "Graduation year must be a whole number from"),
    ({"graduation_year": "next year"}, "Graduation year must be a whole number from"),
    ({"school": "x" * 121}, "School must be at most 120 characters"),
    ({"programme": "x" * 121}, "Programme must be at most 120 characters"),
    ({"goals": "x" * 2001}, "Goals must be at most 2000 characters"),
    (
        {"interests": ", ".join(f"interest {n}" for n in range(13))},
        "at most 12 interests (you entered 13)",
    ),
    ({"interests": "z" * 61}, "Each interest must be at most 60 characters"),
]


@pytest.mark.parametrize(("changes", "message"), STUDENT_BAD_INPUT)
def test_bad_student_input_is_explained_and_nothing_saved(app, client, student, changes, message):
    year = clock.now().year
    if changes.get("graduation_year", "").lstrip("+-").isdigit():
        changes = {"graduation_year": str(year + int(changes["graduation_year"]))}
    before = saved_student(app, student.id)
    response = client.post("/profile", data=student_data(**changes))
    assert response.status_code == 200
    text = page(response)
    assert message in text
    assert saved_student(app, student.id) == before


def test_bad_student_input_keeps_what_was_typed(client, student):
    text = page(
        client.post("/profile", data=student_data(graduation_year="soon", goals="Meet engineers"))
    )
    assert 'value="soon"' in text
    assert "Meet engineers" in text
    assert 'value="A&R, touring, sync licensing"' in text
