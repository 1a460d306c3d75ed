"""The plugin contract is honest: "Every spec has a call site in the product and every event is
sent by a product path" (DESIGN.md, "Plugin API (contract)"). Checked statically, with ``ast``,
over the product's sources (``mentorhub/**/*.py``; ``tests/`` and the first-party ``plugins/``
folder do not count).

**Hook specs.** The spec names come from pluggy itself (the ``hookspec`` markers of
``mentorhub/plugins/_specs.py``, read through a ``PluginManager``). A *hook reference* is

- an attribute ``<anything>.hook.<spec>``, called or not (``available_slots`` picks
  ``host.hook.mentorhub_available_slots`` or the subset caller, then calls the one it chose);
- ``<anything>.without_defaults("<spec>")`` or ``subset_hook_caller("<spec>", ...)`` (the
  argument may also be a module-level string constant);
- ``getattr(<anything>.hook, "<spec>")``.

Every reference sits in a *unit*: a module-level function, a method, a class body or a module's
top-level code (nested functions and lambdas belong to the unit around them). A spec has a call
site when one of its references is in a *wired* unit:

1. every unit of a module outside ``mentorhub/plugins/`` is wired (that is feature code);
2. a unit inside ``mentorhub/plugins/`` (a typed helper of ``_calls.py``, ``flush_events``, the
   host's ``start``, ...) is wired only when a wired unit refers to it -- calls it or passes it
   on (``registries.after_commit(app, flush_events)``) -- so a helper that no feature uses, even
   through other host helpers, does not count. Wiring is followed to a fixpoint, which handles
   ``emit_event`` <- ``flush_events`` <- ``_setup.init_app`` <- ``create_app`` and
   ``PluginHost.start`` (``mentorhub_register``) <- ``_setup.start`` <- ``create_app``.

A reference to a function is resolved through the module's imports (``from x import f``,
``from mentorhub.plugins import _calls as calls`` then ``calls.f``, re-exports followed); a
reference to a class wires its class body and its dunder methods; a method is wired by any
``.<name>`` attribute in a wired unit (the receiver's type is not known statically); once any
unit of a host module is wired, so is that module's top-level code (importing runs it).

**Events.** The names come from ``mentorhub.plugins.EVENTS``. An event is sent when a product
call of ``record_event`` (``mentorhub/plugins/_events.py``) passes it as the name. The name
argument may be a string literal, ``EVENTS.<NAME>``, an ``a if c else b`` / ``a or b`` of those,
a variable assigned such values in its function or module (``for`` loops over literal tuples
included), or a lookup in a dict literal (``TABLE[key]``, ``TABLE.get(key)``). When it is a
*parameter* of the calling function, that function forwards the name (``chats.transitions.
transition(..., event="request_withdrawn")``) and its own callers are analysed the same way, to
a fixpoint (a parameter left out at a call site takes its default). A name argument the test
cannot resolve falls back, leniently, to every event name written as a string literal in that
module; such sends are listed in the failure message so the rule can be sharpened.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from mentorhub.plugins import EVENTS
from mentorhub.plugins import _specs as specs_module
from mentorhub.plugins._api import PROJECT_NAME

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "mentorhub"
HOST = "mentorhub.plugins"  # the plugin host: its helpers count only when wired in
SENDER = "mentorhub.plugins._events.record_event"  # (def id, name parameter)
SENDER_PARAM = "name"
HOOK_ATTR = "hook"
SUBSET_CALLERS = frozenset({"without_defaults", "subset_hook_caller"})
MODULE_CODE = "<module>"


# --- the names the contract lists -----------------------------------------------------------


def spec_names() -> list[str]:
    """The hook specs pluggy finds in ``_specs.py`` (those carrying the ``hookspec`` marker)."""
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(specs_module)
    return sorted(
        name for name, caller in vars(pm.hook).items() if isinstance(caller, pluggy.HookCaller) and caller.has_spec()
    )


def event_names() -> list[str]:
    return list(EVENTS)


# --- the product's sources, indexed ---------------------------------------------------------


def product_sources(root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """``{module name: (path relative to root, source)}`` for every module under mentorhub/."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        rel = path.relative_to(root)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = (str(rel), path.read_text(encoding="utf-8"))
    return found


