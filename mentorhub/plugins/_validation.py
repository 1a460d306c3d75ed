"""Check a found plugin against the hook specs before anything is registered.

Every module-level callable whose name starts with ``mentorhub_`` is an implementation,
decorated or not, so a misspelled hook fails start-up instead of being silently ignored.
Wrapper implementations are refused: a wrapper runs around the other plugins and cannot be
isolated from them.
"""

from __future__ import annotations

import difflib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table

from mentorhub.plugins import _specs as specs
from mentorhub.plugins._api import PROJECT_NAME, PluginInfo, api_version_problem
from mentorhub.plugins._loader import FoundPlugin, PluginLoadError
from mentorhub.plugins._settings import Setting, SettingError, defaults_of, schema_of
from mentorhub.plugins._tables import migration_problems, migrations_folder, table_prefix, tables_of

HOOK_PREFIX = "mentorhub_"
log = logging.getLogger("mentorhub.plugins")

# Each hook's arguments, in the spec's order.
SPEC_ARGS: dict[str, tuple[str, ...]] = {
    name: tuple(inspect.signature(func).parameters)
    for name, func in vars(specs).items()
    if name.startswith(HOOK_PREFIX) and inspect.isfunction(func)
}


@dataclass
class LoadedPlugin:
    """A validated, registered plugin."""

    name: str
    version: str
    title: str
    description: str
    scope: str
    source: str
    module: Any
    hooks: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # its own PluginModel tables
    migrations: Path | None = None  # the version location of its own migrations
    # The site's values before any saved in the database: defaults, then the operator's.
    settings: dict[str, Any] = field(default_factory=dict)
    schema: dict[str, Setting] = field(default_factory=dict)
    api_version: str = ""


@dataclass(frozen=True)
class Implementation:
    """One hook implementation of a plugin: the function and the arguments it takes."""

    hook: str
    attr: str
    func: Callable[..., Any]
    args: tuple[str, ...]
    tryfirst: bool = False
    trylast: bool = False


def describe(item: FoundPlugin, operator_settings: dict[str, dict[str, Any]]) -> LoadedPlugin:
    """The plugin ``item`` as it describes itself (``PLUGIN_INFO``), or by its defaults."""
    info = getattr(item.module, "PLUGIN_INFO", None)
    if info is not None and not isinstance(info, PluginInfo):
        raise PluginLoadError(
            f"Plugin {item.default_name!r} ({item.source}): PLUGIN_INFO must be a "
            f"mentorhub.plugins.PluginInfo, not {type(info).__name__}."
        )
    name = info.name if info else item.default_name
    where = f"Plugin {name!r} ({item.source})"
    if info is not None and info.api_version:
        problem = api_version_problem(info.api_version)
        if problem:
            raise PluginLoadError(f"{where} cannot start: {problem}.")
    schema = schema_of(info.settings if info else {})
    for key, setting in schema.items():
        problem = setting.problem()
        if problem:
            raise PluginLoadError(f"{where}: setting {key!r} is declared wrongly: {problem}.")
    settings = defaults_of(schema)
    for key, value in (operator_settings.get(name) or {}).items():
        if key not in schema:  # kept, as before typed settings: the plugin may read it with .get()
            log.warning("MENTORHUB_PLUGIN_SETTINGS sets %s.%s, which %s does not declare (its settings: %s)",
                        name, key, where, ", ".join(schema) or "none")
            settings[key] = value
            continue
        try:
            settings[key] = schema[key].check(value)
        except SettingError as err:
            if not schema[key].inferred:
                raise PluginLoadError(f"MENTORHUB_PLUGIN_SETTINGS sets {name}.{key} to {value!r}: {err}") from err
            log.warning("MENTORHUB_PLUGIN_SETTINGS sets %s.%s to %r, not of its default's type (%s); kept",
                        name, key, value, err)
            settings[key] = value
    tables = tables_of(item.module)
    prefix = table_prefix(name)
    misnamed = [t.name for t in tables if not t.name.startswith(prefix)]
    if misnamed:
        raise PluginLoadError(f"{where}: its tables must be named {prefix}…, not {', '.join(misnamed)}.")
    migrations = migrations_folder(item.module)
    if tables and migrations is None:
        log.warning("%s declares tables (%s) but ships no migrations/ folder: only tests will have them",
                    where, ", ".join(t.name for t in tables))
    problems = migration_problems(name, migrations) if migrations else []
    if problems:
        raise PluginLoadError(f"{where}: its migrations in {migrations}: {'; '.join(problems)}.")
    doc = (inspect.getdoc(item.module) or "").strip().split("\n\n")[0].replace("\n", " ")
    return LoadedPlugin(
        name=name,
        version=(info.version if info and info.version else item.version) or "local",
        title=info.title if info and info.title else name.replace("_", " ").capitalize(),
        description=info.description if info and info.description else doc,
        scope=info.scope if info else "site",
        source=item.source,
        module=item.module,
        settings=settings,
        schema=schema,
        api_version=info.api_version if info else "",
        tables=tables,
        migrations=migrations,
    )


def implementations(plugin: LoadedPlugin) -> list[Implementation]:
    """Every hook implementation of ``plugin``; raises :class:`PluginLoadError` naming the
    plugin and the hook when one breaks the contract."""
    found = []
    for attr, func in inspect.getmembers(plugin.module):
        marked = getattr(func, f"{PROJECT_NAME}_impl", None) if callable(func) else None
        if not callable(func) or not (attr.startswith(HOOK_PREFIX) or isinstance(marked, dict)):
            continue
        opts = dict(marked or {})
        hook = opts.get("specname") or attr
        where = f"Plugin {plugin.name!r} ({plugin.source})"
        if hook not in SPEC_ARGS:
            close = difflib.get_close_matches(hook, SPEC_ARGS, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise PluginLoadError(f"{where} defines unknown hook {hook!r}.{hint}")
        if opts.get("wrapper") or opts.get("hookwrapper"):
            raise PluginLoadError(
                f"{where}: hook {hook!r} is a wrapper implementation; MentorHub refuses wrappers "
                "because they cannot be isolated. Return a value instead."
            )
        found.append(Implementation(hook, attr, func, _arguments(where, hook, func),
                                    bool(opts.get("tryfirst")), bool(opts.get("trylast"))))
    plugin.hooks = sorted({impl.hook for impl in found})
    return found


def _arguments(where: str, hook: str, func: Callable[..., Any]) -> tuple[str, ...]:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError) as exc:
        raise PluginLoadError(f"{where}: hook {hook!r} has no readable signature.") from exc
    if any(p.kind is p.POSITIONAL_ONLY for p in params):
        raise PluginLoadError(f"{where}: hook {hook!r} takes positional-only arguments; hooks are called by name.")
    named = tuple(p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))
    unknown = [a for a in named if a not in SPEC_ARGS[hook]]
    if unknown:
        raise PluginLoadError(
            f"{where}: hook {hook!r} takes {', '.join(map(repr, unknown))}, which the hook does not "
            f"provide (it provides {', '.join(SPEC_ARGS[hook])})."
        )
    if any(p.kind is p.VAR_KEYWORD for p in params):  # **kwargs: give it everything
        return SPEC_ARGS[hook]
    return named
