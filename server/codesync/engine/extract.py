"""Read one module's source into what it binds, exports and defines (static, ast only)."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Definition,
    Deprecation,
    Param,
    ValueDeprecation,
)
from . import deprecations as dep
from .branches import Runs, which_runs
from .class_fields import FieldEntry, decorator_options, init_params
from .conditional_deprecations import inherit_conditional, keep_conditional
from .default_notices import Notice, apply_default_notices, notice_of
from .deprecated_defaults import TEMPLATE_FORM, apply_parameter_tables
from .deprecating_factories import loop_deprecations
from .exits import (
    FALSY_DEFAULTS,
    always_leaves,
    fallen_through,
    is_fallen_through,
    negation,
    presence_subject,
    skips_rest,
)
from .extra_positionals import apply_positional_limits
from .forwarding import Forward, forwarded
from .forwarding_calls import apply_forwarding, binding_resolver
from .getattr_factories import (
    FactoryCall,
    HookFactory,
    adopt_served,
    factory_call,
    hook_factory,
    returned_hook,
    served_by_call,
)
from .global_enum import binds_members_globally
from .inherited_deprecations import ForwardCall, forward_calls
from .injected import Injector, injection_sites, is_globals_call, is_module_ref
from .module_exporters import DecoratedClass, decorated_classes, exporters
from .module_getattr import ModuleLiterals, Served, class_served, served_names, table_entries
from .name_tables import table_of, table_path, table_ref
from .namespace_filters import (
    ComputedList,
    NameFilter,
    Snapshot,
    comprehension_list,
    computed_call,
    filter_of,
    snapshot_of,
)
from .parse import parse_source
from .signature_decorators import added_parameters
from .stdlib_constants import stdlib_constant
from .value_bounds import Bound, bound_of, reaching_values
from .value_deprecations import (
    LiteralTable,
    aliases,
    guarded_values,
    literal_tables,
    subject_key,
    tested_parameters,
)
from .value_forwarding import handed_on

MAX_DEFAULT_TEXT = 80
DOC_TYPE_PREFIX = "doc:"  # a return type read from a docstring, resolved by name suffix
MUTATORS = {"append", "extend", "insert", "remove", "pop", "clear", "update", "setdefault",
            "add", "discard", "popitem"}
EXPIRY_TABLES = {"__expired_attributes__", "__expired_functions__", "__expired_attrs__",
                 "__former_attrs__"}
# names a module __getattr__ still serves, with a warning
DEPRECATION_TABLES = {"__deprecated_attrs__", "_deprecated_attrs"}
NAME_TABLES = EXPIRY_TABLES | DEPRECATION_TABLES


@dataclass
class Binding:
    """What a module-level name refers to. ``kind``: def, import, module, alias, value."""

    kind: str
    target: str = ""


@dataclass
class ModuleInfo:
    name: str
    is_package: bool
    is_stub: bool = False
    parse_how: str = "ast"
    parse_error: str = ""
    bindings: dict[str, Binding] = field(default_factory=dict)
    all_names: list[str] | None = None
    all_from: list[str] = field(default_factory=list)  # modules whose __all__ is added
    star_imports: list[str] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)
    # raw base-class expressions per class path, resolved later against bindings
    class_bases: dict[str, list[str]] = field(default_factory=dict)
    # unresolved return annotations per function path
    raw_returns: dict[str, str] = field(default_factory=dict)
    # functions whose overloads return something unknown (so no return type is kept)
    unknown_returns: set[str] = field(default_factory=set)
    # what iterating the result gives, from ``Iterator[X]``/``Iterable[tuple[X, Y]]`` results:
    # "X", or "(X,Y)" for tuples (a slot left empty when it is not a plain class)
    raw_yields: dict[str, str] = field(default_factory=dict)
    # return types the docstrings name, used where the code says nothing that resolves
    doc_returns: dict[str, str] = field(default_factory=dict)
    expired: dict[str, str] = field(default_factory=dict)
    expired_from: list[str] = field(default_factory=list)  # modules whose expiry table it imports
    deprecated_names: dict[str, str] = field(default_factory=dict)  # served with a warning
    has_getattr: bool = False
    getattr_node: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    served: Served | None = None  # what __getattr__ can return, when its body says
    getattr_call: FactoryCall | None = None  # ``__getattr__ = factory(__name__)``
    getattr_factories: dict[str, HookFactory] = field(default_factory=dict)  # see that module
    literals: ModuleLiterals = field(default_factory=ModuleLiterals)
    # functions whose decorator copies another function's deprecators: path -> expression
    deprecator_sources: dict[str, str] = field(default_factory=dict)
    # names bound only by the .pyi overlay, and the names the stub declares public
    stub_bindings: dict[str, Binding] = field(default_factory=dict)
    stub_names: list[str] = field(default_factory=list)
    # a stub's imports from private modules without a re-exporting alias (``from
    # numpy._typing import ArrayLike``): types the stub uses, not names the module has
    stub_helpers: set[str] = field(default_factory=set)
    # the stub's definitions of names the source imports (``surface.merge_stub``): used where
    # the import leads to a compiled module (numpy 2's ``ndarray``), whose shape is unknown
    stub_definitions: dict[str, Definition] = field(default_factory=dict)
    # calls to same-module helpers with parameters as arguments: path -> [(helper, args, kwargs)]
    helper_calls: dict[str, list] = field(default_factory=dict)
    # module-level helpers that add to __all__ (numpy's extend_all(module))
    all_extenders: set[str] = field(default_factory=set)
    # names bound only where nothing runs on import (``if TYPE_CHECKING:``, the Windows branch,
    # an ``except`` fallback): not attributes of the module, yet they name types
    type_bindings: dict[str, Binding] = field(default_factory=dict)
    # of those, the ones ``if TYPE_CHECKING:`` binds (and its star imports): they name what a
    # module whose names are made at import time will have (a lazy module, a computed __all__)
    checking_only: set[str] = field(default_factory=set)
    checking_stars: list[str] = field(default_factory=list)
    all_computed: bool = False  # __all__ grows by names computed at import time
    all_injected: bool = False  # ... by names a loop also sets with ``globals()[name] = ...``
    replaced: bool = False  # ``sys.modules[__name__] = ...``: a lazy module object stands in
    # module-level enum classes and their members (for loops that re-export them)
    enum_members: dict[str, list[str]] = field(default_factory=dict)
    module_refs: set[str] = field(default_factory=set)  # names bound to sys.modules[__name__]
    # module-level names bound once, unconditionally, to a literal: name -> its source text
    constants: dict[str, str] = field(default_factory=dict)
    # names this module sets on other modules of the release (``setattr(ensemble, "X", X)``,
    # ``type_api.NULLTYPE = NullType()``): (module binding, name, value or "" for a value)
    foreign: list[tuple[str, str, str]] = field(default_factory=list)
    # a shim's __getattr__ forwards every name to another module, with a warning
    forward: Forward | None = None
    # names deleted at module level (``del linalg`` after ``from numpy import *``)
    deleted: set[str] = field(default_factory=set)
    # names bound to ``deprecated(...)(other)``: name -> (the wrapped expression, deprecation)
    wrapped: dict[str, tuple[str, Deprecation]] = field(default_factory=dict)
    # decorators defined here that append parameters to a signature: path -> the parameters
    signature_adders: dict[str, list[Param]] = field(default_factory=dict)
    # functions with decorators not understood here: path -> the decorators' dotted names
    raw_decorators: dict[str, list[str]] = field(default_factory=dict)
    # module-level literal dicts keyed by names: table -> key -> the module its value names
    name_tables: dict[str, dict[str, str]] = field(default_factory=dict)
    # functions that filter (name, value) pairs into lists of names, and the module-level
    # names bound to such a filter run over this module's namespace (``namespace_filters``)
    name_filters: dict[str, NameFilter] = field(default_factory=dict)
    computed_lists: dict[str, ComputedList] = field(default_factory=dict)
    # tables ``__all__`` names that only the filters can fill: ``pkg.mod.name``
    pending_tables: set[str] = field(default_factory=set)
    # calls that hand parameters (or self attributes) to a callee elsewhere: path -> calls
    forward_calls: dict[str, list[ForwardCall]] = field(default_factory=dict)
    # functions that set names on the module of the class they decorate, and the decorated
    # classes (``module_exporters``): joined by the surface across modules
    exporters: dict[str, list[str]] = field(default_factory=dict)
    decorated_classes: list[DecoratedClass] = field(default_factory=list)
    # functions of other modules that a class's methods hand ``self`` to: class path -> their
    # paths (one in a compiled module may set any attribute: numpy 2.4's finfo)
    self_handlers: dict[str, list[str]] = field(default_factory=dict)


def scan_module(name: str, source: str, is_package: bool, is_stub: bool = False) -> ModuleInfo:
    info = ModuleInfo(name=name, is_package=is_package, is_stub=is_stub)
    result = parse_source(source, name)
    info.parse_how, info.parse_error = result.how, result.error
    if result.tree is None:
        return info
    scanner = _ModuleScanner(info)
    scanner.reads_signatures = "__signature__" in source
    scanner.tables = literal_tables(result.tree.body)
    scanner.visit_body(result.tree.body)
    if not is_stub and "__module__" in source:
        info.exporters = exporters(result.tree, name)
    info.decorated_classes = decorated_classes(result.tree)
    apply_parameter_tables(result.tree, name, info.definitions)
    apply_default_notices(result.tree, name, info.definitions, scanner.default_notices)
    if not is_stub:
        apply_forwarding(result.tree, name, info.definitions, binding_resolver(info.bindings))
    _inherit_from_helpers(info)
    if not is_stub and "warn" in source:
        apply_positional_limits(result.tree, name, info.definitions)
    _resolve_wrapped(info)
    if info.getattr_node is not None:
        info.served = served_names(info.getattr_node, info.literals, info.all_names,
                                   info.enum_members)
    elif scanner.getattr_class is not None:
        info.served = class_served(scanner.getattr_class, info.literals)
    for function in scanner.hook_factories:
        factory = hook_factory(function, info.literals, info.all_names, info.enum_members)
        if factory is not None:
            info.getattr_factories[function.name] = factory
    _serve_from_own_factory(info)
    if info.served is not None:  # __getattr__ runs only for names the module lacks
        adopt_served(info, info.served)
    elif info.getattr_node is not None:
        modules = {n: b.target for n, b in info.bindings.items() if b.kind in ("module", "import")}
        info.forward = forwarded(info.getattr_node, modules, info.literals.strings, name,
                                 is_package)
    if injection_sites(result.tree.body, info.module_refs, scanner.injector.namespaces) - \
            scanner.injector.read:
        info.has_getattr = True  # names made at import time: missing ones may still exist
        info.served, info.getattr_call = None, None
    if info.all_extenders - scanner.extenders_called:
        info.all_computed = True  # a helper others call adds to __all__ (numpy.dtypes)
    _promote_checked_names(info)
    info.getattr_node, info.literals = None, ModuleLiterals()  # the tree is not kept
    return info


def _top_level_ifs(body: list[ast.stmt]):
    """The function's own ``if`` statements and their ``elif`` branches."""
    for stmt in body:
        while isinstance(stmt, ast.If):
            yield stmt
            stmt = stmt.orelse[0] if len(stmt.orelse) == 1 else None


