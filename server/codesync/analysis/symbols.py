"""Find the library calls and references in user code, and what each one targets.

Nothing is imported or run. Names are followed through imports, aliases, attribute chains
and one step of type flow: constructors, functions and methods whose return type the
knowledge records, and annotated parameters. What cannot be resolved is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .binding import CallShape


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

    def alternatives(self) -> list[Instance]:
        classes, publics = self.class_path.split("|"), self.public.split("|")
        if len(classes) == 1 or len(publics) != len(classes):
            return [self]
        return [Instance(self.dist, c, p) for c, p in zip(classes, publics)]


@dataclass(frozen=True)
class BoundMember:
    instance: Instance
    name: str


Value = Ref | Instance | BoundMember


class TypeOracle(Protocol):
    def call_result(self, target: Ref | BoundMember) -> Instance | None: ...

    def attribute_type(self, target: Ref | BoundMember) -> Instance | None: ...

    def is_library(self, top_level: str) -> bool: ...


@dataclass
class Site:
    """One place in the source that uses a library API."""

    node: ast.AST  # the Call, Attribute/Name reference, or ImportFrom alias
    target: Ref | BoundMember
    kind: str  # call, reference, import
    shape: CallShape | None = None
    receiver: ast.AST | None = None  # the instance expression of a method call


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

    def __init__(self, oracle: TypeOracle) -> None:
        self.oracle = oracle
        self.scope = Scope()
        self.sites: list[Site] = []

    # entry --------------------------------------------------------------------------------
    def collect(self, tree: ast.Module) -> list[Site]:
        self.visit(tree)
        return self.sites

    # bindings -----------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if not self.oracle.is_library(top):
                continue
            if alias.asname:
                self.scope.names[alias.asname] = Ref(alias.name)
            else:
                self.scope.names[top] = Ref(top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            return
        top = node.module.split(".")[0]
        if not self.oracle.is_library(top):
            return
        for alias in node.names:
            if alias.name == "*":
                continue
            ref = Ref(f"{node.module}.{alias.name}")
            self.scope.names[alias.asname or alias.name] = ref
            self.sites.append(Site(alias, ref, "import"))

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

    def _assign(self, target: ast.AST, value: Value | None) -> None:
        if isinstance(target, ast.Name):
            if value is None:
                self._forget(target.id)
            else:
                self.scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._assign(elt, None)

    def _forget(self, name: str) -> None:
        # a local rebinding hides outer library names (``pd = None``)
        if self.scope.lookup(name) is not None:
            self.scope.names[name] = Ref("")

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._assign(node.target, None)
        self._branches([node.body + node.orelse, node.orelse])  # the body may not run

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._branches([node.body + node.orelse, node.orelse])

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        self._branches([node.body, node.orelse])

    def visit_Try(self, node: ast.Try) -> None:
        self._branches([node.body + node.orelse, *[h.body for h in node.handlers]])
        for stmt in node.finalbody:
            self.visit(stmt)

    visit_TryStar = visit_Try

    def _branches(self, branches: list[list[ast.stmt]]) -> None:
        """Run each branch from the same names, then keep what they agree on: a name bound
        to different classes becomes one of them (``A|B``), to anything else unknown."""
        before = dict(self.scope.names)
        outcomes = []
        for body in branches:
            self.scope.names = dict(before)
            for stmt in body:
                self.visit(stmt)
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
                self._assign(item.optional_vars, None)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncWith = visit_With

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(default)
        self._forget(node.name)
        outer = self.scope
        self.scope = Scope(parent=outer)
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            instance = self._annotation_instance(arg.annotation) if arg.annotation else None
            self.scope.names[arg.arg] = instance if instance else Ref("")
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                self.scope.names[arg.arg] = Ref("")
        for stmt in node.body:
            self.visit(stmt)
        self.scope = outer

    visit_AsyncFunctionDef = visit_FunctionDef

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
        outer = self.scope
        self.scope = Scope(parent=outer)
        for stmt in node.body:
            self.visit(stmt)
        self.scope = outer
        outer.names[node.name] = Ref("")

    def _comprehension(self, node) -> None:
        outer = self.scope
        self.scope = Scope(parent=outer)
        for generator in node.generators:
            self.visit(generator.iter)
            self._assign(generator.target, None)
            for condition in generator.ifs:
                self.visit(condition)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self.scope = outer

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def _annotation_instance(self, annotation: ast.AST | None) -> Instance | None:
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
            return None
        value = self.value_of(annotation)
        if isinstance(value, Ref) and value.path:
            return self.oracle.call_result(value)
        return None

    # uses ---------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        target = self.value_of(node.func)
        if isinstance(target, (Ref, BoundMember)) and _is_target(target):
            receiver = node.func.value if isinstance(node.func, ast.Attribute) and isinstance(
                target, BoundMember) else None
            self.sites.append(Site(node, target, "call", shape=_shape(node), receiver=receiver))
        self._visit_callee(node.func)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)

    def _visit_callee(self, func: ast.AST) -> None:
        """Visit what a callee expression contains without taking its chain as a reference."""
        while isinstance(func, ast.Attribute):
            func = func.value
        if not isinstance(func, ast.Name):
            self.visit(func)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, ast.Load):
            value = self.value_of(node)
            if isinstance(value, Ref) and "." in value.path or isinstance(value, BoundMember):
                self.sites.append(Site(node, value, "reference"))
                self._visit_callee(node.value)
                return
        self.visit(node.value)

    # values -------------------------------------------------------------------------------
    def value_of(self, node: ast.AST | None) -> Value | None:
        if node is None:
            return None
        if isinstance(node, ast.Name):
            value = self.scope.lookup(node.id)
            if isinstance(value, Ref) and not value.path:
                return None
            return value
        if isinstance(node, ast.Attribute):
            base = self.value_of(node.value)
            if isinstance(base, Ref):
                return Ref(f"{base.path}.{node.attr}")
            if isinstance(base, Instance):
                return BoundMember(base, node.attr)
            if isinstance(base, BoundMember):
                typed = self.oracle.attribute_type(base)
                return BoundMember(typed, node.attr) if typed else None
            return None
        if isinstance(node, ast.Call):
            func = self.value_of(node.func)
            if isinstance(func, (Ref, BoundMember)):
                return self.oracle.call_result(func)
            return None
        if isinstance(node, ast.Await):
            return None
        return None


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
