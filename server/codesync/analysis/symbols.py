"""Find the library calls and references in user code, and what each one targets.

Nothing is imported or run. Names are followed through imports, aliases, attribute chains
and type flow: constructors, functions and methods whose return type the knowledge records,
annotated parameters, and the user's own code in the file — what its functions and methods
return, the attributes its classes set on ``self`` (in ``__init__`` or any method, read in
any other), instances of its classes, ``super()`` in a subclass of a library class, and
``with ... as x`` where the library's ``__enter__`` says what it gives. A module is walked
twice: the first walk learns these facts (so a function may be used above its definition),
the second records sites. What cannot be resolved is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .binding import CallShape
from .guards import Guard, condition_guards, fallback_guard, try_guard, with_guard
from .likely_types import distinctive, members_used
from .project_modules import ProjectModules


@dataclass(frozen=True)
class Ref:
    """A public dotted path into a library: module, function, class or attribute."""

    path: str


@dataclass(frozen=True)
class Instance:
    """An instance of a library class."""

    dist: str
    class_path: str  # canonical; "A|B" when documented as one of several classes
    public: str  # public path for messages (may equal class_path)
    # set when only the members used on an unannotated parameter say what it is
    inferred_from: tuple[str, ...] = ()

    def alternatives(self) -> list[Instance]:
        classes, publics = self.class_path.split("|"), self.public.split("|")
        if len(classes) == 1 or len(publics) != len(classes):
            return [self]
        return [Instance(self.dist, c, p) for c, p in zip(classes, publics)]


@dataclass(frozen=True)
class BoundMember:
    instance: Instance
    name: str


@dataclass(frozen=True)
class Returns:
    """A function of the user's file: calling it gives ``value`` (None: unknown)."""

    value: Ref | Instance | BoundMember | None


@dataclass(frozen=True, eq=False)
class UserClass:
    """A class of the user's file; ``base`` is its library base class, if it has one."""

    node: ast.ClassDef
    base: Instance | None


@dataclass(frozen=True)
class UserObject:
    """An instance of a class of the user's file (``self`` inside its methods)."""

    cls: UserClass


@dataclass(frozen=True)
class Slots:
    """A tuple of known length, as iteration gives it (``iterrows()``: label, row): each
    item's value, None where unknown."""

    items: tuple[Value | None, ...]


@dataclass(frozen=True)
class Items:
    """Something iterated for its elements: a call whose result the knowledge says yields
    them, a container the code annotates (``list[pd.DataFrame]``), or zip/enumerate of such."""

    element: Value | Slots | None


Value = Ref | Instance | BoundMember | Returns | UserClass | UserObject | Items
UNKNOWN = Ref("")
SAFE_DECORATORS = {"staticmethod", "classmethod", "cache", "lru_cache", "wraps"}
CONTAINER_ANNOTATIONS = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Iterator",
                         "Collection", "set", "Set", "frozenset", "FrozenSet", "tuple", "Tuple",
                         "Generator", "Reversible"}


@dataclass
class Facts:
    """What the first walk learned about the user's code."""

    returns: dict[str, Returns] = field(default_factory=dict)  # module-level functions
    attributes: dict[ast.ClassDef, dict[str, Value]] = field(default_factory=dict)
    methods: dict[ast.ClassDef, dict[str, Returns]] = field(default_factory=dict)
    # per function: the members each unannotated parameter is used with (likely_types.py)
    parameter_members: dict[ast.AST, dict[str, frozenset[str] | None]] = field(
        default_factory=dict)


class TypeOracle(Protocol):
    def call_result(self, target: Ref | BoundMember) -> Instance | None: ...

    def attribute_type(self, target: Ref | BoundMember) -> Instance | None: ...

    def iteration_result(self, target: Ref | BoundMember) -> Instance | Slots | None: ...

    def is_library(self, top_level: str) -> bool: ...

    def likely_instance(self, members: frozenset[str], tops: frozenset[str]) -> Instance | None: ...


@dataclass
class Site:
    """One place in the source that uses a library API."""

    node: ast.AST  # the Call, Attribute/Name reference, or ImportFrom alias
    target: Ref | BoundMember
    kind: str  # call, reference, import
    shape: CallShape | None = None
    receiver: ast.AST | None = None  # the instance expression of a method call
    guards: tuple[Guard, ...] = ()  # version checks, fallbacks and test blocks around it
    # functools.partial(f, ...): ``node`` stands for the call of f with the arguments given so
    # far (the rest come later); judged, never rewritten
    partial: bool = False