def _exclusive_pairs(body: list[ast.stmt], params: set[str]) -> list[list[str]]:
    """``if a is not X and b is not Y: raise ...``: giving both ``a`` and ``b`` is an error."""
    pairs: list[list[str]] = []
    for stmt in _top_level_ifs(body):  # a check nested under another condition may not run
        if not (isinstance(stmt, ast.If) and any(isinstance(s, ast.Raise) for s in stmt.body)):
            continue
        test = stmt.test
        if not (isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)):
            continue
        terms = [_is_not_term(v, params) for v in test.values]
        if len(terms) == 2 and all(terms):
            (a, x), (b, y) = terms
            if a != b:
                pairs.append([a, x, b, y])
    return pairs


def _is_not_term(node: ast.expr, params: set[str]) -> tuple[str, str] | None:
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.IsNot) \
            and isinstance(node.left, ast.Name) and node.left.id in params:
        return node.left.id, ast.unparse(node.comparators[0])
    return None


FORWARDED = "**"  # in a helper call's keywords: the caller's ``**kwargs`` handed on whole


def _helper_calls(body: list[ast.stmt], params: set[str], var_keyword: str | None = None) -> list:
    """Calls to module functions that pass the caller's parameters on: (helper name,
    positional parameter names, {helper keyword: parameter name})."""
    calls = []
    for stmt in body:  # a walk of each statement reaches the nested ones (once each)
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = [a.id if isinstance(a, ast.Name) and a.id in params else None for a in node.args]
                kwargs = {k.arg: k.value.id for k in node.keywords if k.arg and
                          isinstance(k.value, ast.Name) and k.value.id in params}
                if var_keyword and any(k.arg is None and isinstance(k.value, ast.Name)
                                       and k.value.id == var_keyword for k in node.keywords):
                    kwargs[FORWARDED] = var_keyword
                if any(args) or kwargs:
                    calls.append((node.func.id, args, kwargs))
    return calls


def _inherit_from_helpers(info: ModuleInfo) -> None:
    """A function that hands its parameters to a module helper inherits what the helper does
    with them: a pair it refuses together (pandas' read_csv and _refine_defaults_read), a
    keyword it warns about (a rename done in the helper), keywords it accepts through the
    function's ``**kwargs``."""
    for path, calls in info.helper_calls.items():
        record = info.definitions.get(path)
        for helper_name, args, kwargs in calls:
            helper = info.definitions.get(f"{info.name}.{helper_name}")
            if record is None or helper is None or helper.params is None or helper is record:
                continue
            mapping = {p.name: a for p, a in zip(helper.params, args) if a}
            mapping.update({k: v for k, v in kwargs.items() if k != FORWARDED})
            for a, x, b, y in helper.exclusive:
                if a in mapping and b in mapping:
                    pair = [mapping[a], x, mapping[b], y]
                    if pair not in record.exclusive:
                        record.exclusive.append(pair)
            _inherit_deprecations(record, helper, mapping, FORWARDED in kwargs)
            inherit_conditional(record, helper)


def _inherit_deprecations(record: Definition, helper: Definition, mapping: dict[str, str],
                          forwarded: bool) -> None:
    own = {p.name for p in record.params or []}
    for name, found in helper.param_deprecations.items():
        public = mapping.get(name)
        if public is None and forwarded and name not in own and not name.startswith("*"):
            public = name  # reaches the helper through the caller's **kwargs
            record.extra_keywords.setdefault(name, mapping.get(found.replacement or "", "")
                                             or helper.extra_keywords.get(name, ""))
        if public is None:
            continue
        if found.replacement in mapping:
            found = replace(found, replacement=mapping[found.replacement])
        record.param_deprecations.setdefault(public, found)
    for name, items in helper.value_deprecations.items():
        held = [i for i in items if not (i.unless or i.together or i.when) and handed_on(i)]
        if name in mapping and held:
            record.value_deprecations.setdefault(mapping[name], held)
    if forwarded:
        for name, new in helper.extra_keywords.items():
            if name not in own:
                record.extra_keywords.setdefault(name, new)


def _serve_from_own_factory(info: ModuleInfo) -> None:
    """``__getattr__ = _make_getattr(__name__)`` with the factory defined in this module."""
    call = info.getattr_call
    binding = info.bindings.get(call.factory) if call is not None else None
    factory = info.getattr_factories.get(call.factory) if call is not None else None
    if factory is not None and binding is not None and binding.kind == "def" \
            and info.served is None:
        info.served = served_by_call(factory, call)  # type: ignore[arg-type]


def _promote_checked_names(info: ModuleInfo) -> None:
    """Names bound for type checkers are the module's own where the module makes its names
    at import time: a lazy module object replaces it, its ``__getattr__`` serves an open set
    or these very names (without a warning), its ``__all__`` is computed, or its ``__all__``
    lists them (another module sets them: ``from M import *`` would fail otherwise)."""
    open_set = info.replaced or info.all_computed or (info.has_getattr and info.served is None)
    served = set(info.served.names) - set(info.deprecated_names) if info.served else set()
    listed = set(info.all_names or ())  # ``__all__`` promises them: set by other code at run time
    for name in sorted(info.checking_only):
        if (open_set or name in served or name in listed) and name not in info.bindings:
            info.bindings[name] = info.type_bindings[name]
    if open_set:
        info.star_imports.extend(s for s in info.checking_stars if s not in info.star_imports)


def _resolve_wrapped(info: ModuleInfo) -> None:
    """``name = deprecated(msg)(function)``: a deprecated copy of the function it wraps (one
    of this module's), else a deprecated callable of unknown signature."""
    for name, (target, deprecation) in info.wrapped.items():
        binding = info.bindings.get(name)
        if binding is None or binding.kind != "value":
            continue  # rebound since
        path = f"{info.name}.{name}"
        source = info.definitions.get(f"{info.name}.{target}") if target else None
        info.raw_returns.pop(path, None)
        if source is not None and source.kind == "function":
            info.definitions[path] = replace(source, path=path, deprecated=deprecation)
            for table in (info.raw_returns, info.doc_returns):
                if source.path in table:
                    table[path] = table[source.path]
        else:
            info.definitions[path] = Definition(path=path, kind="function", decorated=True,
                                                deprecated=deprecation)
        info.bindings[name] = Binding("def", path)


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    base = ".".join(parts)
    if target:
        return f"{base}.{target}" if base else target
    return base


# what a branch that does not run may have changed, and is put back afterwards
_RESTORED_TABLES = ("raw_returns", "raw_yields", "doc_returns", "class_bases", "helper_calls",
                    "deprecator_sources")


