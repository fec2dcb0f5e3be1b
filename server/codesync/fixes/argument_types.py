"""What type a call's argument is known to have, spelled as recipes declare types.

A library type comes from the checker's own typing (the value the site collector recorded for
the argument: ``pandas.DataFrame``, ``list[pandas.DataFrame]`` for a list display or an
annotated list of frames). A builtin container comes from the code: a display (``{...}``,
``[...]``), a call of the builtin, or a name whose every binding in its scope says the same
(an annotation ``row: dict``, assignments of displays). Anything else is unknown (None), and
a recipe that declares types does not apply to it.
"""

from __future__ import annotations

import ast

from ..analysis.symbols import Instance, Items

BUILTIN_DISPLAYS: dict[type, str] = {
    ast.Dict: "dict", ast.DictComp: "dict", ast.List: "list", ast.ListComp: "list",
    ast.Tuple: "tuple", ast.Set: "set", ast.SetComp: "set", ast.JoinedStr: "str",
}
BUILTIN_ANNOTATIONS = {"dict": "dict", "Dict": "dict", "list": "list", "List": "list",
                       "tuple": "tuple", "Tuple": "tuple", "set": "set", "Set": "set",
                       "str": "str", "int": "int", "float": "float", "bool": "bool",
                       "bytes": "bytes"}
BUILTIN_CALLS = {"dict", "list", "tuple", "set", "str", "int", "float", "bool", "bytes"}

KnownType = frozenset  # every spelling of one type: {"pandas.DataFrame", "pandas.core...."}


def argument_type(argument: ast.AST, value, tree: ast.Module | None) -> KnownType | None:
    """The spellings of ``argument``'s type, or None when it is not known."""
    syntactic = _syntactic_type(argument, tree)
    if isinstance(value, Instance):
        return _instance_names(value)
    if isinstance(value, Items) and isinstance(value.element, Instance) and syntactic == "list":
        elements = _instance_names(value.element)
        return KnownType(f"list[{e}]" for e in elements) if elements else None
    return KnownType({syntactic}) if syntactic else None


def _instance_names(instance: Instance) -> KnownType | None:
    if instance.inferred_from or "|" in instance.class_path:
        return None  # guessed from the members used, or one of several classes
    return KnownType({instance.public, instance.class_path})


def _syntactic_type(node: ast.AST, tree: ast.Module | None) -> str | None:
    display = BUILTIN_DISPLAYS.get(type(node))
    if display is not None:
        return display
    if isinstance(node, ast.Constant):
        return type(node.value).__name__ if node.value is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in BUILTIN_CALLS and tree is not None and \
            not _bindings(tree, node.func.id, node):
        return node.func.id
    if isinstance(node, ast.Name) and tree is not None:
        kinds = {_binding_type(b) for b in _bindings(tree, node.id, node)}
        if len(kinds) == 1:
            return kinds.pop()
    return None


def _bindings(tree: ast.Module, name: str, use: ast.AST) -> list[ast.AST]:
    """What binds ``name`` in the scope ``use`` is in (the innermost function holding it
    that binds the name, else the module); nested scopes are not looked into."""
    scopes = [tree, *_enclosing_functions(tree, use)]
    for scope in reversed(scopes):
        found = _bindings_in(scope, name)
        if found:
            return found
    return []


def _enclosing_functions(tree: ast.Module, use: ast.AST) -> list[ast.AST]:
    line = getattr(use, "lineno", 0)
    chain: list[ast.AST] = []
    body: list[ast.AST] = list(tree.body)
    while True:
        inner = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                        ast.ClassDef, ast.If, ast.For, ast.While,
                                                        ast.With, ast.Try))
                      and n.lineno <= line <= (n.end_lineno or n.lineno)), None)
        if inner is None:
            return chain
        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
            chain.append(inner)
        body = [c for field in ("body", "orelse", "finalbody", "handlers")
                for c in getattr(inner, field, [])]
        body += [c for h in getattr(inner, "handlers", []) for c in h.body]


def _bindings_in(scope: ast.AST, name: str) -> list[ast.AST]:
    found: list[ast.AST] = []
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = scope.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                    arguments.vararg, arguments.kwarg]:
            if arg is not None and arg.arg == name:
                found.append(arg)
    for node in _walk_scope(scope):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            found.append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names or \
                isinstance(node, ast.alias) and (node.asname or node.name) == name or \
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                node.name == name and node is not scope:
            found.append(node)
    return found


def _walk_scope(scope: ast.AST):
    """The nodes of one scope, not those of the functions, lambdas and classes in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _binding_type(binding: ast.AST) -> str | None:
    """The builtin type one binding gives its name, None when it says nothing sure."""
    if isinstance(binding, ast.arg):
        return _annotation_type(binding.annotation)
    parent = getattr(binding, "_codesync_parent", None)
    if parent is None:
        return None
    if isinstance(parent, ast.AnnAssign) and parent.target is binding:
        return _annotation_type(parent.annotation)
    if isinstance(parent, ast.Assign) and binding in parent.targets:
        return BUILTIN_DISPLAYS.get(type(parent.value))
    return None


def _annotation_type(annotation: ast.AST | None) -> str | None:
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    if isinstance(annotation, ast.Attribute) and isinstance(annotation.value, ast.Name) and \
            annotation.value.id == "typing":
        return BUILTIN_ANNOTATIONS.get(annotation.attr)
    if isinstance(annotation, ast.Name):
        return BUILTIN_ANNOTATIONS.get(annotation.id)
    return None


def parsed_with_parents(source: str) -> ast.Module | None:
    """The module, each node knowing its parent (the bindings above need the statement)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._codesync_parent = node  # type: ignore[attr-defined]
    return tree
