"""Issue 13, must show 4: every code block of the tutorial in ``docs/plugins.md`` runs, in
order, as a reader would run it.

A block of code names its file on its first line (``# path`` or ``{# path #}``) and is
written there; a ``console`` block's ``$`` lines run in bash, in a folder of the test's own,
and each line under them must begin a line of what they print. ``export`` lines carry on to
the blocks after them, as in the reader's shell. Once all have run, one member uses the
plugin's page on the database the tutorial migrated, so its migration must make the table
its model reads.

The reader's virtual environment is a fresh one that sees this suite's packages (MentorHub
among them) but installs into itself, so ``pip install -e`` of the tutorial's package never
reaches later tests. The test also sets, where the reader needs nothing: no package index and
no build isolation for pip (no network here), and an instance folder of its own (an editable
MentorHub would otherwise keep its database in the checkout).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from mentorhub.testing import database_url_under_test, redis_url_under_test

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.S | re.M)
NAMED = re.compile(r"^(?:# |\{# )(\S+?)(?: #\})?\n")


@dataclass(frozen=True)
class Block:
    """One fenced code block of the tutorial."""

    language: str
    text: str


def tutorial_text() -> str:
    """The section "Tutorial: ..." of the guide."""
    guide = GUIDE.read_text()
    start = guide.index("\n## Tutorial: ")
    return guide[start:guide.index("\n## ", start + 1)]


def tutorial_blocks() -> list[Block]:
    """The code blocks of the tutorial, in order."""
    return [Block(m.group(1), m.group(2)) for m in FENCE.finditer(tutorial_text())]


def printed(expected: str, output: str) -> bool:
    """Whether a line of ``output`` is ``expected``, or starts with it and a space."""
    return any(line.strip() == expected or line.strip().startswith(expected + " ") for line in output.splitlines())


def commands_and_output(block: Block) -> tuple[list[str], list[str]]:
    """A console block's commands (``$`` lines) and the lines it must print."""
    lines = block.text.splitlines()
    commands = [line[2:] for line in lines if line.startswith("$ ")]
    return commands, [line.strip() for line in lines if line.strip() and not line.startswith("$ ")]


def test_every_block_is_a_named_file_or_a_console_session():
    blocks = tutorial_blocks()
    fences = [line for line in tutorial_text().splitlines() if line.lstrip().startswith("```")]
    assert len(fences) == 2 * len(blocks), "a block this test cannot read (a fence without a language?)"
    for block in blocks:
        if block.language == "console":
            assert commands_and_output(block)[0], f"a console block without a $ command:\n{block.text}"
        else:
            assert NAMED.match(block.text), f"a {block.language} block that names no file:\n{block.text[:200]}"


def reader_environment(tmp_path: Path) -> dict[str, str]:
    """A virtual environment that sees our packages and installs into itself, on PATH."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site_packages = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=60).stdout.strip())
    # A .pth line that imports runs at start-up; addsitedir also reads our .pth files (the
    # editable MentorHub's among them).
    ours = sysconfig.get_paths()["purelib"]
    (site_packages / "zz_mentorhub_suite.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "MENTORHUB_", "PIP_", "VIRTUAL_ENV", "PYTHONPATH", "FLASK_"))
           or k in ("MENTORHUB_TEST_DATABASE_URL", "MENTORHUB_TEST_REDIS_URL")}
    env.update({
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "MENTORHUB_INSTANCE_PATH": str(tmp_path / "work" / "instance"),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # This worker's own Redis database (and PostgreSQL one, below) in a parallel run.
        "MENTORHUB_TEST_REDIS_URL": redis_url_under_test(),
    })
    if database_url_under_test():
        env["MENTORHUB_TEST_DATABASE_URL"] = database_url_under_test()
    return env


def test_the_tutorial_runs_as_written(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = reader_environment(tmp_path)
    exports: list[str] = []
    for number, block in enumerate(tutorial_blocks(), 1):
        if block.language != "console":
            path = work / NAMED.match(block.text).group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text)
            continue
        commands, expected = commands_and_output(block)
        script = "\n".join(["set -euo pipefail", *exports, *commands])
        done = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                              timeout=300, check=False)
        said = done.stdout + done.stderr
        assert done.returncode == 0, f"block {number} failed:\n{block.text}\n--- stdout\n{done.stdout[-4000:]}\n" \
                                     f"--- stderr\n{done.stderr[-4000:]}"
        for line in expected:
            assert printed(line, said), f"block {number} did not print {line!r}:\n{said[-4000:]}"
        exports += [command for command in commands if command.startswith("export ")]

    # The page, on the database the tutorial's `db upgrade` made (not one built from models).
    used = subprocess.run([str(tmp_path / "venv" / "bin" / "python"), "-c", MEMBER_VISIT],
                          cwd=work, env={**env, "MENTORHUB_ENV": "development"}, capture_output=True, text=True,
                          timeout=120, check=False)
    assert used.returncode == 0 and "tip shown" in used.stdout, used.stdout[-3000:] + used.stderr[-3000:]


MEMBER_VISIT = """
from sqlalchemy import select, text
from mentorhub import create_app
from mentorhub.extensions import db
from mentorhub.models import User
from mentorhub.testing import CSRFClient

app = create_app()
app.test_client_class = CSRFClient  # posts carry a valid CSRF token, as a browser's would
with app.app_context():
    member = db.session.scalar(select(User).where(User.email == "student1@demo.mentorhub.example"))
    token, club_id = member.session_token, db.session.execute(text(
        "SELECT id FROM clubs WHERE slug = 'westbridge-mbs'")).scalar_one()
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"], session["_fresh"] = token, True
shared = client.post("/plugins/club_tips/", data={"club_id": club_id, "text": "Ask what a normal Tuesday is like."})
assert shared.status_code == 302, shared.status_code
page = client.get("/plugins/club_tips/").get_data(as_text=True)
assert "Ask what a normal Tuesday is like." in page
assert "Ask what a normal Tuesday is like." in client.get("/dashboard").get_data(as_text=True)
print("tip shown")
"""