class _ModuleScanner:
    def __init__(self, info: ModuleInfo) -> None:
        self.info = info
        self.depth = 0  # inside an if/try/loop: a binding there is not a sure constant
        self.getattr_class: ast.ClassDef | None = None
        self.hook_factories: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.default_notices: list[Notice] = []  # "the default of `x` will change" warnings
        self.injector = Injector(info.enum_members, info.module_refs, info.literals.name_lists,
                                 info.literals.string_dicts)
        self._bound_once: dict[str, int] = {}
        self.extenders_called: set[str] = set()
        self._injecting = False  # inside a loop that sets names through ``globals()``
        self.reads_signatures = False  # the source mentions ``__signature__`` at all
        self._global_setters: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self._replacements: set[str] = set()  # ``sys.modules[__name__] = newmod``
        self._snapshots: dict[str, Snapshot] = {}  # names bound to a read of ``globals()``
        self.tables: dict[str, LiteralTable] = {}  # module-level literal collections

    # module level ------------------------------------------------------------------------
    def visit_body(self, body: list[ast.stmt]) -> None:
        for node in body:
            self.visit_stmt(node)

    def visit_stmt(self, node: ast.stmt) -> None:
        info = self.info
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(node, f"{info.name}.{node.name}", owner=None)
            self._note_signature_adder(node, f"{info.name}.{node.name}")
            self._global_setters[node.name] = node  # a call at module level runs it on import
            if node.name == "__getattr__":
                info.has_getattr = True
                info.getattr_node = node
            elif returned_hook(node) is not None:
                self.hook_factories.append(node)
            if _extends_all(node):
                info.all_extenders.add(node.name)
            model = filter_of(node) if any(isinstance(s, ast.For) for s in node.body) else None
            if model is not None:
                info.name_filters[node.name] = model
        elif isinstance(node, ast.ClassDef):
            self._class(node, f"{info.name}.{node.name}")
            self._note_signature_adder(node, f"{info.name}.{node.name}")
            info.bindings[node.name] = Binding("def", f"{info.name}.{node.name}")
            self._note_enum(node)
            if binds_members_globally(node):
                self._bind_injected(info.enum_members.get(node.name, []))
            if node.name == "__getattr__":  # a class (made by a decorator) serves the names
                info.has_getattr, info.getattr_node = True, None
                self.getattr_class = node
        elif isinstance(node, ast.If):
            self._if(node)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self._try(node)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self._loop(node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                name = target.id if isinstance(target, ast.Name) else self._own_attribute(target)
                if name:
                    self._keep_aliases_of(name)
                    info.bindings.pop(name, None)
                    info.constants.pop(name, None)
                    if self.depth == 0:
                        info.deleted.add(name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                self._bind_submodule(alias.name)
                if alias.asname:
                    info.bindings[alias.asname] = Binding("module", alias.name)
                    if info.is_stub and alias.asname != alias.name:
                        info.stub_helpers.add(alias.asname)  # ``import numpy as np``
                else:
                    top = alias.name.split(".")[0]
                    info.bindings.setdefault(top, Binding("module", top))
        elif isinstance(node, ast.ImportFrom):
            self._import_from(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self._assign(node)
            self._inject(node)
            self._replaces_module(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self._forget_mutated(node.value)
            self._all_call(node.value)
            self._table_update(node.value)
            self._foreign_setattr(node.value)
            self._call_global_setter(node.value)
            self._inject(node)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self._nested(node.body)

    def _forget_mutated(self, call: ast.Call) -> None:
        """``exec("from x import *", _n)`` or ``_n.pop(k)``: the literal ``_n`` was bound to
        no longer says what it holds."""
        lists = self.info.literals.name_lists
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                func.attr in MUTATORS and func.value.id != "__all__":
            lists.pop(func.value.id, None)
        elif isinstance(func, ast.Name) and func.id in ("exec", "eval"):
            for arg in call.args[1:]:
                if isinstance(arg, ast.Name):
                    lists.pop(arg.id, None)

    def _replaces_module(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign) and any(is_module_ref(t, set()) for t in node.targets):
            self.info.replaced = True
            if isinstance(node.value, ast.Name):
                self._replacements.add(node.value.id)

    def _own_attribute(self, target: ast.expr) -> str:
        """``del newmod.oldmod``, where ``newmod`` is the module (``sys.modules[__name__]``,
        a name bound to it, or what replaced it there: pygments' formatters): the name the
        module loses."""
        if isinstance(target, ast.Attribute) and \
                is_module_ref(target.value, self.info.module_refs | self._replacements):
            return target.attr
        return ""

    def _nested(self, body: list[ast.stmt]) -> None:
        self.depth += 1
        try:
            self.visit_body(body)
        finally:
            self.depth -= 1

    def _if(self, node: ast.If) -> None:
        runs = which_runs(node.test)
        if runs is Runs.NEITHER:
            return  # ``if __name__ == "__main__":`` never runs on import
        checking = which_runs(node.test) in (Runs.BODY, Runs.ORELSE) and _checks_types(node.test)
        after_body: dict[str, Binding] | None = None
        for block, taken in ((node.body, runs is not Runs.ORELSE),
                             (node.orelse, runs is not Runs.BODY)):
            if self._fails_import(block):
                continue  # ``if not ok: msg = "..."; raise ImportError(msg)``: binds nothing
            if taken:
                self._nested(block)
            else:
                self._types_only(block, checking)
            if runs is Runs.BOTH and after_body is None:
                after_body = dict(self.info.bindings)
        if after_body is not None:
            self._keep_imported_alternatives(after_body)

    def _fails_import(self, block: list[ast.stmt]) -> bool:
        """A module-level block that always raises: where it runs, the import fails, so
        nothing it binds is ever a name of the module."""
        return bool(block) and always_leaves(block) and not skips_rest(block)

    def _keep_imported_alternatives(self, after_body: dict[str, Binding]) -> None:
        """Either branch may run (``if GROUND_TYPES == "gmpy": from gmpy2 import mpq as
        GMPYRational`` ... ``else: GMPYRational = _GMPYRational``): a name one branch imports
        from another distribution keeps that import, whose shape is unknown, rather than the
        other branch's local stand-in, whose signature would judge calls made with the real
        one. A value there (``Buffer = Union[...]``, ``x = None``) is the name's value either
        way; an import of the distribution's own (``from sympy import Add`` where
        ``USE_SYMENGINE`` is off) is its real definition."""
        for name, binding in after_body.items():
            now = self.info.bindings.get(name)
            if now is not None and now is not binding and binding.kind == "import" and \
                    self._external(binding) and now.kind in ("def", "alias") and \
                    not self._external(now):
                self.info.bindings[name] = binding
                self.info.type_bindings.setdefault(name, now)  # the module's own stand-in

    def _try(self, node: ast.stmt) -> None:
        """The try body is what runs where the library's dependencies are installed; names an
        ``except`` fallback binds anew give types only, and rebinding a name there keeps the
        try body's definition. The body is the path taken, so a literal bound there is a
        constant (typer's ``DEFAULT_MARKUP_MODE = "rich"`` after ``import rich``)."""
        self.visit_body(node.body)  # type: ignore[attr-defined]
        for handler in node.handlers:  # type: ignore[attr-defined]
            if not self._fails_import(handler.body):
                self._types_only(handler.body, fallback=True)
        self._nested(node.orelse)  # type: ignore[attr-defined]
        self._nested(node.finalbody)  # type: ignore[attr-defined]

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            for target in ast.walk(node.target):
                if isinstance(target, ast.Name):  # the loop variable outlives the loop
                    self._bind_value(target.id, None)
            if isinstance(node, ast.For):
                injected = self.injector.names(node)
                self._bind_injected(injected)
                self._deprecated_wrappers(node, injected)
                self._star_loop(node)
        injecting, self._injecting = self._injecting, self._injecting or any(
            isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store)
            and is_globals_call(n.value) for child in node.body for n in ast.walk(child))
        try:
            self._nested(node.body)
        finally:
            self._injecting = injecting
        self._nested(node.orelse)

    def _star_loop(self, node: ast.For) -> None:
        """``for key in module.__all__: ... globals()[key] = ...``: a star import spelled as a
        loop (scipy 1.4-1.11 over ``numpy.__all__``, wrapping each name on the way)."""
        iterated = node.iter
        if not (isinstance(iterated, ast.Attribute) and iterated.attr == "__all__"
                and isinstance(iterated.value, ast.Name) and isinstance(node.target, ast.Name)):
            return
        binding = self.info.bindings.get(iterated.value.id)
        if binding is None or binding.kind not in ("module", "import"):
            return
        key = node.target.id
        stores = [n for child in node.body for n in ast.walk(child)
                  if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store)
                  and is_globals_call(n.value) and isinstance(n.slice, ast.Name)
                  and n.slice.id == key]
        if not stores:
            return
        self.injector.read.update(id(n) for n in stores)
        module = self._module_of(iterated.value.id)
        if module not in self.info.star_imports:
            self.info.star_imports.append(module)

    def _inject(self, node: ast.stmt) -> None:
        self._bind_injected(self.injector.names(node))

    def _keep_aliases_of(self, name: str) -> None:
        """``PILLOW_VERSION = _version.__version__`` then ``del _version``: the alias keeps
        the module it was read from (an import of this distribution's)."""
        info = self.info
        deleted = info.bindings.get(name)
        if deleted is None or deleted.kind not in ("module", "import") or \
                deleted.target.split(".")[0] != info.name.split(".")[0]:
            return
        for local, binding in list(info.bindings.items()):
            head, _, rest = binding.target.partition(".")
            if binding.kind == "alias" and head == name:
                info.bindings[local] = Binding("import", f"{deleted.target}.{rest}" if rest
                                               else deleted.target)

    def _call_global_setter(self, call: ast.Call) -> None:
        """``__go(locals())`` at module level, where ``__go`` declares ``global a, b`` and
        imports or assigns them (sqlalchemy's ``orm.collections``): the module binds them."""
        func = self._global_setters.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if func is None:
            return
        self._sets_in_setter(func)
        names = {n for g in ast.walk(func) if isinstance(g, ast.Global) for n in g.names}
        for stmt in ast.walk(func) if names else ():
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                kept = [a for a in stmt.names if (a.asname or a.name.split(".")[0]) in names]
                if kept:
                    self.visit_stmt(type(stmt)(**{**stmt.__dict__, "names": kept}))
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                self._bind_injected([t.id for t in targets
                                     if isinstance(t, ast.Name) and t.id in names])

    def _sets_in_setter(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """``coercions.elements = elements`` where the function imported both modules of
        the distribution: a name the other module has once the call has run."""
        info = self.info
        local: dict[str, str] = {}
        for stmt in ast.walk(func):
            if isinstance(stmt, ast.ImportFrom):
                source = resolve_relative(info.name, info.is_package, stmt.level, stmt.module)
                local.update({a.asname or a.name: f"{source}.{a.name}" for a in stmt.names})
                for alias in stmt.names:  # the import system sets a submodule on its package
                    self._bind_submodule(f"{source}.{alias.name}")
        top = info.name.split(".")[0]
        for stmt in ast.walk(func):
            if not isinstance(stmt, ast.Assign):
                continue
            ref = dep.dotted_name(stmt.value) if isinstance(stmt.value, ast.Name) else ""
            for target in stmt.targets:
                owner = local.get(target.value.id, "") if isinstance(target, ast.Attribute) \
                    and isinstance(target.value, ast.Name) else ""
                if owner.split(".")[0] == top:
                    value = local.get(ref, "")
                    info.foreign.append((owner, target.attr, value[len(info.name) + 1:]
                                         if value.startswith(info.name + ".") else ""))

    def _deprecated_wrappers(self, node: ast.For, names: list[str]) -> None:
        """Names the loop binds to a module function's warning wrapper: deprecated functions
        whose parameters are not known (``deprecating_factories``)."""
        for name, found in loop_deprecations(node, names, self._global_setters).items():
            path = f"{self.info.name}.{name}"
            self.info.definitions[path] = Definition(
                path=path, kind="function", deprecated=found,
                params=[Param("args", VAR_POSITIONAL), Param("kwargs", VAR_KEYWORD)])

    def _bind_injected(self, names: list[str]) -> None:
        for name in names:
            if name not in self.info.bindings:
                self._bind_value(name, None)

    def _types_only(self, block: list[ast.stmt], checking: bool = False,
                    fallback: bool = False) -> None:
        """Read a block that does not run on import: what it binds anew names types only;
        what it rebinds keeps its binding from the code that runs. ``checking``: a block for
        type checkers (``if TYPE_CHECKING:``); ``fallback``: an ``except`` handler, whose
        value for an optional dependency (``except ImportError: yaml = None``) is the one
        the module always has, whether or not that dependency is installed."""
        info = self.info
        bindings, definitions = dict(info.bindings), dict(info.definitions)
        tables = {name: dict(getattr(info, name)) for name in _RESTORED_TABLES}
        listed = (list(info.all_names) if info.all_names is not None else None,
                  list(info.all_from), list(info.star_imports))
        constants, bound_once = dict(info.constants), dict(self._bound_once)
        self._nested(block)
        info.constants, self._bound_once = constants, bound_once  # a block that does not run
        for name, binding in list(info.bindings.items()):
            if bindings.get(name) is not binding:
                held = info.type_bindings.get(name)
                if held is None or (self._external(held) and not self._external(binding)):
                    info.type_bindings[name] = binding  # a local stand-in over an import
                if checking:
                    info.checking_only.add(name)
                # a fallback's flag (``except ImportError: yaml = None``) is the name's value
                # either way; a stand-in class or function is not the import's shape
                if name in bindings and not (fallback and self._external(bindings[name]) and (
                        bindings[name].kind != "import" or binding.kind == "value")):
                    info.bindings[name] = bindings[name]
                elif name not in bindings:
                    del info.bindings[name]
        info.definitions.update(definitions)
        for name, saved in tables.items():
            table = getattr(info, name)
            for key in [k for k in table if k not in saved and k in definitions]:
                del table[key]
            table.update(saved)
        if checking:
            info.checking_stars.extend(s for s in info.star_imports if s not in listed[2])
        info.all_names, info.all_from, info.star_imports = listed

    def _external(self, binding: Binding) -> bool:
        top = self.info.name.split(".")[0]
        if binding.kind == "alias":  # ``DataTable = datatable.Frame``: read from an import
            head = self.info.bindings.get(binding.target.split(".")[0])
            return head is not None and head is not binding and self._external(head)
        return binding.kind in ("module", "import") and binding.target.split(".")[0] != top

    def _note_enum(self, node: ast.ClassDef) -> None:
        if any("Enum" in dep.last_name(b) or "Flag" in dep.last_name(b) for b in node.bases):
            self.info.enum_members[node.name] = [
                t.id for stmt in node.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                if isinstance(t, ast.Name) and not t.id.startswith("_")]

    def _import_from(self, node: ast.ImportFrom) -> None:
        info = self.info
        source = resolve_relative(info.name, info.is_package, node.level, node.module)
        self._bind_submodule(source)
        for alias in node.names:
            if alias.name == "*":
                info.star_imports.append(source)
                continue
            local = alias.asname or alias.name
            info.bindings[local] = Binding("import", f"{source}.{alias.name}")
            if info.is_stub and alias.asname != alias.name and _private_module(source):
                info.stub_helpers.add(local)
            if local in NAME_TABLES:  # numpy 2: ``from ._expired_attrs_2_0 import ...``
                info.expired_from.append(source)

    def _bind_submodule(self, imported: str) -> None:
        """Importing ``pkg.sub`` (or from it) sets ``sub`` on the package: in the package's
        own ``__init__``, that is a name the package has."""
        info = self.info
        if info.is_package and imported.startswith(info.name + "."):
            child = imported[len(info.name) + 1:].split(".")[0]
            info.bindings.setdefault(child, Binding("module", f"{info.name}.{child}"))

    def _assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                    not isinstance(node, ast.AugAssign):
                self._foreign(target.value.id, target.attr, value)
                continue
            if not isinstance(target, ast.Name):
                if isinstance(target, (ast.Tuple, ast.List)):
                    self._unpacked(target.elts)
                    self._computed(target.elts, value)
                continue
            if target.id == "__all__":
                self._all_assign(node, self._filtered_all(value))
            elif target.id in NAME_TABLES and isinstance(value, (ast.Dict, ast.DictComp)):
                self._name_table(target.id, value)
            elif target.id == "__getattr__" and isinstance(node, ast.Assign):
                self._getattr_object(value)
            elif not isinstance(node, ast.AugAssign):
                self._bind_value(target.id, value)
                self._computed([target], value)
                self.info.literals.learn(target.id, value)
                self._learn_constant(target.id, value)
                table = table_of(value) if self.depth == 0 else None
                if table:
                    self.info.name_tables[target.id] = table
                if value is not None and is_module_ref(value, set()):
                    self.info.module_refs.add(target.id)
                if is_globals_call(value) and self.depth == 0:
                    self.injector.namespaces.add(target.id)  # ``_attrs = globals()``
                wrapped = dep.wrapped_deprecation(value)
                if wrapped is not None:
                    self.info.wrapped[target.id] = wrapped
            else:
                self.info.constants.pop(target.id, None)

    def _unpacked(self, targets: list[ast.expr]) -> None:
        """``__getattr__, __dir__, __all__ = attach(...)`` (a lazy-loading helper): the module
        serves names it makes at import time, and its ``__all__`` is computed."""
        for elt in targets:
            if not isinstance(elt, ast.Name):
                continue
            if elt.id == "__getattr__":
                self.info.has_getattr, self.info.getattr_node = True, None
            elif elt.id == "__all__":
                self._all_grows([], [])
            else:
                self._bind_value(elt.id, None)

    def _computed(self, targets: list[ast.expr], value: ast.expr | None) -> None:
        """A read of ``globals()``, or a list of names filtered from it (a comprehension,
        or a call of a filter function, one list per target when it returns several)."""
        info = self.info
        names, stars = list(info.bindings), list(info.star_imports)
        for target in targets:
            if isinstance(target, ast.Name):
                info.computed_lists.pop(target.id, None)
                self._snapshots.pop(target.id, None)
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            name = targets[0].id
            snapshot = snapshot_of(value, names, stars, self._snapshots)
            if snapshot is not None:
                self._snapshots[name] = snapshot
            computed = comprehension_list(value, names, stars, self._snapshots)
            if computed is not None:
                info.computed_lists[name] = computed
        call = computed_call(value, names, stars, self._snapshots)
        if call is None:
            return
        function, snapshot, args = call
        for index, target in enumerate(targets):
            if isinstance(target, ast.Name):
                info.computed_lists[target.id] = ComputedList(
                    function, index if len(targets) > 1 else None, snapshot, args)

    def _known_number(self, node: ast.expr) -> int | float | None:
        """A number a name stands for here: a constant of this module learned above, or a
        standard library constant (``sys.maxsize``, ``from math import pi``)."""
        if isinstance(node, ast.Name):
            text = self.info.constants.get(node.id)
            binding = self.info.bindings.get(node.id)
            if text is None and binding is not None and binding.kind == "import":
                module, _, name = binding.target.rpartition(".")
                text = stdlib_constant(module, name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            binding = self.info.bindings.get(node.value.id)
            text = stdlib_constant(binding.target, node.attr) \
                if binding is not None and binding.kind == "module" else None
        else:
            return None
        try:
            number = ast.literal_eval(text) if text else None
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        return number if isinstance(number, (int, float)) and not isinstance(number, bool) \
            else None

    def _learn_constant(self, name: str, value: ast.expr | None) -> None:
        """A literal bound once at module level: what a default that names it means."""
        count = self._bound_once.get(name, 0) + 1
        self._bound_once[name] = count
        text = _literal_text(value, self._known_number) if self.depth == 0 and count == 1 \
            else None
        if text is None:
            self.info.constants.pop(name, None)
        else:
            self.info.constants[name] = text

    def _getattr_object(self, value: ast.expr | None) -> None:
        """``__getattr__ = factory({...})``: an object serves the module's missing names; a
        literal table it is given says which."""
        info = self.info
        info.has_getattr, info.getattr_node = True, None
        info.getattr_call = factory_call(value, info.name)
        if not isinstance(value, ast.Call):
            return
        for arg in list(value.args) + [k.value for k in value.keywords]:
            entries = table_entries(arg, info.literals) if isinstance(arg, ast.Dict) else None
            names = list(entries) if entries is not None else info.literals.names_in(arg)
            if names is None:
                continue
            warns = "deprecat" in dep.last_name(value.func).lower()
            messages = {n: (entries or {}).get(n) or f"`{n}` is deprecated" for n in names}
            info.served = Served(sorted(names), warned=messages if warns else {})
            return

    def _bind_value(self, name: str, value: ast.expr | None) -> None:
        info = self.info
        ref = dep.dotted_name(value) if isinstance(value, (ast.Name, ast.Attribute)) else ""
        if ref:
            info.bindings[name] = Binding("alias", ref)
        else:
            info.bindings[name] = Binding("value")
            info.definitions.setdefault(f"{info.name}.{name}", Definition(
                path=f"{info.name}.{name}", kind="attribute"))
            if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)):
                info.raw_returns[f"{info.name}.{name}"] = dep.dotted_name(value.func)  # an instance

    def _all_assign(self, node: ast.stmt, value: ast.expr | None) -> None:
        info = self.info
        if value is None:
            return  # ``__all__: list[str]`` (a stub's declaration): what it holds is unsaid
        names, modules = self._all_parts(value)
        sources = [self._all_source(m) for m in modules]
        if None in sources:  # computed (dir() filters, another module's list, ...)
            if isinstance(node, ast.AugAssign):
                self._all_grows(names, sources)
            return  # keep the default public rule (or the list as it stood)
        if isinstance(node, ast.AugAssign):
            info.all_names = (info.all_names or []) + names
        else:
            info.all_names = names
            info.all_from = []
        info.all_from.extend(sources)

    def _filtered_all(self, value: ast.expr | None) -> ast.expr | None:
        """``__all__ = [n for n, v in globals().items() if ...]``: a list the filters fill."""
        computed = comprehension_list(value, list(self.info.bindings), list(self.info.star_imports),
                                      self._snapshots)
        if computed is None:
            return value
        name = f"__all_filtered_{len(self.info.computed_lists)}__"
        self.info.computed_lists[name] = computed
        return ast.Name(id=name, ctx=ast.Load())

    def _all_source(self, ref: str) -> str | None:
        """The module whose ``__all__`` an ``__all__`` expression adds."""
        if table_path(ref) is not None:
            return ref
        if not ref.startswith("@"):
            return self._module_of(ref)
        binding = self.info.bindings.get(ref[1:])
        if binding and binding.kind == "import" and binding.target.endswith(".__all__"):
            return binding.target[: -len(".__all__")]
        return None

    def _all_call(self, call: ast.Call) -> None:
        func = call.func
        if isinstance(func, ast.Name) and func.id in self.info.all_extenders:
            self.extenders_called.add(func.id)
            for arg in call.args:
                if isinstance(arg, (ast.Name, ast.Attribute)):
                    self.info.all_from.append(self._module_of(dep.dotted_name(arg)))
                    if self.info.all_names is None:
                        self.info.all_names = []
            return
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "__all__"):
            return
        info = self.info
        appended = self.injector.appended.get(id(call))
        if appended is not None:  # in a loop unrolled over a literal table
            info.all_names = [*(info.all_names or []), *appended]
        elif func.attr == "append" and call.args:
            text = dep.literal_text(call.args[0])
            if text:
                info.all_names = [*(info.all_names or []), text]
            else:  # a name computed at import time (numpy's loop over its scalar types)
                self._all_grows([], [])
        elif func.attr == "extend" and call.args:
            names, modules = self._all_parts(call.args[0])
            sources = [self._all_source(m) for m in modules]
            if None in sources:
                self._all_grows(names, sources)
                return
            if info.all_names is None:
                info.all_names = []
            info.all_names.extend(names)
            info.all_from.extend(sources)

    def _all_parts(self, node: ast.expr) -> tuple[list[str], list[str]]:
        """``_all_expr``, with the module's literal lists of names read in (scipy's
        ``__all__ = _polyfuns + list(_rootfuns_map.keys()) + _evalfuns``)."""
        names, modules = _all_expr(node)
        lists = self.info.literals.name_lists
        for ref in [m for m in modules if m.startswith("@") and m[1:] in lists]:
            modules.remove(ref)
            names.extend(lists[ref[1:]])
        for index, ref in enumerate(modules):  # a table imported from another module
            binding = self.info.bindings.get(ref[1:]) if ref.startswith("@") else None
            if binding is not None and binding.kind == "import" and \
                    not binding.target.endswith(".__all__"):
                modules[index] = table_ref(binding.target)
            elif ref.startswith("@"):
                modules[index] = self._computed_table(ref[1:]) or ref
        return names, modules

    def _computed_table(self, ref: str) -> str | None:
        """``names`` (a list this module computes) or ``module.names`` (a list another module
        of the distribution has): a table read once every module is scanned."""
        info = self.info
        head, _, rest = ref.partition(".")
        if not rest:
            path = f"{info.name}.{ref}" if ref in info.computed_lists else None
        else:
            binding = info.bindings.get(head)
            internal = binding is not None and binding.kind in ("module", "import") and \
                binding.target.split(".")[0] == info.name.split(".")[0]
            path = f"{binding.target}.{rest}" if internal and "." not in rest else None
        if path is None:
            return None
        info.pending_tables.add(path)
        return table_ref(path)

    def _all_grows(self, names: list[str], sources: list[str | None]) -> None:
        """``__all__`` gains names computed at import time: what it listed so far, and what
        this statement adds that can be read, stay listed; the module is open for the rest."""
        info = self.info
        info.all_computed = True
        info.all_injected = info.all_injected or self._injecting
        if info.all_names is None and not info.all_from:
            return  # no list yet: the default public rule stands
        info.all_names = (info.all_names or []) + names
        info.all_from.extend(s for s in sources if s is not None)

    def _module_of(self, local: str) -> str:
        binding = self.info.bindings.get(local.split(".")[0])
        if binding and binding.kind in ("module", "import"):
            rest = local.split(".")[1:]
            return ".".join([binding.target, *rest])
        if self.info.is_package:  # a submodule imported by a star import is an attribute too
            return f"{self.info.name}.{local}"
        return local

    def _name_table(self, table: str, value: ast.expr) -> None:
        """An expiry table (names gone, with the message shown) or a deprecation table
        (names still served by ``__getattr__``, with a warning)."""
        entries = table_entries(value, self.info.literals)
        if entries is None:
            return
        if table in DEPRECATION_TABLES:
            self.info.deprecated_names.update(entries)
        else:
            self.info.expired.update(entries)

    def _foreign_setattr(self, call: ast.Call) -> None:
        """``setattr(other_module, "name", value)``: a name another module will have."""
        if isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3 \
                and isinstance(call.args[0], ast.Name):
            name = dep.literal_text(call.args[1])
            if name:
                self._foreign(call.args[0].id, name, call.args[2])

    def _foreign(self, local: str, name: str, value: ast.expr | None) -> None:
        binding = self.info.bindings.get(local)
        top = self.info.name.split(".")[0]
        if binding is None or binding.kind not in ("module", "import") or \
                binding.target.split(".")[0] != top:
            return
        ref = dep.dotted_name(value) if isinstance(value, (ast.Name, ast.Attribute)) else ""
        self.info.foreign.append((binding.target, name, ref))

    def _table_update(self, call: ast.Call) -> None:
        """``__deprecated_attrs__.update({...})``."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "update" and \
                isinstance(func.value, ast.Name) and func.value.id in NAME_TABLES and \
                len(call.args) == 1:
            self._name_table(func.value.id, call.args[0])

    # definitions --------------------------------------------------------------------------
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, path: str,
                  owner: Definition | None) -> Definition | None:
        info = self.info
        effects = dep.decorator_effects(node.decorator_list)
        if owner is None:
            info.bindings[node.name] = Binding("def", path)
        existing = info.definitions.get(path)
        if effects.kind == "property":
            if existing is None or existing.kind != "property":
                record = Definition(path=path, kind="property", deprecated=effects.deprecated,
                                    params=[])
                self._body_deprecations(node, record)  # a getter that always warns
                record.params, record.param_deprecations = None, {}
                info.definitions[path] = record
                _set_returns(info, path, node.returns)
            return info.definitions[path]
        params = _params(node.args)
        if node.name == "__new__" and effects.kind == "staticmethod":
            effects.kind = None  # static already: ``@staticmethod`` on it changes nothing
        if owner is not None and effects.kind != "staticmethod" and params:
            if params[0].kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD):
                params = params[1:]
        kind = "method" if owner is not None else "function"
        if effects.overload:
            if existing is None or not existing.overloads and existing.params is not None:
                existing = Definition(path=path, kind=kind, params=None)
                info.definitions[path] = existing
            existing.overloads.append(params)
            _overload_returns(info, path, node.returns, first=len(existing.overloads) == 1)
            return existing
        params = _apply_keyword_only(params, effects)
        record = Definition(path=path, kind=kind, params=params, decorated=effects.unknown)
        if effects.unknown:
            info.raw_decorators[path] = [dep.dotted_name(d.func if isinstance(d, ast.Call) else d)
                                         for d in node.decorator_list]
        if owner is not None and effects.kind in ("classmethod", "staticmethod"):
            record.method_kind = effects.kind
        if effects.copies_deprecators_from:
            info.deprecator_sources[path] = effects.copies_deprecators_from
        if existing is not None and existing.overloads and info.is_stub:
            record.overloads = existing.overloads
        record.extra_keywords = effects.extra_keywords
        record.positional_limit = effects.positional_limit
        if effects.nonkeyword and record.positional_limit is None:
            record.positional_limit = sum(1 for p in params if p.required and p.kind in (
                POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD))
        record.param_deprecations = dict(effects.param_deprecations)
        record.deprecated = effects.deprecated
        self._body_deprecations(node, record)
        record.exclusive = _exclusive_pairs(node.body, {p.name for p in params})
        record.forwards_kwargs = _forwards_kwargs(node, params)
        helpers = _helper_calls(node.body, {p.name for p in params},
                                next((p.name for p in params if p.kind == VAR_KEYWORD), None))
        if helpers:
            info.helper_calls[path] = helpers
        if not info.is_stub:
            forwarded = forward_calls(node.body, {p.name for p in params}, owner is not None)
            if forwarded:
                forwarded = _marked_typed(forwarded, node.body, {p.name for p in params},
                                          owner is not None)
                info.forward_calls[path] = _through_local_imports(forwarded, node, info)
        if effects.dispatcher and record.deprecated is None:  # a dispatcher that warns
            dispatcher = info.definitions.get(f"{info.name}.{effects.dispatcher}")
            if dispatcher is not None and dispatcher.deprecated is not None:
                record.deprecated = dispatcher.deprecated
        docstring = ast.get_docstring(node, clean=False)
        doc_api, doc_params = dep.docstring_deprecations(docstring)
        if record.deprecated is None and doc_api is not None:
            record.deprecated = doc_api
        for name, item in doc_params.items():
            record.param_deprecations.setdefault(name, item)
        if docstring is None:
            self._template_deprecations(node, record)
        info.definitions[path] = record
        _set_returns(info, path, node.returns or _returned_call(node))
        _set_yields(info, path, node.returns)
        documented = dep.docstring_return_type(ast.get_docstring(node, clean=True))
        if documented:
            info.doc_returns[path] = DOC_TYPE_PREFIX + documented
        return record

    def _template_deprecations(self, node: ast.FunctionDef | ast.AsyncFunctionDef,
                               record: Definition) -> None:
        """Parameter deprecations of a docstring a decorator gives from a module-level
        template (pandas' ``@Appender(_doc_read_csv_and_table.format(...))``), for the
        parameters one may leave out (a note under a required one, read_excel's ``io``:
        "Passing byte strings is deprecated", is about some of its values)."""
        own = {p.name for p in record.params or [] if p.default is not None}
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and decorator.args and
                    dep.last_name(decorator.func) in _DOCSTRING_DECORATORS):
                continue
            template = dep.literal_text(decorator.args[0], self.info.literals.strings)
            _, doc_params = dep.docstring_deprecations(template, strict=True)
            for name, item in doc_params.items():
                if name in own:
                    message = _formatted(item.message, decorator.args[0])
                    # no rename: "Use ``date_format`` instead" names where the job went, not
                    # a keyword taking the same values (a parser callable is no format string)
                    record.param_deprecations.setdefault(
                        name, replace(item, message=message, form=TEMPLATE_FORM, replacement=None))

    def _body_deprecations(self, node: ast.FunctionDef | ast.AsyncFunctionDef,
                           record: Definition) -> None:
        param_names = {p.name for p in record.params or []}
        var_keyword = next((p.name for p in record.params or [] if p.kind == VAR_KEYWORD), None)
        falsy = {p.name for p in record.params or [] if p.default in FALSY_DEFAULTS}
        variadic = {p.name for p in record.params or [] if p.kind in (VAR_POSITIONAL, VAR_KEYWORD)}
        strings: dict[str, str] = {}
        subjects: dict[str, str] | None = None  # read on the first guarded warning
        top_level = {id(stmt) for stmt in node.body}
        bound_tables: dict[str, LiteralTable] = {}  # the module's and the function's own
        bounds: list[Bound] = []  # ``if x not in STRINGS: raise`` above the statement
        for stmt, guards in _walk_with_guards(node.body):
            if id(stmt) in top_level and isinstance(stmt, ast.If):
                bound_tables = bound_tables or {**self.tables, **literal_tables(node.body)}
                bound = bound_of(stmt, bound_tables)
                if bound is not None:
                    bounds.append(bound)
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
                    stmt.targets[0], ast.Name):
                text = dep.literal_text(stmt.value, strings)
                if text:
                    strings[stmt.targets[0].id] = text
            for call in _calls_in(stmt):
                if not dep.is_deprecation_warn(call):
                    continue
                found = dep.warn_deprecation(call, strings)
                default_change = dep.announces_default_change(found.message)
                notice = notice_of(guards, found, node.name) if default_change else None
                if notice is not None:
                    self.default_notices.append(notice)
                valued: set[str] = set()
                if guards and not default_change:
                    if subjects is None:
                        subjects = aliases(node.body, {p.name: p.name for p in record.params or []
                                                       if p.kind not in (VAR_POSITIONAL, VAR_KEYWORD)})
                    bound_tables = bound_tables or {**self.tables, **literal_tables(node.body)}
                    values = guarded_values(guards, found, subjects, bound_tables) or next(
                        (v for b in bounds if (v := reaching_values(b, guards, found, subjects,
                                                                    bound_tables))), {})
                    valued = _kept_values(record, values, found.message)
                    valued |= _tested(guards, subjects, self.tables, found.message)
                by_data = _data_tested(guards, variadic) & param_names
                hit = [] if default_change else [n for n in _named_in_warning(
                    _guard_names(guards, falsy, variadic) & param_names, found.message,
                    found.replacement, _guard_names(_enclosing(guards), keep=variadic) &
                    param_names, alone=not by_data) if n not in valued]
                shimmed = _named_in_warning(_kwargs_keys(guards, var_keyword), found.message)
                for name in shimmed:  # ``if "old" in kwargs: warn(...)``: a body-level shim
                    if name not in param_names:
                        replacement = found.replacement if found.replacement in param_names else ""
                        record.extra_keywords.setdefault(name, replacement or "")
                        record.param_deprecations.setdefault(name, found)
                if hit:
                    for name in hit:
                        record.param_deprecations.setdefault(name, found)
                elif not guards and record.deprecated is None:
                    record.deprecated = found
                elif guards and not (shimmed or valued or notice):
                    keep_conditional(record, found)  # a test of the data: said, not reported

    def _class(self, node: ast.ClassDef, path: str) -> None:
        info = self.info
        effects = dep.decorator_effects(node.decorator_list)
        record = Definition(path=path, kind="class", deprecated=effects.deprecated)
        info.definitions[path] = record
        bases = [b.value if isinstance(b, ast.Subscript) else b for b in node.bases]  # Generic[T]
        info.class_bases[path] = [dep.dotted_name(b) for b in bases if dep.dotted_name(b)]
        doc_api, _ = dep.docstring_deprecations(ast.get_docstring(node, clean=False))
        if record.deprecated is None and doc_api is not None:
            record.deprecated = doc_api
        dataclass_options = decorator_options(node)
        is_dataclass = dataclass_options is not None
        fields: list[FieldEntry] = []
        for stmt, _ in _walk_class_body(node.body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                method = self._function(stmt, f"{path}.{stmt.name}", owner=record)
                if stmt.name == "__getattr__":
                    record.dynamic = True
                if stmt.name == "__init__" and method is not None:
                    self._init_param_deprecations(node, method)
            elif isinstance(stmt, ast.ClassDef):
                self._class(stmt, f"{path}.{stmt.name}")
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Name) and not target.id.startswith("__"):
                        member = f"{path}.{target.id}"
                        if self._deprecated_member(path, member, stmt.value):
                            continue
                        literal = _literal_text(stmt.value)
                        if literal is not None:  # ``DEFAULT_BACKOFF_MAX = 120``, a default
                            info.constants[member] = literal
                        if not self._member_alias(path, member, stmt.value):
                            info.definitions.setdefault(member, Definition(path=member,
                                                                           kind="attribute"))
                        if is_dataclass:
                            fields.append(FieldEntry(target.id, stmt.value, getattr(
                                stmt, "annotation", None)))
        self._instance_attributes(node, path)
        if is_dataclass and dataclass_options.get("init", True) and \
                f"{path}.__init__" not in info.definitions:
            # fields of dataclass bases come first; they are not known here, so then the
            # signature is left unknown rather than guessed
            own_only = not info.class_bases[path]
            params = init_params(fields, dataclass_options, _class_var, _default_text)
            info.definitions[f"{path}.__init__"] = Definition(
                path=f"{path}.__init__", kind="method", params=params if own_only else None)

    def _note_signature_adder(self, node: ast.stmt, path: str) -> None:
        if not self.reads_signatures:
            return
        added = added_parameters(node)
        if added:
            self.info.signature_adders[path] = added

    def _instance_attributes(self, node: ast.ClassDef, path: str) -> None:
        """Attributes the class's methods set on ``self`` (and ``__new__`` on the instance it
        makes: ``obj = object.__new__(cls)``): data members like class-level ones (a property
        removed in favour of one is then not gone)."""
        for stmt, _ in _walk_class_body(node.body):
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            positional = stmt.args.posonlyargs + stmt.args.args
            if not positional:
                continue
            for receiver in [positional[0].arg, *_new_instances(stmt)]:
                if not self._attributes_of(stmt, receiver, path):
                    return  # setattr(self, name, ...): the members are not all known
        self.info.definitions[path].members_complete = True

    def _attributes_of(self, method: ast.FunctionDef | ast.AsyncFunctionDef, receiver: str,
                       path: str) -> bool:
        """Record the attributes ``method`` sets on ``receiver``; False where it sets some
        by a computed name."""
        for inner in ast.walk(method):
            if _sets_by_name(inner, receiver):
                return False
            handler = self._self_handler(inner, receiver)
            if handler:
                self.info.self_handlers.setdefault(path, []).append(handler)
            for name in _attributes_set(inner, receiver):
                if not name.startswith("__"):
                    member = f"{path}.{name}"
                    self.info.definitions.setdefault(member, Definition(path=member,
                                                                        kind="attribute"))
        return True

    def _self_handler(self, node: ast.AST, receiver: str) -> str | None:
        """``helper(self, ...)`` as a statement of its own (called for what it does to
        ``self``, not for a result: ``_path.path_in_path(self, ...)`` reads the path), with
        ``helper`` imported from another module or reached through one: the helper's path."""
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and any(
                isinstance(a, ast.Name) and a.id == receiver for a in call.args)):
            return None
        head, _, rest = dep.dotted_name(call.func).partition(".")
        binding = self.info.bindings.get(head)
        if binding is None or binding.kind not in ("import", "module"):
            return None
        return f"{binding.target}.{rest}" if rest else binding.target

    def _deprecated_member(self, owner: str, member: str, value: ast.expr | None) -> bool:
        """``name = deprecated(...)(property(...))`` or ``(other_method)`` in a class body."""
        wrapped = dep.wrapped_deprecation(value)
        if wrapped is None:
            return False
        target, deprecation = wrapped
        source = self.info.definitions.get(f"{owner}.{target}") if target else None
        if source is not None and source.kind in ("method", "property"):
            self.info.definitions[member] = replace(source, path=member, deprecated=deprecation)
        else:
            kind = "property" if target in ("property", "cached_property") else "attribute"
            self.info.definitions[member] = Definition(path=member, kind=kind,
                                                       deprecated=deprecation)
        return True

    def _member_alias(self, owner: str, member: str, value: ast.expr | None) -> bool:
        """``node = nodes`` in a class body: another name for a method or property defined
        above it, so the member is that method or property, not a data member."""
        if not isinstance(value, ast.Name):
            return False
        source = self.info.definitions.get(f"{owner}.{value.id}")
        if source is None or source.kind not in ("method", "property"):
            return False
        self.info.definitions[member] = replace(source, path=member)
        original = f"{owner}.{value.id}"
        for table in (self.info.raw_returns, self.info.doc_returns):
            if original in table:
                table[member] = table[original]
        return True

    def _init_param_deprecations(self, node: ast.ClassDef, init: Definition) -> None:
        """Parameters of ``__init__`` whose deprecation is warned in another method."""
        init_names = {p.name for p in init.params or []}
        own = {f"self.{p.name}": p.name for p in init.params or []
               if p.kind not in (VAR_POSITIONAL, VAR_KEYWORD)}
        for stmt in node.body:
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) or stmt.name == "__init__":
                continue
            strings: dict[str, str] = {}
            subjects: dict[str, str] | None = None
            for inner, guards in _walk_with_guards(stmt.body):
                for call in _calls_in(inner):
                    if not dep.is_deprecation_warn(call):
                        continue
                    found = dep.warn_deprecation(call, strings)
                    if dep.announces_default_change(found.message):
                        continue
                    if subjects is None:
                        subjects = aliases(stmt.body, own)
                    valued = _kept_values(init, guarded_values(guards, found, subjects,
                                                               self.tables), found.message)
                    valued |= _tested(guards, subjects, self.tables, found.message)
                    for name in _named_in_warning(_self_attrs(guards) & init_names,
                                                  found.message, found.replacement):
                        if name not in valued:
                            init.param_deprecations.setdefault(name, found)


