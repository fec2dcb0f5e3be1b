"""The values the site collector follows through user code, and what it records.

A name in user code may stand for a library path (``Ref``), an instance of a library class,
a method bound to one, a function or class of the user's file, or something iterated for its
elements. ``Site`` is one use of a library API found in the source.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Protocol

from .binding import CallShape
from .body_effects import BodyEffects
from .guards import Guard

# Values are hashed (dict keys, sets) and never changed once made. Not ``frozen``: a frozen
# class's ``__init__`` sets each field through ``object.__setattr__``, about three times the
# cost, and the walk makes a value at nearly every expression it reads.
value_class = dataclass(unsafe_hash=True)


@value_class
class Ref:
    """A public dotted path into a library: module, function, class or attribute."""

    path: str


@value_class
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


@value_class
class BoundMember:
    instance: Instance
    name: str


@value_class
class Returns:
    """A function of the user's file: calling it gives ``value`` (None: unknown)."""

    value: Ref | Instance | BoundMember | None


@dataclass(eq=False)
class UserClass:
    """A class of the user's file; ``base`` is its library base class, if it has one."""

    node: ast.ClassDef
    base: Instance | None


@value_class
class UserObject:
    """An instance of a class of the user's file (``self`` inside its methods)."""

    cls: UserClass


@value_class
class Slots:
    """A tuple of known length, as iteration gives it (``iterrows()``: label, row): each
    item's value, None where unknown."""

    items: tuple[Value | None, ...]


@value_class
class Items:
    """Something iterated for its elements: a call whose result the knowledge says yields
    them, a container the code annotates (``list[pd.DataFrame]``), or zip/enumerate of such."""

    element: Value | Slots | None


Value = Ref | Instance | BoundMember | Returns | UserClass | UserObject | Items
UNKNOWN = Ref("")


@dataclass
class Facts:
    """What the first walk learned about the user's code."""

    returns: dict[str, Returns] = field(default_factory=dict)  # module-level functions
    attributes: dict[ast.ClassDef, dict[str, Value]] = field(default_factory=dict)
    methods: dict[ast.ClassDef, dict[str, Returns]] = field(default_factory=dict)
    # per function: the members each unannotated parameter is used with (likely_types.py)
    parameter_members: dict[ast.AST, dict[str, frozenset[str] | None]] = field(
        default_factory=dict)
    # per function: what walking its body changes outside it (body_effects.py)
    bodies: dict[ast.AST, BodyEffects] = field(default_factory=dict)


class TypeOracle(Protocol):
    def call_result(self, target: Ref | BoundMember,
                    call: ast.Call | None = None) -> Instance | None: ...

    def attribute_type(self, target: Ref | BoundMember) -> Instance | None: ...

    def iteration_result(self, target: Ref | BoundMember) -> Instance | Slots | None: ...

    def is_library(self, top_level: str) -> bool: ...

    def likely_instance(self, members: frozenset[str], tops: frozenset[str]) -> Instance | None: ...


@dataclass
class Site:
    """One place in the source that uses a library API."""

    node: ast.AST  # the Call, Attribute/Name reference, or ImportFrom alias
    target: Ref | BoundMember
    kind: str  # call, reference, import (from), module (import a.b)
    shape: CallShape | None = None
    receiver: ast.AST | None = None  # the instance expression of a method call
    guards: tuple[Guard, ...] = ()  # version checks, fallbacks and test blocks around it
    # functools.partial(f, ...): ``node`` stands for the call of f with the arguments given so
    # far (the rest come later); judged, never rewritten
    partial: bool = False
    # what the collector knew of each argument of a call (positional, then keywords)
    arguments: tuple[Value | None, ...] = ()


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


def merge(values: list[Value | None]) -> Value:
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


def shared_alike(value: object) -> bool:
    """Whether a value means the same wherever it is held: no class of the user's file in
    it (those compare by identity, so two walks' results never equal each other)."""
    if isinstance(value, (UserClass, UserObject)):
        return False
    if isinstance(value, (Returns, Items)):
        return shared_alike(value.value if isinstance(value, Returns) else value.element)
    if isinstance(value, Slots):
        return all(shared_alike(item) for item in value.items)
    return True


def is_target(value: Ref | BoundMember) -> bool:
    return bool(value.path) if isinstance(value, Ref) else True
