"""A professional's public page at /professionals/<id>."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


PROFILE = {
    "headline": "Live Sound Engineer",
    "company": "Roadcase Touring",
    "industry": "audio-engineering",
    "bio": "I mix front of house for touring bands.",
    "offers_video": True,
    "offers_phone": False,
    "offers_in_person": True,
    "city": "Manchester",
    "chat_minutes": 30,
    "will_not_do": "No job referrals or CV reviews.",
}


@pytest.fixture
def engineer(make_user):
    return make_user(
        "professional", display_name="Sam Okoro", profile=PROFILE, topics=["live sound", "touring"]
    )


def test_public_page_shows_the_profile(client, engineer):
    response = client.get(f"/professionals/{engineer.id}")
    assert response.status_code == 200
    text = page(response)
    assert "Sam Okoro" in text
    assert "Live Sound Engineer at Roadcase Touring" in text
    assert "Audio engineering and production" in text
    assert "I mix front of house for touring bands." in text
    assert "live sound" in text and "touring" in text
    assert "Video call" in text
    assert "In person in Manchester" in text
    assert "30 minutes" in text
    assert "What I won't do" in text and "No job referrals or CV reviews." in text
    assert "Accepting requests" in text


def test_public_page_without_a_company_shows_the_role_alone(client, make_user):
    user = make_user("professional", profile={"headline": "Freelance Tour Manager", "company": ""})
    text = page(client.get(f"/professionals/{user.id}"))
    assert "Freelance Tour Manager" in text
    assert "Freelance Tour Manager at" not in text


def test_paused_professional_is_shown_as_paused(client, make_user):
    user = make_user("professional", profile={"accepting_requests": False})
    text = page(client.get(f"/professionals/{user.id}"))
    assert "isn't accepting new requests right now" in text
    assert "Paused" in text


def test_next_free_time_is_shown_in_the_viewers_zone(client, make_user, login):
    moment = datetime(2031, 5, 6, 16, 0, tzinfo=UTC)
    user = make_user("professional", profile={"next_free_at": moment})
    login(client, make_user("student", timezone="Asia/Tokyo"))
    text = page(client.get(f"/professionals/{user.id}"))
    assert "Wed 7 May 2031, 01:00 (Asia/Tokyo)" in text


def test_without_free_times_the_page_says_so(client, engineer):
    assert "No free times listed yet" in page(client.get(f"/professionals/{engineer.id}"))


def test_empty_bio_and_topics_have_helpful_text(client, make_user):
    user = make_user("professional", display_name="Kit Lee", profile={"bio": ""})
    text = page(client.get(f"/professionals/{user.id}"))
    assert "Kit Lee hasn't written a bio yet." in text
    assert "No topics listed yet" in text


def test_student_id_is_not_a_public_profile(client, make_user):
    student = make_user("student")
    response = client.get(f"/professionals/{student.id}")
    assert response.status_code == 404
    assert "couldn't find that professional" in page(response)


def test_unknown_id_is_not_found(client):
    assert client.get("/professionals/999999").status_code == 404


def test_professional_sees_an_edit_link_on_their_own_page(client, engineer, login):
    login(client, engineer)
    assert "Edit your profile" in page(client.get(f"/professionals/{engineer.id}"))


@pytest.mark.parametrize("viewer_role", ["professional", "student"])
def test_others_see_no_edit_link(client, engineer, make_user, login, viewer_role):
    login(client, make_user(viewer_role))
    assert "Edit your profile" not in page(client.get(f"/professionals/{engineer.id}"))


def test_anonymous_visitors_see_no_edit_link(client, engineer):
    assert "Edit your profile" not in page(client.get(f"/professionals/{engineer.id}"))


def test_page_runs_the_same_number_of_queries_whatever_the_number_of_topics(
    app, client, make_user, login, queries
):
    few = make_user("professional", topics=["touring"])
    many = make_user("professional", topics=[f"topic {n}" for n in range(12)])
    login(client, make_user("student", topics=["touring", "budgets"]))
    client.get(f"/professionals/{few.id}")  # warm-up: per-process caches

    def count_queries(user_id):
        with queries() as statements:
            assert client.get(f"/professionals/{user_id}").status_code == 200
        return len(statements)

    assert count_queries(many.id) == count_queries(few.id)



def test_a_students_view_reads_their_interests_and_the_blocks_once(app, client, make_user, login, queries):
    """The signed-in student comes with profile and interests (the user loader): the
    questions to ask use them instead of reading the student again; and whether either
    blocked the other is read once, for the panel and the request rules alike."""
    engineer = make_user("professional", topics=["touring"])
    login(client, make_user("student", topics=["touring", "budgets"]))
    client.get(f"/professionals/{engineer.id}")  # warm-up: per-process caches
    with queries() as statements:
        response = client.get(f"/professionals/{engineer.id}")
    assert response.status_code == 200 and "Questions you could ask" in page(response)
    flat = [" ".join(s.split()) for s in statements]
    assert len([s for s in flat if "FROM student_profiles" in s or "JOIN student_profiles" in s]) == 1, flat
    assert len([s for s in flat if "FROM blocks WHERE" in s]) == 1, flat


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "slot_plugins"
    folder.mkdir()
    (folder / "profile_badge.py").write_text(
        "def mentorhub_template_slot(name, context):\n"
        "    if name == 'professional_profile':\n"
        "        return 'Badge for ' + context['professional'].display_name\n"
    )
    return [folder]


def test_plugins_can_add_to_the_profile_page(client, engineer):
    assert "Badge for Sam Okoro" in page(client.get(f"/professionals/{engineer.id}"))