_DOCSTRING_DECORATORS = {"Appender", "doc", "add_start_docstrings", "docstring"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _formatted(message: str, template: ast.expr) -> str:
    """``message`` with the placeholders the template's ``.format(name="text")`` fills."""
    if not (isinstance(template, ast.Call) and isinstance(template.func, ast.Attribute)
            and template.func.attr == "format"):
        return message
    filled = {k.arg: k.value.value for k in template.keywords
              if k.arg and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}
    return _PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)), message)


def _marked_typed(calls: list[ForwardCall], body: list[ast.stmt], params: set[str],
                  method: bool) -> list[ForwardCall]:
    """The calls made in a branch of a type test (``if isinstance(x, T): ... else: ...``)
    marked ``typed`` (one made the same way outside such a branch too counts as typed)."""
    branches = [s for n in _statements(body) if isinstance(n, ast.If) and _tests_type(n.test)
                for s in n.body + n.orelse]
    typed = forward_calls(branches, params, method) if branches else []
    return [replace(c, typed=True) if c in typed else c for c in calls] if typed else calls


def _statements(body: list[ast.stmt]):
    """Every statement of a body, nested ones included (no expression is visited)."""
    for stmt in body:
        yield stmt
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, name, None)
            if inner and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                                               ast.ClassDef)):
                yield from _statements(inner)
        for handler in getattr(stmt, "handlers", ()):
            yield from _statements(handler.body)