def in_host(module: str) -> bool:
    return module == HOST or module.startswith(HOST + ".")


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else ``None``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


@dataclass
class Module:
    name: str
    path: str
    tree: ast.Module
    is_package: bool
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    defs: set[str] = field(default_factory=set)  # "f", "C", "C.m"
    constants: dict[str, list[ast.expr]] = field(default_factory=dict)  # module-level assignments

    def absolute(self, module: str | None, level: int) -> str:
        if not level:
            return module or ""
        base = self.name.split(".") if self.is_package else self.name.split(".")[:-1]
        base = base[: len(base) - (level - 1)]
        return ".".join([*base, module] if module else base)


def _assigned_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _assigned_names(element)


class Index:
    """Every product module with its imports and definitions, and a resolver of references."""

    def __init__(self, sources: dict[str, tuple[str, str]]) -> None:
        self.modules: dict[str, Module] = {}
        for name, (path, source) in sources.items():
            tree = ast.parse(source, filename=path)
            module = Module(name, path, tree, path.endswith("__init__.py"))
            for stmt in tree.body:
                self._index_statement(module, stmt)
            self.modules[name] = module

    @staticmethod
    def _index_statement(module: Module, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            module.defs.add(stmt.name)
        elif isinstance(stmt, ast.ClassDef):
            module.defs.add(stmt.name)
            for item in stmt.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    module.defs.add(f"{stmt.name}.{item.name}")
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    module.aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    module.aliases[top] = top
        elif isinstance(stmt, ast.ImportFrom):
            base = module.absolute(stmt.module, stmt.level)
            for alias in stmt.names:
                if alias.name != "*":
                    module.aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                for name in _assigned_names(target):
                    module.constants.setdefault(name, []).append(stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            for name in _assigned_names(stmt.target):
                module.constants.setdefault(name, []).append(stmt.value)
        elif isinstance(stmt, ast.If | ast.Try):  # e.g. `if TYPE_CHECKING:` imports
            for inner in [*stmt.body, *stmt.orelse, *getattr(stmt, "finalbody", [])]:
                Index._index_statement(module, inner)

    def canonical(self, target: str, depth: int = 0) -> str | None:
        """The def id (``module.f``, ``module.C``, ``module.C.m``) a dotted target names."""
        if depth > 10:
            return None
        parts = target.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.modules.get(".".join(parts[:cut]))
            if module is None:
                continue
            rest = parts[cut:]
            if not rest:
                return None  # the module itself
            for size in (2, 1):
                qual = ".".join(rest[:size])
                if len(rest) >= size and qual in module.defs:
                    return f"{module.name}.{qual}"
            if rest[0] in module.aliases:  # a re-export: follow it
                return self.canonical(".".join([module.aliases[rest[0]], *rest[1:]]), depth + 1)
            return None
        return None

    def resolve(self, module: Module, node: ast.AST) -> str | None:
        """The def id a name or attribute chain refers to in ``module``, if it is ours."""
        chain = dotted(node)
        if chain is None:
            return None
        first, _, rest = chain.partition(".")
        if first in module.aliases:
            return self.canonical(module.aliases[first] + ("." + rest if rest else ""))
        if first in module.defs:
            return self.canonical(f"{module.name}.{chain}")
        return None

    def string_constant(self, module: Module, node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and len(module.constants.get(node.id, [])) == 1:
            value = module.constants[node.id][0]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
        return None


def units(module: Module) -> Iterator[tuple[str, list[ast.AST]]]:
    """``(unit id, nodes)``: each module-level function, each method, each class body and the
    module's remaining top-level code."""
    top: list[ast.AST] = []
    for stmt in module.tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{module.name}.{stmt.name}", [stmt]
        elif isinstance(stmt, ast.ClassDef):
            body: list[ast.AST] = [*stmt.decorator_list, *stmt.bases, *stmt.keywords]
            for item in stmt.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{module.name}.{stmt.name}.{item.name}", [item]
                else:
                    body.append(item)
            yield f"{module.name}.{stmt.name}", body
        else:
            top.append(stmt)
    yield f"{module.name}.{MODULE_CODE}", top


def walk(nodes: Iterable[ast.AST]) -> Iterator[ast.AST]:
    for node in nodes:
        yield from ast.walk(node)


# --- hook specs: call sites ------------------------------------------------------------------


@dataclass
class SpecReport:
    specs: list[str]
    wired: dict[str, list[str]]  # spec -> wired call sites ("path:line in unit")
    unwired: dict[str, list[str]]  # spec -> references only in unwired host units

    @property
    def unused(self) -> list[str]:
        return [spec for spec in self.specs if spec not in self.wired]


def _is_hook_relay(node: ast.AST) -> bool:
    """``<anything>.hook`` (``get_host().hook``, ``self.pm.hook``) or a bare ``hook``."""
    return (isinstance(node, ast.Attribute) and node.attr == HOOK_ATTR) or (
        isinstance(node, ast.Name) and node.id == HOOK_ATTR
    )


def _hook_references(index: Index, module: Module, nodes: list[ast.AST], specs: set[str]) -> Iterator[tuple[str, int]]:
    for node in walk(nodes):
        if isinstance(node, ast.Attribute) and node.attr in specs:
            if _is_hook_relay(node.value):
                yield node.attr, node.lineno
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in SUBSET_CALLERS:
                spec = index.string_constant(module, node.args[0])
            elif name == "getattr" and len(node.args) >= 2:
                spec = index.string_constant(module, node.args[1])
                if not _is_hook_relay(node.args[0]):
                    spec = None
            else:
                spec = None
            if spec in specs:
                yield spec, node.lineno


def analyse_specs(sources: dict[str, tuple[str, str]], specs: Iterable[str]) -> SpecReport:
    specs = sorted(specs)
    wanted = set(specs)
    index = Index(sources)
    refs: dict[str, set[str]] = {}  # unit -> def ids it refers to
    attrs: dict[str, set[str]] = {}  # unit -> attribute names it uses (for methods)
    hooks: dict[str, list[tuple[str, str]]] = {}  # unit -> [(spec, "path:line")]
    module_of: dict[str, str] = {}
    methods: dict[str, list[str]] = {}  # method name -> host method unit ids
    for module in index.modules.values():
        for unit, nodes in units(module):
            module_of[unit] = module.name
            refs[unit], attrs[unit] = set(), set()
            for node in walk(nodes):
                if isinstance(node, ast.Name | ast.Attribute):
                    target = index.resolve(module, node)
                    if target:
                        refs[unit].add(target)
                    if isinstance(node, ast.Attribute):
                        attrs[unit].add(node.attr)
            hooks[unit] = [
                (spec, f"{module.path}:{line}") for spec, line in _hook_references(index, module, nodes, wanted)
            ]
            qual = unit[len(module.name) + 1 :]
            if in_host(module.name) and qual.count(".") == 1:
                methods.setdefault(qual.rpartition(".")[2], []).append(unit)

    wired = {unit for unit, module in module_of.items() if not in_host(module)}
    pending = list(wired)
    while pending:
        unit = pending.pop()
        reached = set(refs[unit])
        for target in refs[unit]:  # a class: its body and its dunder methods
            reached |= {u for u in module_of if u.startswith(target + ".__") and u.endswith("__")}
        for attr in attrs[unit]:
            reached.update(methods.get(attr, []))
        reached.add(f"{module_of[unit]}.{MODULE_CODE}")
        for target in reached:
            if target in module_of and target not in wired:
                wired.add(target)
                pending.append(target)

    report = SpecReport(specs, {}, {})
    for unit, found in hooks.items():
        for spec, where in found:
            bucket = report.wired if unit in wired else report.unwired
            sites = bucket.setdefault(spec, [])
            if f"{where} in {unit}" not in sites:
                sites.append(f"{where} in {unit}")
    return report


# --- events: what record_event is sent --------------------------------------------------------


@dataclass
class Function:
    id: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: Module
    is_method: bool

    def positional(self) -> list[str]:
        return [a.arg for a in [*self.node.args.posonlyargs, *self.node.args.args]]

    def parameters(self) -> set[str]:
        args = self.node.args
        names = [*self.positional(), *(a.arg for a in args.kwonlyargs)]
        names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
        return set(names)

    def default(self, param: str) -> ast.expr | None:
        args = self.node.args
        positional = self.positional()
        if param in positional:
            offset = len(positional) - len(args.defaults)
            i = positional.index(param)
            return args.defaults[i - offset] if i >= offset else None
        for arg, value in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if arg.arg == param:
                return value
        return None


@dataclass
class Values:
    names: set[str] = field(default_factory=set)
    forwarded: set[str] = field(default_factory=set)  # parameters of the calling function
    resolved: bool = True

    def merge(self, other: Values) -> Values:
        self.names |= other.names
        self.forwarded |= other.forwarded
        self.resolved &= other.resolved
        return self


@dataclass
class EventReport:
    events: list[str]
    sent: dict[str, list[str]]  # event -> "path:line (how)"
    unknown: dict[str, list[str]]  # sent names that are not events
    unresolved: list[str]  # sends whose name fell back to the module's literals

    @property
    def unsent(self) -> list[str]:
        return [event for event in self.events if event not in self.sent]


def _functions(module: Module) -> Iterator[Function]:
    def visit(body: list[ast.stmt], prefix: str, in_class: bool) -> Iterator[Function]:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                yield Function(f"{prefix}.{stmt.name}", stmt, module, in_class)
                yield from visit(stmt.body, f"{prefix}.{stmt.name}.<locals>", False)
            elif isinstance(stmt, ast.ClassDef):
                yield from visit(stmt.body, f"{prefix}.{stmt.name}", True)
            elif isinstance(stmt, ast.If | ast.Try | ast.With | ast.For | ast.While):
                yield from visit([*stmt.body, *getattr(stmt, "orelse", [])], prefix, in_class)

    yield from visit(module.tree.body, module.name, False)


def _own_nodes(func: Function | None, module: Module) -> Iterator[ast.AST]:
    """The nodes of ``func``, or of the module's top-level code and class bodies, outside
    nested functions (lambdas belong to the code around them)."""
    nested = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    if func is not None:
        stack: list[ast.AST] = [stmt for stmt in func.node.body if not isinstance(stmt, nested)]
    else:
        stack = []
        for stmt in module.tree.body:
            if isinstance(stmt, ast.ClassDef):
                stack.extend(s for s in stmt.body if not isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef))
            elif not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                stack.append(stmt)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, nested))


