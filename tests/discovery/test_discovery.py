"""The professionals search page: every filter and sort, alone and combined, on a small
hand-made data set; who may browse; bad parameters."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from mentorhub import clock

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def people(app, make_user):
    """Four professionals who differ in every way the search can tell apart, and a student
    interested in touring and sync licensing."""
    clock.travel_to(NOW)
    ana = make_user(
        "professional",
        display_name="Ana Alvarez",
        topics=["touring", "logistics"],
        profile={
            "headline": "Tour manager",
            "company": "Acme Live",
            "industry": "tour-management",
            "offers_video": True,
            "offers_phone": True,
            "next_free_at": NOW + timedelta(days=2),
            "created_at": NOW - timedelta(days=300),
        },
    )
    ben = make_user(
        "professional",
        display_name="Ben Brooks",
        topics=["publishing", "sync licensing"],
        profile={
            "headline": "Publishing coordinator",
            "company": "Songbook Music",
            "industry": "music-publishing",
            "offers_video": False,
            "offers_in_person": True,
            "city": "Nashville",
            "next_free_at": NOW + timedelta(days=10),
            "created_at": NOW - timedelta(days=10),
        },
    )
    cara = make_user(
        "professional",
        display_name="Cara Chen",
        topics=["sync licensing"],
        profile={
            "headline": "Sync licensing lead",
            "company": "FilmSound",
            "industry": "sync-licensing",
            "offers_video": False,
            "offers_phone": True,
            "accepting_requests": False,
            "next_free_at": NOW + timedelta(days=30),
            "created_at": NOW - timedelta(days=100),
        },
    )
    dev = make_user(
        "professional",
        display_name="Dev Dubois",
        topics=["mixing"],
        profile={
            "headline": "Mixing engineer",
            "company": "Bright Studio",
            "industry": "audio-engineering",
            "bio": "Before the studio I spent years touring as a front-of-house engineer.",
            "offers_video": True,
            "next_free_at": None,
            "created_at": NOW - timedelta(days=1),
        },
    )
    student = make_user("student", display_name="Sam Student", topics=["touring", "sync licensing"])
    return {"ana": ana, "ben": ben, "cara": cara, "dev": dev, "student": student}


def result_names(response, people) -> list[str]:
    """The professionals on a results page, in page order, by their fixture key (not the
    people an empty search suggests instead)."""
    by_id = {p.id: key for key, p in people.items()}
    results = response.text.split('class="card nearest"')[0]
    return [by_id[int(i)] for i in re.findall(r'id="match-(\d+)"', results)]


@pytest.fixture
def student_client(client, login, people):
    login(client, people["student"])
    return client


def test_best_match_is_the_default_order_for_a_student(student_client, people):
    response = student_client.get("/professionals")
    assert response.status_code == 200
    # Ana shares an interest, works in touring and is free this week; Cara is paused.
    assert result_names(response, people) == ["ana", "ben", "dev", "cara"]


def test_every_result_shows_name_headline_topics_and_next_free_time(student_client, people):
    page = student_client.get("/professionals").text
    assert "Ana Alvarez" in page
    assert "Tour manager at Acme Live" in page
    assert ">logistics</a>" in page
    assert "Wed 4 Mar 2026, 09:00 (UTC)" in page
    assert "No free times posted yet" in page  # Dev
    assert "Not taking new requests right now" in page  # Cara


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("touring", ["ana", "dev"]),  # a topic, and a word in a bio
        ("ACME", ["ana"]),  # a company, any case
        ("songbook music", ["ben"]),  # every word must match
        ("sync", ["ben", "cara"]),  # a topic and a headline
        ("Chen", ["cara"]),  # a name
        ("engineer studio", ["dev"]),
        ("%", []),  # wildcards are plain characters
        ("nobody-has-this", []),
    ],
)
def test_text_query_searches_name_headline_company_bio_and_topics(
    student_client, people, query, expected
):
    response = student_client.get("/professionals", query_string={"q": query})
    assert response.status_code == 200
    assert sorted(result_names(response, people)) == sorted(expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"industry": "music-publishing"}, ["ben"]),
        ({"topic": "sync licensing"}, ["ben", "cara"]),
        ({"topic": "sync-licensing"}, ["ben", "cara"]),
        ({"topic": "no such topic"}, []),
        ({"format": "phone"}, ["ana", "cara"]),
        ({"format": "in_person"}, ["ben"]),
        ({"format": "video"}, ["ana", "dev"]),
        ({"free_soon": "y"}, ["ana", "ben"]),
        ({"accepting": "y"}, ["ana", "ben", "dev"]),
    ],
)
def test_each_filter_alone(student_client, people, args, expected):
    response = student_client.get("/professionals", query_string=args)
    assert response.status_code == 200
    assert sorted(result_names(response, people)) == sorted(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("best", ["ana", "ben", "dev", "cara"]),
        ("soonest", ["ana", "ben", "cara", "dev"]),  # no free time comes last
        ("newest", ["dev", "ben", "cara", "ana"]),
    ],
)
def test_each_sort_alone(student_client, people, sort, expected):
    response = student_client.get("/professionals", query_string={"sort": sort})
    assert result_names(response, people) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"topic": "sync-licensing", "accepting": "y"}, ["ben"]),
        ({"free_soon": "y", "format": "video"}, ["ana"]),
        ({"q": "touring", "sort": "newest"}, ["dev", "ana"]),
        ({"q": "touring", "sort": "soonest"}, ["ana", "dev"]),
        ({"free_soon": "y", "accepting": "y", "sort": "soonest"}, ["ana", "ben"]),
        ({"q": "sync", "format": "phone", "sort": "best"}, ["cara"]),
        ({"industry": "tour-management", "format": "in_person"}, []),
        ({"topic": "sync licensing", "sort": "newest", "free_soon": "y"}, ["ben"]),
    ],
)
def test_filters_and_sorts_combined(student_client, people, args, expected):
    response = student_client.get("/professionals", query_string=args)
    assert response.status_code == 200
    assert result_names(response, people) == expected


def test_no_match_shows_a_helpful_empty_state(student_client, people):
    page = student_client.get("/professionals", query_string={"industry": "merchandise"}).text
    assert "Nobody matches that" in page
    assert "Clear all filters" in page


def test_results_are_paginated(client, make_user, login):
    clock.travel_to(NOW)
    for n in range(12):
        make_user(
            "professional",
            display_name=f"Pro {n:02d}",
            profile={"next_free_at": NOW + timedelta(hours=n + 1)},
        )
    student = make_user("student", topics=["touring"])
    login(client, student)
    first = client.get("/professionals", query_string={"sort": "soonest", "q": "tour"})
    second = client.get("/professionals", query_string={"sort": "soonest", "q": "tour", "page": 2})
    assert first.text.count('class="card match"') == 10
    assert second.text.count('class="card match"') == 2
    assert "Pro 10" in second.text and "Pro 00" not in second.text
    assert "Page 2 of 2" in second.text
    assert "q=tour" in re.search(r'href="([^"]*)" rel="prev"', second.text).group(1)


def test_a_page_past_the_end_offers_the_first_page(student_client, people):
    response = student_client.get("/professionals", query_string={"page": 7})
    assert response.status_code == 200
    assert "No more results" in response.text
    assert "Back to the first page" in response.text


def test_visitors_can_browse_without_personal_facts(client, people):
    response = client.get("/professionals", query_string={"sort": "soonest"})
    assert response.status_code == 200
    assert result_names(response, {k: v for k, v in people.items() if k != "student"}) == [
        "ana",
        "ben",
        "cara",
        "dev",
    ]
    assert "Shares your interest" not in response.text
    assert "Save for later" not in response.text
    assert "Log in</a> as a student" in response.text


def test_professionals_can_browse_but_do_not_see_themselves(client, login, people):
    login(client, people["ana"])
    response = client.get("/professionals")
    assert response.status_code == 200
    assert "ana" not in result_names(response, people)
    assert "Save for later" not in response.text


def test_a_student_without_interests_is_asked_to_add_some(client, make_user, login, people):
    login(client, make_user("student"))
    response = client.get("/professionals")
    assert response.status_code == 200
    assert "Add interests to your profile" in response.text
    assert len(result_names(response, people)) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"industry": "space-travel"}, "Choose an industry from the list."),
        ({"page": "-1"}, "Pages go from 1 to 1000."),
        ({"page": "0"}, "Pages go from 1 to 1000."),
        ({"page": "two"}, "The page must be a whole number"),
        ({"q": "touring " * 20}, "Keep your search under 100 characters."),
        ({"sort": "'; DROP TABLE users; --"}, "Choose how to sort from the list."),
        ({"format": "carrier pigeon"}, "Choose a format from the list."),
        ({"topic": "t" * 61}, "Topics are at most 60 characters."),
    ],
)
def test_bad_parameters_give_a_400_with_a_message(student_client, people, args, message):
    response = student_client.get("/professionals", query_string=args)
    assert response.status_code == 400
    assert message in response.text
    assert result_names(response, people) == []


def test_a_bad_parameter_keeps_what_was_typed(student_client, people):
    response = student_client.get("/professionals", query_string={"q": "touring", "page": "-3"})
    assert 'value="touring"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        'sync" OR "tour',
        "NEAR(a b)",
        "tour*",
        "-tour",
        "^tour",
        "a AND b",
        "\\",
        "%_%",
        "🎸 touring",
        "x" * 100,
        "tour\x00ing",
        "'; DROP TABLE users; --",
    ],
)
def test_odd_text_queries_never_fail(student_client, people, query):
    response = student_client.get("/professionals", query_string={"q": query})
    assert response.status_code in (200, 400)
    assert "Something went wrong" not in response.text


def test_a_paused_professional_is_explained_once_and_not_twice(student_client, people):
    page = student_client.get("/professionals").text
    assert page.count("Not taking new requests right now") == 1
    assert "Paused for now, so listed lower" in page