@dataclass
class Scope:
    names: dict[str, Value] = field(default_factory=dict)
    parent: Scope | None = None

    def lookup(self, name: str) -> Value | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None


class SiteCollector(ast.NodeVisitor):
    """Walks a module in order, tracking what names refer to, and records library sites."""

    def __init__(self, oracle: TypeOracle, facts: Facts | None = None,
                 path: Path | None = None, modules: ProjectModules | None = None,
                 depth: int = 0, source: str | None = None) -> None:
        self.oracle = oracle
        self.source_lines = source.splitlines(keepends=True) if source is not None else None
        self.path, self.modules, self.depth = path, modules, depth
        self.scope = Scope()
        self._library_tops: set[str] = set()  # library packages the module imports
        self.sites: list[Site] = []
        self.learning = facts is None  # the first walk: learn facts, sites are thrown away
        self.facts = facts if facts is not None else Facts()
        self._functions: list[dict] = []  # per function being walked: its return values
        self._classes: list[UserClass] = []  # classes whose body is being walked
        self._in_class_body = False
        self._guards: list[Guard] = []
        self._partial_names: set[str] = set()  # what functools.partial is called here

    # entry --------------------------------------------------------------------------------
    def collect(self, tree: ast.Module) -> list[Site]:
        recorder = self._walked(tree)
        self.sites = recorder.sites
        return self.sites

    def _walked(self, tree: ast.Module) -> SiteCollector:
        """Both walks: one to learn the facts, one with them."""
        context = (self.path, self.modules, self.depth)
        source = "".join(self.source_lines) if self.source_lines is not None else None
        learner = SiteCollector(self.oracle, None, *context, source=source)
        learner.visit(tree)
        recorder = SiteCollector(self.oracle, learner.facts, *context, source=source)
        recorder.visit(tree)
        return recorder

    def module_names(self, tree: ast.Module) -> dict[str, Value]:
        """What a module of the project binds at its top level that another file can use."""
        names = self._walked(tree).scope.names
        return {name: value for name, value in names.items()
                if isinstance(value, (Ref, Instance, BoundMember, Returns))
                and not (isinstance(value, Ref) and not value.path)}

    # bindings -----------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "functools":
                self._partial_names.add(f"{alias.asname or 'functools'}.partial")
            top = alias.name.split(".")[0]
            if not self.oracle.is_library(top):
                continue
            self._library_tops.add(top)
            if alias.asname:
                self.scope.names[alias.asname] = Ref(alias.name)
            else:
                self.scope.names[top] = Ref(top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "functools" and not node.level:
            self._partial_names.update(a.asname or a.name for a in node.names
                                       if a.name == "partial")
        if node.level or not node.module or not self.oracle.is_library(node.module.split(".")[0]):
            self._import_from_project(node)
            return
        self._library_tops.add(node.module.split(".")[0])
        for alias in node.names:
            if alias.name == "*":
                continue
            ref = Ref(f"{node.module}.{alias.name}")
            self.scope.names[alias.asname or alias.name] = ref
            self._record(Site(alias, ref, "import"))

    def _import_from_project(self, node: ast.ImportFrom) -> None:
        """``from .compat import pd``: names a module of the project binds to library values."""
        if self.modules is None or self.path is None:
            return
        names = self.modules.names(self.path, node.module or "", node.level, self.depth)
        for alias in node.names:
            value = names.get(alias.name) if names else None
            if alias.name != "*" and value is not None:
                self.scope.names[alias.asname or alias.name] = value

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        value = self.value_of(node.value)
        for target in node.targets:
            self._assign(target, value)
            if not isinstance(target, ast.Name):
                self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        value = self._annotation_instance(node.annotation) or (
            self.value_of(node.value) if node.value is not None else None)
        self._assign(node.target, value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.scope.names.pop(node.target.id, None)
        else:
            self._assign(node.target, None)

    def _assign(self, target: ast.AST, value: Value | Slots | None) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Slots):
                value = None  # a whole tuple: not a value the checker follows
            if value is None:
                self._forget(target.id)
            else:
                self.scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            slots = value.items if isinstance(value, Slots) and len(value.items) == len(
                target.elts) and not any(isinstance(e, ast.Starred) for e in target.elts) else None
            for index, elt in enumerate(target.elts):
                self._assign(elt, slots[index] if slots else None)
        elif isinstance(target, ast.Starred):
            self._assign(target.value, None)
        elif isinstance(target, ast.Attribute) and self.learning:
            owner = self.value_of(target.value)
            if isinstance(owner, UserObject):
                attributes = self.facts.attributes.setdefault(owner.cls.node, {})
                new = value if value is not None else UNKNOWN
                attributes[target.attr] = _merge([attributes[target.attr], new]) \
                    if target.attr in attributes else new

    def _forget(self, name: str) -> None:
        # a local rebinding hides outer library names (``pd = None``)
        if self.scope.lookup(name) is not None:
            self.scope.names[name] = Ref("")

    def _record(self, site: Site) -> None:
        site.guards = tuple(self._guards)
        self.sites.append(site)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._assign(node.target, self._element_of(node.iter))
        self._branches([[(node.body + node.orelse, ())], [(node.orelse, ())]])  # may not run

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._branches([[(node.body + node.orelse, ())], [(node.orelse, ())]])

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        body, orelse = condition_guards(node.test, self._library_path)
        self._branches([[(node.body, body)], [(node.orelse, orelse)]])

    def visit_Try(self, node: ast.Try) -> None:
        guard = try_guard(node)
        body = [(node.body, (guard,) if guard else ()), (node.orelse, ())]
        # guards matter only to the recording walk: the learning walk's sites are dropped
        tried = frozenset() if self.learning else self._libraries_in(node.body)
        self._branches([body, *[[(h.body, _present(fallback_guard(h, tried)))]
                                for h in node.handlers]])
        for stmt in node.finalbody:
            self.visit(stmt)

    visit_TryStar = visit_Try

    def _libraries_in(self, body: list[ast.stmt]) -> frozenset[str]:
        """The library packages statements import or use through names bound to them."""
        tops: set[str] = set()
        for node in (n for stmt in body for n in ast.walk(stmt)):
            if isinstance(node, ast.Import):
                tops.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
            elif isinstance(node, ast.Name):
                value = self.scope.lookup(node.id)
                if isinstance(value, Ref) and value.path:
                    tops.add(value.path.split(".")[0])
                elif isinstance(value, Instance):
                    tops.add(value.class_path.split(".")[0])
        return frozenset(t for t in tops if self.oracle.is_library(t))

    def _library_path(self, node: ast.AST) -> str | None:
        value = self.value_of(node)
        return value.path if isinstance(value, Ref) and value.path else None

    def _branches(self, branches: list[list[tuple[list[ast.stmt], tuple[Guard, ...]]]]) -> None:
        """Run each branch (statements with the guards they run under) from the same names,
        then keep what they agree on: a name bound to different classes becomes one of them
        (``A|B``), to anything else unknown."""
        before = dict(self.scope.names)
        outcomes = []
        for segments in branches:
            self.scope.names = dict(before)
            for statements, guards in segments:
                self._guards.extend(guards)
                for stmt in statements:
                    self.visit(stmt)
                del self._guards[len(self._guards) - len(guards):]
            outcomes.append(self.scope.names)
        merged = dict(before)
        for name in {n for outcome in outcomes for n in outcome}:
            values = [o.get(name, before.get(name, self.scope.parent.lookup(name)
                                                 if self.scope.parent else None)) for o in outcomes]
            merged[name] = _merge(values)
        self.scope.names = merged

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._assign(item.optional_vars, self._entered(item.context_expr))
        guard = with_guard(node)
        self._guards.extend([guard] if guard else [])
        for stmt in node.body:
            self.visit(stmt)
        if guard:
            self._guards.pop()

    visit_AsyncWith = visit_With

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(default)
        self._forget(node.name)
        owner = self._classes[-1] if self._classes and self._in_class_body else None
        outer, in_class = self.scope, self._in_class_body
        self.scope, self._in_class_body = Scope(parent=outer), False
        self._bind_parameters(node, owner)
        if owner is not None:
            self.scope.names["__class_of_method__"] = owner
        self._functions.append({"returns": [], "generator": isinstance(node, ast.AsyncFunctionDef)})
        for stmt in node.body:
            self.visit(stmt)
        frame = self._functions.pop()
        self.scope, self._in_class_body = outer, in_class
        self._bind_function(node, owner, frame)

    visit_AsyncFunctionDef = visit_FunctionDef  # a coroutine function: walked, never typed

    def _bind_parameters(self, node: ast.FunctionDef, owner: UserClass | None) -> None:
        args = node.args
        params = args.posonlyargs + args.args + args.kwonlyargs
        receiver = (args.posonlyargs + args.args)[:1] if owner is not None else []
        plain = {arg.arg for arg in params if arg.annotation is None and arg not in receiver}
        for arg in params:
            instance = self._annotation_instance(arg.annotation) if arg.annotation else None
            if instance is None and arg.arg in plain:
                instance = self._likely_instance(node, arg.arg, plain)
            self.scope.names[arg.arg] = instance if instance else UNKNOWN
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                self.scope.names[arg.arg] = UNKNOWN
        positional = args.posonlyargs + args.args
        decorators = _decorator_names(node)
        if owner is not None and positional and "staticmethod" not in decorators:
            first = positional[0].arg
            self.scope.names[first] = owner if "classmethod" in decorators else UserObject(owner)

    def _likely_instance(self, node: ast.FunctionDef, name: str,
                         plain: set[str]) -> Instance | None:
        if not self._library_tops or self.source_lines is None:
            return None
        known = self.facts.parameter_members
        if node not in known:
            body = "".join(self.source_lines[node.body[0].lineno - 1: node.end_lineno])
            known[node] = members_used(body, plain)
        members = known[node].get(name)
        if not members or not distinctive(members):
            return None
        return self.oracle.likely_instance(members, frozenset(self._library_tops))

    def _bind_function(self, node: ast.FunctionDef, owner: UserClass | None, frame: dict) -> None:
        returned = frame["returns"]
        typed = not frame["generator"] and returned and _decorator_names(node) <= SAFE_DECORATORS
        value = Returns(_merge(returned) if typed else None)
        if isinstance(value.value, Ref) and not value.value.path:
            value = Returns(None)
        if owner is not None:
            if self.learning:
                self.facts.methods.setdefault(owner.node, {})[node.name] = value
            return
        self.scope.names[node.name] = value
        if self.learning and self.scope.parent is None:
            self.facts.returns[node.name] = value

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.visit(node.value)
        returns_none = node.value is None or (isinstance(node.value, ast.Constant)
                                              and node.value.value is None)
        if self._functions and not returns_none:  # "a frame or None" types as a frame
            value = self.value_of(node.value)
            self._functions[-1]["returns"].append(value if value is not None else UNKNOWN)

    def visit_Yield(self, node: ast.Yield) -> None:
        if self._functions:
            self._functions[-1]["generator"] = True
        self.generic_visit(node)

    visit_YieldFrom = visit_Yield

    def visit_Lambda(self, node: ast.Lambda) -> None:
        outer = self.scope
        self.scope = Scope(parent=outer)
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            self.scope.names[arg.arg] = Ref("")
        self.visit(node.body)
        self.scope = outer

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in node.bases + node.decorator_list + [k.value for k in node.keywords]:
            self.visit(expr)
        cls = UserClass(node, self._library_base(node))
        outer, in_class = self.scope, self._in_class_body
        self.scope, self._in_class_body = Scope(parent=outer), True
        self._classes.append(cls)
        for stmt in node.body:
            self.visit(stmt)
        self._classes.pop()
        self.scope, self._in_class_body = outer, in_class
        outer.names[node.name] = cls

    def _library_base(self, node: ast.ClassDef) -> Instance | None:
        for base in node.bases:
            value = self.value_of(base)
            if isinstance(value, Ref) and value.path:
                return self.oracle.call_result(value)
        return None

    def _entered(self, expr: ast.AST) -> Value | None:
        """What ``with expr as x`` binds: the library's ``__enter__`` result when it says."""
        value = self.value_of(expr)
        if isinstance(value, Instance):
            return self.oracle.call_result(BoundMember(value, "__enter__"))
        return None

    def _comprehension(self, node) -> None:
        outer = self.scope
        self.scope = Scope(parent=outer)
        for generator in node.generators:
            self.visit(generator.iter)
            self._assign(generator.target, self._element_of(generator.iter))
            for condition in generator.ifs:
                self.visit(condition)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self.scope = outer

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def _annotation_instance(self, annotation: ast.AST | None) -> Instance | Items | None:
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(annotation, ast.Subscript):
            outer = self.value_of(annotation.value)
            if isinstance(outer, Ref) and outer.path.endswith("Optional"):
                return self._annotation_instance(annotation.slice)
            return self._annotated_items(annotation)
        value = self.value_of(annotation)
        if isinstance(value, Ref) and value.path:
            return self.oracle.call_result(value)
        return None

    def _annotated_items(self, annotation: ast.Subscript) -> Items | None:
        """``list[pd.DataFrame]``, ``Sequence[Frame]``, ``tuple[Frame, ...]``: the elements."""
        container = annotation.value
        name = container.attr if isinstance(container, ast.Attribute) else \
            container.id if isinstance(container, ast.Name) else ""
        if name not in CONTAINER_ANNOTATIONS:
            return None
        element = annotation.slice
        if isinstance(element, ast.Tuple) and name == "Generator":
            element = element.elts[0]  # Generator[yield, send, return]
        if isinstance(element, ast.Tuple):
            if name not in ("tuple", "Tuple") or len(element.elts) != 2 or not (
                    isinstance(element.elts[1], ast.Constant) and element.elts[1].value is ...):
                return None
            element = element.elts[0]
        instance = self._annotation_instance(element)
        return Items(instance) if instance is not None else None

    def _element_of(self, node: ast.AST) -> Value | Slots | None:
        """What iterating an expression gives, when known."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                self.scope.lookup(node.func.id) is None:
            builtin = node.func.id
            if builtin == "zip" and node.args and not node.keywords and \
                    not any(isinstance(a, ast.Starred) for a in node.args):
                return Slots(tuple(self._element_of(a) for a in node.args))
            if builtin == "enumerate" and node.args:
                return Slots((None, self._element_of(node.args[0])))
            if builtin in ("list", "tuple", "sorted", "reversed", "iter", "set") and \
                    len(node.args) == 1:
                return self._element_of(node.args[0])
        value = self.value_of(node)
        return value.element if isinstance(value, Items) else None

    # uses ---------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        if self._partial_call(node):
            return
        accessed = self._getattr_value(node)
        if accessed is not None and _is_target(accessed):
            self._record(Site(node, accessed, "reference"))
        target = self.value_of(node.func)
        if isinstance(target, (Ref, BoundMember)) and _is_target(target):
            receiver = node.func.value if isinstance(node.func, ast.Attribute) and isinstance(
                target, BoundMember) else None
            self._record(Site(node, target, "call", shape=_shape(node), receiver=receiver))
        self._visit_callee(node.func)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)

    def _partial_call(self, node: ast.Call) -> bool:
        """``functools.partial(pd.read_csv, squeeze=True)``: a call of ``read_csv`` with the
        arguments given so far (more may follow: missing ones are not judged)."""
        if _dotted(node.func) not in self._partial_names or not node.args or \
                isinstance(node.args[0], ast.Starred):
            return False
        target = self.value_of(node.args[0])
        if not isinstance(target, (Ref, BoundMember)) or not _is_target(target):
            return False
        call = ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords)
        ast.copy_location(call, node.args[0])
        call.end_lineno, call.end_col_offset = node.end_lineno, node.end_col_offset
        shape = _shape(call)
        receiver = node.args[0].value if isinstance(node.args[0], ast.Attribute) and isinstance(
            target, BoundMember) else None
        self._record(Site(call, target, "call", shape=CallShape(
            shape.positional, shape.keywords, star_args=True, star_kwargs=True),
            receiver=receiver, partial=True))
        self._visit_callee(node.args[0])
        for arg in node.args[1:]:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)
        return True

    def _visit_callee(self, func: ast.AST) -> None:
        """Visit what a callee expression contains without taking its chain as a reference."""
        while isinstance(func, ast.Attribute):
            func = func.value
        if isinstance(func, ast.Call) and self._getattr_value(func) is not None:
            for argument in func.args:  # the call through it is the site: not a reference too
                self.visit(argument)
        elif not isinstance(func, ast.Name):
            self.visit(func)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load):
            value = self.value_of(node)
            if isinstance(value, Ref) and "." in value.path or isinstance(value, BoundMember):
                self._record(Site(node, value, "reference"))
                self._visit_callee(node.value)
                return
        self.visit(node.value)

    # values -------------------------------------------------------------------------------
    def value_of(self, node: ast.AST | None) -> Value | None:
        if node is None:
            return None
        if isinstance(node, ast.Name):
            value = self.scope.lookup(node.id)
            if value is None:  # a function of the module defined further down
                value = self.facts.returns.get(node.id)
            if isinstance(value, Ref) and not value.path:
                return None
            return value
        if isinstance(node, ast.Attribute):
            base = self.value_of(node.value)
            if isinstance(base, Ref):
                return Ref(f"{base.path}.{node.attr}")
            if isinstance(base, Instance):
                return None if self._super_member(node) else BoundMember(base, node.attr)
            if isinstance(base, BoundMember):
                typed = self.oracle.attribute_type(base)
                return BoundMember(typed, node.attr) if typed else None
            if isinstance(base, (UserObject, UserClass)):
                return self._user_member(base, node.attr)
            return None
        if isinstance(node, ast.Call):
            return self._call_value(node)
        if isinstance(node, ast.Subscript):
            base = self.value_of(node.value)
            if isinstance(base, Items) and not isinstance(base.element, Slots):
                # frames[0]: an element of an annotated list; frames[1:]: more of them
                return base if isinstance(node.slice, ast.Slice) else base.element
            if isinstance(base, Instance):  # what the library's __getitem__ says it gives
                return self.oracle.call_result(BoundMember(base, "__getitem__"))
            return None
        return None

    def _call_value(self, node: ast.Call) -> Value | None:
        func = self.value_of(node.func)
        if isinstance(func, (Ref, BoundMember)):
            result = self.oracle.call_result(func)
            if result is None:
                element = self.oracle.iteration_result(func)
                return Items(element) if element is not None else None
            return result
        if isinstance(func, Returns):
            return func.value
        if isinstance(func, UserClass):
            return UserObject(func)
        if isinstance(node.func, ast.Name) and node.func.id == "super":
            return self._super()
        return self._getattr_value(node)

    def _getattr_value(self, node: ast.Call) -> Ref | BoundMember | None:
        """``getattr(np, "float_")`` with a literal name and no default is ``np.float_`` (with a
        default, the code is written for the name's absence)."""
        if not (isinstance(node.func, ast.Name) and node.func.id == "getattr"
                and len(node.args) == 2
                and not node.keywords and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str) and node.args[1].value.isidentifier()):
            return None
        base, name = self.value_of(node.args[0]), node.args[1].value
        if isinstance(base, Ref) and base.path:
            return Ref(f"{base.path}.{name}")
        if isinstance(base, Instance):
            return BoundMember(base, name)
        return None

    def _super_member(self, node: ast.Attribute) -> bool:
        """``super().__new__``: a static method, called with ``cls`` by hand."""
        call = node.value
        return (node.attr == "__new__" and isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name) and call.func.id == "super")

    def _super(self) -> Instance | None:
        """``super()`` in a method of a class of this file: its library base, if any."""
        owner = self.scope.lookup("__class_of_method__")
        if isinstance(owner, UserClass):
            return owner.base
        return None

    def _user_member(self, base: UserObject | UserClass, name: str) -> Value | None:
        node = base.cls.node if isinstance(base, UserObject) else base.node
        if isinstance(base, UserObject) and name in self.facts.attributes.get(node, {}):
            value = self.facts.attributes[node][name]
            return None if isinstance(value, Ref) and not value.path else value
        return self.facts.methods.get(node, {}).get(name)


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a chain of names, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    return ".".join([node.id, *reversed(parts)])


