"""The plugin host: registers validated plugins in plugin order and wraps every
implementation so a failing plugin never fails a page.

Built inside ``create_app()`` and kept in ``app.extensions["mentorhub.plugins"]``; there is
no global plugin manager.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pluggy
from flask import Flask, current_app, g, has_app_context
from sqlalchemy.exc import IntegrityError

from mentorhub import clock
from mentorhub.database import commit
from mentorhub.errors import Conflict
from mentorhub.extensions import db
from mentorhub.plugins import _specs as specs
from mentorhub.plugins._api import PROJECT_NAME, HookContext, hookimpl
from mentorhub.plugins._loader import FoundPlugin, PluginLoadError
from mentorhub.plugins._results import check_answer
from mentorhub.plugins._settings import valid_values
from mentorhub.plugins._state import ErrorTally, PluginStates
from mentorhub.plugins._store import PluginStore, recover_failed_transaction
from mentorhub.plugins._validation import (
    HOOK_PREFIX,
    SPEC_ARGS,
    Implementation,
    LoadedPlugin,
    describe,
    implementations,
)

__all__ = ["EXTENSION_KEY", "HOOK_PREFIX", "SPEC_ARGS", "LoadedPlugin", "PluginHost", "base_context", "get_host"]

EXTENSION_KEY = "mentorhub.plugins"
REGISTER = "mentorhub_register"
_OWN_CONTEXTS = "_mentorhub_plugin_contexts"


def _make_caller(hook_name: str, argnames: list[str], run: Callable[[dict[str, Any]], Any]):
    # pluggy passes an implementation exactly the arguments its code object names, so the
    # wrapper is built with the same names as the plugin's function (plus ctx, which the
    # enabled check needs).
    params = ", ".join(argnames)
    body = ", ".join(f"{a!r}: {a}" for a in argnames)
    namespace: dict[str, Any] = {"_run": run}
    exec(f"def {hook_name}({params}):\n    return _run({{{body}}})\n", namespace)  # noqa: S102
    return namespace[hook_name]


class _Implementations(SimpleNamespace):
    """One plugin's wrapped implementations, as registered with pluggy (hashable by
    identity, as pluggy's subset callers need)."""

    __hash__ = object.__hash__


