"""Lists of names a module computes at import time by filtering its own namespace.

    pairs = list(globals().copy().items())
    dist_names, gen_names = collect_names(pairs, BaseDist)   # a helper of the distribution
    __all__ = dist_names + gen_names + ["Histogram"]

    def collect_names(namespace_pairs, base):
        names, gens = [], []
        for name, value in namespace_pairs:
            if name.startswith("_"):
                continue
            if name.endswith("_gen") and issubclass(value, base):
                gens.append(name)
            if isinstance(value, base):
                names.append(name)
        return names, gens

The same filter may be written as a comprehension at module level
(``[n for n, v in globals().items() if isinstance(v, Base)]``). The scan keeps, per module,
the filter functions it defines (``NameFilter``) and the names bound to such a computation
(``ComputedList``: the namespace as it stood when ``globals()`` was read). Once every module
is scanned, ``resolve_computed`` runs each filter over that namespace, with what the scan
knows of each value (a class and its bases, an instance of a class it calls, a module, a
function), and stores the result as a literal table of the module; an ``__all__`` that names
it reads it like any other table (``name_tables``). A condition it cannot decide (a value of
unknown type given to ``issubclass``, an unsupported test) leaves the list unknown, and the
``__all__`` that used it is computed, as before.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .deprecations import dotted_name
from .name_tables import table_ref

MAX_DEPTH = 30
SNAPSHOT_WRAPPERS = ("list", "tuple", "dict", "sorted")
Cond = tuple  # ("and"|"or", a, b) ("not", a) ("starts"|"ends", strs) ("in", strs)
#               ("isinstance"|"issubclass", refs) ("const", bool); a ref: ("param", i) | ("ref", dotted)


@dataclass(frozen=True)
class NameFilter:
    """A loop over (name, value) pairs that appends names to lists by tests on both."""

    params: tuple[str, ...]
    source: int  # the index of the parameter iterated (-1: the namespace itself)
    name_var: str
    value_var: str | None
    steps: tuple  # ("skip", cond) | ("add", cond, list name), in order
    returns: tuple[str, ...]  # the lists returned; one name for a single list


@dataclass
class Snapshot:
    """The module's namespace when ``globals()`` was read: its names and star imports."""

    names: list[str]
    stars: list[str]
    pairs: bool  # ``.items()`` was taken: the loop gets (name, value)


@dataclass
class ComputedList:
    function: str  # the filter's dotted name in the module ("" for an inline comprehension)
    index: int | None  # which returned list (None: the whole result)
    snapshot: Snapshot
    args: list[str] = field(default_factory=list)  # dotted names of the other arguments
    inline: NameFilter | None = None


class _Unknown(Exception):
    """A test the scan cannot decide."""


# --- scan time -----------------------------------------------------------------------------

def filter_of(node: ast.FunctionDef | ast.AsyncFunctionDef) -> NameFilter | None:
    """The model of a function that filters (name, value) pairs into lists, else None."""
    params = tuple(a.arg for a in [*node.args.posonlyargs, *node.args.args])
    body = [s for s in node.body if not _is_docstring(s)]
    lists: set[str] = set()
    loop: ast.For | None = None
    for stmt in body[:-1]:
        if _empty_list_assign(stmt):
            lists.update(_names(stmt.targets[0]))  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.For) and loop is None:
            loop = stmt
        else:
            return None
    returned = _returned_lists(body[-1] if body else None)
    if loop is None or not returned or not set(returned) <= lists or loop.orelse:
        return None
    if not (isinstance(loop.iter, ast.Name) and loop.iter.id in params):
        return None
    loop_vars = _loop_vars(loop.target)
    if loop_vars is None:
        return None
    context = _Context(params, *loop_vars)
    steps = _steps(loop.body, ("const", True), lists, context)
    if steps is None:
        return None
    return NameFilter(params, params.index(loop.iter.id), *loop_vars, tuple(steps),
                      tuple(returned))


