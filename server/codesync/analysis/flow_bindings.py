"""Walk steps that bind names: imports (of libraries and of the project's own modules) and
assignments, including attributes set on ``self`` (learned in the first walk)."""

from __future__ import annotations

import ast

from .values import UNKNOWN, Ref, Site, Slots, UserObject, Value, merge


class BindingSteps:
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "functools":
                self._partial_names.add(f"{alias.asname or 'functools'}.partial")
            top = alias.name.split(".")[0]
            if not self.oracle.is_library(top):
                continue
            self._library_tops.add(top)
            if alias.asname:
                self.scope.names[alias.asname] = Ref(alias.name)
            else:
                self.scope.names[top] = Ref(top)
            if "." in alias.name:  # a submodule the target may no longer have
                self._record(Site(alias, Ref(alias.name), "module"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "functools" and not node.level:
            self._partial_names.update(a.asname or a.name for a in node.names
                                       if a.name == "partial")
        if node.level or not node.module or not self.oracle.is_library(node.module.split(".")[0]):
            self._import_from_project(node)
            return
        self._library_tops.add(node.module.split(".")[0])
        for alias in node.names:
            if alias.name == "*":
                continue
            ref = Ref(f"{node.module}.{alias.name}")
            self.scope.names[alias.asname or alias.name] = ref
            self._record(Site(alias, ref, "import"))

    def _import_from_project(self, node: ast.ImportFrom) -> None:
        """``from .compat import pd``: names a module of the project binds to library values."""
        if self.modules is None or self.path is None:
            return
        names = self.modules.names(self.path, node.module or "", node.level, self.depth)
        for alias in node.names:
            value = names.get(alias.name) if names else None
            if alias.name != "*" and value is not None:
                self.scope.names[alias.asname or alias.name] = value

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        value = self.value_of(node.value)
        for target in node.targets:
            self._assign(target, value)
            if not isinstance(target, ast.Name):
                self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        value = self._annotation_instance(node.annotation) or (
            self.value_of(node.value) if node.value is not None else None)
        self._assign(node.target, value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.scope.names.pop(node.target.id, None)
        else:
            self._assign(node.target, None)

    def _assign(self, target: ast.AST, value: Value | Slots | None) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Slots):
                value = None  # a whole tuple: not a value the checker follows
            if value is None:
                self._forget(target.id)
            else:
                self.scope.names[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            slots = value.items if isinstance(value, Slots) and len(value.items) == len(
                target.elts) and not any(isinstance(e, ast.Starred) for e in target.elts) else None
            for index, elt in enumerate(target.elts):
                self._assign(elt, slots[index] if slots else None)
        elif isinstance(target, ast.Starred):
            self._assign(target.value, None)
        elif isinstance(target, ast.Attribute) and self.learning:
            owner = self.value_of(target.value)
            if isinstance(owner, UserObject):
                self._attribute_writes += 1
                attributes = self.facts.attributes.setdefault(owner.cls.node, {})
                new = value if value is not None else UNKNOWN
                attributes[target.attr] = merge([attributes[target.attr], new]) \
                    if target.attr in attributes else new

    def _forget(self, name: str) -> None:
        # a local rebinding hides outer library names (``pd = None``)
        if self.scope.lookup(name) is not None:
            self.scope.names[name] = Ref("")
