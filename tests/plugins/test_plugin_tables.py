"""Issue 13, plugin-owned tables: a plugin declares tables with ``PluginModel`` and ships
Alembic migrations in its own branch; ``flask db upgrade`` upgrades every head, ``/readyz``
checks them all, and a removed plugin's row is skipped so the core keeps migrating.

Must show 2: a plugin built as a separate distribution, installed with pip into a temporary
target and used in subprocesses (so no later test sees it), is listed, migrated by ``flask db
upgrade`` and used; once it is removed, ``flask db upgrade`` still succeeds."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from mentorhub import create_app
from mentorhub.extensions import db
from mentorhub.plugins._loader import PluginLoadError

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]

PACKAGE = {
    "pyproject.toml": """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "mentorhub-tally"
        version = "0.4.0"

        [project.entry-points.mentorhub]
        tally = "mentorhub_tally"

        [tool.hatch.build.targets.wheel]
        packages = ["mentorhub_tally"]
    """,
    "mentorhub_tally/__init__.py": '''
        """Counts how often a club's members were tallied (a table of its own)."""
        import click
        from flask.cli import with_appcontext
        from sqlalchemy import Integer, func, select
        from sqlalchemy.orm import Mapped, mapped_column

        from mentorhub.plugins import PluginInfo, PluginModel, plugin_session

        PLUGIN_INFO = PluginInfo(name="tally", title="Tally", api_version="1.2")


        class Tally(PluginModel):
            __tablename__ = "plugin_tally_marks"
            id: Mapped[int] = mapped_column(primary_key=True)
            club_id: Mapped[int] = mapped_column(Integer)


        @click.command("tally")
        @click.argument("club_id", type=int)
        @with_appcontext
        def tally_command(club_id):
            with plugin_session() as session:
                session.add(Tally(club_id=club_id))
                session.flush()
                click.echo(f"marks: {session.scalar(select(func.count()).select_from(Tally))}")


        def mentorhub_register(app):
            app.cli.add_command(tally_command)
    ''',
    "mentorhub_tally/migrations/tally_0001_marks.py": '''
        """tally: its marks."""
        from alembic import op
        import sqlalchemy as sa

        revision = "tally_0001"
        down_revision = None
        branch_labels = ("tally",)
        depends_on = None


        def upgrade():
            op.create_table("plugin_tally_marks",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("club_id", sa.Integer(), nullable=False))


        def downgrade():
            op.drop_table("plugin_tally_marks")
    ''',
}


def write_package(folder: Path) -> Path:
    for name, source in PACKAGE.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip())
    return folder


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture
def database_url(tmp_path):
    """A scratch database of its own (SQLite: the subprocesses share a file)."""
    return f"sqlite:///{tmp_path / 'tally.db'}"


def test_a_pip_installed_plugin_is_listed_migrated_used_and_removable(tmp_path, database_url):
    target = tmp_path / "target"
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(write_package(tmp_path / "tally-src"))], dict(os.environ))
    assert (target / "mentorhub_tally" / "migrations" / "tally_0001_marks.py").exists()  # shipped in the wheel

    base = {k: v for k, v in os.environ.items() if not k.startswith("MENTORHUB_")}
    base.update({"MENTORHUB_ENV": "development", "DATABASE_URL": database_url,
                 "MENTORHUB_INSTANCE_PATH": str(tmp_path / "instance")})
    installed = {**base, "PYTHONPATH": os.pathsep.join([str(target), base.get("PYTHONPATH", "")]).rstrip(os.pathsep)}

    listed = run([*FLASK, "plugins", "list"], installed).stdout
    assert "tally" in listed and "0.4.0" in listed
    run([*FLASK, "db", "upgrade"], installed)
    heads = run([*FLASK, "db", "heads"], installed).stdout
    assert "tally_0001 (tally) (head)" in heads and "(mentorhub) (head)" in heads
    assert "example_club_0001 (example_club) (head)" in heads
    assert "marks: 1" in run([*FLASK, "tally", "7"], installed).stdout
    assert "marks: 2" in run([*FLASK, "tally", "7"], installed).stdout  # committed by the command

    # Removed: the core still migrates; the plugin's row and table are left alone.
    done = run([*FLASK, "db", "upgrade"], base)
    assert "tally_0001, which no installed plugin provides" in done.stderr + done.stdout
    assert "tally_0001" in run([sys.executable, "-c", (
        "import sqlite3, sys; print([r[0] for r in sqlite3.connect(sys.argv[1]).execute("
        "'SELECT version_num FROM alembic_version')])"), database_url.removeprefix("sqlite:///")], base).stdout

    # A core step down and up again while it is away keeps its row (SQLite commits step by step).
    run([*FLASK, "db", "downgrade"], base)
    run([*FLASK, "db", "upgrade"], base)
    assert "tally_0001" in run([sys.executable, "-c", (
        "import sqlite3, sys; print([r[0] for r in sqlite3.connect(sys.argv[1]).execute("
        "'SELECT version_num FROM alembic_version')])"), database_url.removeprefix("sqlite:///")], base).stdout

    # Installed again, it carries on from its row: nothing to do, its marks are still there.
    run([*FLASK, "db", "upgrade"], installed)
    assert "marks: 3" in run([*FLASK, "tally", "7"], installed).stdout


# --- the first-party example, and the rules ---------------------------------------------------


def app_on(tmp_path: Path, url: str, plugin_dirs: str = ""):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": url, "PLUGIN_DIRS": plugin_dirs})


def test_db_upgrade_migrates_example_club_and_readyz_checks_every_head(tmp_path):
    app = app_on(tmp_path, f"sqlite:///{tmp_path / 'heads.db'}")
    with app.app_context():
        upgrade(revision="heads")
        assert "plugin_example_club_visits" in inspect(db.engine).get_table_names()
        client = app.test_client()
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.get_json()["migrations"] == "ok"
        downgrade(revision="example_club@base")
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.get_json()["missing_heads"] == ["example_club_0001"]
        assert "plugin_example_club_visits" not in inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()


def test_a_database_migrated_by_newer_code_stops_the_upgrade_but_not_readyz(tmp_path, capfd):
    app = app_on(tmp_path, f"sqlite:///{tmp_path / 'newer.db'}")
    with app.app_context():
        upgrade(revision="heads")
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'fffffffffff0' "
                                 "WHERE version_num NOT LIKE 'example_club%'")
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits 1, as the command does
            upgrade(revision="heads")
        assert "migrated by a newer MentorHub" in "".join(capfd.readouterr())
        ready = app.test_client().get("/readyz")
        assert ready.status_code == 200 and ready.get_json()["migrations"] == "ok"  # a rolling deploy
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(("source", "message"), [
    ('''
        from sqlalchemy.orm import Mapped, mapped_column
        from mentorhub.plugins import PluginModel

        class Wrong(PluginModel):
            __tablename__ = "visits_of_badly_named"
            id: Mapped[int] = mapped_column(primary_key=True)
     ''', r"its tables must be named plugin_badly_named_…, not visits_of_badly_named"),
])
def test_a_table_not_named_after_its_plugin_fails_start_up(tmp_path, source, message):
    folder = tmp_path / "dropins" / "badly_named"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(textwrap.dedent(source))
    with pytest.raises(PluginLoadError, match=message):
        app_on(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", str(folder.parent))


def test_a_migration_not_named_after_its_plugin_fails_start_up(tmp_path):
    folder = tmp_path / "dropins" / "sloppy"
    (folder / "migrations").mkdir(parents=True)
    (folder / "__init__.py").write_text('"""A plugin with a stray migration."""\n')
    (folder / "migrations" / "0001.py").write_text("revision = 'abc123'\ndown_revision = None\nbranch_labels = None\n")
    with pytest.raises(PluginLoadError) as failure:
        app_on(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", str(folder.parent))
    message = str(failure.value)
    assert "Plugin 'sloppy'" in message and "its revision id 'abc123' must start with 'sloppy_'" in message


@pytest.mark.parametrize(("source", "message"), [
    ("revision = 'loose_0001'\ndown_revision = None\nbranch_labels = ('mentorhub',)\n",
     r"its first revision needs branch_labels = \('loose',\)"),
    ("revision: str = 'loose_0001'\ndown_revision = '079c5168cd42'\nbranch_labels = None\n",
     r"its down_revision '079c5168cd42' is not one of loose's revisions \(use depends_on for the core's\)"),
    ("revision = 'loose_0001'\ndown_revision = None\nbranch_labels = (\n", r"it is not valid Python"),
])
def test_a_plugin_migration_must_stay_on_its_own_branch(tmp_path, source, message):
    folder = tmp_path / "dropins" / "loose"
    (folder / "migrations").mkdir(parents=True)
    (folder / "__init__.py").write_text('"""A plugin whose migration strays."""\n')
    (folder / "migrations" / "loose_0001.py").write_text(source)
    with pytest.raises(PluginLoadError, match=message):
        app_on(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", str(folder.parent))


def test_example_clubs_own_table_counts_visits_of_its_page(app, client, login, make_user):
    from mentorhub.clubs.models import ClubMembership
    from mentorhub.clubs.plugin_switches import set_club_plugin_enabled
    from mentorhub.clubs.services import create_club

    member = make_user("student", email="mo@example.com")
    with app.app_context():
        club = create_club("Live Music Society", "live-music", "", [member.email])
        set_club_plugin_enabled(None, "example_club", club.id, True)
        assert db.session.get(ClubMembership, (club.id, member.id)) is not None
    login(client, member)
    assert "opened this page 1 time." in client.get("/plugins/example_club/").get_data(as_text=True)
    assert "opened this page 2 times." in client.get("/plugins/example_club/").get_data(as_text=True)
