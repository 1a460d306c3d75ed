"""The plugin guide keeps up with the API: every hook spec has its section (arguments, return
value, how results combine, a working example), every event and template slot is listed, and
no template uses a slot that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorhub.config import PROJECT_ROOT
from mentorhub.plugins import EVENTS, TEMPLATE_SLOTS, HookContext
from mentorhub.plugins._validation import SPEC_ARGS

GUIDE = (PROJECT_ROOT / "docs" / "plugins.md").read_text()
SLOT_USE = re.compile(r"""template_slot\(\s*["']([^"']+)["']""")


def section(title: str) -> str:
    """The text of the ``## title`` section of the guide ('' when there is none)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.S | re.M)
    return match.group(1) if match else ""


@pytest.mark.parametrize("hook", sorted(SPEC_ARGS))
def test_every_hook_has_a_section_with_arguments_return_and_a_working_example(hook):
    text = section(hook)
    assert text, f"docs/plugins.md has no '## {hook}' section"
    for argument in SPEC_ARGS[hook]:
        assert f"`{argument}`" in text, f"the {hook} section does not explain argument {argument!r}"
    assert "**Returns:**" in text and "**Combined:**" in text
    examples = re.findall(r"```python\n(.*?)```", text, re.S)
    assert examples, f"the {hook} section has no example"
    assert f"def {hook}(" in examples[0]
    compile(examples[0], f"docs/plugins.md ({hook})", "exec")


def test_guide_has_no_section_for_a_hook_that_does_not_exist():
    titles = re.findall(r"^## (mentorhub_\w+)", GUIDE, re.M)
    assert set(titles) == set(SPEC_ARGS)


def test_every_event_and_template_slot_is_in_the_guide():
    for name in [*EVENTS, *TEMPLATE_SLOTS]:
        assert f"`{name}`" in GUIDE, f"{name} is not documented in docs/plugins.md"


def test_every_context_field_is_in_the_guide():
    for field in HookContext.__dataclass_fields__:
        assert f"`{field}`" in section("HookContext")


def template_files() -> list[Path]:
    return sorted([*(PROJECT_ROOT / "templates").rglob("*.html"), *(PROJECT_ROOT / "plugins").rglob("*.html")])


def test_templates_use_only_declared_slots():
    used = {(path.relative_to(PROJECT_ROOT), name)
            for path in template_files() for name in SLOT_USE.findall(path.read_text())}
    assert used, "no template declares a slot: the scan is broken"
    unknown = sorted(f"{path}: {name}" for path, name in used if name not in TEMPLATE_SLOTS)
    assert not unknown, f"templates use slots missing from TEMPLATE_SLOTS: {unknown}"


def test_slot_scan_catches_an_undeclared_slot(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{{ template_slot("sidebar", user=current_user) }}')
    assert SLOT_USE.findall(page.read_text()) == ["sidebar"]
    assert "sidebar" not in TEMPLATE_SLOTS
