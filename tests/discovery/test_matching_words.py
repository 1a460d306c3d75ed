"""Matching in the users' words (issue 17): stems, the field's synonyms, topics with plain
explanations to pick from, and an empty search that suggests the nearest topics and people.
Driven through HTTP as a student would."""

from __future__ import annotations

import html
import re

import pytest

from mentorhub.extensions import db
from mentorhub.profiles.models import StudentProfile

INTRO_AR = "I find and sign new artists for Northline Records and help them make their first album."


@pytest.fixture
def people(make_user):
    return {
        "ana": make_user("professional", display_name="Ana Reyes", topics=["A&R", "demos"],
                         profile={"headline": "A&R Manager", "company": "Northline Records",
                                  "industry": "a-and-r", "bio": INTRO_AR}),
        "ben": make_user("professional", display_name="Ben Adler", topics=["artist management"],
                         profile={"headline": "Artist Manager", "company": "Adler Artists",
                                  "industry": "artist-management",
                                  "bio": "I look after the careers of three artists."}),
        "rosa": make_user("professional", display_name="Rosa Lima", topics=["royalties"],
                          profile={"headline": "Royalties Analyst", "company": "Fairplay Rights",
                                   "industry": "royalties-rights",
                                   "bio": "I make sure rights holders get paid."}),
    }


def names(page: str, people) -> list[str]:
    by_id = {p.id: key for key, p in people.items()}
    results = page.split('class="card nearest"')[0]
    return [by_id.get(int(i), "other") for i in re.findall(r'id="match-(\d+)"', results)]


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def student_client(app, client, login, make_user):
    login(client, make_user("student", display_name="Sam Student"))
    return client


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("finding new artists", ["ana"]),  # the field's words: A&R, said plainly
        ("I find and sign new artists", ["ana"]),  # the words of her own bio
        ("talent scout", ["ana"]),  # a synonym of A&R
        ("royalty", ["rosa"]),  # a stem: royalty finds royalties
        ("how do artists get paid", ["rosa"]),
        ("managing artists", ["ben"]),
    ],
)
def test_search_finds_the_obvious_person_in_plain_words(student_client, people, query, expected):
    page = student_client.get("/professionals", query_string={"q": query}).text
    assert names(page, people)[: len(expected)] == expected


def test_each_result_says_what_of_the_search_it_matched(student_client, people):
    page = text_of(student_client.get("/professionals", query_string={"q": "finding new artists"}).text)
    assert "Matches your search: A&R" in page


def test_an_interest_in_plain_words_recommends_the_right_person(app, client, login, make_user, people):
    student = make_user("student", topics=["finding new artists"])
    login(client, student)
    page = client.get("/professionals").text
    assert names(page, people)[0] == "ana"
    assert "Shares your interest in A&amp;R" in page
    dashboard = client.get("/dashboard").text
    assert "Ana Reyes" in dashboard
    if "Ben Adler" in dashboard:
        assert dashboard.index("Ana Reyes") < dashboard.index("Ben Adler")


def test_an_empty_search_suggests_the_nearest_topics_and_people(student_client, people):
    page = student_client.get("/professionals", query_string={"q": "royalites statements"}).text
    assert "Nobody matches that" in page
    section = text_of(page.split('class="card nearest"')[1])
    assert "Nearest topics" in section
    assert "royalties tracking plays and streams so that artists and songwriters get paid" in section
    assert "Rosa Lima" in section
    assert 'href="/professionals?topic=royalties"' in page
    page = student_client.get("/professionals", query_string={"q": "xyzzy"}).text
    assert "Topics people talk about" in text_of(page.split('class="card nearest"')[1])


def test_students_pick_topics_in_use_each_explained_and_may_type_their_own(app, student_client, people):
    page = text_of(student_client.get("/profile").text)
    assert "A&R: finding and signing new artists for a label or publisher" in page
    assert "royalties: tracking plays and streams" in page
    response = student_client.post("/profile", data={
        "school": "City College", "picked": ["a-r", "royalties"], "interests": "life on tour", "goals": "",
    })
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.scalars(db.select(StudentProfile)).one()
        assert sorted(t.name for t in profile.interests) == ["A&R", "life on tour", "royalties"]
    form = student_client.get("/profile").text
    assert re.search(r'value="a-r"[^>]*checked|checked[^>]*value="a-r"', form)
    assert 'value="life on tour"' in form  # typed interests stay typed


def test_too_many_interests_keep_what_was_ticked_and_typed(app, student_client, people):
    typed = ", ".join(f"topic {n}" for n in range(12))
    response = student_client.post("/profile", data={"school": "City College", "picked": ["a-r"], "interests": typed})
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert "12" in text_of(page) and "interest" in text_of(page)
    assert typed in html.unescape(page)
    assert re.search(r'value="a-r"[^>]*checked|checked[^>]*value="a-r"', page)
    with app.app_context():
        assert db.session.scalars(db.select(StudentProfile)).one().interests == []


@pytest.fixture
def mentorhub_config(tmp_path):
    extra = tmp_path / "club-words.toml"
    extra.write_text('[[topic]]\nname = "royalties"\nexplains = ""\nwords = ["mechanicals"]\n')
    return {"VOCABULARY_FILES": str(extra)}


def test_an_operator_s_vocabulary_file_adds_words(student_client, people):
    page = student_client.get("/professionals", query_string={"q": "mechanicals"}).text
    assert names(page, people) == ["rosa"]


def test_the_person_matching_every_word_is_found_among_many_matching_one(app, student_client, make_user, people):
    """More than PRESELECT professionals match one word ("manager") and are free sooner: the
    one matching every word is still ranked; the date orders take only those matching all."""
    from datetime import timedelta

    from mentorhub import clock
    from mentorhub.discovery.candidates import PRESELECT

    soon = clock.now() + timedelta(days=1)
    for n in range(PRESELECT + 10):
        make_user("professional", display_name=f"Tour Manager {n}", topics=["touring"],
                  profile={"headline": "Tour manager", "next_free_at": soon})
    with app.app_context():
        from mentorhub.profiles.models import ProfessionalProfile

        ana = db.session.get(ProfessionalProfile, people["ana"].id)
        ana.next_free_at = clock.now() + timedelta(days=30)
        db.session.commit()
    query = "finding new artists manager"
    page = student_client.get("/professionals", query_string={"q": query}).text
    assert names(page, people)[:1] == ["ana"]
    page = student_client.get("/professionals", query_string={"q": query, "sort": "soonest"}).text
    assert names(page, people) == ["ana"] and "1 professional found." in text_of(page)


def test_a_missing_vocabulary_file_stops_the_start_with_its_name(tmp_path):
    from mentorhub import create_app
    from mentorhub.profiles.vocabulary import VocabularyError

    missing = tmp_path / "club-wrods.toml"
    with pytest.raises(VocabularyError, match="club-wrods.toml"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "VOCABULARY_FILES": str(missing)})
    broken = tmp_path / "broken.toml"
    broken.write_text("[[topic]\nname = ")
    with pytest.raises(VocabularyError, match="broken.toml"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "VOCABULARY_FILES": str(broken)})