def snapshot_of(node: ast.expr | None, names: list[str], stars: list[str],
                saved: dict[str, Snapshot]) -> Snapshot | None:
    """``globals()`` read at this point (``list(globals().copy().items())`` and the like),
    or a name bound to such a read."""
    if isinstance(node, ast.Name):
        return saved.get(node.id)
    pairs = False
    while isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("globals", "vars", "locals") and not node.args:
            return Snapshot(list(names), list(stars), pairs)
        if isinstance(func, ast.Name) and func.id in SNAPSHOT_WRAPPERS and len(node.args) == 1:
            node = node.args[0]
        elif isinstance(func, ast.Attribute) and func.attr in ("copy", "items", "keys") \
                and not node.args:
            pairs = pairs or func.attr == "items"
            node = func.value
        else:
            return None
    return None


def computed_call(value: ast.expr | None, names: list[str], stars: list[str],
                  saved: dict[str, Snapshot]) -> tuple[str, Snapshot, list[str]] | None:
    """``f(<namespace>, Base, ...)``: the function's dotted name, the namespace and the
    dotted names of the other positional arguments ("" where one is not a name)."""
    if not isinstance(value, ast.Call) or value.keywords:
        return None
    function = dotted_name(value.func) if isinstance(value.func, (ast.Name, ast.Attribute)) else ""
    if not function:
        return None
    snapshot, args = None, []
    for arg in value.args:
        found = snapshot_of(arg, names, stars, saved)
        if found is not None and snapshot is None:
            snapshot = found
            args.append("")
        else:
            args.append(dotted_name(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else "")
    return (function, snapshot, args) if snapshot is not None else None


def comprehension_list(value: ast.expr | None, names: list[str], stars: list[str],
                       saved: dict[str, Snapshot]) -> ComputedList | None:
    """``[n for n, v in globals().items() if isinstance(v, Base)]`` at module level."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
            value.func.id in SNAPSHOT_WRAPPERS and len(value.args) == 1:
        value = value.args[0]
    if not isinstance(value, (ast.ListComp, ast.GeneratorExp)) or len(value.generators) != 1:
        return None
    generator = value.generators[0]
    snapshot = snapshot_of(generator.iter, names, stars, saved)
    loop_vars = _loop_vars(generator.target)
    if snapshot is None or loop_vars is None or generator.is_async or \
            not (isinstance(value.elt, ast.Name) and value.elt.id == loop_vars[0]):
        return None
    context = _Context((), *loop_vars)
    cond: Cond = ("const", True)
    for test in generator.ifs:
        parsed = _cond(test, context)
        if parsed is None:
            return None
        cond = ("and", cond, parsed)
    model = NameFilter((), -1, *loop_vars, (("add", cond, "_"),), ("_",))
    return ComputedList("", None, snapshot, inline=model)


@dataclass
class _Context:
    params: tuple[str, ...]
    name_var: str
    value_var: str | None


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and \
        isinstance(stmt.value.value, str)


def _empty_list_assign(stmt: ast.stmt) -> bool:
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return False
    value, target = stmt.value, stmt.targets[0]
    if isinstance(target, ast.Name):
        return _empty_list(value)
    return isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and \
        all(isinstance(t, ast.Name) for t in target.elts) and all(_empty_list(v) for v in value.elts)


def _empty_list(node: ast.expr) -> bool:
    return (isinstance(node, ast.List) and not node.elts) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list"
        and not node.args)


def _names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    return [t.id for t in target.elts if isinstance(t, ast.Name)]  # type: ignore[attr-defined]


def _returned_lists(stmt: ast.stmt | None) -> list[str]:
    if not isinstance(stmt, ast.Return) or stmt.value is None:
        return []
    value = stmt.value
    items = value.elts if isinstance(value, ast.Tuple) else [value]
    if not all(isinstance(i, ast.Name) for i in items):
        return []
    return [i.id for i in items]  # type: ignore[attr-defined]


def _loop_vars(target: ast.expr) -> tuple[str, str | None] | None:
    if isinstance(target, ast.Name):
        return target.id, None
    if isinstance(target, ast.Tuple) and len(target.elts) == 2 and \
            all(isinstance(e, ast.Name) for e in target.elts):
        return target.elts[0].id, target.elts[1].id  # type: ignore[attr-defined]
    return None


def _steps(body: list[ast.stmt], guard: Cond, lists: set[str], context: _Context) -> list | None:
    steps: list = []
    for stmt in body:
        if isinstance(stmt, ast.If):
            cond = _cond(stmt.test, context)
            if cond is None:
                return None
            if len(stmt.body) == 1 and isinstance(stmt.body[0], ast.Continue) and not stmt.orelse:
                steps.append(("skip", ("and", guard, cond)))
                continue
            inner = _steps(stmt.body, ("and", guard, cond), lists, context)
            other = _steps(stmt.orelse, ("and", guard, ("not", cond)), lists, context)
            if inner is None or other is None:
                return None
            steps += inner + other
        elif _appends_name(stmt, lists, context.name_var):
            steps.append(("add", guard, stmt.value.func.value.id))  # type: ignore[attr-defined]
        elif not isinstance(stmt, ast.Pass):
            return None
    return steps


def _appends_name(stmt: ast.stmt, lists: set[str], name_var: str) -> bool:
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
        call.func.attr == "append" and isinstance(call.func.value, ast.Name) and \
        call.func.value.id in lists and len(call.args) == 1 and \
        isinstance(call.args[0], ast.Name) and call.args[0].id == name_var


def _cond(node: ast.expr, context: _Context) -> Cond | None:
    if isinstance(node, ast.BoolOp):
        parts = [_cond(v, context) for v in node.values]
        if None in parts:
            return None
        op = "and" if isinstance(node.op, ast.And) else "or"
        result = parts[0]
        for part in parts[1:]:
            result = (op, result, part)
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _cond(node.operand, context)
        return ("not", inner) if inner is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return ("const", node.value)
    if isinstance(node, ast.Compare):
        return _membership(node, context)
    if isinstance(node, ast.Call) and not node.keywords:
        return _call_cond(node, context)
    return None


def _membership(node: ast.Compare, context: _Context) -> Cond | None:
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.In, ast.NotIn)) or \
            not (isinstance(node.left, ast.Name) and node.left.id == context.name_var):
        return None
    strings = _strings(node.comparators[0])
    if strings is None:
        return None
    return ("in", strings) if isinstance(node.ops[0], ast.In) else ("not", ("in", strings))


def _call_cond(node: ast.Call, context: _Context) -> Cond | None:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("startswith", "endswith") and \
            isinstance(func.value, ast.Name) and func.value.id == context.name_var and \
            len(node.args) == 1:
        strings = _strings(node.args[0])
        return ("starts" if func.attr == "startswith" else "ends", strings) if strings else None
    if isinstance(func, ast.Name) and func.id in ("isinstance", "issubclass") and \
            len(node.args) == 2 and isinstance(node.args[0], ast.Name) and \
            node.args[0].id == context.value_var:
        refs = _class_refs(node.args[1], context)
        return (func.id, refs) if refs else None
    return None


def _class_refs(node: ast.expr, context: _Context) -> tuple | None:
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    refs = []
    for item in items:
        if isinstance(item, ast.Name) and item.id in context.params:
            refs.append(("param", context.params.index(item.id)))
        elif isinstance(item, (ast.Name, ast.Attribute)) and dotted_name(item):
            refs.append(("ref", dotted_name(item)))
        else:
            return None
    return tuple(refs)


def _strings(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return tuple(e.value for e in node.elts)  # type: ignore[attr-defined]
    return None


# --- once every module is scanned ------------------------------------------------------------

def resolve_computed(modules: dict) -> None:
    """Run each module's computed lists and store them as its literal tables; an ``__all__``
    part that names a list still unknown makes that ``__all__`` computed."""
    world = StaticScope(modules)
    for info in modules.values():
        for list_name, computed in info.computed_lists.items():
            names = world.run(info, computed)
            if names is not None:
                info.name_tables[list_name] = dict.fromkeys(names, info.name)
    for info in modules.values():
        for path in info.pending_tables:
            module, _, name = path.rpartition(".")
            other = modules.get(module)
            if other is None or name not in other.name_tables:
                info.all_from = [r for r in info.all_from if r != table_ref(path)]
                info.all_computed = True


class StaticScope:
    """What the scan knows of every module's names (imports followed, not run): for the
    filters' tests, and for callees in other modules (``inherited_deprecations``)."""

    def __init__(self, modules: dict) -> None:
        self.modules = modules
        self._resolved: dict[tuple[str, str], str | None] = {}
        self._resolving: set[tuple[str, str]] = set()

    def run(self, info, computed: ComputedList) -> list[str] | None:
        model, home = (computed.inline, info.name) if computed.inline is not None else \
            self._filter(info.name, computed.function)
        if model is None or (model.value_var is not None and not computed.snapshot.pairs):
            return None
        args = [self.resolve(info.name, a) if a else None for a in computed.args]
        try:
            lists = self._apply(model, info.name, computed.snapshot, args, home)
        except _Unknown:
            return None
        if computed.index is None:
            return lists[0] if len(model.returns) == 1 else None
        return lists[computed.index] if computed.index < len(lists) else None

    def _filter(self, module: str, function: str) -> tuple[NameFilter | None, str]:
        """The filter a call names, and the module that defines it."""
        path = self.resolve(module, function)
        owner, _, name = (path or "").rpartition(".")
        info = self.modules.get(owner)
        return (info.name_filters.get(name) if info is not None else None), owner

    def _apply(self, model: NameFilter, module: str, snapshot: Snapshot,
               args: list[str | None], home: str) -> list[list[str]]:
        args = [*args, home]  # the last: where the filter's own names are looked up
        found: dict[str, list[str]] = {name: [] for name in model.returns}
        for name in self._namespace(module, snapshot):
            value = self._describe(module, name)
            for step in model.steps:
                if step[0] == "skip" and self._test(step[1], name, value, model, args):
                    break
                if step[0] == "add" and step[2] in found and \
                        self._test(step[1], name, value, model, args):
                    found[step[2]].append(name)
        return [found[name] for name in model.returns]

    def _namespace(self, module: str, snapshot: Snapshot) -> list[str]:
        names = list(snapshot.names)
        for star in snapshot.stars:
            other = self.modules.get(star)
            if other is None:
                raise _Unknown(star)  # another distribution's or a compiled module's names
            names += other.all_names if other.all_names is not None and not other.all_from \
                else [n for n in other.bindings if not n.startswith("_")]
        return list(dict.fromkeys(n for n in names if not (n.startswith("__") and n.endswith("__"))))

    def _test(self, cond: Cond, name: str, value: tuple, model: NameFilter,
              args: list[str | None]) -> bool:
        op = cond[0]
        if op == "const":
            return cond[1]
        if op == "and":
            return self._test(cond[1], name, value, model, args) and \
                self._test(cond[2], name, value, model, args)
        if op == "or":
            return self._test(cond[1], name, value, model, args) or \
                self._test(cond[2], name, value, model, args)
        if op == "not":
            return not self._test(cond[1], name, value, model, args)
        if op == "starts":
            return name.startswith(cond[1])
        if op == "ends":
            return name.endswith(cond[1])
        if op == "in":
            return name in cond[1]
        bases = [self._class_arg(ref, model, args) for ref in cond[1]]
        if op == "issubclass":
            if value[0] != "class":
                raise _Unknown(name)  # Python raises TypeError, or the scan cannot tell
            return any(self.subclass(value[1], base) for base in bases)
        return value[0] == "instance" and any(self.subclass(value[1], base) for base in bases)

    def _class_arg(self, ref: tuple, model: NameFilter, args: list[str | None]) -> str:
        if ref[0] == "param":
            path = args[ref[1]] if ref[1] < len(args) - 1 else None
        else:
            path = self.resolve(args[-1] or "", ref[1])
        if path is None:
            raise _Unknown(str(ref))
        return path

    def _describe(self, module: str, name: str) -> tuple:
        """("class", path), ("instance", class path), ("module",), ("function",), ("other",)."""
        path = self.resolve(module, name)
        if path is None:
            return ("other",)
        if path in self.modules:
            return ("module",)
        info = self.owner(path)
        definition = info.definitions.get(path) if info is not None else None
        if definition is None:
            return ("other",)
        if definition.kind == "class":
            return ("class", path)
        if definition.kind == "function":
            return ("function",)
        made_by = info.raw_returns.get(path)
        cls = self.resolve(info.name, made_by) if made_by else None
        owner = self.owner(cls) if cls else None
        if owner is not None and getattr(owner.definitions.get(cls), "kind", "") == "class":
            return ("instance", cls)
        return ("other",)

    def owner(self, path: str):
        module = path
        while "." in module:
            module = module.rpartition(".")[0]
            if module in self.modules:
                return self.modules[module]
        return None

    def subclass(self, cls: str, base: str) -> bool:
        return cls == base or base in self.bases_of(cls)

    def bases_of(self, cls: str) -> list[str]:
        """The classes ``cls`` derives from, nearest first (breadth first, not the MRO)."""
        order: list[str] = []
        pending = [cls]
        while pending and len(order) < 200:
            current = pending.pop(0)
            owner = self.owner(current)
            if owner is None:
                continue
            for raw in owner.class_bases.get(current, []):
                resolved = self.resolve(owner.name, raw)
                if resolved and resolved not in order and resolved != cls:
                    order.append(resolved)
                    pending.append(resolved)
        return order

    def resolve(self, module: str, dotted: str, depth: int = 0) -> str | None:
        """The path a dotted name in a module refers to, by following imports (not run).
        Memoised, and a name met again while it is being resolved (star-import cycles)
        resolves to nothing."""
        key = (module, dotted)
        if key in self._resolved:
            return self._resolved[key]
        info = self.modules.get(module)
        if info is None or depth > MAX_DEPTH or key in self._resolving:
            return None
        self._resolving.add(key)
        try:
            result = self._resolve(info, dotted, depth)
        finally:
            self._resolving.discard(key)
        self._resolved[key] = result
        return result

    def _resolve(self, info, dotted: str, depth: int) -> str | None:
        head, _, rest = dotted.partition(".")
        current = self._resolve_head(info, head, depth)
        for part in rest.split(".") if rest and current else []:
            current = self.resolve(current, part, depth + 1) if current in self.modules \
                else f"{current}.{part}"
            if current is None:
                return None
        return current

    def _resolve_head(self, info, name: str, depth: int) -> str | None:
        binding = info.bindings.get(name)
        if binding is None:
            for star in reversed(info.star_imports):
                found = self.resolve(star, name, depth + 1)
                if found is not None:
                    return found
            return None
        if binding.kind == "def":
            return binding.target
        if binding.kind == "value":
            return f"{info.name}.{name}"
        if binding.kind == "module" or binding.target in self.modules:
            return binding.target
        if binding.kind == "import":
            owner, _, attr = binding.target.rpartition(".")
            return self.resolve(owner, attr, depth + 1) if owner in self.modules else None
        if binding.target.split(".")[0] == name:
            return None
        return self.resolve(info.name, binding.target, depth + 1)  # an alias
