"""The floors stay floors: import-linter's contracts hold, no import hides from them, and the
diagram in docs/architecture.md says what the contracts say."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from mentorhub.chats.models import ACCEPTED, COMPLETED, NO_SHOW, STATUSES
from mentorhub.scheduling.models import COUNTED_STATUSES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "mentorhub").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")])
LOADER = ROOT / "mentorhub" / "plugins" / "_loader.py"
OURS = ("mentorhub", "plugins")


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_lint_imports_keeps_every_contract():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_the_plugin_loader_imports_modules_by_name():
    offenders = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if path != LOADER and re.search(r"import_module\(|__import__\(", path.read_text())
    ]
    assert offenders == []


def _function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            ours = isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(OURS))
            if ours:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.Import) and any(a.name.startswith("mentorhub") for a in node.names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_function_level_import_of_our_own_code():
    # Such an import hides a cycle from the contracts; the floors make it unnecessary.
    assert [hit for path in SOURCES for hit in _function_level_imports(path)] == []


def test_the_floors_contract_lists_every_feature_and_the_core_contract_every_core_module():
    layers, core, host = _contracts()[:3]
    listed = {name.strip() for layer in layers["layers"] for name in re.split(r"[|:]", layer)}
    children = {p.stem for p in (ROOT / "mentorhub").glob("*.py") if p.stem != "__init__"}
    children |= {p.parent.name for p in (ROOT / "mentorhub").glob("*/__init__.py")}
    assert listed == children
    core_modules = {m.removeprefix("mentorhub.") for m in core["source_modules"]}
    assert core_modules == set(re.split(r"\s*:\s*", layers["layers"][-1]))
    features = {m.removeprefix("mentorhub.") for m in host["forbidden_modules"]}
    assert features == children - core_modules - {"plugins"}


def test_the_architecture_diagram_shows_the_floors_of_the_contract():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    diagram = doc.split("<!-- floors -->", 2)[1]
    rows = [line.strip().strip("|").strip() for line in diagram.strip().splitlines() if line.strip()]
    layers = _contracts()[0]["layers"]
    expected = [" ".join(re.split(r"\s*[|:]\s*", layer)) for layer in layers]
    assert rows == expected, "docs/architecture.md's floors diagram differs from pyproject.toml's layers"


def test_capacity_counts_the_statuses_chats_defines_for_chats_given():
    assert set(COUNTED_STATUSES) <= set(STATUSES)
    assert set(COUNTED_STATUSES) == {ACCEPTED, COMPLETED, NO_SHOW}


@pytest.mark.parametrize("name", ["refresh_next_free_at", "recompute_next_free_at"])
def test_only_scheduling_recomputes_next_free_times(name):
    # Writes elsewhere send ``schedule_changed`` instead of calling the refresh by hand.
    callers = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if f"{name}(" in path.read_text() and "scheduling" not in path.parts
    ]
    assert callers == []


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
REFERENCE = re.compile(r"\{%-?\s*(?:include|import|from|extends)\s+[\"']([^\"']+)[\"']")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_only_show(path):
    text = path.read_text()
    assert "ignore missing" not in text  # a renamed partial must fail, not vanish
    # Status decisions are the views' (flags and labels on what they hand over).
    assert not re.search(r"\.status\s*(==|!=|in\b)|\bstatus\s*(==|!=)\s*[\"']", text)
    assert "booking_actions(" not in text and "chat_request_panel(" not in text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_a_template_uses_only_its_own_features_partials_and_the_shared_ones(path):
    feature = path.relative_to(ROOT / "templates").parts[0]
    for name in REFERENCE.findall(path.read_text()):
        assert "/" not in name or name.split("/")[0] == feature, f"{path.name} uses {name}"
