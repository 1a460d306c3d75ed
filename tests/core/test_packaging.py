"""MentorHub installs as a wheel: a plugin author who ``pip install``s it gets the whole app
(templates, stylesheet, migrations, first-party plugins) and the ``mentorhub_*`` fixtures.

The wheel is built from this checkout and installed into a fresh virtual environment outside
it. Its dependencies are borrowed from the suite's own environment (a ``.pth`` line), so the
test needs no network; MentorHub itself comes only from the wheel. SQLite pass only: it tests
packaging, not the database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from mentorhub.testing import database_url_under_test

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(bool(database_url_under_test()), reason="packaging is tested in the SQLite pass")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 240) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """A fresh virtual environment with MentorHub installed from a freshly built wheel, the
    wheel built from the source distribution (as PyPI users would), so both include lists
    are tested."""
    work = tmp_path_factory.mktemp("installed")
    run(sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", work / "sdist", cwd=ROOT)
    sdist = next((work / "sdist").glob("mentorhub-*.tar.gz"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "-w", work / "dist", sdist, cwd=work)
    wheel = next((work / "dist").glob("mentorhub-*.whl"))
    run(sys.executable, "-m", "venv", work / "env", cwd=work)
    python = work / "env" / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=work)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).strip())
    (site / "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return {"work": work, "python": python, "site": site}


def app_env(installed: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORHUB_", "DATABASE_URL", "FLASK_"))}
    env.update({"MENTORHUB_SECRET_KEY": "packaging-test", "FLASK_APP": "mentorhub:create_app", "PYTHONPATH": ""})
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


def test_the_installed_copy_runs_from_the_environment_with_its_data_folders(installed):
    site, python, work = installed["site"], installed["python"], installed["work"]
    place = run(python, "-c", "import mentorhub, mentorhub.config as c; print(mentorhub.__file__);"
                "print(c.data_folder('templates')); print(c.default_instance_path())", cwd=work)
    module, templates, instance = place.split()
    assert Path(module).is_relative_to(site) and not Path(module).is_relative_to(ROOT)
    assert Path(templates) == site / "mentorhub" / "_bundled" / "templates"
    assert Path(instance) == work / "instance"  # the working directory's, never site-packages'


def test_the_installed_copy_migrates_serves_pages_and_lists_its_plugins(installed):
    python, work = installed["python"], installed["work"]
    env = app_env(installed)
    run(python, "-m", "flask", "db", "upgrade", cwd=work, env=env)
    assert (work / "instance" / "mentorhub.db").is_file()
    heads = run(python, "-m", "flask", "db", "current", cwd=work, env=env)  # the bundled plugin's branch too
    assert "example_club_0001 (head)" in heads and heads.count("(head)") == 2  # the core and the plugin
    run(python, "-m", "flask", "mentorhub", "demo", cwd=work, env=env)
    plugins = run(python, "-m", "flask", "plugins", "list", cwd=work, env=env)
    for name in ("question_bank", "matching", "referrals", "job_ask_guard", "example_club"):
        assert f"{name} " in plugins
    assert str(installed["site"] / "mentorhub" / "_bundled" / "plugins") in plugins

    port = free_port()
    server = subprocess.Popen(
        [str(python), "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, home = get(f"{base}/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the installed app did not start: " + server.stderr.read().decode()[-2000:])
        assert status == 200 and "informational" in home.lower()
        stylesheet = home.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/")
        status, css = get(base + stylesheet)
        assert status == 200 and "body" in css
        status, page = get(f"{base}/professionals")
        assert status == 200
        profile_link = page.split('href="/professionals/', 1)[1].split('"', 1)[0]
        status, profile = get(f"{base}/professionals/{profile_link}")
        assert status == 200
        assert "Log in or sign up as a student to request a chat." in profile
    finally:
        server.terminate()
        server.wait(timeout=10)


OUTSIDER = '''
"""An outsider's plugin: written against mentorhub.plugins alone."""

from flask import Blueprint
from flask_login import login_required

from mentorhub.plugins import PluginInfo, Question, hookimpl, industry_label, settings_for, store_for

PLUGIN_INFO = PluginInfo(name="alumni", version="0.1", settings={"greeting": "Welcome, alumni"})
bp = Blueprint("alumni", __name__, url_prefix="/plugins/alumni")


@bp.get("/")
@login_required
def index():
    store = store_for("alumni")
    store.set("visits", store.get("visits", 0) + 1)
    return f"{settings_for('alumni')['greeting']}: visit {store.get('visits')}"


@hookimpl
def mentorhub_suggest_questions(professional):
    profile = professional.professional_profile
    industry = industry_label(profile.industry) if profile else ""
    return [Question(f"What do alumni in {industry or 'your field'} do first?", "Alumni")]


@hookimpl
def mentorhub_register(app):
    app.register_blueprint(bp)
'''

OUTSIDER_TESTS = '''
from pathlib import Path

import pytest


@pytest.fixture
def mentorhub_plugin_dirs():
    return [Path(__file__).parent / "src"]


def test_the_view_reads_its_own_store_and_settings(mentorhub_client, mentorhub_make_user, mentorhub_login):
    mentorhub_login(mentorhub_client, mentorhub_make_user("student"))
    assert mentorhub_client.get("/plugins/alumni/").get_data(as_text=True) == "Welcome, alumni: visit 1"
    assert mentorhub_client.get("/plugins/alumni/").get_data(as_text=True) == "Welcome, alumni: visit 2"


def test_the_hook_uses_a_lookup(mentorhub_client, mentorhub_make_user, mentorhub_login):
    pro = mentorhub_make_user("professional", profile={"industry": "a-and-r"})
    mentorhub_login(mentorhub_client, mentorhub_make_user("student"))
    page = mentorhub_client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert "What do alumni in A&amp;R (artists and repertoire) do first?" in page
'''


def test_an_outsiders_plugin_passes_its_own_tests_against_the_installed_wheel(installed):
    project = installed["work"] / "alumni_plugin"
    (project / "src").mkdir(parents=True)
    (project / "src" / "alumni.py").write_text(textwrap.dedent(OUTSIDER))
    (project / "test_alumni.py").write_text(textwrap.dedent(OUTSIDER_TESTS))
    env = app_env(installed)
    output = run(installed["python"], "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", project,
                 project, cwd=project, env=env)
    assert "2 passed" in output
    # The fixtures came from the installed copy, not from this checkout.
    where = run(installed["python"], "-c", "import mentorhub.testing as t; print(t.__file__)", cwd=project, env=env)
    assert Path(where.strip()).is_relative_to(installed["site"])
