"""Look up what a resolved site names at one release of its library."""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge.model import VAR_KEYWORD, VAR_POSITIONAL, Definition, Param
from ..knowledge.store import Knowledge
from .binding import Binding, CallShape, bind
from .symbols import BoundMember, Instance, Ref


@dataclass
class Found:
    definition: Definition | None
    parent: Definition | None = None  # the module or class the last name was looked up in
    missing_name: str = ""
    ambiguous: bool = False  # a union's classes define the member differently: not checked
    owner_public: str | None = None  # for a union: the public class the member came from


@dataclass(frozen=True)
class CallSignature:
    overloads: tuple[tuple[Param, ...], ...]
    extra_keywords: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> list[Param]:
        return list(self.overloads[0])

    def names(self) -> set[str]:
        return {p.name for sig in self.overloads for p in sig}

    def bind(self, shape: CallShape) -> Binding | None:
        """The call bound to the first overload it fits, else the first overload's failure
        (None for a signature with no overloads)."""
        extra = dict(self.extra_keywords)
        first = None
        for params in self.overloads:
            result = bind(list(params), shape, extra)
            if result.ok:
                return result
            first = first or result
        return first


class ApiLookup:
    """Per-release lookups with the knowledge's export table and class bases."""

    def __init__(self, knowledge: Knowledge, import_map: dict[str, str] | None = None) -> None:
        self.knowledge = knowledge
        self.import_map = import_map or {}
        self._dist_cache: dict[str, str | None] = {}
        # what find() answered (the same APIs are looked up at thousands of sites; a lookup
        # lives as long as its knowledge, and callers only read a Found)
        self._found: dict[tuple, Found] = {}

    def distribution_of(self, target: Ref | BoundMember | Instance) -> str | None:
        if isinstance(target, BoundMember):
            return target.instance.dist
        if isinstance(target, Instance):
            return target.dist
        top = target.path.split(".", 1)[0]
        if top not in self._dist_cache:
            dists = self.knowledge.distributions_for_import(top)
            installed = self.import_map.get(top)
            if installed and (installed in dists or not dists):
                self._dist_cache[top] = installed
            else:
                self._dist_cache[top] = dists[0] if dists else None
        return self._dist_cache[top]

    def find(self, target: Ref | BoundMember, dist: str, version: str) -> Found:
        key = (target, dist, version)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find(target, dist, version)
        return found

    def _find(self, target: Ref | BoundMember, dist: str, version: str) -> Found:
        if isinstance(target, BoundMember):
            alternatives = target.instance.alternatives()
            if len(alternatives) > 1:
                return self._find_in_union(alternatives, target.name, dist, version)
            cls = self.class_at(target.instance, version)
            if cls is None:
                return Found(None)
            definition = self.knowledge.member(dist, version, cls, target.name)
            return Found(definition, self.knowledge.definition(dist, version, cls), target.name)
        return self._find_path(target.path, dist, version)

    def _find_in_union(self, alternatives: list[Instance], name: str, dist: str,
                       version: str) -> Found:
        """A member of "A or B": found when the classes that have it agree on what it is
        (dask's ``from_pandas`` returns a DataFrame or a Series; both inherit ``repartition``).
        The other classes cannot be what the code holds, or the call would fail anyway."""
        found: dict[str, tuple[Definition, Instance]] = {}
        parent = None
        for alternative in alternatives:
            cls = self.class_at(alternative, version)
            if cls is None:
                continue
            parent = parent or self.knowledge.definition(dist, version, cls)
            definition = self.knowledge.member(dist, version, cls, name)
            if definition is not None:
                found.setdefault(definition.path, (definition, alternative))
        if not found:
            return Found(None, parent, name)
        definitions = [d for d, _ in found.values()]
        first, owner = next(iter(found.values()))
        if any(d.to_json() != first.to_json() for d in definitions[1:]):
            return Found(None, ambiguous=True)
        return Found(first, owner_public=owner.public)

    def class_at(self, instance: Instance, version: str) -> str | None:
        if instance.public != instance.class_path:
            moved = self.knowledge.export(instance.dist, version, instance.public)
            if moved:
                return moved
        if self.knowledge.definition(instance.dist, version, instance.class_path):
            return instance.class_path
        return None

    def _find_path(self, path: str, dist: str, version: str) -> Found:
        canonical = self.knowledge.export(dist, version, path)
        if canonical:
            return Found(self._definition(dist, version, canonical))
        direct = self.knowledge.definition(dist, version, path)
        if direct is not None:  # imported from a private module that defines a public object
            return Found(direct)
        parts = path.split(".")
        for i in range(len(parts) - 1, 0, -1):
            canonical = self.knowledge.export(dist, version, ".".join(parts[:i]))
            if canonical is None:
                continue
            current = self._definition(dist, version, canonical)
            for depth, name in enumerate(parts[i:]):
                if current is None:
                    return Found(None)
                parent = current
                current = self._member(dist, version, current, name)
                if current is None:
                    last = depth == len(parts) - i - 1
                    return Found(None, parent, name) if last else Found(None)
            return Found(current)
        return Found(None)

    def _definition(self, dist: str, version: str, canonical: str) -> Definition | None:
        found = self.knowledge.definition(dist, version, canonical)
        if found is None:  # an exported plain value without a record of its own
            return Definition(path=canonical, kind="attribute")
        return found

    def _member(self, dist: str, version: str, owner: Definition, name: str) -> Definition | None:
        if owner.kind == "module":  # reached through another name (numpy.emath -> lib.scimath)
            canonical = self.knowledge.export(dist, version, f"{owner.path}.{name}")
            return self._definition(dist, version, canonical) if canonical else None
        if owner.kind == "class":
            return self.knowledge.member(dist, version, owner.path, name)
        if owner.kind in ("attribute", "property") and owner.returns:
            return self.knowledge.member(dist, version, owner.returns, name)
        return None

    def call_signature(self, definition: Definition, dist: str, version: str) -> CallSignature | None:
        if definition.kind in ("function", "method"):
            if definition.overloads and definition.params is None:
                return CallSignature(tuple(tuple(o) for o in definition.overloads))
            if definition.params is None:
                return None
            return CallSignature((tuple(definition.params),),
                                 tuple(sorted(definition.extra_keywords.items())))
        if definition.kind == "class":
            init = self.constructor(definition, dist, version)
            return self.call_signature(init, dist, version) if init else None
        if definition.kind in ("attribute", "property") and definition.returns:
            call = self.knowledge.member(dist, version, definition.returns, "__call__")
            return self.call_signature(call, dist, version) if call else None
        return None

    def constructor(self, cls: Definition, dist: str, version: str) -> Definition | None:
        """What a call of the class binds to. A ``__new__`` that takes anything and an
        ``__init__`` both in play (scipy's ``LinearOperator`` returns a subclass) leave it
        unknown: the ``__init__`` that runs is the returned object's."""
        for owner in self.knowledge.mro(dist, version, cls.path):
            if self.knowledge.definition(dist, version, owner) is None:
                return None  # an external base (dict, Exception, ...) defines it
            init = self.knowledge.definition(dist, version, f"{owner}.__init__")
            new = self.knowledge.definition(dist, version, f"{owner}.__new__")
            if init is not None and new is not None and _takes_anything(new):
                return None
            if init is not None or new is not None:
                return init or new
        return None

    def instance_of(self, definition: Definition | None, dist: str, public: str | None) -> Instance | None:
        if definition is None:
            return None
        if definition.kind == "class":
            return Instance(dist, definition.path, public or definition.path)
        if definition.returns:
            public = "|".join(self.public_name(dist, c) for c in definition.returns.split("|"))
            return Instance(dist, definition.returns, public)
        return None

    def public_name(self, dist: str, canonical: str) -> str:
        return self.knowledge.public_name(dist, canonical)


def _takes_anything(definition: Definition) -> bool:
    kinds = {p.kind for p in definition.params or []}
    return definition.params is None or VAR_POSITIONAL in kinds or VAR_KEYWORD in kinds
