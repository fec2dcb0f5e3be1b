"""Types for the site collector, read from the knowledge at the target release.

The collector asks it what a call returns and what type an attribute holds; a value typed by
an API the target removed keeps the type the last release that had the API gave it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ..knowledge.model import Definition
from .likely_findings import result_reason
from .likely_types import MAX_ALTERNATIVES, classes_with
from .literal_results import literal_result
from .symbols import BoundMember, Instance, Ref, Slots

if TYPE_CHECKING:
    from .checker import Checker

LIKELY_LOOKBACK = 2  # earlier stored releases whose members also identify a class
MAX_TYPE_HISTORY = 40  # stored releases looked back through for a removed API's result type


class StubTypesSource(Protocol):
    """Results that stub packages add to a record (``engine/stub_overlay.StubOverlay``)."""

    def typed(self, definition: Definition, version: str,
              exists: Callable[[str], bool]) -> Definition: ...


class KnowledgeTypes:
    """Types for the site collector, read from the knowledge at the target release."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def is_library(self, top_level: str) -> bool:
        return self.checker.lookup.distribution_of(Ref(top_level)) is not None

    def judged(self, target: Ref | BoundMember) -> bool:
        """Whether the checker judges sites of this target: not when its distribution has no
        target release at all (not installed, not configured: checker.py skips such sites)."""
        dist = self.checker.lookup.distribution_of(target)
        return dist is not None and self.checker.versions.target.get(dist) is not None

    def _version(self, dist: str) -> str | None:
        return self.checker.usable_version(dist)

    def _definition(self, target: Ref | BoundMember):
        """The API at the target; for one removed there, as the last release that had it
        left it: stale code keeps its types (``df = df.append(row)`` is still a frame)."""
        lookup = self.checker.lookup
        dist = lookup.distribution_of(target)
        version = self._version(dist) if dist else None
        if version is None:
            return None, None
        key = ("typed-definition", target, dist, version)  # the same APIs, thousands of times
        memo = self.checker.memo
        if key not in memo:
            memo[key] = self._typed_definition(target, dist, version)
        return memo[key], dist

    def _typed_definition(self, target: Ref | BoundMember, dist: str,
                          version: str) -> Definition | None:
        found = self.checker.lookup.find(target, dist, version)
        if found.definition is not None or found.ambiguous:
            return self._with_stub_results(found.definition, dist, version)
        last = self._last_known(target, dist, version)
        if last is None or last.kind == "class" or not self._exists(last.returns, dist, version):
            return None  # a removed class, or a result whose class is gone too
        return last

    def _with_stub_results(self, definition: Definition | None, dist: str,
                           version: str) -> Definition | None:
        """The record with the results the environment's stub packages add at this release
        (``engine/stub_overlay.py``; the project sets ``checker.stub_types``)."""
        stubs = self.checker.stub_types
        if stubs is None or definition is None:
            return definition
        knowledge = self.checker.knowledge
        return stubs.typed(definition, version,
                           lambda cls: knowledge.definition(dist, version, cls) is not None)

    def _exists(self, returns: str | None, dist: str, version: str) -> bool:
        knowledge = self.checker.knowledge
        return bool(returns) and all(knowledge.definition(dist, version, c) is not None
                                     for c in returns.split("|"))

    def _last_known(self, target: Ref | BoundMember, dist: str, version: str):
        key = ("last-known", target, dist, version)
        memo = self.checker.memo
        if key not in memo:
            versions = self.checker.knowledge.versions(dist)
            index = self.checker.knowledge.release_index(dist, version)
            earlier = versions[max(0, (index or 0) - MAX_TYPE_HISTORY): index or 0]
            memo[key] = next((d for d in (self.checker.lookup.find(target, dist, v).definition
                                          for v in reversed(earlier)) if d is not None), None)
        return memo[key]

    def likely_instance(self, members: frozenset[str], tops: frozenset[str]) -> Instance | None:
        """The library class (or a few, as alternatives) that alone has every member used,
        among the distributions the file imports (memoised: checks repeat on every edit)."""
        key = ("likely", members, tops)
        memo = self.checker.memo
        if key not in memo:
            memo[key] = self._likely_instance(members, tops)
        return memo[key]

    def _likely_instance(self, members: frozenset[str], tops: frozenset[str]) -> Instance | None:
        found: list[tuple[str, str]] = []
        for dist in sorted({d for top in tops if (d := self.checker.lookup.distribution_of(
                Ref(top)))}):
            version = self._version(dist)
            if version is not None:
                found += [(dist, path) for path in classes_with(members, self._members(dist, version))
                          if not _private(self.checker.knowledge.public_name(dist, path))
                          and self._at_target(dist, version, path)]
        found = self._most_basic(found, members)
        dists = {dist for dist, _ in found}
        if not found or len(found) > MAX_ALTERNATIVES or len(dists) > 1:
            return None
        [dist] = dists
        public_name = self.checker.knowledge.public_name
        paths = [path for _, path in found]
        publics = [public_name(dist, path) for path in paths]
        return Instance(dist, "|".join(paths), "|".join(publics), tuple(sorted(members)))

    def _at_target(self, dist: str, version: str, path: str) -> bool:
        """A class the target still records: one only an earlier release has (a stray
        record, or a class whose members the target's record cannot list) is no guess."""
        return self.checker.knowledge.definition(dist, version, path) is not None

    def _most_basic(self, found: list[tuple[str, str]],
                    members: frozenset[str]) -> list[tuple[str, str]]:
        """Candidates less those subclasses of another candidate that define none of the
        members used themselves (``SubclassedDataFrame`` adds nothing to ``DataFrame``; a
        ``MultiDiGraph``, whose ``remove_edge`` takes a key, stays)."""
        if len(found) > 4 * MAX_ALTERNATIVES:
            return found
        knowledge = self.checker.knowledge
        paths = {path for _, path in found}
        kept = []
        for dist, path in found:
            releases = self._releases(dist)
            ancestors = {base for release in releases
                         for base in knowledge.mro(dist, release, path)[1:]}
            overrides = any(knowledge.definition(dist, release, f"{path}.{member}") is not None
                            for release in releases for member in members)
            if not ancestors & paths or overrides:
                kept.append((dist, path))
        return kept

    def _releases(self, dist: str, version: str | None = None) -> list[str]:
        """The target's stored release, the ``LIKELY_LOOKBACK`` ones before it, and the
        baseline's (the code was written against its members)."""
        version = version or self._version(dist)
        knowledge = self.checker.knowledge
        index = knowledge.release_index(dist, version) if version else None
        if index is None:
            return []
        releases = knowledge.versions(dist)[max(0, index - LIKELY_LOOKBACK): index + 1]
        baseline = self.checker.baseline_version(dist)
        return [baseline, *releases] if baseline and baseline not in releases else releases

    def _members(self, dist: str, version: str) -> dict[str, frozenset[str]]:
        """Class -> members at the target and the releases just before it: stale code uses
        members the target removed."""
        key = ("likely-members", dist, version)
        if key in self.checker.memo:
            return self.checker.memo[key]
        merged: dict[str, frozenset[str]] = {}
        for release in self._releases(dist, version):
            for path, names in self.checker.knowledge.class_members(dist, release).items():
                merged[path] = merged.get(path, frozenset()) | names
        self.checker.memo[key] = merged
        return merged

    def call_result(self, target: Ref | BoundMember, call: ast.Call | None = None) -> Instance | None:
        """What calling ``target`` gives; with the ``call``, an overload told apart by the
        literal arguments it passes gives its own result."""
        if isinstance(target, BoundMember) and target.instance.inferred_from:
            return None  # a guess is not built upon: only the parameter's own members count
        definition, dist = self._definition(target)
        if definition is None:
            return None
        if call is not None and definition.literal_returns:
            chosen = literal_result(definition.literal_returns, call)
            if chosen is not None:
                return self._instance(dist, chosen) if chosen else None
        if definition.kind in ("attribute", "property"):
            return self._called_instance(definition, dist)
        if definition.kind == "class":
            public = target.path if isinstance(target, Ref) else None
            return self.checker.lookup.instance_of(definition, dist, public)
        if definition.returns and ("|" in definition.returns or not definition.overloads):
            # overloads that differ are stored as "A|B"; one type beside overloads may be a
            # record from before overload results were combined (extractor 7)
            result = self.checker.lookup.instance_of(definition, dist, None)
            return self._as_receiver(target, definition, dist, result)
        return self._likely_result(target, definition, dist)

    def _likely_result(self, target: Ref | BoundMember, definition: Definition,
                       dist: str) -> Instance | None:
        """A partial result (one class where the returns say, untypable elsewhere): an
        inferred instance, so findings through it are CS203."""
        cls, version = definition.likely_returns, self._version(dist)
        if not cls or version is None or not self._exists(cls, dist, version):
            return None
        called = target.path if isinstance(target, Ref) else \
            f"{target.instance.public}.{target.name}"
        return Instance(dist, cls, self.checker.lookup.public_name(dist, cls),
                        (result_reason(called),))

    def _as_receiver(self, target: Ref | BoundMember, definition: Definition, dist: str,
                     result: Instance | None) -> Instance | None:
        """A method of a base class that returns its own class (``Self``, or a TypeVar bound
        to the receiver, as the stored record resolves them), called on an instance of a
        subclass, returns the subclass: ``frame.describe()`` is a DataFrame, not an NDFrame.
        A result stated as several classes that include the receiver's is the receiver's."""
        if result is None or not isinstance(target, BoundMember):
            return result
        owner = definition.path.rsplit(".", 1)[0]
        classes = result.class_path.split("|")
        version = self._version(dist)
        if version is None:
            return result
        mro = self.checker.knowledge.mro
        # of a receiver that is one of several classes, those that can have this method
        receivers = [r for r in target.instance.alternatives()
                     if owner in mro(dist, version, r.class_path)]
        if len(receivers) != 1 or (len(classes) == 1 and classes[0] == receivers[0].class_path):
            return result
        [receiver] = receivers
        if owner not in classes and receiver.class_path not in classes:
            return result
        return Instance(receiver.dist, receiver.class_path, receiver.public)

    def iteration_result(self, target: Ref | BoundMember) -> Instance | Slots | None:
        """What iterating a call's result gives: ``frame.iterrows()`` -> (label, Series)."""
        if isinstance(target, BoundMember) and target.instance.inferred_from:
            return None
        definition, dist = self._definition(target)
        if definition is None or not definition.yields or dist is None:
            return None
        if not definition.yields.startswith("("):
            return self._instance(dist, definition.yields)
        return Slots(tuple(self._instance(dist, c) if c else None
                           for c in definition.yields[1:-1].split(",")))

    def _instance(self, dist: str, class_path: str) -> Instance:
        public = "|".join(self.checker.lookup.public_name(dist, c) for c in class_path.split("|"))
        return Instance(dist, class_path, public)

    def _called_instance(self, value: Definition, dist: str) -> Instance | None:
        """Calling an instance gives what its class's ``__call__`` returns."""
        if not value.returns:
            return None
        call = self.checker.lookup.knowledge.member(dist, self._version(dist), value.returns,
                                                    "__call__")
        return self.checker.lookup.instance_of(call, dist, None) if call else None

    def attribute_type(self, target: Ref | BoundMember) -> Instance | None:
        if isinstance(target, BoundMember) and target.instance.inferred_from:
            return None
        definition, dist = self._definition(target)
        if definition is not None and definition.kind in ("property", "attribute") and definition.returns:
            return self.checker.lookup.instance_of(definition, dist, None)
        return None


def _private(path: str) -> bool:
    """A class only reachable through a private module (``pandas._testing``)."""
    return any(part.startswith("_") for part in path.split(".")[1:])
