"""The text index follows every change to what a professional's search matches."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, insert, select

from mentorhub.accounts.models import User
from mentorhub.discovery.models import ProfessionalSearch
from mentorhub.discovery.search_index import SEARCH, interest_groups, relevance
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.profiles.services import topics_by_names


@pytest.fixture
def pro(app, make_user):
    return make_user(
        "professional",
        display_name="Ana Alvarez",
        topics=["touring", "budgets"],
        profile={"headline": "Tour manager", "company": "Acme Live", "bio": "I run roadshows."},
    )


def found(client, query: str) -> list[int]:
    page = client.get("/professionals", query_string={"q": query}).text.split('class="card nearest"')[0]
    return [int(i) for i in re.findall(r'id="match-(\d+)"', page)]


def edit(app, user_id: int, **changes) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in changes.items():
            if name == "display_name":
                user.display_name = value
            elif name == "topics":
                user.professional_profile.topics = topics_by_names(value)
            else:
                setattr(user.professional_profile, name, value)
        db.session.commit()


@pytest.mark.parametrize(
    ("changes", "old", "new"),
    [
        ({"headline": "Festival booker"}, "manager", "festival"),
        ({"company": "Songbook Music"}, "acme", "songbook"),
        ({"bio": "Mostly sync licensing these days."}, "roadshows", "licensing"),
        ({"display_name": "Ana Zielinska"}, "alvarez", "zielinska"),
        ({"topics": ["mastering"]}, "budgets", "mastering"),
    ],
)
def test_an_edit_changes_what_the_search_finds(app, client, pro, changes, old, new):
    assert found(client, old) == [pro.id]
    edit(app, pro.id, **changes)
    assert found(client, old) == []
    assert found(client, new) == [pro.id]


def test_short_words_and_other_scripts_are_found(app, client, pro):
    edit(app, pro.id, bio="Ich arbeite in München, mit DJ-Sets.")
    assert found(client, "MÜNCHEN") == [pro.id]
    assert found(client, "dj") == [pro.id]


def test_a_removed_professional_leaves_the_index(app, pro):
    with app.app_context():
        db.session.delete(db.session.get(User, pro.id))
        db.session.commit()
        assert db.session.scalars(select(ProfessionalSearch.user_id)).all() == []


def test_reindex_command_rebuilds_documents_after_a_bulk_load(app, client, runner, pro):
    with app.app_context():  # a bulk SQL load bypasses the ORM, and the index with it
        db.session.execute(delete(ProfessionalSearch))
        db.session.execute(insert(ProfessionalSearch).values(user_id=pro.id, document="stale"))
        db.session.execute(
            ProfessionalProfile.__table__.update().values(headline="Lighting designer")
        )
        db.session.commit()
    assert found(client, "lighting") == []
    result = runner.invoke(args=["mentorhub", "reindex-search"])
    assert result.exit_code == 0, result.output
    assert "1 professionals" in result.output
    assert found(client, "lighting") == [pro.id]


@pytest.mark.parametrize("one_shape", [True, False])
def test_relevance_in_sql_is_what_each_group_is_worth_in_python(app, make_user, one_shape):
    """``relevance`` (one shape from a JSON parameter, or a CASE per group) ranks a document
    as :meth:`WordGroup.strength` reads it: each group's best alternative, summed. An
    interest of many words (more substrings than the one shape holds) takes the CASE form."""
    make_user("professional", profile={"headline": "Tour manager", "bio": "Booking festival season tours"},
              topics=["touring", "finding new artists"])
    make_user("professional", profile={"headline": "Sync licensing lead", "bio": "Music for film and games"},
              topics=["sync licensing"])
    make_user("professional", profile={"headline": "A&R scout", "bio": "I look for new artists at small gigs"})
    names = ["touring", "finding new artists", "sync licensing",
             "songs for big international film trailers, streaming series, autumn winter concerts"]
    with app.app_context():
        groups = interest_groups(names)
        assert max(len(parts) for g in groups for parts, _w in g.alternatives) > 8  # the long one
        for chosen in (groups[:3], groups):
            rows = db.session.execute(
                select(SEARCH.c.document, relevance(chosen, one_shape=one_shape).label("r"))
            ).all()
            assert len(rows) == 3
            expected = [sum(g.strength(doc) for g in chosen) for doc, _r in rows]
            assert [r for _doc, r in rows] == pytest.approx(expected)
            assert any(expected)
