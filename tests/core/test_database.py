"""How requests end their transactions on PostgreSQL: the reads keep the server's prepared
statements (issue 16), and whatever wrote still rolls back when it was not committed."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from mentorhub.extensions import db
from mentorhub.profiles.models import Topic


def _prepared_statements() -> list[str]:
    """The statements prepared on every idle connection of the pool."""
    pool = db.engine.pool
    connections = [db.engine.connect() for _ in range(max(pool.checkedin(), 1))]
    try:
        return [
            statement
            for conn in connections
            for statement in conn.execute(text("SELECT statement FROM pg_prepared_statements")).scalars()
        ]
    finally:
        for conn in connections:
            conn.close()


@pytest.mark.postgres_only
def test_pages_that_only_read_keep_the_servers_prepared_statements(app, client, login, make_user):
    student = make_user("student", email="ada@example.org")
    login(client, student)
    for _ in range(12):
        assert client.get("/professionals").status_code == 200
    with app.app_context():
        prepared = _prepared_statements()
    # psycopg prepares what a connection ran five times, and forgot it all on the ROLLBACK
    # that ended every page: the user loader's statement, run by every page, is there now.
    assert any("session_token" in s for s in prepared), prepared


@pytest.mark.postgres_only
def test_a_transaction_that_wrote_and_was_not_committed_still_rolls_back(app):
    with app.app_context():
        db.session.add(Topic(slug="never-kept", name="Never kept"))
        db.session.flush()
        db.session.execute(text("INSERT INTO topics (slug, name) VALUES ('nor-this', 'Nor this')"))
        db.session.remove()  # what a request's end does
        slugs = db.session.scalars(select(Topic.slug).where(Topic.slug.in_(["never-kept", "nor-this"]))).all()
    assert slugs == []


@pytest.mark.postgres_only
def test_a_connection_lost_in_a_read_only_transaction_still_rolls_back_cleanly(app):
    """A connection lost meanwhile (a restart, a killed backend) is SQLAlchemy's to clean
    up: ending the transaction raises nothing, and the next read works on a new one."""
    with app.app_context():
        db.session.execute(select(Topic.slug)).all()
        db.session.connection().invalidate()
        db.session.rollback()
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.session.remove()


def test_only_plain_reads_count_as_reading():
    from mentorhub.database import _statement_writes

    assert not _statement_writes("SELECT 1")
    assert not _statement_writes("  select id from users")
    assert not _statement_writes("SET LOCAL enable_seqscan = off")
    assert not _statement_writes("WITH a AS MATERIALIZED (SELECT 1 AS updated_at) SELECT * FROM a")
    assert _statement_writes("WITH moved AS (DELETE FROM topics RETURNING id) SELECT id FROM moved")
    assert _statement_writes("INSERT INTO topics (slug, name) VALUES ('a', 'A')")
    assert _statement_writes("UPDATE users SET display_name = 'x'")
    assert _statement_writes("SAVEPOINT sa_savepoint_1")
    assert not _statement_writes("SELECT id FROM bookings WHERE id = 1 FOR UPDATE")  # locks end either way
