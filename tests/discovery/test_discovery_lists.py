"""Saving and hiding professionals; the dashboard's "Recommended for you" and "Saved"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mentorhub import clock
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional
from mentorhub.extensions import db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def pros(app, make_user):
    clock.travel_to(NOW)
    return [
        make_user(
            "professional",
            display_name=f"Pro {n}",
            topics=["touring"] if n < 6 else ["mixing"],
            profile={"next_free_at": NOW + timedelta(days=n + 1)},
        )
        for n in range(7)
    ]


@pytest.fixture
def student(make_user):
    return make_user("student", display_name="Sam", topics=["touring"])


@pytest.fixture
def student_client(client, login, student):
    login(client, student)
    return client


def ids_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="match-(\d+)"', page)]


def rows(app, model, student):
    with app.app_context():
        return list(
            db.session.scalars(select(model.professional_id).where(model.student_id == student.id))
        )


def test_saving_lists_the_professional_on_the_dashboard(app, student_client, student, pros):
    response = student_client.post(f"/professionals/{pros[6].id}/save?next=/professionals")
    assert response.status_code == 302
    assert response.headers["Location"] == "/professionals"
    assert rows(app, SavedProfessional, student) == [pros[6].id]
    dashboard = student_client.get("/dashboard").text
    saved_section = dashboard[dashboard.index('id="saved-title"') :]
    assert "Pro 6" in saved_section


def test_saving_twice_keeps_one_entry(app, student_client, student, pros):
    student_client.post(f"/professionals/{pros[0].id}/save")
    student_client.post(f"/professionals/{pros[0].id}/save")
    assert rows(app, SavedProfessional, student) == [pros[0].id]


def test_saved_professionals_are_marked_in_search(student_client, pros):
    student_client.post(f"/professionals/{pros[1].id}/save")
    page = student_client.get("/professionals").text
    card = page[page.index(f'id="match-{pros[1].id}"') :]
    card = card[: card.index("</article>")]
    assert "Saved ✓ (remove)" in card


def test_unsaving_removes_from_the_dashboard(app, student_client, student, pros):
    student_client.post(f"/professionals/{pros[2].id}/save")
    student_client.post(f"/professionals/{pros[2].id}/unsave")
    assert rows(app, SavedProfessional, student) == []
    assert "Nobody saved yet" in student_client.get("/dashboard").text


def test_hidden_professionals_never_appear_until_unhidden(app, student_client, student, pros):
    hidden = pros[0]
    assert hidden.id in ids_on(student_client.get("/professionals").text)
    response = student_client.post(
        f"/professionals/{hidden.id}/hide?next=/professionals", follow_redirects=True
    )
    assert "see Pro 0 in search or recommendations" in response.text
    for args in ({}, {"sort": "soonest"}, {"sort": "newest"}, {"q": "Pro 0"}, {"topic": "touring"}):
        assert hidden.id not in ids_on(student_client.get("/professionals", query_string=args).text)
    assert hidden.id not in ids_on(student_client.get("/dashboard").text)
    assert "Pro 0" in student_client.get("/settings/hidden").text

    response = student_client.post(f"/professionals/{hidden.id}/unhide?next=/settings/hidden")
    assert response.headers["Location"] == "/settings/hidden"
    assert rows(app, HiddenProfessional, student) == []
    assert hidden.id in ids_on(student_client.get("/professionals").text)
    assert "hidden anyone" in student_client.get("/settings/hidden").text


def test_hiding_a_saved_professional_removes_them_from_saved(app, student_client, student, pros):
    student_client.post(f"/professionals/{pros[3].id}/save")
    student_client.post(f"/professionals/{pros[3].id}/hide")
    assert rows(app, SavedProfessional, student) == []
    assert rows(app, HiddenProfessional, student) == [pros[3].id]


def test_the_dashboard_recommends_the_top_five_with_reasons(student_client, pros):
    page = student_client.get("/dashboard").text
    section = page[page.index('id="recommended-title"') : page.index('id="saved-title"')]
    # Pros 0-5 share "touring"; the five soonest free are recommended, Pro 6 is not.
    assert ids_on(section) == [p.id for p in pros[:5]]
    assert section.count("Shares your interest in touring") == 5


def test_the_dashboard_asks_for_interests_before_recommending(client, login, make_user, pros):
    login(client, make_user("student"))
    page = client.get("/dashboard").text
    assert "Add interests to your profile to get recommendations" in page
    assert ids_on(page) == []


def test_only_students_can_save(client, login, pros):
    login(client, pros[1])
    assert client.post(f"/professionals/{pros[0].id}/save").status_code == 403


def test_visitors_are_asked_to_log_in_to_save(client, pros):
    response = client.post(f"/professionals/{pros[0].id}/save")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_saving_someone_who_is_not_a_professional_is_a_404(student_client, make_user):
    other_student = make_user("student")
    assert student_client.post(f"/professionals/{other_student.id}/save").status_code == 404
    assert student_client.post("/professionals/99999/hide").status_code == 404
    assert student_client.post(f"/professionals/{2**70}/save").status_code == 404


def test_a_button_without_a_valid_token_changes_nothing(app, student_client, student, pros):
    response = student_client.post(
        f"/professionals/{pros[0].id}/hide", csrf=False, follow_redirects=True
    )
    assert "nothing changed" in response.text
    assert rows(app, HiddenProfessional, student) == []


def test_next_must_be_a_page_of_this_site(student_client, pros):
    response = student_client.post(f"/professionals/{pros[0].id}/save?next=//evil.example/x")
    assert response.headers["Location"] == "/professionals"


def test_the_hidden_page_is_for_students(client, login, pros):
    login(client, pros[0])
    assert client.get("/settings/hidden").status_code == 403
