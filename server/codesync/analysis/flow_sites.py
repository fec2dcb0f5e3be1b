"""Walk steps that record sites: calls (``functools.partial`` ones included) and attribute
references that reach a library API."""

from __future__ import annotations

import ast

from .binding import CallShape
from .call_shape import call_shape, dotted
from .values import BoundMember, Items, Ref, Site, is_target


class SiteSteps:
    def visit_Call(self, node: ast.Call) -> None:
        if not self.recording:  # only what the arguments hold counts
            self.generic_visit(node)
            return
        if self._partial_call(node):
            return
        accessed = self._getattr_value(node)
        if accessed is not None and is_target(accessed):
            self._record(Site(node, accessed, "reference"))
        writes = self._attribute_writes
        target = self._callee_value(node.func)
        if isinstance(target, (Ref, BoundMember)) and is_target(target):
            receiver = node.func.value if isinstance(node.func, ast.Attribute) and isinstance(
                target, BoundMember) else None
            # what the arguments hold matters only to a site that is judged (typed recipes)
            arguments = self._argument_values(node) if self._judged is None or \
                self._judged(target) else ()
            self._record(Site(node, target, "call", shape=call_shape(node), receiver=receiver,
                              arguments=arguments))
        self._visit_callee(node.func)
        self.visit_all(node.args)
        if node.keywords:
            self.visit_all([keyword.value for keyword in node.keywords])
        # what a statement around reads of this call next (``x = f(...)``) evaluates the
        # callee again from the same names, unless visiting the arguments learned a fact
        # (``[... for self.a in ...]``)
        self._visited_call = (node, target, writes) if writes == self._attribute_writes \
            else None

    def _argument_values(self, node: ast.Call) -> tuple:
        """Each argument's value (for typed recipes); a list or tuple display of one known
        value is Items of it."""
        values = []
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(argument, (ast.List, ast.Tuple)) and argument.elts:
                first, *others = elements = [self.value_of(e) for e in argument.elts]
                self._compares(elements)
                same = first is not None and all(other == first for other in others)
                values.append(Items(first) if same else None)
            else:
                values.append(self.value_of(argument))
        return tuple(values)

    def _partial_call(self, node: ast.Call) -> bool:
        """``functools.partial(pd.read_csv, squeeze=True)``: a call of ``read_csv`` with the
        arguments given so far (more may follow: missing ones are not judged)."""
        if not self._partial_names or dotted(node.func) not in self._partial_names or \
                not node.args or isinstance(node.args[0], ast.Starred):
            return False
        target = self.value_of(node.args[0])
        if not isinstance(target, (Ref, BoundMember)) or not is_target(target):
            return False
        call = ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords)
        ast.copy_location(call, node.args[0])
        call.end_lineno, call.end_col_offset = node.end_lineno, node.end_col_offset
        shape = call_shape(call)
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
        if isinstance(node.ctx, ast.Load) and self.recording:
            value = self.value_of(node)
            if isinstance(value, Ref) and "." in value.path or isinstance(value, BoundMember):
                self._record(Site(node, value, "reference"))
                self._visit_callee(node.value)
                return
        self.visit(node.value)
