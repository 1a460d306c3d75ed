"""The Alembic migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from mentorhub import create_app
from mentorhub.accounts.models import User
from mentorhub.database import schema_object_included
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import BOOKING_EXCLUSIONS
from mentorhub.testing import database_url_under_test, port_open, service_unavailable


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database of the pass's kind."""
    pg_url = database_url_under_test()
    if not pg_url:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    if not port_open(pg_url, 5432):
        service_unavailable(f"PostgreSQL at {pg_url}")
    name = f"{urlparse(pg_url).path.lstrip('/')}_migrations"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def migrated_app(tmp_path, empty_database_url):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
    })
    with app.app_context():
        upgrade(revision="heads")
        yield app
        db.session.remove()
        db.engine.dispose()


def _differences(app):
    with db.engine.connect() as conn:
        dialect = conn.dialect.name
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, reflected, compare_to: schema_object_included(
                obj, name, type_, reflected, dialect
            ),
        })
        return compare_metadata(context, db.metadata)


def test_migrations_produce_exactly_the_models_schema(migrated_app):
    assert _differences(migrated_app) == []


def test_exclusion_constraints_exist_after_migrating_postgresql(migrated_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: exclusion constraints")
    with db.engine.connect() as conn:
        names = set(conn.scalars(text("SELECT conname FROM pg_constraint WHERE contype = 'x'")))
    assert set(BOOKING_EXCLUSIONS) <= names


def test_migrations_downgrade_to_empty_and_upgrade_again(migrated_app):
    downgrade(revision="base")
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade(revision="heads")
    assert _differences(migrated_app) == []


def test_upgrading_rewrites_old_search_documents_with_stems_and_concepts(tmp_path, empty_database_url):
    """0009: a database whose documents predate stems and concepts matches them after
    ``db upgrade`` (no reindex by hand)."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
    })
    with app.app_context():
        upgrade(revision="heads")
        pro = User(email="ana@example.com", password_hash="-", display_name="Ana", role="professional")
        pro.professional_profile = ProfessionalProfile(headline="A&R Manager", bio="I find and sign new artists.")
        db.session.add(pro)
        db.session.commit()
        db.session.execute(text("UPDATE professional_search SET document = 'ana a&r manager'"))  # as 0008 wrote it
        db.session.commit()
        downgrade(revision="9c4e1a7b3d82")
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            document = conn.scalar(text("SELECT document FROM professional_search WHERE user_id = 1"))
        assert "~artist~" in document and "~c:a-r~" in document
        db.session.remove()
        db.engine.dispose()
