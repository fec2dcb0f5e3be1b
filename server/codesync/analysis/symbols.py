"""Find the library calls and references in user code, and what each one targets.

Nothing is imported or run. Names are followed through imports, aliases, attribute chains
and type flow: constructors, functions and methods whose return type the knowledge records,
annotated parameters, and the user's own code in the file — what its functions and methods
return, the attributes its classes set on ``self`` (in ``__init__`` or any method, read in
any other), instances of its classes, ``super()`` in a subclass of a library class, and
``with ... as x`` where the library's ``__enter__`` says what it gives. A module is walked
twice: the first walk learns these facts (so a function may be used above its definition),
the second records sites (one_walk.py does both at once where that gives the same). What
cannot be resolved is left alone.

The walk's steps live in one module per job: bindings (flow_bindings), control flow and
guards (flow_branches), functions and classes (flow_definitions), recording sites
(flow_sites) and evaluating expressions (type_flow); the values they pass around are in
values.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .call_shape import call_shape, iter_call_arguments
from .fast_visit import FastVisitor
from .flow_bindings import BindingSteps
from .flow_branches import BranchSteps
from .flow_definitions import DefinitionSteps
from .flow_sites import SiteSteps
from .guards import Guard
from .project_modules import ProjectModules
from .statement_memo import (
    StatementMemo,
    TrackedMapOfNames,
    TrackedModules,
    TrackedNames,
    TrackedScope,
    TrackedSet,
    Tracker,
)
from .type_flow import TypeFlow
from .values import (
    UNKNOWN,
    BoundMember,
    Facts,
    Instance,
    Items,
    Ref,
    Returns,
    Scope,
    Site,
    Slots,
    TypeOracle,
    UserClass,
    UserObject,
    Value,
    merge,
)

_shape = call_shape  # the name fixes/ imports

__all__ = ["UNKNOWN", "BoundMember", "Facts", "Instance", "Items", "Ref", "Returns", "Scope",
           "Site", "SiteCollector", "Slots", "TypeOracle", "UserClass", "UserObject", "Value",
           "iter_call_arguments"]


class SiteCollector(BindingSteps, BranchSteps, DefinitionSteps, SiteSteps, TypeFlow,
                    FastVisitor):
    """Walks a module in order, tracking what names refer to, and records library sites."""

    def __init__(self, oracle: TypeOracle, facts: Facts | None = None,
                 path: Path | None = None, modules: ProjectModules | None = None,
                 depth: int = 0, source: str | None = None,
                 source_lines: list[str] | None = None, record: bool = True,
                 memo: StatementMemo | None = None, tracker: Tracker | None = None,
                 body_lines: list[str] | None = None) -> None:
        self.oracle = oracle
        # whether a target's sites are judged at all (None: all are)
        self._judged = getattr(oracle, "judged", None)
        self.source_lines = source_lines if source_lines is not None else (
            source.splitlines(keepends=True) if source is not None else None)
        # the text, for the body scans only (``source_lines`` also types parameters)
        self.body_lines = self.source_lines if self.source_lines is not None else body_lines
        self.path, self.modules, self.depth = path, modules, depth
        self.scope = Scope()
        self._library_tops: set[str] = set()  # library packages the module imports
        self.sites: list[Site] = []
        self.learning = facts is None  # the first walk: learn facts, record no sites
        self.recording = record and not self.learning
        self.facts = facts if facts is not None else Facts()
        self._functions: list[dict] = []  # per function being walked: its return values
        self._classes: list[UserClass] = []  # classes whose body is being walked
        self._in_class_body = False
        self._guards: list[Guard] = []
        self._partial_names: set[str] = set()  # what functools.partial is called here
        # the call just visited and its callee's value (type_flow.py reads it again at once)
        self._visited_call: tuple | None = None
        self._attribute_writes = 0  # facts of attributes learned so far (flow_bindings.py)
        self.memo, self.tracker = memo, tracker
        if tracker is not None:
            self._track(tracker)

    def _track(self, tracker: Tracker) -> None:
        """State that outlives a top-level statement, in containers that log what each
        statement reads and writes (statement_memo.py)."""
        self.tracker = tracker
        self.scope = TrackedScope(tracker)  # type: ignore[assignment]
        self._library_tops = TrackedSet(tracker, "tops")
        self._partial_names = TrackedSet(tracker, "partial")
        if self.modules is not None:
            self.modules = TrackedModules(self.modules, tracker)  # type: ignore[assignment]
        if self.learning:
            self.facts = Facts(returns=TrackedNames(tracker, "returns"),
                               attributes=TrackedMapOfNames(tracker, "attributes"),
                               methods=TrackedMapOfNames(tracker, "methods"))

    # entry --------------------------------------------------------------------------------
    def collect(self, tree: ast.Module) -> list[Site]:
        recorder = self._walked(tree)
        self.sites = recorder.sites
        return self.sites

    def _walked(self, tree: ast.Module, record: bool = True) -> SiteCollector:
        """Both walks: one to learn the facts, one with them (recording sites, or only
        binding names)."""
        context = (self.path, self.modules, self.depth)
        learner = SiteCollector(self.oracle, None, *context, source_lines=self.source_lines,
                                memo=self.memo, tracker=Tracker() if self.memo else None,
                                body_lines=self.body_lines)
        learner.visit(tree)
        recorder = SiteCollector(self.oracle, learner.facts, *context,
                                 source_lines=self.source_lines, record=record, memo=self.memo,
                                 tracker=learner.tracker, body_lines=self.body_lines)
        recorder.visit(tree)
        return recorder

    def visit_Module(self, node: ast.Module) -> None:
        if self.memo is None or self.tracker is None:
            self.generic_visit(node)
        else:  # top-level statements an edit left alone are replayed
            self.memo.walk_module(self, node, self.tracker,
                                  "learn" if self.learning else "record" if self.recording
                                  else "bind")

    def module_names(self, tree: ast.Module) -> dict[str, Value]:
        """What a module of the project binds at its top level that another file can use."""
        return exported(self._walked(tree, record=False).scope.names)

    def _merge(self, values: list[Value | None]) -> Value:
        self._compares(values)
        return merge(values)

    def _compares(self, values: list[Value | None]) -> None:
        """Values about to be compared (one_walk.py watches for classes of the project)."""

    def _record(self, site: Site) -> None:
        if not self.recording:
            return
        site.guards = tuple(self._guards)
        self.sites.append(site)


def exported(names: dict[str, Value]) -> dict[str, Value]:
    """Of a module's top-level names, those another file can use."""
    return {name: value for name, value in names.items()
            if isinstance(value, (Ref, Instance, BoundMember, Returns))
            and not (isinstance(value, Ref) and not value.path)}