def _present(guard: Guard | None) -> tuple[Guard, ...]:
    return (guard,) if guard is not None else ()


def _decorator_names(node: ast.FunctionDef) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.add(target.attr if isinstance(target, ast.Attribute) else
                  target.id if isinstance(target, ast.Name) else "?")
    return names


def _merge(values: list[Value | None]) -> Value:
    """One value for a name bound differently on different paths."""
    present = [v for v in values if v is not None]
    if len(set(present)) == 1:  # the same everywhere, or bound on the paths that bind it at all
        return present[0]
    if len(present) == len(values) and all(isinstance(v, Instance) for v in present) and \
            len({v.dist for v in present}) == 1:
        alternatives = list(dict.fromkeys(a for v in present for a in v.alternatives()))
        return Instance(present[0].dist, "|".join(a.class_path for a in alternatives),
                        "|".join(a.public for a in alternatives))
    return Ref("")


def _is_target(value: Ref | BoundMember) -> bool:
    return bool(value.path) if isinstance(value, Ref) else True


def _shape(node: ast.Call) -> CallShape:
    positional = 0
    star_args = False
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            star_args = True
            break
        positional += 1
    keywords = tuple(k.arg for k in node.keywords if k.arg is not None)
    star_kwargs = any(k.arg is None for k in node.keywords)
    return CallShape(positional, keywords, star_args, star_kwargs)


def iter_call_arguments(node: ast.Call) -> Iterator[tuple[str | int, ast.AST]]:
    """(position or keyword, value node) for each plain argument of a call."""
    for index, arg in enumerate(node.args):
        if isinstance(arg, ast.Starred):
            return
        yield index, arg
    for keyword in node.keywords:
        if keyword.arg is not None:
            yield keyword.arg, keyword.value