class PluginHost:
    """Owns the pluggy manager, the loaded plugins and their state for one app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(specs)
        self.plugins: dict[str, LoadedPlugin] = {}
        self.blueprint_owner: dict[str, str] = {}
        self.states = PluginStates()
        self.defaults: dict[str, object] = {}
        self.providers: dict[str, Callable[..., Any]] = {}
        self._without_defaults: dict[str, Any] = {}
        self._misplaced_routes: list[str] = []

    @property
    def hook(self) -> Any:
        """pluggy's hook relay; prefer the typed helpers in :mod:`mentorhub.plugins._calls`."""
        return self.pm.hook

    # --- loading -------------------------------------------------------------------------

    def register_default(self, name: str, implementation: object) -> None:
        """Register one of the core's own implementations (e.g. the scheduler), before any
        plugin, as pytest registers its default plugins. It is always on, never wrapped or
        listed as a plugin, and should be ``trylast`` so any plugin that answers wins."""
        if self.plugins:
            raise RuntimeError("core defaults are registered before any plugin is loaded")
        self.pm.register(implementation, name=name)
        self.defaults[name] = implementation

    def provide(self, name: str, provider: Callable[..., Any]) -> None:
        """Register the feature function behind lookup ``name`` of the public face
        (:mod:`mentorhub.plugins`), so the host needs no import of the feature."""
        if name in self.providers and self.providers[name] is not provider:
            raise RuntimeError(f"two providers for plugin lookup {name!r}")
        self.providers[name] = provider

    def provider(self, name: str) -> Callable[..., Any]:
        """The function registered for lookup ``name``."""
        try:
            return self.providers[name]
        except KeyError:
            raise LookupError(f"no feature provides the plugin lookup {name!r}") from None

    def without_defaults(self, hook_name: str) -> Any:
        """A caller of hook ``hook_name`` that asks the plugins only, not the core defaults."""
        caller = self._without_defaults.get(hook_name)
        if caller is None:
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=list(self.defaults.values()))
            self._without_defaults[hook_name] = caller
        return caller

    def load(self, found: list[FoundPlugin]) -> None:
        """Validate every plugin, then register them so pluggy calls them in plugin order.

        Raises :class:`PluginLoadError` (start-up fails) for an unknown hook, a wrapper, an
        argument the hook does not provide, or two plugins of one name.
        """
        validated: list[tuple[LoadedPlugin, list[Implementation]]] = []
        for item in found:
            plugin = describe(item, self.app.config.get("PLUGIN_SETTINGS") or {})
            if plugin.name in self.plugins:
                other = self.plugins[plugin.name]
                raise PluginLoadError(
                    f"Two plugins are named {plugin.name!r}: {other.source} and {plugin.source}. "
                    "Rename one (PLUGIN_INFO name) or remove it."
                )
            impls = implementations(plugin)
            self.plugins[plugin.name] = plugin
            validated.append((plugin, impls))
        # pluggy calls the last registered implementation first, so register in reverse.
        for plugin, impls in reversed(validated):
            namespace = _Implementations(**{impl.attr: self._isolated(plugin, impl) for impl in impls})
            self.pm.register(namespace, name=plugin.name)
        self.pm.check_pending()

    def _isolated(self, plugin: LoadedPlugin, impl: Implementation):
        """``impl`` wrapped: runs only when enabled (for one of ``ctx.club_ids`` if club-scoped),
        gets its own ``ctx``, and turns an exception or a bad answer into a counted error and
        ``None`` (which pluggy skips, and which lets a ``firstresult`` hook go on)."""
        takes = impl.args
        wrapper_args = [a for a in SPEC_ARGS[impl.hook] if a in takes or a == "ctx"]

        def run(kwargs: dict[str, Any]) -> Any:
            ctx = kwargs.get("ctx")
            call = {a: kwargs[a] for a in takes}
            if ctx is not None:
                club_ids = self.states.clubs_to_run(plugin.name, plugin.scope, tuple(ctx.club_ids))
                if club_ids is None:
                    return None
                if "ctx" in call:
                    call["ctx"] = self._own_context(plugin, ctx, club_ids)
            routes = self._routes() if impl.hook == REGISTER else None
            try:
                return check_answer(impl.hook, impl.func(**call))
            except Exception as exc:  # noqa: BLE001 - the whole point: isolate the plugin
                self.record_error(plugin.name, impl.hook, exc)
                recover_failed_transaction(plugin.name)
                return None
            finally:
                if routes is not None:
                    self._claim_routes(plugin, routes)

        caller = _make_caller(impl.hook, wrapper_args, run)
        return hookimpl(specname=impl.hook, tryfirst=impl.tryfirst, trylast=impl.trylast)(caller)

    def _routes(self) -> set[tuple[str, str]]:
        return {(rule.rule, rule.endpoint) for rule in self.app.url_map.iter_rules()}

    def _claim_routes(self, plugin: LoadedPlugin, before: set[tuple[str, str]]) -> None:
        """Note which blueprints ``plugin`` registered; they must live under /plugins/<name>/."""
        prefix = f"/plugins/{plugin.name}"
        for rule, endpoint in self._routes() - before:
            blueprint = endpoint.rpartition(".")[0]
            if blueprint:
                self.blueprint_owner[blueprint] = plugin.name
            if not (rule == prefix or rule.startswith(prefix + "/")) or not blueprint:
                self._misplaced_routes.append(
                    f"Plugin {plugin.name!r} ({plugin.source}) registered {rule} ({endpoint}); plugin "
                    f"pages must be blueprint routes under {prefix}/ (Blueprint(..., url_prefix={prefix + '/'!r}))."
                )

    def start(self) -> None:
        """Run every plugin's ``mentorhub_register`` once, at start-up."""
        self.pm.hook.mentorhub_register(app=self.app)
        if self._misplaced_routes:
            raise PluginLoadError(" ".join(self._misplaced_routes))

    # --- state ---------------------------------------------------------------------------

    def is_enabled(self, name: str, club_ids: tuple[int, ...] = ()) -> bool:
        """True when plugin ``name`` should run for a viewer in ``club_ids``."""
        plugin = self.plugins[name]
        return self.states.clubs_to_run(name, plugin.scope, tuple(club_ids)) is not None

    def commit_state(self, race_message: str) -> None:
        """Commit a change of plugin state (a switch, saved settings) and drop this request's
        cached copy, so the change shows at once; a write someone else made at the same
        moment (a unique row taken) becomes :class:`Conflict` with ``race_message``."""
        try:
            commit()
        except IntegrityError as exc:
            db.session.rollback()
            raise Conflict(race_message) from exc
        self.states.forget()

    def is_switched_on(self, name: str) -> bool:
        """True unless plugin ``name`` is disabled site-wide."""
        return name not in self.states.switches().disabled

    def record_error(self, name: str, hook_name: str, exc: BaseException) -> None:
        """Log a plugin's exception with its name and count it against the plugin."""
        self.states.record_error(name, hook_name, exc)

    def flush_errors(self) -> None:
        """Write counted errors to the database in a short transaction of their own."""
        self.states.save_errors()

    def site_settings(self, plugin: LoadedPlugin) -> dict[str, Any]:
        """``plugin``'s site values: defaults, the operator's, then those a site admin saved
        (read with the switches, once per request)."""
        saved = self.states.switches().site_settings.get(plugin.name)
        return {**plugin.settings, **valid_values(plugin.schema, saved)}

    def club_settings(self, plugin: LoadedPlugin, club_id: int) -> dict[str, Any]:
        """``plugin``'s values for club ``club_id``: the site's, then those its admins saved
        (only a club-scoped plugin has club values)."""
        if plugin.scope != "club":
            return self.site_settings(plugin)
        saved = self.states.switches().club_settings.get((plugin.name, club_id))
        return {**self.site_settings(plugin), **valid_values(plugin.schema, saved)}

    def _own_context(self, plugin: LoadedPlugin, ctx: HookContext, club_ids: tuple[int, ...]) -> HookContext:
        """``ctx`` with ``plugin``'s own settings (the site's, and each of ``club_ids``'), store
        and clubs.

        Built once per base context and plugin (cached on ``g``: a page that calls a hook per
        candidate reuses it), and built again when a call changed its settings, so no call
        ever sees what an earlier one did to them.
        """
        cache: dict[str, tuple[HookContext, HookContext]] = (
            g.setdefault(_OWN_CONTEXTS, {}) if has_app_context() else {}
        )
        site = self.site_settings(plugin)
        clubs = {club_id: self.club_settings(plugin, club_id) for club_id in club_ids}
        cached = cache.get(plugin.name)
        if cached is not None and cached[0] is ctx:
            own = cached[1]
            if own.club_ids == club_ids and own.settings == site and own.club_settings == clubs:
                return own
        own = dataclasses.replace(ctx, settings=copy.deepcopy(site), store=PluginStore(plugin.name),
                                  club_ids=club_ids, club_settings=copy.deepcopy(clubs))
        cache[plugin.name] = (ctx, own)
        return own

    def describe(self) -> list[dict[str, Any]]:
        """One row per plugin, in plugin order, for ``flask plugins list`` and the admin page."""
        switches = self.states.switches()
        rows = []
        for plugin in self.plugins.values():
            saved = switches.errors.get(plugin.name, ErrorTally())
            errors = saved.plus(self.states.unsaved(plugin.name))
            rows.append(
                {
                    "name": plugin.name,
                    "version": plugin.version,
                    "title": plugin.title,
                    "description": plugin.description,
                    "source": plugin.source,
                    "hooks": list(plugin.hooks),
                    "scope": plugin.scope,
                    "has_settings": any(s.in_forms for s in plugin.schema.values()),
                    "enabled": plugin.name not in switches.disabled,
                    "clubs": sorted(c for n, c in switches.club_enabled if n == plugin.name),
                    "error_count": errors.count,
                    "last_error": errors.last_error,
                    "last_error_at": errors.last_error_at,
                }
            )
        return rows


def get_host(app: Flask | None = None) -> PluginHost:
    """The plugin host of ``app`` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def base_context(viewer: Any, club_ids: tuple[int, ...] = ()) -> HookContext:
    """A context without plugin settings/store; the host fills those per plugin."""
    return HookContext(viewer=viewer, now=clock.now(), club_ids=tuple(club_ids))
