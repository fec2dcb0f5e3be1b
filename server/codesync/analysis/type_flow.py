"""What an expression of user code stands for, given the names in scope and the facts the
first walk learned: library paths, instances (from calls, annotations, ``with``, subscripts,
``getattr``), bound members, the user's own classes and functions, iteration elements."""

from __future__ import annotations

import ast

from .values import (
    BoundMember,
    Instance,
    Items,
    Ref,
    Returns,
    Slots,
    UserClass,
    UserObject,
    Value,
)

CONTAINER_ANNOTATIONS = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Iterator",
                         "Collection", "set", "Set", "frozenset", "FrozenSet", "tuple", "Tuple",
                         "Generator", "Reversible"}


class TypeFlow:
    def _entered(self, expr: ast.AST) -> Value | None:
        """What ``with expr as x`` binds: the library's ``__enter__`` result when it says."""
        value = self.value_of(expr)
        if isinstance(value, Instance):
            return self.oracle.call_result(BoundMember(value, "__enter__"))
        return None

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

    def value_of(self, node: ast.AST | None) -> Value | None:
        if node is None:
            return None
        if isinstance(node, ast.Name):
            value = self.scope.lookup(node.id)
            if value is None:  # a function of the module defined further down
                value = self._function_fact(node.id, node)
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
                return self._user_member(base, node)
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
        visited = self._visited_call
        if visited is not None and visited[0] is node and visited[2] == self._attribute_writes:
            func = visited[1]  # the call was just visited: its callee read from the same names
        else:
            func = self._callee_value(node.func)
        if isinstance(func, (Ref, BoundMember)):
            result = self.oracle.call_result(func, node)  # the call: literal overloads
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

    def _user_member(self, base: UserObject | UserClass, expr: ast.Attribute) -> Value | None:
        node = base.cls.node if isinstance(base, UserObject) else base.node
        if isinstance(base, UserObject):
            value = self._attribute_fact(node, expr.attr)
            if value is not MISSING:
                return None if isinstance(value, Ref) and not value.path else value
        return self._method_fact(node, expr.attr, expr)

    def _callee_value(self, func: ast.expr) -> Value | None:
        """The value of a call's callee (one_walk.py knows what a call reads of it)."""
        return self.value_of(func)

    # the facts of the first walk, read through these three (one_walk.py logs the reads;
    # ``expr`` is the expression whose value the fact is)
    def _function_fact(self, name: str, expr: ast.Name | None = None) -> Returns | None:
        return self.facts.returns.get(name)

    def _attribute_fact(self, node: ast.ClassDef, name: str) -> Value:
        return self.facts.attributes.get(node, _NONE).get(name, MISSING)

    def _method_fact(self, node: ast.ClassDef, name: str,
                     expr: ast.Attribute | None = None) -> Returns | None:
        return self.facts.methods.get(node, _NONE).get(name)


MISSING: Value = Ref("\0missing")  # an attribute the facts lack (unequal to any value read)
_NONE: dict = {}
