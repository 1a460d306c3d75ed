"""The first-party question_bank plugin: "Questions you could ask" on a professional's page."""

from __future__ import annotations

import html

import pytest

from mentorhub.plugins._host import get_host
from mentorhub.profiles.constants import INDUSTRIES


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def tour_manager(make_user):
    return make_user(
        "professional",
        profile={"company": "Roadcase Touring", "industry": "tour-management"},
        topics=["Touring", "Budgets"],
    )


def test_student_sees_questions_to_ask(client, make_user, login, tour_manager):
    login(client, make_user("student"))
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "Questions you could ask" in text
    for question in (
        "What does a typical day for you involve?",
        "How would someone interested in your field get started?",
        "What's the typical career path?",
        "What do you like most about working at Roadcase Touring?",
        "How has your job affected your lifestyle?",
        "What should a student do to get experience in this area?",
        "Is there anyone else you'd recommend I talk to?",
    ):
        assert question in text


def test_student_sees_questions_for_the_industry(client, make_user, login, tour_manager):
    login(client, make_user("student"))
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "What does a show day look like for you, from load-in to load-out?" in text


def test_student_sees_questions_for_the_professionals_topics(
    client, make_user, login, tour_manager
):
    login(client, make_user("student"))
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "What did your first tour teach you that you still use?" in text
    assert "How do you build a budget, and what do people forget to include?" in text


def test_without_a_company_the_question_says_this_company(client, make_user, login):
    freelancer = make_user("professional", profile={"company": ""})
    login(client, make_user("student"))
    assert "What do you like most about working at this company?" in page(
        client.get(f"/professionals/{freelancer.id}")
    )


def test_anonymous_visitor_is_asked_to_log_in_as_a_student(client, tour_manager):
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "Questions you could ask" not in text
    assert "What does a typical day for you involve?" not in text
    assert "Log in as a student" in text


def test_professionals_do_not_see_the_questions(client, make_user, login, tour_manager):
    login(client, make_user("professional"))
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "Questions you could ask" not in text
    assert "What does a typical day for you involve?" not in text
    assert "Log in as a student" not in text


def test_every_industry_has_its_own_questions(app):
    module = get_host(app).plugins["question_bank"].module
    for slug, label in INDUSTRIES:
        assert len(module.BY_INDUSTRY.get(slug, ())) >= 2, f"no questions for {label}"


def test_question_bank_describes_itself(app):
    plugin = get_host(app).plugins["question_bank"]
    assert plugin.title == "Question bank"
    assert "mentorhub_suggest_questions" in plugin.hooks


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "interest_plugins"
    folder.mkdir()
    (folder / "by_interest.py").write_text(
        "def mentorhub_suggest_questions(student, professional):\n"
        "    names = ', '.join(t.name for t in student.student_profile.interests)\n"
        "    return [f'Could we talk about {names}, {professional.display_name}?']\n"
    )
    return [folder]


def test_other_plugins_get_the_student_with_interests(client, make_user, login, tour_manager):
    login(client, make_user("student", topics=["festivals", "radio"]))
    text = page(client.get(f"/professionals/{tour_manager.id}"))
    assert "Could we talk about festivals, radio, Professional 1?" in text
    assert text.index("What does a typical day") < text.index("Could we talk about")
