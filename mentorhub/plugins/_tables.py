"""Tables a plugin owns: :class:`PluginModel` (its own ``MetaData``, so the core's
``create_all`` and autogenerate never see them), the naming rule ``plugin_<name>_*``, and
the plugin's own Alembic migrations (a ``migrations/`` folder beside its ``__init__.py``,
revision ids and a branch label starting with its name).

``flask db upgrade`` upgrades every head: the core's and each loaded plugin's branch. A
plugin that was removed leaves its ``alembic_version`` row behind; the migrations skip that
row with a warning and leave its tables alone (``migrations/env.py``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Session

from mentorhub.extensions import NAMING_CONVENTION, db

# The session holds writes of plugins only (their store, their own tables): the host commits
# them at the end of a request that changed nothing else (see ``_store``).
PLUGIN_WRITES = "mentorhub_store_writes"


class PluginModel(DeclarativeBase):
    """The base of a plugin's own tables: ``class Visit(PluginModel): __tablename__ =
    "plugin_<your name>_visits"``. They live in their own ``MetaData``: the core neither
    creates nor migrates them; your plugin's migrations do."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_prefix(plugin_name: str) -> str:
    """``plugin_<name>_`` with the name's ``.`` and ``-`` as ``_``: every table of the plugin
    starts with it."""
    return "plugin_" + re.sub(r"[^a-z0-9_]", "_", plugin_name.lower()) + "_"


def tables_of(module: Any) -> list[Table]:
    """The tables declared with :class:`PluginModel` by ``module`` or its submodules."""
    package = getattr(module, "__name__", "")
    tables = []
    for mapper in PluginModel.registry.mappers:
        owner = mapper.class_.__module__
        if owner == package or owner.startswith(package + "."):
            tables.extend(t for t in mapper.tables if isinstance(t, Table))
    return sorted(set(tables), key=lambda t: t.name)


def migrations_folder(module: Any) -> Path | None:
    """The plugin's ``migrations/`` folder (beside a package's ``__init__.py``), if any."""
    init = getattr(module, "__file__", None)
    if not init or Path(init).name != "__init__.py":
        return None
    folder = Path(init).parent / "migrations"
    return folder if folder.is_dir() else None


def migration_problems(plugin_name: str, folder: Path) -> list[str]:
    """What is wrong with the revisions in ``folder``: each id must start with
    ``<name>_``, each ``down_revision`` must be one of the plugin's own (its first has none),
    and the first must carry the branch label ``<name>`` (its own branch, never the core's)."""
    problems, prefix = [], f"{plugin_name}_"
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            values = _assignments(path)
        except SyntaxError as err:
            problems.append(f"{path.name}: it is not valid Python ({err.msg}, line {err.lineno})")
            continue
        revision = values.get("revision")
        if not isinstance(revision, str) or not revision.startswith(prefix):
            problems.append(f"{path.name}: its revision id {revision!r} must start with {prefix!r}")
            continue
        found[revision] = {**values, "file": path.name}
    for values in found.values():
        down = values.get("down_revision")
        downs = [] if down is None else [down] if isinstance(down, str) else list(down)
        foreign = [d for d in downs if d not in found]
        if foreign:
            problems.append(f"{values['file']}: its down_revision {', '.join(map(repr, foreign))} is not one of "
                            f"{plugin_name}'s revisions (use depends_on for the core's)")
        labels = values.get("branch_labels")
        labels = (labels,) if isinstance(labels, str) else tuple(labels or ())
        if not downs and plugin_name not in labels:
            problems.append(f"{values['file']}: its first revision needs branch_labels = ({plugin_name!r},)")
    return problems


def _assignments(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text()).body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value  # revision: str = "..." (Alembic's template)
        if target is None:
            continue
        try:
            found[target] = ast.literal_eval(value)
        except ValueError:
            continue
    return found


def create_tables(tables: list[Table], bind: Any) -> None:
    """Create ``tables`` that do not exist yet (tests and ``create_all``-built databases;
    production databases get them from the plugin's migrations)."""
    if tables:
        PluginModel.metadata.create_all(bind=bind, tables=tables, checkfirst=True)


@contextmanager
def plugin_session() -> Iterator[Session]:
    """The app's session for your plugin's own tables, inside a savepoint: an error undoes
    only what the block did and is raised in your plugin. The writes are committed with the
    page's own change, or at the end of the request (or command) when they are the only one."""
    with db.session.begin_nested():
        yield db.session()
    db.session.info[PLUGIN_WRITES] = True
