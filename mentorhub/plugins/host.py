"""The plugin host: validates plugins, wraps every implementation so a failing plugin never
fails a page, and keeps enabled switches and error counts in the database.

Built inside ``create_app()`` and kept in ``app.extensions["mentorhub.plugins"]``; there is
no global plugin manager.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pluggy
from flask import Flask, current_app, g, has_app_context
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.plugins import specs
from mentorhub.plugins.api import PROJECT_NAME, HookContext, PluginInfo, hookimpl
from mentorhub.plugins.loader import FoundPlugin, PluginLoadError
from mentorhub.plugins.models import PluginClubState, PluginState
from mentorhub.plugins.store import PluginStore

log = logging.getLogger("mentorhub.plugins")
EXTENSION_KEY = "mentorhub.plugins"
HOOK_PREFIX = "mentorhub_"

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
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _States:
    disabled: frozenset[str]
    club_enabled: frozenset[tuple[str, int]]
    rows: dict[str, PluginState]


def _make_caller(hook_name: str, argnames: list[str], run: Callable[[dict[str, Any]], Any]):
    # pluggy passes an implementation exactly the arguments its code object names, so the
    # wrapper is built with the same names (plus ctx, which the enabled check needs).
    params = ", ".join(argnames)
    body = ", ".join(f"{a!r}: {a}" for a in argnames)
    namespace: dict[str, Any] = {"_run": run}
    exec(f"def {hook_name}({params}):\n    return _run({{{body}}})\n", namespace)  # noqa: S102
    return namespace[hook_name]


class PluginHost:
    """Owns the pluggy manager and the loaded plugins of one app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(specs)
        self.plugins: dict[str, LoadedPlugin] = {}
        self.blueprint_owner: dict[str, str] = {}

    @property
    def hook(self) -> Any:
        """pluggy's hook relay; prefer the typed helpers in :mod:`mentorhub.plugins.calls`."""
        return self.pm.hook

    # --- loading -------------------------------------------------------------------------

    def load(self, found: list[FoundPlugin]) -> None:
        """Validate every plugin, then register them so pluggy calls them in plugin order."""
        validated = []
        for item in found:
            plugin, impls = self._validate(item)
            if plugin.name in self.plugins:
                other = self.plugins[plugin.name]
                raise PluginLoadError(
                    f"Two plugins are named {plugin.name!r}: {other.source} and {plugin.source}. "
                    "Rename one (PLUGIN_INFO.name) or remove it."
                )
            self.plugins[plugin.name] = plugin
            validated.append((plugin, impls))
        # pluggy calls implementations last-registered first, so register in reverse.
        for plugin, impls in reversed(validated):
            namespace = type(f"Plugin_{plugin.name}", (), {})()
            for hook_name, func, opts in impls:
                setattr(namespace, hook_name, self._isolated(plugin, hook_name, func, opts))
            self.pm.register(namespace, name=plugin.name)
        self.pm.check_pending()

    def _validate(self, item: FoundPlugin):
        info = getattr(item.module, "PLUGIN_INFO", None)
        if info is not None and not isinstance(info, PluginInfo):
            raise PluginLoadError(f"Plugin {item.default_name!r} ({item.source}): PLUGIN_INFO must be a PluginInfo.")
        name = info.name if info else item.default_name
        settings = dict(info.settings) if info else {}
        settings.update(self.app.config.get("PLUGIN_SETTINGS", {}).get(name, {}))
        plugin = LoadedPlugin(
            name=name,
            version=(info.version if info and info.version else item.version) or "local",
            title=(info.title if info and info.title else name.replace("_", " ").capitalize()),
            description=info.description if info else (inspect.getdoc(item.module) or "").split("\n")[0],
            scope=info.scope if info else "site",
            source=item.source,
            module=item.module,
            settings=settings,
        )
        impls = []
        for attr, func in inspect.getmembers(item.module):
            if not attr.startswith(HOOK_PREFIX) or not callable(func):
                continue
            opts = dict(getattr(func, f"{PROJECT_NAME}_impl", None) or {})
            hook_name = opts.get("specname") or attr
            where = f"Plugin {name!r} ({item.source})"
            if hook_name not in SPEC_ARGS:
                close = difflib.get_close_matches(hook_name, SPEC_ARGS, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise PluginLoadError(f"{where} defines unknown hook {hook_name!r}.{hint}")
            if opts.get("wrapper") or opts.get("hookwrapper"):
                raise PluginLoadError(
                    f"{where}: hook {hook_name!r} is a wrapper implementation; MentorHub refuses "
                    "wrappers because they cannot be isolated. Return a value instead."
                )
            try:
                params = inspect.signature(func).parameters
            except (TypeError, ValueError) as exc:
                raise PluginLoadError(f"{where}: hook {hook_name!r} has no readable signature") from exc
            impl_args = [p for p in params if params[p].kind not in (params[p].VAR_KEYWORD, params[p].VAR_POSITIONAL)]
            unknown = [a for a in impl_args if a not in SPEC_ARGS[hook_name]]
            if unknown:
                raise PluginLoadError(
                    f"{where}: hook {hook_name!r} takes {', '.join(map(repr, unknown))}, which the hook "
                    f"does not provide (it provides {', '.join(SPEC_ARGS[hook_name])})."
                )
            impls.append((hook_name, func, {"impl_args": impl_args, **opts}))
            plugin.hooks.append(hook_name)
        plugin.hooks.sort()
        return plugin, impls

    def _isolated(self, plugin: LoadedPlugin, hook_name: str, func: Callable, opts: dict[str, Any]):
        impl_args: list[str] = opts["impl_args"]
        spec_args = SPEC_ARGS[hook_name]
        wrapper_args = [a for a in spec_args if a in impl_args or a == "ctx"]

        def run(kwargs: dict[str, Any]) -> Any:
            ctx = kwargs.get("ctx")
            if ctx is not None and not self.is_enabled(plugin.name, ctx.club_ids):
                return None
            call = {a: kwargs[a] for a in impl_args}
            if "ctx" in impl_args and ctx is not None:
                call["ctx"] = dataclasses.replace(
                    ctx, settings=dict(plugin.settings), store=PluginStore(plugin.name)
                )
            before = set(self.app.blueprints) if hook_name == "mentorhub_register" else None
            try:
                return func(**call)
            except Exception as exc:  # noqa: BLE001 - the whole point: isolate the plugin
                self.record_error(plugin.name, hook_name, exc)
                return None
            finally:
                if before is not None:
                    for bp in set(self.app.blueprints) - before:
                        self.blueprint_owner[bp] = plugin.name

        caller = _make_caller(hook_name, wrapper_args, run)
        return hookimpl(tryfirst=bool(opts.get("tryfirst")), trylast=bool(opts.get("trylast")))(caller)

    def start(self) -> None:
        """Run every plugin's ``mentorhub_register`` once, at start-up."""
        self.pm.hook.mentorhub_register(app=self.app)

    # --- state ---------------------------------------------------------------------------

    def _states(self) -> _States:
        """Switches and counts, read at most once per request (cached on ``g``)."""
        cached = g.get("_mentorhub_plugin_states") if has_app_context() else None
        if cached is not None:
            return cached
        try:
            # A connection of its own: never disturbs the request's transaction.
            with db.engine.connect() as conn:
                rows = {r.name: r for r in conn.execute(select(PluginState)).all()}
                club = conn.execute(
                    select(PluginClubState.plugin_name, PluginClubState.club_id).where(PluginClubState.enabled)
                ).all()
        except SQLAlchemyError:
            log.debug("plugin state tables not readable yet; treating every plugin as enabled")
            rows, club = {}, []
        states = _States(
            disabled=frozenset(n for n, r in rows.items() if not r.enabled),
            club_enabled=frozenset((n, c) for n, c in club),
            rows=rows,
        )
        if has_app_context():
            g._mentorhub_plugin_states = states
        return states

    def is_enabled(self, name: str, club_ids: tuple[int, ...] = ()) -> bool:
        """True when plugin ``name`` should run for a viewer in ``club_ids``."""
        states = self._states()
        if name in states.disabled:
            return False
        if self.plugins[name].scope == "club":
            return any((name, club_id) in states.club_enabled for club_id in club_ids)
        return True

    def record_error(self, name: str, hook_name: str, exc: BaseException) -> None:
        """Log a plugin's exception and queue it to be counted in the database."""
        log.error("plugin %s failed in %s: %r", name, hook_name, exc, exc_info=exc)
        message = f"{hook_name}: {type(exc).__name__}: {exc}"[:2000]
        if has_app_context():
            g.setdefault("_mentorhub_plugin_errors", []).append((name, message, clock.now()))
            if not g.get("_mentorhub_in_request"):
                self.flush_errors()

    def flush_errors(self) -> None:
        """Write queued error counts in a short transaction of their own."""
        errors = g.pop("_mentorhub_plugin_errors", []) if has_app_context() else []
        if not errors:
            return
        by_plugin: dict[str, tuple[int, str, Any]] = {}
        for name, message, at in errors:
            count = by_plugin.get(name, (0, "", None))[0]
            by_plugin[name] = (count + 1, message, at)
        try:
            with db.engine.begin() as conn:
                for name, (count, message, at) in by_plugin.items():
                    done = conn.execute(
                        update(PluginState)
                        .where(PluginState.name == name)
                        .values(error_count=PluginState.error_count + count, last_error=message, last_error_at=at)
                    ).rowcount
                    if not done:
                        try:
                            with conn.begin_nested():
                                conn.execute(
                                    insert(PluginState).values(
                                        name=name, enabled=True, error_count=count,
                                        last_error=message, last_error_at=at,
                                    )
                                )
                        except IntegrityError:
                            conn.execute(
                                update(PluginState)
                                .where(PluginState.name == name)
                                .values(error_count=PluginState.error_count + count, last_error=message, last_error_at=at)
                            )
        except SQLAlchemyError:
            log.exception("could not record plugin errors")
        if has_app_context():
            g.pop("_mentorhub_plugin_states", None)

    def describe(self) -> list[dict[str, Any]]:
        """One row per plugin, in plugin order, for ``flask plugins list`` and the admin page."""
        if has_app_context():
            g.pop("_mentorhub_plugin_states", None)
        states = self._states()
        rows = []
        for plugin in self.plugins.values():
            state = states.rows.get(plugin.name)
            rows.append(
                {
                    "name": plugin.name,
                    "version": plugin.version,
                    "title": plugin.title,
                    "description": plugin.description,
                    "source": plugin.source,
                    "hooks": list(plugin.hooks),
                    "scope": plugin.scope,
                    "enabled": plugin.name not in states.disabled,
                    "clubs": sorted(c for n, c in states.club_enabled if n == plugin.name),
                    "error_count": state.error_count if state else 0,
                    "last_error": state.last_error if state else "",
                    "last_error_at": state.last_error_at if state else None,
                }
            )
        return rows


def get_host(app: Flask | None = None) -> PluginHost:
    """The plugin host of ``app`` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def base_context(viewer: Any, club_ids: tuple[int, ...] = ()) -> HookContext:
    """A context without plugin settings/store; the host fills those per plugin."""
    return HookContext(viewer=viewer, now=clock.now(), club_ids=tuple(club_ids))