class EventAnalysis:
    def __init__(self, sources: dict[str, tuple[str, str]], events: Iterable[str]) -> None:
        self.events = list(events)
        self.index = Index(sources)
        self.functions = [f for module in self.index.modules.values() for f in _functions(module)]
        self.by_id = {f.id: f for f in self.functions}
        # sender def id -> the parameter carrying the event name
        self.senders: dict[str, str] = {SENDER: SENDER_PARAM}

    def _enclosing(self) -> Iterator[tuple[Module, Function | None, ast.Call]]:
        for module in self.index.modules.values():
            for func in [None, *(f for f in self.functions if f.module is module)]:
                for node in _own_nodes(func, module):
                    if isinstance(node, ast.Call):
                        yield module, func, node

    def _callee(self, module: Module, call: ast.Call) -> str | None:
        target = self.index.resolve(module, call.func)
        if target in self.senders:
            return target
        if target is None and isinstance(call.func, ast.Attribute):  # obj.method(...): by name
            for sender in self.senders:
                func = self.by_id.get(sender)
                if func is not None and func.is_method and sender.rpartition(".")[2] == call.func.attr:
                    return sender
        return None

    def _argument(self, sender: str, call: ast.Call) -> ast.expr | None | bool:
        """The expression passed as the sender's name; ``None`` when left to its default;
        ``False`` when it cannot be told (``*args``/``**kwargs``)."""
        param = self.senders[sender]
        for keyword in call.keywords:
            if keyword.arg == param:
                return keyword.value
        func = self.by_id.get(sender)
        positional = func.positional() if func else [param]
        if func is not None and func.is_method and isinstance(call.func, ast.Attribute):
            positional = positional[1:]
        if param in positional:
            i = positional.index(param)
            if any(isinstance(a, ast.Starred) for a in call.args[: i + 1]):
                return False
            if i < len(call.args):
                return call.args[i]
        if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
            return False
        return func.default(param) if func else None

    def values(self, expr: ast.expr, module: Module, func: Function | None, seen: frozenset = frozenset()) -> Values:
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                return Values({expr.value})
            return Values() if expr.value is None else Values(resolved=False)
        if isinstance(expr, ast.Attribute) and (dotted(expr.value) or "").rpartition(".")[2] == "EVENTS":
            return Values({expr.attr.lower()})
        if isinstance(expr, ast.IfExp):
            return self.values(expr.body, module, func, seen).merge(self.values(expr.orelse, module, func, seen))
        if isinstance(expr, ast.BoolOp):
            out = Values()
            for value in expr.values:
                out.merge(self.values(value, module, func, seen))
            return out
        if isinstance(expr, ast.Tuple | ast.List | ast.Set):
            out = Values()
            for value in expr.elts:
                out.merge(self.values(value, module, func, seen))
            return out
        if isinstance(expr, ast.Dict):
            out = Values()
            for value in expr.values:
                out.merge(self.values(value, module, func, seen))
            return out
        if isinstance(expr, ast.Subscript):
            return self.values(expr.value, module, func, seen)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
            out = self.values(expr.func.value, module, func, seen)
            for default in expr.args[1:]:
                out.merge(self.values(default, module, func, seen))
            return out
        if isinstance(expr, ast.Name):
            if expr.id in seen:
                return Values()
            seen = seen | {expr.id}
            if func is not None and expr.id in func.parameters():
                return Values(forwarded={expr.id})
            assigned = self._local_values(expr.id, module, func)
            if assigned is None:
                assigned = self._local_values(expr.id, module, None)
            if assigned is None:
                return Values(resolved=False)
            out = Values()
            for value in assigned:
                out.merge(self.values(value, module, func, seen))
            return out
        return Values(resolved=False)

    @staticmethod
    def _local_values(name: str, module: Module, func: Function | None) -> list[ast.expr] | None:
        found: list[ast.expr] = []
        for node in _own_nodes(func, module):
            if isinstance(node, ast.Assign) and any(name in _assigned_names(t) for t in node.targets):
                found.append(node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None and name in _assigned_names(node.target):
                found.append(node.value)
            elif isinstance(node, ast.For | ast.comprehension) and name in _assigned_names(node.target):
                found.append(node.iter)
            elif isinstance(node, ast.NamedExpr) and node.target.id == name:
                found.append(node.value)
        return found or None

    def run(self) -> EventReport:
        report = EventReport(self.events, {}, {}, [])
        while True:
            report = EventReport(self.events, {}, {}, [])
            new = {}
            for module, func, call in self._enclosing():
                sender = self._callee(module, call)
                if sender is None:
                    continue
                where = f"{module.path}:{call.lineno}"
                how = sender.rpartition(".")[2]
                argument = self._argument(sender, call)
                if argument is None:
                    continue
                values = Values(resolved=False) if argument is False else self.values(argument, module, func)
                for param in values.forwarded:
                    if func is not None and func.id not in self.senders:
                        new[func.id] = param
                if not values.resolved:
                    fallback = {
                        node.value
                        for node in ast.walk(module.tree)
                        if isinstance(node, ast.Constant) and node.value in self.events
                    }
                    report.unresolved.append(f"{where} ({how}): fell back to {sorted(fallback) or 'nothing'}")
                    values.names |= fallback
                    how += ", module literal fallback"
                for name in values.names:
                    bucket = report.sent if name in self.events else report.unknown
                    bucket.setdefault(name, []).append(f"{where} ({how})")
            if not new:
                return report
            self.senders.update(new)


def analyse_events(sources: dict[str, tuple[str, str]], events: Iterable[str]) -> EventReport:
    return EventAnalysis(sources, events).run()


# --- the contract, checked on the product ------------------------------------------------------


def _spec_report() -> SpecReport:
    return analyse_specs(product_sources(), spec_names())


def _event_report() -> EventReport:
    return analyse_events(product_sources(), event_names())


def test_every_hook_spec_has_a_call_site_in_the_product():
    report = _spec_report()
    lines = []
    for spec in report.unused:
        unwired = report.unwired.get(spec)
        detail = (
            "called only from host helpers no feature uses: " + "; ".join(unwired)
            if unwired
            else "no call site anywhere under mentorhub/"
        )
        lines.append(f"  {spec}: {detail}")
    assert not lines, (
        "DESIGN.md (Plugin API): every spec has a call site in the product. These hook specs "
        "have none (call the typed helper in mentorhub/plugins/_calls.py from a feature):\n" + "\n".join(lines)
    )


def test_every_event_is_sent_by_a_product_path():
    report = _event_report()
    unsent = report.unsent
    message = (
        "DESIGN.md (Plugin API): every event is sent by a product path. These names in "
        "mentorhub.plugins.EVENTS are never passed to record_event under mentorhub/: " + ", ".join(unsent)
    )
    if report.unresolved:
        message += "\n(record_event calls whose name the test could not resolve: " + "; ".join(report.unresolved) + ")"
    assert not unsent, message


def test_every_sent_name_is_an_event():
    # record_event refuses other names at run time; catch the typo before a user does.
    assert _event_report().unknown == {}


def test_the_detectors_see_the_product():
    # Guards against passing by finding nothing (a moved file, a renamed helper).
    specs, events = _spec_report(), _event_report()
    assert len(specs.specs) > 5 and len(events.events) > 5
    assert len(specs.wired) > 5, specs.wired
    assert len(events.sent) > 5, events.sent
    # The chains the docstring describes are followed.
    assert any("flush_events" in s or "emit_event" in s for s in specs.wired["mentorhub_event"])
    assert any("PluginHost.start" in s for s in specs.wired["mentorhub_register"])
    assert any("(transition)" in s for s in events.sent["request_withdrawn"])


# --- the detectors, checked on made-up sources -----------------------------------------------------


def _fake(**modules: str) -> dict[str, tuple[str, str]]:
    return {
        name: (
            name.replace(".", "/") + ("/__init__.py" if name in ("mentorhub", HOST) else ".py"),
            textwrap.dedent(source),
        )
        for name, source in modules.items()
    }


FAKE_HOST = {
    "mentorhub": "",
    "mentorhub.plugins": "from mentorhub.plugins._calls import used_helper as exported\n",
    "mentorhub.plugins._host": """
        class Host:
            @property
            def hook(self):
                return self.pm.hook

            def start(self):
                self.pm.hook.spec_started(app=None)

            def without_defaults(self, name):
                return name
    """,
    "mentorhub.plugins._calls": """
        from mentorhub.plugins._host import get_host

        def used_helper():
            return get_host().hook.spec_used(x=1)

        def picked_helper(defaults=True):
            host = get_host()
            hook = host.hook.spec_picked if defaults else host.without_defaults("spec_picked")
            return hook()

        def chained_helper():
            get_host().hook.spec_chained()

        def unused_helper():
            return get_host().hook.spec_unused(x=1)
    """,
    "mentorhub.plugins._events": """
        from mentorhub.plugins._calls import chained_helper

        def flush():
            chained_helper()

        def record_event(name, **payload):
            pass
    """,
    "mentorhub.plugins._setup": """
        from mentorhub import registries
        from mentorhub.plugins._events import flush

        def init_app(app, host):
            registries.after_commit(app, flush)
            host.start()
    """,
}


def test_the_spec_detector_reports_unused_and_unwired_specs():
    sources = _fake(
        **FAKE_HOST,
        **{
            "mentorhub.app": """
                from mentorhub.plugins import _setup as setup
                from mentorhub.plugins import exported

                def create_app(app, host):
                    setup.init_app(app, host)
                    exported()
            """,
            "mentorhub.slots": """
                from mentorhub.plugins import _calls as calls

                def offer():
                    return calls.picked_helper(defaults=False)
            """,
            "mentorhub.direct": """
                def feature(host):
                    return host.hook.spec_direct(x=1)
            """,
        },
    )
    specs = ["spec_used", "spec_picked", "spec_chained", "spec_started", "spec_direct", "spec_unused", "spec_nowhere"]
    report = analyse_specs(sources, specs)
    assert sorted(report.unused) == ["spec_nowhere", "spec_unused"]
    assert report.unwired == {
        "spec_unused": ["mentorhub/plugins/_calls.py:16 in mentorhub.plugins._calls.unused_helper"]
    }

    # Unwire the start-up chain: everything it reached stops counting.
    sources["mentorhub.app"] = ("mentorhub/app.py", "def create_app():\n    pass\n")
    report = analyse_specs(sources, specs)
    assert sorted(report.unused) == ["spec_chained", "spec_nowhere", "spec_started", "spec_unused", "spec_used"]


def test_the_event_detector_reports_unsent_events():
    sources = _fake(
        **FAKE_HOST,
        **{
            "mentorhub.plugins._api": "EVENTS = None\n",
            "mentorhub.flow": """
                from mentorhub.plugins._api import EVENTS
                from mentorhub.plugins._events import record_event

                NAMES = {"a": "by_table", "b": "by_table_too"}

                def move(item, *, event=None, other="ignored"):
                    if event:
                        record_event(event, id=item)

                def send_all():
                    record_event("literal")
                    record_event(EVENTS.BY_ATTRIBUTE)
                    record_event(name="by_keyword")
                    record_event(NAMES["a"])
                    chosen = "by_variable" if True else "by_variable_too"
                    record_event(chosen)
                    for each in ("in_loop",):
                        record_event(each)
            """,
            "mentorhub.other": """
                from mentorhub import flow
                from mentorhub.flow import move

                def act():
                    move(1, event="forwarded")
                    flow.move(2, event=None)
                    move(3)
            """,
        },
    )
    events = [
        "literal",
        "by_attribute",
        "by_keyword",
        "by_table",
        "by_table_too",
        "by_variable",
        "by_variable_too",
        "in_loop",
        "forwarded",
        "never_sent",
    ]
    report = analyse_events(sources, events)
    assert report.unsent == ["never_sent"]
    assert report.unknown == {} and report.unresolved == []
    assert report.sent["forwarded"] == ["mentorhub/other.py:6 (move)"]

    # A name built in a way the detector cannot follow falls back to the module's literals,
    # and says so.
    sources["mentorhub.odd"] = (
        "mentorhub/odd.py",
        textwrap.dedent("""
        from mentorhub.plugins._events import record_event

        LABEL = "never_sent"

        def odd(prefix):
            record_event(prefix.strip())
    """),
    )
    report = analyse_events(sources, events)
    assert report.unsent == []
    assert report.unresolved == ["mentorhub/odd.py:7 (record_event): fell back to ['never_sent']"]
