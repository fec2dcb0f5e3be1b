"""What walking a function's body can change beyond the body itself, read from its
statements alone (expressions are not visited: a scan costs a fraction of a walk).

A walk that records no sites (the first walk of a module, which learns facts, and the walk of
another module of the project for its names) needs a function's body only for what leaves
it: the values it returns (``Returns``), attributes set on objects of the user's classes and
the methods of classes defined in it (facts), and the libraries and ``functools`` names its
imports add to the walk's state. A body with none of these is skipped by those walks; the
walk that records sites always enters it.

Attribute targets of comprehensions (``[... for self.x in ...]``) are expressions: the
scan counts the ``for`` statements, and a caller compares that count with the ``for`` words
of the body's text (equal: every ``for`` is a statement, so no comprehension is there).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

# the expressions the walk gives a value (type_flow.value_of); ``return x + 1`` or
# ``return a, b`` leave the function untyped, as no ``return`` does
_TYPED_EXPRESSIONS = frozenset({ast.Name, ast.Attribute, ast.Call, ast.Subscript})
# per statement class, the fields that hold statements (handlers: ExceptHandler, with a body)
_BODIES = {cls: tuple(f for f in cls._fields if f in ("body", "handlers", "orelse", "finalbody"))
           for cls in (*ast.stmt.__subclasses__(), ast.ExceptHandler)}


@dataclass(frozen=True)
class BodyEffects:
    returns_value: bool  # a ``return`` in the function's own frame of a value the walk may type
    imports: bool  # an import anywhere in it (nested scopes included)
    other_effects: bool  # a class defined in it, or an attribute assigned by a statement
    for_statements: int  # ``for`` statements anywhere in it

    @property
    def learns_nothing(self) -> bool:
        """No statement of it gives the walk that learns facts anything (comprehension
        targets aside: see ``no_comprehension_for``)."""
        return not (self.returns_value or self.imports or self.other_effects)

    def no_comprehension_for(self, text: str) -> bool:
        """Whether every ``for`` word of the body's text (``text``) is a ``for`` statement."""
        return _for_words(text, self.for_statements) == self.for_statements

    def binding_skips(self, method: bool) -> bool:
        """Whether a walk that neither learns nor records may skip the body: a method's
        body changes nothing outside it there, a function's gives only its return value."""
        return not self.imports and (method or not self.returns_value)


Known = dict  # function node -> its BodyEffects, filled for nested functions as well


def body_effects(node: ast.FunctionDef | ast.AsyncFunctionDef, known: Known) -> BodyEffects:
    found = known.get(node)
    if found is None:
        scan = _Scan(known)
        scan.statements(node.body, own_frame=True)
        found = known[node] = BodyEffects(scan.returns_value, scan.imports, scan.other_effects,
                                          scan.fors)
    return found


def class_body_imports(node: ast.ClassDef, known: Known) -> bool:
    """Whether a class body (its methods included) holds an import."""
    scan = _Scan(known)
    scan.statements(node.body, own_frame=False)
    return scan.imports


class _Scan:
    def __init__(self, known: Known) -> None:
        self.known = known
        self.returns_value = self.imports = self.other_effects = False
        self.fors = 0

    def statements(self, body: list, own_frame: bool) -> None:
        for stmt in body:
            kind = stmt.__class__
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                inner = body_effects(stmt, self.known)  # its own frame: its returns are its own
                self.imports |= inner.imports
                self.other_effects |= inner.other_effects
                self.fors += inner.for_statements
                continue
            if kind is ast.Return:
                if own_frame and stmt.value.__class__ in _TYPED_EXPRESSIONS:
                    self.returns_value = True
            elif kind is ast.Import or kind is ast.ImportFrom:
                self.imports = True
            elif kind is ast.ClassDef:
                self.other_effects = True
            elif kind is ast.Assign:
                self.other_effects |= any(_sets_attribute(t) for t in stmt.targets)
            elif kind is ast.AnnAssign or kind is ast.AugAssign:
                self.other_effects |= _sets_attribute(stmt.target)
            elif kind is ast.For or kind is ast.AsyncFor:
                self.fors += 1
                self.other_effects |= _sets_attribute(stmt.target)
            elif kind is ast.With or kind is ast.AsyncWith:
                self.other_effects |= any(item.optional_vars is not None and
                                          _sets_attribute(item.optional_vars)
                                          for item in stmt.items)
            self._inner(stmt, own_frame)

    def _inner(self, stmt: ast.AST, own_frame: bool) -> None:
        for name in _BODIES.get(stmt.__class__, ()):
            self.statements(getattr(stmt, name), own_frame)
        if stmt.__class__ is ast.Match:
            for case in stmt.cases:
                self.statements(case.body, own_frame)


def _for_words(text: str, enough: int) -> int:
    """The ``for`` words of a text, counted up to one more than ``enough``: every "for" that
    does not go on as a name (the keyword never does; what comes before is not looked at, as
    in ``[1for x in y]``), so the count is never below the keywords'."""
    count, at = 0, text.find("for")
    while at != -1 and count <= enough:
        after = text[at + 3: at + 4]
        if not (after.isalnum() or after == "_"):
            count += 1
        at = text.find("for", at + 3)
    return count


def _sets_attribute(target: ast.AST) -> bool:
    kind = target.__class__
    if kind is ast.Attribute:
        return True
    if kind is ast.Tuple or kind is ast.List:
        return any(_sets_attribute(e) for e in target.elts)
    if kind is ast.Starred:
        return _sets_attribute(target.value)
    return False


def import_froms(body: list) -> list[ast.ImportFrom]:
    """Every ``from ... import`` statement of a body, nested ones included, in source order."""
    found: list[ast.ImportFrom] = []
    for stmt in body:
        if stmt.__class__ is ast.ImportFrom:
            found.append(stmt)
            continue
        for name in _BODIES.get(stmt.__class__, ()):
            found.extend(import_froms(getattr(stmt, name)))
        if stmt.__class__ is ast.Match:
            for case in stmt.cases:
                found.extend(import_froms(case.body))
    return found
