"""Compiled modules: what a module without Python source has.

A ``.pyi`` with no ``.py`` beside it, in a distribution that ships Python source, describes
a compiled module. What it defines (classes, functions, values) exists; what it imports
exists only where it says so (PEP 484: ``import x as x``, ``from m import a as a``, a name
in ``__all__``): ``from pandas._typing import npt`` in ``algos.pyi`` is a type the stub
uses, not an attribute of the module, so it is kept as a type only.

The Cython files of the same module add what the stub leaves out: the ``.pyx`` (the
module's source: its ``def``/``cpdef`` functions, classes and module-level imports) and the
``.pxd`` (its ``cpdef`` functions and ``cdef class`` types). A stub that is one
``__getattr__`` (``scipy.special.cython_special``) then still gets every name. Where a
``.py`` exists it is the module, and none of this applies.
"""

from __future__ import annotations

import ast

from .extract import ModuleInfo
from .surface import merge_compiled, merge_stub

CYTHON_KINDS = ("pyx", "pxd")


def cython_skeleton(kind: str, text: str) -> str:
    """The Python skeleton of a ``.pyx`` (``kind`` "pyx") or ``.pxd`` file."""
    from .pyx import declarations_skeleton, python_skeleton  # only Cython files need it

    return python_skeleton(text) if kind == "pyx" else declarations_skeleton(text)


def hidden_imports(stub_text: str) -> set[str]:
    """Names a stub imports without re-exporting them (PEP 484's rules for stubs)."""
    try:
        tree = ast.parse(stub_text)
    except (SyntaxError, ValueError):
        return set()
    hidden: set[str] = set()
    for node in _module_level(tree.body):
        if isinstance(node, ast.ImportFrom):
            hidden.update(a.asname or a.name for a in node.names
                          if a.name != "*" and a.asname != a.name)
        elif isinstance(node, ast.Import):
            hidden.update(a.asname for a in node.names if a.asname and a.asname != a.name)
    return hidden


def _module_level(body: list[ast.stmt]):
    """Statements at module level, those in ``if`` blocks (version checks) included."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse)


def as_compiled(stub: ModuleInfo, stub_text: str) -> ModuleInfo:
    """A compiled module's stub as the module: imports it does not re-export become types."""
    listed = set(stub.all_names or ())
    for name in hidden_imports(stub_text) - listed:
        binding = stub.bindings.get(name)
        if binding is not None and binding.kind == "import":
            stub.type_bindings.setdefault(name, stub.bindings.pop(name))
    return stub


def add_compiled_names(module: ModuleInfo, skeleton: ModuleInfo) -> None:
    """Names the Cython files of a compiled module bind that its stub leaves out."""
    for name, binding in skeleton.bindings.items():
        if name in module.bindings and not _source_wins(module, skeleton, name):
            continue
        module.bindings[name] = binding
        module.type_bindings.pop(name, None)
        if binding.kind != "def":
            continue
        prefix = f"{module.name}.{name}"
        for path, definition in skeleton.definitions.items():
            if path == prefix or path.startswith(prefix + "."):
                module.definitions.setdefault(path, definition)
        for path, bases in skeleton.class_bases.items():
            if path == prefix or path.startswith(prefix + "."):
                module.class_bases.setdefault(path, bases)


def _source_wins(module: ModuleInfo, skeleton: ModuleInfo, name: str) -> bool:
    """``cache_readonly = CachedProperty`` in the ``.pyx`` over ``cache_readonly = property``
    in the stub: the stub points the alias outside the module, the source at its own class."""
    source, stub = skeleton.bindings[name], module.bindings[name]
    if source.kind != "alias" or stub.kind not in ("alias", "value"):
        return False
    own = skeleton.bindings.get(source.target.split(".")[0])
    if own is None or own.kind != "def":
        return False
    return stub.kind == "value" or stub.target.split(".")[0] not in module.bindings


def merge_overlays(modules: dict[str, ModuleInfo], overlays: dict[str, dict[str, ModuleInfo]],
                   stub_texts: dict[str, str]) -> None:
    """Lay stubs and Cython skeletons over the modules read from Python source."""
    has_source = any(not info.is_stub for info in modules.values())
    for name, stub in overlays.get("stub", {}).items():
        if name in modules:
            modules[name] = merge_stub(modules[name], stub)
        elif has_source:
            modules[name] = as_compiled(stub, stub_texts.get(name, ""))
        else:  # a distribution of stubs only: its imports are its interface
            modules[name] = stub
    for kind in CYTHON_KINDS:
        for name, skeleton in overlays.get(kind, {}).items():
            module = modules.get(name)
            if module is None:
                if kind == "pyx":  # a module known only from its Cython source
                    modules[name] = skeleton
                continue
            if module.is_stub:
                add_compiled_names(module, skeleton)
            modules[name] = merge_compiled(module, skeleton)


__all__ = ["CYTHON_KINDS", "add_compiled_names", "as_compiled", "cython_skeleton",
           "hidden_imports", "merge_overlays"]
