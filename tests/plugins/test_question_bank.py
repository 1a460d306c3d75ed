"""The first-party question_bank plugin: "Questions you could ask" on a professional's page."""

from __future__ import annotations

import html
import importlib.util
import re
from types import SimpleNamespace

import pytest

from mentorhub.config import PROJECT_ROOT
from mentorhub.plugins._host import get_host
from mentorhub.profiles.constants import INDUSTRIES
from mentorhub.profiles.validation import slugify_topic


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"{name}_under_test", PROJECT_ROOT / "plugins" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bank = _load("question_bank")
guard = _load("job_ask_guard")

# Topic names as professionals and students type them (the profile form's examples and the
# demo profiles' common topics); each must reach a group of questions.
COMMON_TOPIC_NAMES = (
    "touring",
    "budgets",
    "festival season",
    "A&R",
    "sync licensing",
    "artist development",
    "work-life balance",
    "live sound",
    "music supervision",
    "social media",
    "release campaigns",
    "film",
    "interviews",
    "logistics",
    "composing",
    "copyright",
    "writing",
)


def every_question() -> list[tuple[str, str]]:
    """(where it comes from, text) for every question the bank can suggest."""
    nobody = SimpleNamespace(professional_profile=None)
    found = [("classics", q.text) for q in bank.mentorhub_suggest_questions(nobody)]
    for slug, texts in bank.BY_INDUSTRY.items():
        found += [(f"industry {slug}", text) for text in texts]
    for slug, texts in bank.BY_TOPIC.items():
        found += [(f"topic {slug}", text) for text in texts]
    return found


def normalised(text: str) -> str:
    """The host's de-duplication key: case and spacing ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()


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


def test_every_industry_has_at_least_five_questions_of_its_own(app):
    module = get_host(app).plugins["question_bank"].module
    for slug, label in INDUSTRIES:
        texts = module.BY_INDUSTRY.get(slug, ())
        assert len({normalised(t) for t in texts}) >= 5, f"too few questions for {label}"
    assert set(module.BY_INDUSTRY) <= {slug for slug, _ in INDUSTRIES}, "unknown industry"


def test_every_topic_is_keyed_by_its_slug_and_has_at_least_five_questions():
    for key, texts in bank.BY_TOPIC.items():
        assert key and slugify_topic(key) == key, f"{key!r} is not a topic slug"
        assert len({normalised(t) for t in texts}) >= 5, f"too few questions for {key}"


@pytest.mark.parametrize("name", COMMON_TOPIC_NAMES)
def test_common_topic_names_have_questions(name):
    assert len(bank.BY_TOPIC.get(slugify_topic(name), ())) >= 5, f"no questions for {name!r}"


def test_no_question_repeats_anywhere_in_the_bank():
    first_seen: dict[str, str] = {}
    repeats = []
    for where, text in every_question():
        key = normalised(text)
        if key in first_seen:
            repeats.append(f"{text!r} in {first_seen[key]} and again in {where}")
        else:
            first_seen[key] = where
    assert repeats == []


def test_no_question_would_be_flagged_as_asking_for_a_job():
    flagged = [
        (where, text, guard.detect(text))
        for where, text in every_question()
        if guard.mentorhub_review_request(message=text)
    ]
    assert flagged == []


def test_every_question_is_a_question():
    assert [text for _, text in every_question() if not text.strip().endswith("?")] == []


def test_every_industry_and_topic_question_reaches_the_page(client, make_user, login):
    scout = make_user(
        "professional",
        profile={"company": "Northside Records", "industry": "a-and-r"},
        topics=["A&R", "Festival season", "Work-life balance"],
    )
    login(client, make_user("student"))
    text = page(client.get(f"/professionals/{scout.id}"))
    expected = [
        *bank.BY_INDUSTRY["a-and-r"],
        *bank.BY_TOPIC["a-r"],
        *bank.BY_TOPIC["festival-season"],
        *bank.BY_TOPIC["work-life-balance"],
    ]
    assert [question for question in expected if question not in text] == []


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
