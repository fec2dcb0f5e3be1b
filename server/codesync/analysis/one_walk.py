"""A module's sites in one walk where two would give the same (the command line's check).

The collector walks a module twice (symbols.py): the first walk learns facts (what the
module's functions return, the attributes and methods of its classes), the second records
sites with all of them known. Here one walk learns and records at once; it reads each fact
as it stands at that moment and logs what it saw. Both walks are the same function of the
tree, the names in scope and the facts read, so where every fact read saw its final value
the one walk did what the second would have done.

Where a read saw another value (a method called above its definition), only the function
around it is walked again: each outermost function (a module's, or a method) is a unit whose
walk reads the scopes around it, the libraries and ``functools`` names imported so far, the
guards and the class it is in, all copied when the one walk enters it, and changes nothing
outside it but its sites, the libraries its imports add (the same on every walk) and, for a
module's function, the value its name is bound to. A unit walked again is walked as the
second walk would, from the copies; when the name it binds then differs, or a read outside
every unit saw another value, the whole second walk runs as before, with the facts learned.
A function or method read as the callee of a call (``self.helper()``) holds when calling it
gives the same (a method defined further down that returns nothing known). A project
module's names (project_modules.py) come from the walk that learns alone, when all its reads
held.

One difference is not a fact: the second walk makes its own object per class of the file
while the facts hold the first walk's (a ``UserClass`` equals only itself), and the one walk
has one object per class. So a walk that finds equal two values holding classes of the
project (merging what branches bound, a list display of equal values) is not kept either.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .symbols import SiteCollector, exported
from .values import Returns, Scope, Site, UserClass, Value, shared_alike


@dataclass
class _Unit:
    """An outermost function: where its walk began, what it read and recorded."""

    node: ast.FunctionDef
    scopes: list[dict]  # the names of each scope around it, innermost first
    tops: frozenset[str]
    partial: frozenset[str]
    guards: tuple
    classes: tuple[UserClass, ...]
    in_class_body: bool
    start: int  # its sites in the one walk's list
    end: int = 0
    bound: Value | None = None  # what its name is bound to after it (a module's function)
    reads: set[tuple] = field(default_factory=set)


class _Compares(SiteCollector):
    """A walk that notes when it finds values holding classes of the project equal."""

    compared_classes = False

    def _compares(self, values: list) -> None:
        present = [v for v in values if v is not None]
        if len(present) > 1 and not shared_alike(present[0]) and \
                all(v == present[0] for v in present):
            self.compared_classes = True


class OneWalk(_Compares):
    """A walk that learns facts and records sites, logging the facts it read per unit."""

    def __init__(self, *args, record: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.learning, self.recording = True, record  # without sites: one unit, the module
        self.outside: set[tuple] = set()  # reads outside every unit
        self.reads = self.outside
        self.units: list[_Unit] = []
        self._callee: ast.expr | None = None  # the callee being evaluated

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if self._functions or not self.recording:  # part of the unit around it
            SiteCollector.visit_FunctionDef(self, node)
            return
        scopes, scope = [], self.scope
        while scope is not None:
            scopes.append(dict(scope.names))
            scope = scope.parent
        unit = _Unit(node, scopes, frozenset(self._library_tops), frozenset(self._partial_names),
                     tuple(self._guards), tuple(self._classes), self._in_class_body,
                     len(self.sites))
        self.reads = unit.reads
        SiteCollector.visit_FunctionDef(self, node)
        self.reads = self.outside
        unit.end, unit.bound = len(self.sites), self.scope.names.get(node.name)
        self.units.append(unit)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _callee_value(self, func: ast.expr) -> Value | None:
        outer, self._callee = self._callee, func
        try:
            return SiteCollector._callee_value(self, func)
        finally:
            self._callee = outer

    def _function_fact(self, name: str, expr: ast.Name | None = None) -> Returns | None:
        value = self.facts.returns.get(name)
        self._read(0, name, None, value, expr)
        return value

    def _attribute_fact(self, node: ast.ClassDef, name: str) -> Value:
        value = SiteCollector._attribute_fact(self, node, name)
        self.reads.add((1, node, name, value))
        return value

    def _method_fact(self, node: ast.ClassDef, name: str,
                     expr: ast.Attribute | None = None) -> Returns | None:
        value = SiteCollector._method_fact(self, node, name)
        self._read(2, node, name, value, expr)
        return value

    def _read(self, kind: int, key, name: str | None, value: Returns | None,
              expr: ast.expr | None) -> None:
        """A function's or method's fact. Read as the callee of a call (``self.helper()``),
        the walk uses only what calling it gives (a value that is not a library path or
        member, so no site, and the call's value: ``Returns.value``, or None when unknown),
        so that is all that must hold; ``super`` and ``getattr`` unknown mean more."""
        if expr is not None and expr is self._callee and not (
                kind == 0 and key in ("super", "getattr")):
            self.reads.add((kind + 3, key, name, value.value if value is not None else None))
        else:
            self.reads.add((kind, key, name, value))

    def held(self, reads: set[tuple]) -> bool:
        """Whether every read saw the fact's final value (a callee's: what calling it gives)."""
        for kind, key, name, seen in reads:
            if kind in (0, 3):
                final = self.facts.returns.get(key)
            elif kind == 1:
                final = SiteCollector._attribute_fact(self, key, name)
            else:
                final = SiteCollector._method_fact(self, key, name)
            if kind > 2:
                final = final.value if final is not None else None
            if final is not seen and (final != seen or final.__class__ is not seen.__class__):
                return False
        return True

    def sites_again(self) -> list[Site] | None:
        """The sites the second walk would record, walking again only the units that read
        a fact before it was final; None when that is not enough."""
        if self.compared_classes or not self.held(self.outside):
            return None
        sites, done, walked = [], 0, False
        for unit in self.units:
            if self.held(unit.reads):
                continue
            again = self._walk_again(unit)
            if again is None:
                return None
            sites += self.sites[done:unit.start]
            sites += again
            done, walked = unit.end, True
        return sites + self.sites[done:] if walked else self.sites

    def _walk_again(self, unit: _Unit) -> list[Site] | None:
        walk = _Compares(self.oracle, self.facts, self.path, self.modules, self.depth,
                         source_lines=self.source_lines, body_lines=self.body_lines)
        scope = None
        for names in reversed(unit.scopes):
            scope = Scope(dict(names), scope)
        walk.scope = scope
        walk._library_tops, walk._partial_names = set(unit.tops), set(unit.partial)
        walk._guards, walk._classes = list(unit.guards), list(unit.classes)
        walk._in_class_body = unit.in_class_body
        walk.visit(unit.node)
        bound = walk.scope.names.get(unit.node.name)
        if walk.compared_classes or (bound != unit.bound or bound.__class__ is not
                                     unit.bound.__class__):
            return None
        return walk.sites


def collect_sites(collector: SiteCollector, tree: ast.Module) -> list[Site]:
    """The module's sites as ``collector`` (which gives the context) would collect them."""
    walk = OneWalk(collector.oracle, None, collector.path, collector.modules, collector.depth,
                   source_lines=collector.source_lines, body_lines=collector.body_lines)
    walk.visit(tree)
    sites = walk.sites_again()
    if sites is not None:
        return sites
    recorder = SiteCollector(collector.oracle, walk.facts, collector.path, collector.modules,
                             collector.depth, source_lines=collector.source_lines,
                             body_lines=collector.body_lines)
    recorder.visit(tree)
    return recorder.sites


def module_names(collector: SiteCollector, tree: ast.Module) -> dict[str, Value]:
    """What ``collector.module_names`` gives, from the walk that learns the facts alone when
    it read none of them before they were final (it skips the same bodies: body_effects.py)."""
    walk = OneWalk(collector.oracle, None, collector.path, collector.modules, collector.depth,
                   source_lines=collector.source_lines, body_lines=collector.body_lines,
                   record=False)
    walk.visit(tree)
    if walk.compared_classes or not walk.held(walk.outside):
        binder = SiteCollector(collector.oracle, walk.facts, collector.path, collector.modules,
                               collector.depth, source_lines=collector.source_lines,
                               record=False, body_lines=collector.body_lines)
        binder.visit(tree)
        return exported(binder.scope.names)
    return exported(walk.scope.names)
