"""A tree walk like ``ast.NodeVisitor``'s, dispatched through a table built once per class.

``NodeVisitor.visit`` builds a method name and looks it up for every node, and its generic
visit goes through ``ast.iter_fields``; here each node class maps straight to its handler, and
nodes that hold no other nodes (names, constants, contexts, operators) cost one lookup.
Handlers are the subclass's ``visit_<Class>`` methods, as with ``NodeVisitor``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop,
           ast.boolop, ast.alias, ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal)


def _node_classes() -> list[type]:
    found, stack = [], [ast.AST]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


# fields that never hold a node (names, flags, comments); a context (Load, Store) is a leaf
_NOT_CHILDREN = frozenset({"ctx", "id", "attr", "name", "asname", "arg", "module", "level",
                           "type_comment", "kind", "conversion", "simple", "is_async",
                           "kwd_attrs", "rest", "tag"})


def _skip(self, node: ast.AST) -> None:
    return None


class FastVisitor:
    _table: dict[type, Callable] = {}
    # per node class, the fields that may hold nodes
    _children: dict[type, tuple[str, ...]] = {
        cls: tuple(f for f in getattr(cls, "_fields", ()) if f not in _NOT_CHILDREN)
        for cls in _node_classes()}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        table: dict[type, Callable] = {}
        for node_class in _node_classes():
            handler = getattr(cls, f"visit_{node_class.__name__}", None)
            if handler is None:
                handler = _skip if issubclass(node_class, _LEAVES) else cls.generic_visit
            table[node_class] = handler
        cls._table = table

    def visit(self, node: ast.AST) -> None:
        self._table[node.__class__](self, node)

    def visit_all(self, nodes: list) -> None:
        """``visit`` each node in order, with no frame of ``visit`` per node (statements of a
        body, a call's arguments) and none at all for leaves."""
        table = self._table
        for node in nodes:
            handler = table[node.__class__]
            if handler is not _skip:
                handler(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        table = self._table  # handlers called directly: no frame of visit() per child
        for name in self._children[node.__class__]:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    handler = table.get(item.__class__)  # None: not a node (a None key, a str)
                    if handler is not None and handler is not _skip:
                        handler(self, item)
            elif isinstance(value, ast.AST):
                handler = table[value.__class__]
                if handler is not _skip:
                    handler(self, value)
