"""The search page runs the same number of SQL queries whatever the number of candidates
(no N+1 in retrieval or in scoring)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.discovery.models import SavedProfessional
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.profiles.services import topics_by_names

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def mentorhub_config():
    """Score up to 200 candidates, so the 200-professional case really has 200."""
    return {"DISCOVERY_CANDIDATES": 200}


def add_professionals(app, student, start: int, count: int) -> None:
    """``count`` professionals who all share the student's interest, each with a request
    from the student and saved by them, so every fact has rows to find."""
    with app.app_context():
        topics = topics_by_names(["touring", "logistics"])
        for n in range(start, start + count):
            user = User(
                email=f"bulk{n}@example.com",
                password_hash="-",
                display_name=f"Bulk {n}",
                role="professional",
                email_confirmed_at=NOW,
            )
            user.professional_profile = ProfessionalProfile(
                headline="Tour manager",
                company="Acme Live",
                industry="tour-management",
                next_free_at=NOW + timedelta(hours=n + 1),
                monthly_capacity=4,
            )
            user.professional_profile.topics = list(topics)
            db.session.add(user)
            db.session.flush()
            db.session.add(
                ChatRequest(
                    student_id=student.id,
                    professional_id=user.id,
                    status="expired",
                    format="video",
                    introduction="Hi",
                    expires_at=NOW,
                )
            )
            db.session.add(SavedProfessional(student_id=student.id, professional_id=user.id))
        db.session.commit()


def queries_for(queries, client, url: str) -> int:
    client.get(url)  # warm up: first-request work is not the page's
    with queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "url",
    [
        "/professionals",
        "/professionals?topic=touring",
        "/professionals?q=tour+acme",
        "/professionals?sort=soonest&free_soon=y",
        "/professionals?sort=newest&accepting=y",
        "/dashboard",
    ],
)
def test_query_count_is_the_same_for_5_and_200_candidates(app, client, login, make_user, url, queries):
    clock.travel_to(NOW)
    student = make_user("student", topics=["touring"])
    login(client, student)
    add_professionals(app, student, 0, 5)
    with_five = queries_for(queries, client, url)
    add_professionals(app, student, 5, 195)
    with_two_hundred = queries_for(queries, client, url)
    assert with_five == with_two_hundred


def test_best_match_really_ranks_all_200_candidates(app, client, login, make_user):
    clock.travel_to(NOW)
    student = make_user("student", topics=["touring"])
    add_professionals(app, student, 0, 200)
    login(client, student)
    page = client.get("/professionals").text
    assert "200 professionals found" in page
    assert "Page 1 of 20" in page


def test_best_match_scores_at_most_the_configured_number_of_candidates(
    app, client, login, make_user
):
    app.config["DISCOVERY_CANDIDATES"] = 30
    clock.travel_to(NOW)
    student = make_user("student", topics=["touring"])
    add_professionals(app, student, 0, 40)
    login(client, student)
    page = client.get("/professionals").text
    assert "Showing the best 30 matches" in page
    assert "Page 1 of 3" in page


SEARCH_PAGES = [
    "/professionals",
    "/professionals?topic=touring",
    "/professionals?q=tour+acme",
    "/professionals?sort=soonest&free_soon=y",
    "/professionals?sort=newest&accepting=y&page=2",
]


def data_statements(statements: list[str]) -> list[str]:
    """The statements that read or write data: not SQLite's BEGIN, nor the planner switch
    PostgreSQL text searches set around their query (``candidates.text_search_plan``)."""
    return [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "SET LOCAL"))]


@pytest.mark.parametrize("url", SEARCH_PAGES)
def test_a_students_search_page_reads_the_database_at_most_six_times(app, client, login, make_user, url, queries):
    """The signed-in student (with profile and interests), the chosen professionals with
    their profiles, topics and documents, their facts, the student's clubs, the plugin
    switches and the unread count: six statements, for 5 or 200 candidates."""
    app.config["DISCOVERY_TOPICS_FRESH"] = 30  # as deployed: topics are re-read every 30 s
    clock.travel_to(NOW)
    student = make_user("student", topics=["touring"])
    login(client, student)
    counts = []
    for start, count in ((0, 15), (15, 185)):
        add_professionals(app, student, start, count)
        client.get(url)  # warm up (and read the topics)
        with queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert "professionals found" in response.text
        counts.append(len(data_statements(statements)))
    assert counts[0] == counts[1]
    assert counts[0] <= 6, statements


@pytest.mark.parametrize("url", ["/professionals", "/professionals?q=tour+acme", "/dashboard"])
def test_no_page_statement_nests_a_join_sqlite_would_materialise_whole(app, client, login, make_user, url, queries):
    """``joinedload`` of a many-to-many (topics, interests) writes ``LEFT OUTER JOIN
    (professional_topics JOIN topics)``. SQLite builds that nested join for every row of both
    tables before joining it: on 20,000 professionals the search page's query took 230 ms
    instead of 8 ms (``benchmarks/discovery.py --db sqlite``). The joins must be flat."""
    clock.travel_to(NOW)
    student = make_user("student", topics=["touring"])
    login(client, student)
    add_professionals(app, student, 0, 5)
    client.get(url)
    with queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    nested = [s for s in statements if re.search(r"JOIN \((?!SELECT)", " ".join(s.split()).upper())]
    assert not nested, nested[0][:600]


def test_best_match_has_one_statement_for_every_students_interests(app, client, login, make_user, queries):
    """Students whose interests differ get the same SQL text (only its parameters differ),
    so the compiled statement is reused: a shape that followed each student's words meant
    compiling best match anew on most first visits (``search_index.relevance``)."""
    clock.travel_to(NOW)
    texts = []
    for interests in (["touring"], ["sync licensing", "finding new artists", "royalties"]):
        student = make_user("student", topics=interests)
        add_professionals(app, student, len(texts) * 5, 5)
        login(client, student)
        with queries() as statements:
            response = client.get("/professionals")
        assert response.status_code == 200 and "professionals found" in response.text
        # The one that chooses and loads the professionals, its IN lists (expanded from one
        # parameter each, after the cache) folded.
        named = re.sub(r"%\(\w+\)s", "%s", max(statements, key=len))  # PostgreSQL's %(name)s
        texts.append(re.sub(r"IN \([^()]*\)", "IN (...)", named))
        client.post("/logout", data={})
    assert "professional_search" in texts[0]
    assert texts[0] == texts[1]
