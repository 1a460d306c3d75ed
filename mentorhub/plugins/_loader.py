"""Find plugins in their three sources, in plugin order (DESIGN.md):

1. modules and packages in the project's ``plugins/`` folder (first-party);
2. installed distributions with an entry point in the group ``mentorhub``;
3. ``.py`` files and packages in each folder of ``MENTORHUB_PLUGIN_DIRS``.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
import types
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ENTRY_POINT_GROUP = "mentorhub"


class PluginLoadError(RuntimeError):
    """A plugin cannot be loaded; the message names the plugin and what is wrong."""


@dataclass
class FoundPlugin:
    """A plugin module as found, before validation."""

    default_name: str
    module: Any
    source: str
    version: str


def _folder_package(folder: Path, prefix: str) -> str:
    """Make ``folder`` importable as a package of its own, so its plugins can use relative
    imports and two folders never shadow each other."""
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:12]
    package_name = f"{prefix}_{digest}"
    if package_name not in sys.modules:
        package = types.ModuleType(package_name)
        package.__path__ = [str(folder)]
        sys.modules[package_name] = package
    return package_name


def _modules_in(folder: Path) -> list[str]:
    names = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(("_", ".")):
            continue
        if entry.is_file() and entry.suffix == ".py":
            names.append(entry.stem)
        elif entry.is_dir() and (entry / "__init__.py").exists():
            names.append(entry.name)
    return names


def find_in_folder(folder: Path, kind: str) -> list[FoundPlugin]:
    """Import every plugin module in ``folder``; ``kind`` names the source in messages."""
    if not folder.is_dir():
        if kind == "project":
            return []
        raise PluginLoadError(f"Plugin folder {folder} (from MENTORHUB_PLUGIN_DIRS) does not exist.")
    package = _folder_package(folder, "mentorhub_plugins" if kind == "project" else "mentorhub_dropin")
    found = []
    for name in _modules_in(folder):
        path = folder / name if (folder / name).is_dir() else folder / f"{name}.py"
        try:
            module = importlib.import_module(f"{package}.{name}")
        except Exception as exc:  # noqa: BLE001 - reported with the plugin's name
            raise PluginLoadError(f"Plugin {name!r} ({path}) failed to import: {exc!r}") from exc
        label = "project plugins/" if kind == "project" else "MENTORHUB_PLUGIN_DIRS"
        found.append(FoundPlugin(name, module, f"{label}: {path}", "local"))
    return found


def find_entry_points() -> list[FoundPlugin]:
    """Load every entry point of the group ``mentorhub``, sorted by name for a stable order."""
    found = []
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(ep, "dist", None)
        dist_label = f"{dist.metadata['Name']} {dist.version}" if dist else "unknown distribution"
        try:
            module = ep.load()
        except Exception as exc:  # noqa: BLE001
            raise PluginLoadError(
                f"Plugin {ep.name!r} (entry point {ep.value} from {dist_label}) failed to load: {exc!r}"
            ) from exc
        found.append(
            FoundPlugin(ep.name, module, f"entry point {ep.value} ({dist_label})", dist.version if dist else "")
        )
    return found


def find_plugins(project_folder: Path, extra_dirs: str) -> list[FoundPlugin]:
    """All plugins from the three sources, in plugin order."""
    found = find_in_folder(project_folder, "project")
    found += find_entry_points()
    for folder in (part for part in extra_dirs.split(":") if part.strip()):
        found += find_in_folder(Path(folder.strip()), "dirs")
    return found