def _tests_type(test: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and
               n.func.id in ("isinstance", "issubclass", "type") for n in ast.walk(test))


def _through_local_imports(calls: list[ForwardCall], node: ast.FunctionDef |
                           ast.AsyncFunctionDef, info: ModuleInfo) -> list[ForwardCall]:
    """Callees the function imports itself (``from pkg.resample import asfreq`` in its body,
    out of an import cycle) named ``pkg.resample:asfreq`` for ``inherited_deprecations``."""
    if not any(c.how == "name" and c.callee.partition(".")[0] not in info.bindings
               for c in calls):
        return calls
    local: dict[str, str] = {}
    for stmt in _statements(node.body):
        if isinstance(stmt, ast.ImportFrom):
            module = resolve_relative(info.name, info.is_package, stmt.level, stmt.module)
            local.update({a.asname or a.name: f"{module}:{a.name}" for a in stmt.names
                          if a.name != "*"})
    if not local:
        return calls
    return [replace(c, callee=local[c.callee.partition(".")[0]] + c.callee[
        len(c.callee.partition(".")[0]):]) if c.how == "name" and
        c.callee.partition(".")[0] in local else c for c in calls]


def _kept_values(record: Definition, found: dict[str, ValueDeprecation], message: str
                 ) -> set[str]:
    """``_add_values``; the parameters that are deprecated for some values only: not those
    the message deprecates as a whole, unless the test is of the value's type ("a non-bool
    'na' is deprecated" is about the values) or of passing several together (each of them)."""
    return {n for n in _add_values(record, found)
            if found[n].types or found[n].of_types or found[n].together or
            not dep.deprecates_parameter(message, n)
            } | {t for item in found.values() for t in item.together}


