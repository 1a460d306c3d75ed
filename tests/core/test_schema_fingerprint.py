"""Issue 15, part 1: the migrated schema matches the models' in what Alembic's comparison
cannot see: constraint definitions (``pg_get_constraintdef``, exclusion constraints
included), CHECK expressions, index definitions with their partial conditions, triggers,
and SQLite's search table. A migration that weakens or drops one fails here (shown below on
scratch copies of the migrations)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from mentorhub import create_app
from mentorhub.config import data_folder
from mentorhub.extensions import db
from mentorhub.plugins._setup import plugin_tables
from mentorhub.plugins._tables import create_tables
from mentorhub.testing import database_url_under_test, port_open, service_unavailable


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.replace('"', "")).strip().lower()


def _checks(table_sql: str) -> list[tuple[str, str]]:
    """``(name, expression)`` of every named CHECK in a SQLite ``CREATE TABLE`` (balanced
    parentheses: an expression may hold its own)."""
    found = []
    for match in re.finditer(r"constraint (\w+) check \(", table_sql):
        start = end = match.end()
        depth = 1
        while depth:
            depth += {"(": 1, ")": -1}.get(table_sql[end], 0)
            end += 1
        found.append((match.group(1), table_sql[start:end - 1].strip()))
    return found


def fingerprint(conn: Connection) -> dict[str, str]:
    """What the database enforces beyond columns and names, keyed by kind and name."""
    found: dict[str, str] = {}
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' AND tbl_name != 'alembic_version'"))
        for kind, name, table, sql in rows:
            normal = _normal(sql)
            if kind == "table" and not normal.startswith("create virtual table"):
                found.update({f"check {table}.{check}": expression for check, expression in _checks(normal)})
            else:  # indexes (with their WHERE), triggers, the FTS5 search table
                found[f"{kind} {name}"] = normal
        return found
    for table, name, definition in conn.execute(text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text != 'alembic_version'")):
        found[f"constraint {table}.{name}"] = definition
    for name, definition in conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename != 'alembic_version'")):
        found[f"index {name}"] = definition
    for name, definition in conn.execute(text(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal")):
        found[f"trigger {name}"] = definition
    return found


@pytest.fixture
def new_database(tmp_path):
    """``new_database(label)``: the URL of a brand-new empty database of the pass's kind."""
    pg_url = database_url_under_test()
    if pg_url and not port_open(pg_url, 5432):
        service_unavailable(f"PostgreSQL at {pg_url}")
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT") if pg_url else None
    made: list[str] = []

    def make(label: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / f'{label}.db'}"
        name = f"{urlparse(pg_url).path.lstrip('/')}_schema_{label}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return pg_url.rsplit("/", 1)[0] + f"/{name}"

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def schema_of(tmp_path: Path, url: str, migrations: Path | None) -> dict[str, str]:
    """The fingerprint of a database built by the models (``migrations`` None) or by running
    the migrations in ``migrations``."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if migrations is None:
            db.create_all()
            create_tables(plugin_tables(app), db.engine)  # the plugins' models, against their migrations
        else:
            upgrade(directory=str(migrations), revision="heads")
        with db.engine.connect() as conn:
            found = fingerprint(conn)
        db.session.remove()
        db.engine.dispose()
    return found


def differences(models: dict[str, str], migrated: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    return {key: (models.get(key), migrated.get(key))
            for key in sorted(set(models) | set(migrated)) if models.get(key) != migrated.get(key)}


def test_the_migrated_schema_enforces_what_the_models_do(tmp_path, new_database):
    models = schema_of(tmp_path, new_database("models"), None)
    migrated = schema_of(tmp_path, new_database("migrated"), data_folder("migrations"))
    assert differences(models, migrated) == {}
    kinds = {key.split(" ", 1)[0] for key in models}
    assert {"index"} < kinds and ("constraint" in kinds or "check" in kinds)  # the fingerprint sees them


SABOTAGE = {
    # name: (dialect or None for both, the text in 0001, what it becomes, a key the fingerprint must flag)
    "exclusion weakened to equality": (
        "postgresql", "tstzrange(start_at, end_at, '[)') WITH &&", "tstzrange(start_at, end_at, '[)') WITH =",
        "constraint bookings.ex_bookings_professional_overlap"),
    "check constraint dropped": (
        None, "    sa.CheckConstraint('start_at < end_at', name=op.f('ck_bookings_start_before_end')),\n", "",
        "bookings.ck_bookings_start_before_end"),
    "search triggers removed": (
        "sqlite", 'f"{FTS_TRIGGER.format(\'ai\', \'INSERT\')} BEGIN {FTS_ADD} END",', "",
        "trigger professional_search_ai"),
    "partial index condition dropped": (
        None, "postgresql_where=sa.text(\"status = 'pending'\"), sqlite_where=sa.text(\"status = 'pending'\")",
        "", "index uq_chat_requests_one_pending_pair"),
}


@pytest.mark.parametrize("sabotage", sorted(SABOTAGE))
def test_a_migration_that_weakens_the_schema_is_caught(tmp_path, new_database, sabotage):
    dialect, old, new, flagged = SABOTAGE[sabotage]
    url = new_database("scratch")
    if dialect is not None and not url.startswith(dialect):
        pytest.skip(f"{dialect} only")
    scratch = tmp_path / "migrations"
    shutil.copytree(data_folder("migrations"), scratch)
    initial = scratch / "versions" / "0001_initial_schema.py"
    source = initial.read_text()
    assert old in source, f"the sabotage of {sabotage!r} no longer matches 0001; update the test"
    initial.write_text(source.replace(old, new))

    models = schema_of(tmp_path, new_database("models"), None)
    migrated = schema_of(tmp_path, url, scratch)
    flagged_keys = [key for key in differences(models, migrated) if flagged in key]
    assert flagged_keys, f"the fingerprint missed {sabotage}"
