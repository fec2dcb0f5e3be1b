"""Walk steps for the scopes user code defines: functions (what they return, their
parameters' types), classes (their library base), lambdas and comprehensions."""

from __future__ import annotations

import ast

from .body_effects import body_effects, class_body_imports
from .likely_types import distinctive
from .parameter_uses import parameter_members
from .values import UNKNOWN, Instance, Ref, Returns, Scope, UserClass, UserObject

SAFE_DECORATORS = {"staticmethod", "classmethod", "cache", "lru_cache", "wraps"}


class DefinitionSteps:
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(default)
        self._forget(node.name)
        owner = self._classes[-1] if self._classes and self._in_class_body else None
        if not self.recording and self._skips_body(node, owner):
            self._bind_function(node, owner, {"returns": [], "generator": False})
            return
        outer, in_class = self.scope, self._in_class_body
        self.scope, self._in_class_body = Scope(parent=outer), False
        self._bind_parameters(node, owner)
        if owner is not None:
            self.scope.names["__class_of_method__"] = owner
        self._functions.append({"returns": [], "generator": isinstance(node, ast.AsyncFunctionDef)})
        self.visit_all(node.body)
        frame = self._functions.pop()
        self.scope, self._in_class_body = outer, in_class
        self._bind_function(node, owner, frame)

    visit_AsyncFunctionDef = visit_FunctionDef  # a coroutine function: walked, never typed

    def _skips_body(self, node: ast.FunctionDef, owner: UserClass | None) -> bool:
        """Whether this walk (one that records no sites) may leave the body out: it would
        change nothing outside the body (body_effects.py)."""
        effects = body_effects(node, self.facts.bodies)
        if not self.learning:
            return effects.binding_skips(owner is not None)
        lines = self.body_lines
        return effects.learns_nothing and lines is not None and effects.no_comprehension_for(
            "".join(lines[node.body[0].lineno - 1: node.end_lineno]))

    def _skips_class_body(self, node: ast.ClassDef) -> bool:
        """A walk that neither learns nor records keeps nothing of a class body (its methods'
        facts are learned, its names are the class's) but what its imports add."""
        return not self.learning and not self.recording and not class_body_imports(
            node, self.facts.bodies)

    def _bind_parameters(self, node: ast.FunctionDef, owner: UserClass | None) -> None:
        args = node.args
        params = args.posonlyargs + args.args + args.kwonlyargs
        receiver = (args.posonlyargs + args.args)[:1] if owner is not None else []
        plain = {arg.arg for arg in params if arg.annotation is None and arg not in receiver}
        for arg in params:
            instance = self._annotation_instance(arg.annotation) if arg.annotation else None
            if instance is None and arg.arg in plain:
                instance = self._likely_instance(node, arg.arg, plain)
            self.scope.names[arg.arg] = instance if instance else UNKNOWN
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                self.scope.names[arg.arg] = UNKNOWN
        positional = args.posonlyargs + args.args
        decorators = _decorator_names(node)
        if owner is not None and positional and "staticmethod" not in decorators:
            first = positional[0].arg
            self.scope.names[first] = owner if "classmethod" in decorators else UserObject(owner)

    def _likely_instance(self, node: ast.FunctionDef, name: str,
                         plain: set[str]) -> Instance | None:
        if not self._library_tops or self.source_lines is None:
            return None
        known = self.facts.parameter_members
        if node not in known:
            body = "".join(self.source_lines[node.body[0].lineno - 1: node.end_lineno])
            known[node] = parameter_members(body, plain)
        members = known[node].get(name)
        if not members or not distinctive(members):
            return None
        return self.oracle.likely_instance(members, frozenset(self._library_tops))

    def _bind_function(self, node: ast.FunctionDef, owner: UserClass | None, frame: dict) -> None:
        returned = frame["returns"]
        typed = not frame["generator"] and returned and _decorator_names(node) <= SAFE_DECORATORS
        value = Returns(self._merge(returned) if typed else None)
        if isinstance(value.value, Ref) and not value.value.path:
            value = Returns(None)
        if owner is not None:
            if self.learning:
                self.facts.methods.setdefault(owner.node, {})[node.name] = value
            return
        self.scope.names[node.name] = value
        if self.learning and self.scope.parent is None:
            self.facts.returns[node.name] = value

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.visit(node.value)
        returns_none = node.value is None or (isinstance(node.value, ast.Constant)
                                              and node.value.value is None)
        if self._functions and not returns_none:  # "a frame or None" types as a frame
            value = self.value_of(node.value)
            self._functions[-1]["returns"].append(value if value is not None else UNKNOWN)

    def visit_Yield(self, node: ast.Yield) -> None:
        if self._functions:
            self._functions[-1]["generator"] = True
        self.generic_visit(node)

    visit_YieldFrom = visit_Yield

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
        cls = UserClass(node, self._library_base(node))
        if self._skips_class_body(node):
            self.scope.names[node.name] = cls
            return
        outer, in_class = self.scope, self._in_class_body
        self.scope, self._in_class_body = Scope(parent=outer), True
        self._classes.append(cls)
        self.visit_all(node.body)
        self._classes.pop()
        self.scope, self._in_class_body = outer, in_class
        outer.names[node.name] = cls

    def _library_base(self, node: ast.ClassDef) -> Instance | None:
        for base in node.bases:
            value = self.value_of(base)
            if isinstance(value, Ref) and value.path:
                return self.oracle.call_result(value)
        return None

    def _comprehension(self, node) -> None:
        outer = self.scope
        self.scope = Scope(parent=outer)
        for generator in node.generators:
            self.visit(generator.iter)
            self._assign(generator.target, self._element_of(generator.iter))
            for condition in generator.ifs:
                self.visit(condition)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self.scope = outer

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension


def _decorator_names(node: ast.FunctionDef) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.add(target.attr if isinstance(target, ast.Attribute) else
                  target.id if isinstance(target, ast.Name) else "?")
    return names