def _tested(guards: tuple, subjects: dict[str, str], tables: dict[str, LiteralTable],
            message: str) -> set[str]:
    return {n for n in tested_parameters(guards, subjects, tables)
            if not dep.deprecates_parameter(message, n)}


def _add_values(record: Definition, found: dict[str, ValueDeprecation]) -> set[str]:
    """Record the value deprecations found; the parameters they are about. A value that is
    the parameter's default is left out: its warning fires for calls that leave the parameter
    out, a notice about the default (``n_splits="warn"``), not about passing a value."""
    defaults = {p.name: p.default for p in record.params or []}
    for name, item in found.items():
        values = tuple(v for v in item.values if not _is_default(v, defaults.get(name)))
        if not values and not item.types and not item.together and not item.of_types:
            continue
        item = item if item.others or values == item.values else replace(item, values=values)
        known = record.value_deprecations.setdefault(name, [])
        if all(_item_key(k) != _item_key(item) for k in known):
            known.append(item)
    return set(found)


def _item_key(item: ValueDeprecation) -> tuple:
    return (item.values, item.others, item.when, item.refold, item.types, item.of_types,
            item.together)


def _is_default(value: object, default: str | None) -> bool:
    if default is None:
        return False
    try:
        literal = ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return literal == value and type(literal) is type(value)


