"""Shared fixtures of the MentorHub suite (the ``mentorhub_*`` ones come from
``mentorhub.testing``, the pytest plugin we also give plugin authors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.testing import test_database_url

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (races, exclusion constraints) are skipped in the SQLite pass."""
    if test_database_url():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs in the PostgreSQL pass (MENTORHUB_TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def app(mentorhub_app):
    return mentorhub_app


@pytest.fixture
def client(mentorhub_client):
    return mentorhub_client


@pytest.fixture
def runner(mentorhub_runner):
    return mentorhub_runner


@pytest.fixture
def make_user(mentorhub_make_user):
    return mentorhub_make_user


@pytest.fixture
def login(mentorhub_login):
    return mentorhub_login


@pytest.fixture
def smtp(mentorhub_smtp):
    return mentorhub_smtp