def _checks_types(test: ast.expr) -> bool:
    inner = test.operand if isinstance(test, ast.UnaryOp) else test
    return isinstance(inner, (ast.Name, ast.Attribute)) and dep.last_name(inner) == "TYPE_CHECKING"


def _literal_text(value: ast.expr | None, known: NumberOf | None = None) -> str | None:
    """The source text of a plain literal (str, number, bool, None, tuples of them), or the
    value of arithmetic on numbers (``known``: what a name stands for, where it is known)."""
    if value is None:
        return None
    collection = _frozen_collection(value)
    if collection is not None:
        return collection if len(collection) <= MAX_DEFAULT_TEXT else None
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        number = _folded_number(value, known=known)  # ``16 * 1024``: Python shows 16384
        return repr(number) if number is not None else None
    text = ast.unparse(value)
    return text if len(text) <= MAX_DEFAULT_TEXT and not isinstance(value, (ast.Dict, ast.Set, ast.List)) \
        else None


def _frozen_collection(value: ast.expr) -> str | None:
    """``frozenset(["HEAD", "GET"])``, a constant Python shows as ``frozenset({'GET',
    'HEAD'})``: its elements, literals, sorted (a set's order is the hash's)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and
            value.func.id == "frozenset" and len(value.args) <= 1 and not value.keywords):
        return None
    if not value.args:
        return "frozenset()"
    try:
        items = ast.literal_eval(value.args[0])
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(items, (list, tuple, set, frozenset)) or not items or \
            not all(isinstance(i, (str, int, float, bool, bytes)) for i in items):
        return None
    return "frozenset({" + ", ".join(sorted(repr(i) for i in set(items))) + "})"


NumberOf = Callable[[ast.expr], "int | float | None"]
_ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
               ast.FloorDiv: operator.floordiv, ast.Div: operator.truediv, ast.Mod: operator.mod,
               ast.Pow: operator.pow, ast.LShift: operator.lshift}


def _folded_number(node: ast.expr, depth: int = 0, known: NumberOf | None = None
                   ) -> int | float | None:
    """The value of arithmetic on number literals, kept small (no big powers or shifts)."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if isinstance(node, (ast.Name, ast.Attribute)):
        return known(node) if known is not None else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _folded_number(node.operand, depth + 1, known)
        return -inner if inner is not None else None
    if not isinstance(node, ast.BinOp) or type(node.op) not in _ARITHMETIC or depth > 8:
        return None
    left = _folded_number(node.left, depth + 1, known)
    right = _folded_number(node.right, depth + 1, known)
    if left is None or right is None or (isinstance(node.op, (ast.Pow, ast.LShift)) and
                                         not 0 <= right <= 64) or abs(left) > 2 ** 64:
        return None
    try:
        result = _ARITHMETIC[type(node.op)](left, right)
    except (ArithmeticError, ValueError, TypeError):
        return None
    return result if abs(result) <= 2 ** 128 and result == result else None


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(node, "body", [])]
    blocks.append(getattr(node, "orelse", []))
    blocks.append(getattr(node, "finalbody", []))
    for handler in getattr(node, "handlers", []):
        blocks.append(handler.body)
    return blocks


def _walk_class_body(body: list[ast.stmt]):
    for stmt in body:
        if isinstance(stmt, (ast.If, ast.Try)):
            for block in _blocks(stmt):
                yield from _walk_class_body(block)
        else:
            yield stmt, ()


def _walk_with_guards(body: list[ast.stmt], guards: tuple = ()):
    """Statements of a function body with the ``if`` tests that guard each one. A statement
    after an ``if`` whose body always leaves (returns, continues, breaks, or raises on some
    paths only: ``exits.skips_rest``) runs only where its test failed, as if it sat in the
    ``else`` branch: it is guarded by the negated test and by what that branch's own early
    exits add (likewise the test itself after an ``else`` that always leaves). Returns the
    guards under which the block's end is reached."""
    for stmt in body:
        yield stmt, guards
        if isinstance(stmt, ast.If):
            after_body = yield from _walk_with_guards(stmt.body, guards + (stmt.test,))
            # the else branch runs where the test fails
            after_else = yield from _walk_with_guards(stmt.orelse, guards + (negation(stmt.test),))
            if always_leaves(stmt.body) and always_leaves(stmt.orelse):
                return guards  # nothing after it runs
            body_leaves, else_leaves = skips_rest(stmt.body), skips_rest(stmt.orelse)
            if body_leaves:
                guards += tuple(fallen_through(g) for g in after_else[len(guards):])
            elif else_leaves:
                guards += tuple(fallen_through(g) for g in after_body[len(guards):])
        elif isinstance(stmt, (ast.For, ast.While, ast.With, ast.AsyncFor, ast.AsyncWith)):
            yield from _walk_with_guards(stmt.body, guards + (stmt,))
        elif isinstance(stmt, ast.Try):
            for block in _blocks(stmt):
                yield from _walk_with_guards(block, guards + (stmt,))
    return guards


def _calls_in(stmt: ast.stmt) -> list[ast.Call]:
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return [stmt.value]
    if isinstance(stmt, ast.Raise):
        return []
    return []


def _named_in_warning(candidates: set[str], message: str, replacement: str | None = None,
                      enclosing: set[str] | None = None, alone: bool = True) -> list[str]:
    """The guarded parameters a warning is about: those its message names (not the one it
    says to use instead: "`old` was renamed to `new`"), or the only one; else the only one
    the ``if`` tests around it name (``enclosing``: an early exit's ``use_legacy is None``
    above ``if partition_filename_cb: warn(...)`` is not what it is about)."""
    text = _PLACEHOLDER_TEXT.sub(" ", message)  # ``{volume.dtype}`` is a value, not a name
    named = sorted(c for c in candidates if re.search(rf"\b{re.escape(c)}\b", text))
    if len(named) > 1 and replacement in named:
        named.remove(replacement)
    if named or not alone:  # a test of some parameter's data: the warning is about that
        return named
    if len(candidates) == 1:
        return sorted(candidates)
    return sorted(enclosing) if enclosing is not None and len(enclosing) == 1 else []


_PLACEHOLDER_TEXT = re.compile(r"\{[^{}]*\}")


def _enclosing(guards: tuple) -> tuple:
    """The guards of the ``if`` statements around a statement, not those early exits give."""
    return tuple(g for g in guards if not is_fallen_through(g))


def _kwargs_keys(guards: tuple, var_keyword: str | None) -> set[str]:
    """Keys tested in ``**kwargs`` by the guards: ``"name" in kwargs``, ``kwargs.get("name")``."""
    if var_keyword is None:
        return set()
    keys: set[str] = set()
    for guard in guards:
        if not isinstance(guard, ast.expr):
            continue
        if is_fallen_through(guard):  # ``if "old" not in kwargs: return``: only that it holds
            inner = guard.operand if isinstance(guard, ast.UnaryOp) and \
                isinstance(guard.op, ast.Not) else None
            if isinstance(inner, ast.Compare) and len(inner.ops) == 1 and \
                    isinstance(inner.ops[0], ast.NotIn):
                guard = ast.Compare(left=inner.left, ops=[ast.In()], comparators=inner.comparators)
            else:
                continue
        for node in ast.walk(guard):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and \
                    isinstance(node.left.value, str) and any(
                        isinstance(op, ast.In) for op in node.ops) and any(
                        isinstance(c, ast.Name) and c.id == var_keyword for c in node.comparators):
                keys.add(node.left.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("get", "pop") and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id == var_keyword and node.args and \
                    isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                keys.add(node.args[0].value)
    return keys


def _guard_names(guards: tuple, falsy: set[str] | frozenset = frozenset(),
                 keep: set[str] | frozenset = frozenset()) -> set[str]:
    """Names the guards test; of a test an early exit gives, only one it says was given
    (``if mode is None: return``; ``falsy``: parameters with a false default, for a truth
    test): ``if meth.startswith("highs"): return`` says nothing about passing ``method``,
    only which of its values reach the statement."""
    names: set[str] = set()
    for guard in guards:
        if is_fallen_through(guard):
            names.add(presence_subject(guard, falsy))
        elif isinstance(guard, ast.expr):
            names.update(n.id for n in ast.walk(guard) if isinstance(n, ast.Name))
            names -= _data_only(guard) - keep  # ``len(kwargs)``: that some were passed
    return names - {""}


def _data_tested(guards: tuple, keep: set[str]) -> set[str]:
    """Names the guards read only through their data, in every test that names them."""
    tests = [g for g in guards if isinstance(g, ast.expr) and not is_fallen_through(g)]
    data = set().union(*(_data_only(g) for g in tests)) if tests else set()
    return data - _guard_names(tuple(tests)) - keep


def _data_only(guard: ast.expr) -> set[str]:
    """Names a test reads only through their data (``volume.dtype.char in ["O", "g"]``,
    ``len(x) > 2``, ``x[0] is None``): it tells what was passed, not that it was passed."""
    names = {n.id for n in ast.walk(guard) if isinstance(n, ast.Name)}
    tested = {guard.id} if isinstance(guard, ast.Name) else set()
    for node in ast.walk(guard):
        through = {id(node.value)} if isinstance(node, (ast.Attribute, ast.Subscript)) else \
            {id(a) for a in [node.func, *node.args]} if isinstance(node, ast.Call) else set()
        tested.update(c.id for c in ast.iter_child_nodes(node)
                      if isinstance(c, ast.Name) and id(c) not in through)
    return names - tested


def _self_attrs(guards: tuple) -> set[str]:
    names: set[str] = set()
    for guard in guards:
        if is_fallen_through(guard):  # ``if self.x is None: return``: only that it was given
            if isinstance(guard, ast.Compare) and isinstance(guard.ops[0], ast.IsNot) and \
                    subject_key(guard.left).startswith("self."):
                names.add(subject_key(guard.left)[len("self."):])
        elif isinstance(guard, ast.expr):
            for n in ast.walk(guard):
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self":
                    names.add(n.attr)
    return names


UNFOLLOWABLE = "@?"  # a part of an ``__all__`` expression that cannot be evaluated statically


def _private_module(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


def _all_expr(node: ast.expr | None) -> tuple[list[str], list[str]]:
    """Names listed by an ``__all__`` expression, and modules whose ``__all__`` it adds."""
    names: list[str] = []
    modules: list[str] = []
    if node is None:
        return names, modules
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for elt in node.elts:
            text = dep.literal_text(elt)
            if text:
                names.append(text)
            elif isinstance(elt, ast.Starred):
                more, mods = _all_expr(elt.value)
                names += more
                modules += mods
            else:
                modules.append(UNFOLLOWABLE)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for side in (node.left, node.right):
            more, mods = _all_expr(side)
            names += more
            modules += mods
    elif isinstance(node, ast.Attribute) and node.attr == "__all__":
        modules.append(dep.dotted_name(node.value))
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        modules.append(f"@{node.value.id}.{node.attr}")  # a list another module has
    elif isinstance(node, ast.Name):
        modules.append("@" + node.id)  # maybe `from mod import __all__ as mod_all`
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "keys" and isinstance(node.func.value, ast.Name) and not node.args:
        modules.append("@" + node.func.value.id)  # a module-level table's keys
    elif isinstance(node, ast.Call) and dep.last_name(node.func) in ("list", "tuple", "sorted") and node.args:
        return _all_expr(node.args[0])
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and \
            node.slice.lower is None and node.slice.upper is None and node.slice.step is None:
        return _all_expr(node.value)  # a copy: ``np.__all__[:]``
    else:
        modules.append(UNFOLLOWABLE)
    return names, modules


def _extends_all(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A helper whose body appends to or extends the module's ``__all__``."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and \
                inner.func.attr in ("append", "extend") and isinstance(inner.func.value, ast.Name) \
                and inner.func.value.id == "__all__":
            return True
    return False


def _apply_keyword_only(params: list[Param], effects) -> list[Param]:
    """The documented signature of matplotlib's make_keyword_only: from the named parameter
    on, keyword-only (the decorator rewrites ``__signature__``; a shim still warns)."""
    if effects.keyword_only_from is None:
        return params
    result: list[Param] = []
    converting = False
    for param in params:
        if param.kind == VAR_POSITIONAL:
            return params  # *args in the way: the decorator's effect is not expressible
        if param.kind == POSITIONAL_OR_KEYWORD:
            converting = converting or param.name == effects.keyword_only_from
            if converting:
                param = Param(param.name, KEYWORD_ONLY, param.default)
        result.append(param)
    return result


def _is_empty_sequence(node: ast.expr | None) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and not node.elts


def _params(args: ast.arguments) -> list[Param]:
    params: list[Param] = []
    positional = list(args.posonlyargs) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for i, (arg, default) in enumerate(zip(positional, defaults)):
        kind = POSITIONAL_ONLY if i < len(args.posonlyargs) else POSITIONAL_OR_KEYWORD
        params.append(Param(arg.arg, kind, _default_text(default)))
    if args.vararg:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(Param(arg.arg, KEYWORD_ONLY, _default_text(default)))
    if args.kwarg:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD))
    # stubs mark positional-only parameters with a leading double underscore
    return [
        Param(p.name, POSITIONAL_ONLY, p.default)
        if p.kind == POSITIONAL_OR_KEYWORD and p.name.startswith("__") and not p.name.endswith("__")
        else p
        for p in params
    ]


def _default_text(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    number = _folded_number(node) if isinstance(node, ast.BinOp) else None
    if number is not None:
        return repr(number)  # ``2**20`` is 1048576, as Python shows it
    try:
        text = ast.unparse(node)
    except Exception:
        text = "..."
    return text if len(text) <= MAX_DEFAULT_TEXT else text[: MAX_DEFAULT_TEXT - 3] + "..."


def _annotation(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a forward reference
        try:
            parsed = ast.parse(node.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None
        return None if isinstance(parsed, ast.Constant) else _annotation(parsed)
    name = dep.dotted_name(node)
    if name:
        return name
    if isinstance(node, ast.Subscript):  # Optional[X], Union[X, Y]
        outer = dep.dotted_name(node.value).rsplit(".", 1)[-1]
        if outer == "Optional":
            return _annotation(node.slice)
        if outer == "Union":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return _union(items)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):  # X | Y
        return _union([node.left, node.right])
    return None


def _union(items: list[ast.expr]) -> str | None:
    """``A | B | None`` -> ``A|B``; None when a part is not a plain class name."""
    parts: list[str] = []
    for item in items:
        if isinstance(item, ast.Constant) and item.value is None:
            continue
        text = _annotation(item)
        if text is None:
            return None
        parts.extend(text.split("|"))
    return "|".join(dict.fromkeys(parts)) or None


def _returned_call(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.expr | None:
    """What an unannotated function returns on every return path, when that is plain: a class
    call, ``self`` or ``cls(...)``, a call to another function (its result, resolved later),
    or a parameter whose annotation names a class."""
    annotations = {a.arg: a.annotation for a in node.args.posonlyargs + node.args.args +
                   node.args.kwonlyargs if a.annotation is not None}
    found: ast.expr | None = None
    for inner in _own_statements(node.body):
        if not isinstance(inner, ast.Return):
            continue
        candidate = _returned(inner.value, annotations)
        if candidate is None:
            return None
        if found is not None and dep.dotted_name(found) != dep.dotted_name(candidate):
            return None
        found = candidate
    return found


def _returned(value: ast.expr | None, annotations: dict[str, ast.expr]) -> ast.expr | None:
    if isinstance(value, ast.Name) and value.id == "self":
        return ast.Name("Self")
    if isinstance(value, ast.Name) and value.id in annotations:
        annotation = annotations[value.id]
        return annotation if dep.dotted_name(annotation) else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "cls":
        return ast.Name("Self")
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)) \
            and not isinstance(getattr(value.func, "value", None), ast.Call):
        return value.func
    return None


def _own_statements(body: list[ast.stmt]):
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        for field_name in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(stmt, field_name, None)
            if isinstance(block, list):
                yield from _own_statements([b for b in block if isinstance(b, ast.stmt)] +
                                           [s for h in block if isinstance(h, ast.ExceptHandler)
                                            for s in h.body])


def _sets_by_name(node: ast.AST, receiver: str) -> bool:
    """``setattr(self, name, ...)``, ``self.__dict__.update(...)`` or ``self.__dict__[key]``
    with a key that is not a literal: attributes whose names the code does not spell."""
    if _setattr_call(node, receiver):
        return _setattr_name(node) is None  # type: ignore[arg-type]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            _is_instance_dict(node.func.value, receiver):
        return node.func.attr in ("update", "setdefault")
    return isinstance(node, ast.Subscript) and _is_instance_dict(node.value, receiver) and \
        isinstance(node.ctx, ast.Store) and _dict_key(node) is None


def _new_instances(method: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """In ``__new__``, the names bound to the instance it makes: ``obj = object.__new__(cls)``,
    ``self = super().__new__(cls, ...)``."""
    if method.name != "__new__":
        return []
    return [s.targets[0].id for s in ast.walk(method)
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and
            isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call) and
            isinstance(s.value.func, ast.Attribute) and s.value.func.attr == "__new__"]


def _attributes_set(node: ast.AST, receiver: str) -> list[str]:
    """The attribute names one node sets on ``receiver``: ``self.x = ...``,
    ``self.__dict__["x"] = ...``, ``object.__setattr__(self, "x", ...)``."""
    if _setattr_call(node, receiver):
        return [n for n in [_setattr_name(node)] if n]  # type: ignore[arg-type]
    names = []
    for target in _assigned_targets(node):
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                target.value.id == receiver:
            names.append(target.attr)
        elif isinstance(target, ast.Subscript) and _is_instance_dict(target.value, receiver):
            key = _dict_key(target)
            if key:
                names.append(key)
    return names


def _setattr_call(node: ast.AST, receiver: str) -> bool:
    """``setattr(self, ...)`` or ``object.__setattr__(self, ...)``."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
            and node.args[0].id == receiver):
        return False
    func = node.func
    return isinstance(func, ast.Name) and func.id == "setattr" or \
        isinstance(func, ast.Attribute) and func.attr == "__setattr__"


def _setattr_name(node: ast.Call) -> str | None:
    name = node.args[1] if len(node.args) > 1 else None
    return name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None


def _is_instance_dict(node: ast.AST, receiver: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "__dict__" and \
        isinstance(node.value, ast.Name) and node.value.id == receiver


def _dict_key(node: ast.Subscript) -> str | None:
    key = node.slice
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def _assigned_targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    else:
        return []
    flat: list[ast.expr] = []
    while targets:
        target = targets.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            targets.extend(target.elts)
        else:
            flat.append(target)
    return flat


def _class_var(annotation: ast.expr) -> bool:
    outer = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return dep.dotted_name(outer).rsplit(".", 1)[-1] == "ClassVar" if \
        dep.dotted_name(outer) else False


def _forwards_kwargs(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[Param]) -> bool:
    """Whether ``**kwargs`` is handed to a call (``f(**kwargs)``, ``validate(kwargs)``) rather
    than stored or ignored: then a keyword nothing declares fails at run time."""
    name = next((p.name for p in params if p.kind == VAR_KEYWORD), None)
    if name is None:
        return False
    for inner in ast.walk(node):
        if not isinstance(inner, ast.Call):
            continue
        if any(isinstance(a, ast.Name) and a.id == name for a in inner.args):
            return True
        if any(isinstance(k.value, ast.Name) and k.value.id == name for k in inner.keywords):
            return True
    return False


def _overload_returns(info: ModuleInfo, path: str, node: ast.expr | None, first: bool) -> None:
    """What the overloads return together: one class, ``A|B`` when they differ, nothing when
    one of them says nothing we can use (``pd.read_csv``: DataFrame or TextFileReader)."""
    text = _annotation(node)
    if first:
        info.raw_returns.pop(path, None)
        info.unknown_returns.discard(path)
    if text is None or path in info.unknown_returns:
        info.unknown_returns.add(path)
        info.raw_returns.pop(path, None)
        return
    known = info.raw_returns.get(path, "").split("|") if path in info.raw_returns else []
    info.raw_returns[path] = "|".join(dict.fromkeys([*known, *text.split("|")]))


ITERABLE_RESULTS = {"Iterable", "Iterator", "Generator", "AsyncIterator", "AsyncIterable"}


def _set_yields(info: ModuleInfo, path: str, node: ast.expr | None) -> None:
    """``-> Iterable[tuple[Hashable, Series]]``: iterating the result gives pairs whose
    second item is a Series."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return
    if not (isinstance(node, ast.Subscript)
            and dep.dotted_name(node.value).rsplit(".", 1)[-1] in ITERABLE_RESULTS):
        return
    element = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
    if isinstance(element, ast.Subscript) and \
            dep.dotted_name(element.value).rsplit(".", 1)[-1] in ("tuple", "Tuple"):
        items = element.slice.elts if isinstance(element.slice, ast.Tuple) else [element.slice]
        slots = [_annotation(item) or "" for item in items]
        text = "(" + ",".join(slots) + ")" if any(slots) and "..." not in slots else ""
    else:
        text = _annotation(element) or ""
    if text:
        info.raw_yields[path] = text


def _set_returns(info: ModuleInfo, path: str, node: ast.expr | None) -> None:
    text = _annotation(node)
    if text:
        info.raw_returns[path] = text


def public_deprecation_count(definitions: dict[str, Definition]) -> int:
    return sum(1 for d in definitions.values() if d.deprecated) + sum(
        len(d.param_deprecations) for d in definitions.values())


__all__ = ["Binding", "ModuleInfo", "scan_module", "resolve_relative", "Deprecation"]
