"""What a function does, when its body says it in one statement: nothing (a
docstring, a deprecation warning, then ``pass``, ``return`` or ``return None``), or hand its
parameters on to another API (``return resolve(qname, rdtype, ..., True)``, or one call
statement). dnspython 2.x::

    def query(qname, rdtype=dns.rdatatype.A, ...):
        warnings.warn('please use dns.resolver.resolve() instead', DeprecationWarning)
        return resolve(qname, rdtype, rdclass, tcp, source, raise_on_no_answer, source_port,
                       lifetime, True)

is stored as ``return dns.resolver.resolve(qname, rdtype, ..., True)``: the library names
resolved to their dotted paths, the parameters left as they are, so a fixer can bind a
call's arguments to them. Anything that reads other state (a module global, ``self``), a
body of several statements, an ``async`` function or a decorator that is not a
deprecation's is not stored: what such a call does is not its body's one expression."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable

from ..knowledge.model import Definition
from . import deprecations as dep

NOTHING = "pass"
# nodes whose meaning depends on more than the expression's own names
OPAQUE = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
          ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)
Resolve = Callable[[str], str | None]  # a module-level name -> its dotted path, or None


def apply_forwarding(tree: ast.Module, module: str, definitions: dict[str, Definition],
                     resolve: Resolve) -> None:
    """Store the forwarded statement on each module-level function that is public or
    deprecated: a deprecated one is rewritten by it, a public one is a replacement whose
    body may show it changes the legacy call's arguments or result (``return not old()``)."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        definition = definitions.get(f"{module}.{node.name}")
        if definition is None or definition.kind != "function" or (
                node.name.startswith("_") and definition.deprecated is None):
            continue
        statement = forwarded_statement(node, resolve, module)
        if statement != NOTHING or definition.deprecated is not None:
            definition.forwards = statement  # an empty public function is no replacement


def binding_resolver(bindings: dict) -> Resolve:
    """Module-level names (the extractor's bindings) as dotted paths: what is defined or
    imported there; a value the module computes is no path."""
    def resolve(name: str) -> str | None:
        binding = bindings.get(name)
        if binding is None or binding.kind not in ("def", "import", "module"):
            return None
        return binding.target or None
    return resolve


def forwarded_statement(node: ast.FunctionDef, resolve: Resolve, module: str) -> str | None:
    """``pass``, ``return EXPR`` or ``EXPR`` (a call statement) with library names dotted;
    None when the body does more than that."""
    if not isinstance(node, ast.FunctionDef) or \
            any(not _deprecation_decorator(d) for d in node.decorator_list):
        return None
    params = _param_names(node.args)
    local: dict[str, str] = {}
    rest = [s for s in _effective(node.body, local, module) if s is not None]
    if set(local) & params:
        return None  # the body rebinds a parameter (a message, an import): not the caller's value
    if not rest or isinstance(rest[0], ast.Pass) and len(rest) == 1:
        return NOTHING
    if len(rest) != 1:
        return None
    statement = rest[0]
    if isinstance(statement, ast.Return):
        if statement.value is None or _is_none(statement.value):
            return NOTHING
        expression = _dotted(statement.value, params, local, resolve)
        return f"return {expression}" if expression is not None else None
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return _dotted(statement.value, params, local, resolve)
    return None


def _deprecation_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return "deprecat" in dep.last_name(target).lower()


def _param_names(args: ast.arguments) -> set[str]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {a.arg for a in every if a is not None}


def _effective(body: list[ast.stmt], local: dict[str, str], module: str):
    """The body without its docstring, deprecation warnings, the message strings they use
    and function-local imports (whose names go into ``local``)."""
    for index, stmt in enumerate(body):
        if index == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                and isinstance(stmt.value.value, str):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and dep.is_deprecation_warn(stmt.value):
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name) and dep.literal_text(stmt.value):
            local[stmt.targets[0].id] = ""  # a message: not usable as a value below
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            _note_import(stmt, local, module)
            continue
        yield stmt


def _note_import(stmt: ast.Import | ast.ImportFrom, local: dict[str, str], module: str) -> None:
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            local[alias.asname or alias.name.split(".")[0]] = \
                alias.name if alias.asname else alias.name.split(".")[0]
        return
    package = module.rsplit(".", stmt.level)[0] if stmt.level else ""
    source = ".".join(p for p in (package, stmt.module or "") if p)
    for alias in stmt.names:
        local[alias.asname or alias.name] = f"{source}.{alias.name}"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _dotted(expression: ast.expr, params: set[str], local: dict[str, str],
            resolve: Resolve) -> str | None:
    """The expression with every library name replaced by its dotted path; None when it
    reads anything but its parameters, literals, builtins and library names."""
    if any(isinstance(n, OPAQUE) for n in ast.walk(expression)):
        return None
    renamed = _Dotted(params, local, resolve).visit(_copy(expression))
    if renamed is None or any(isinstance(n, _Unknown) for n in ast.walk(renamed)):
        return None
    dotted = {n.id for n in ast.walk(renamed) if isinstance(n, ast.Name) and "." in n.id}
    if any(name.split(".")[0] in params for name in dotted):
        return None  # a parameter named like the package would be taken for it
    return ast.unparse(renamed)


class _Unknown(ast.expr):
    """A name the expression reads that is neither a parameter nor a library path."""


class _Dotted(ast.NodeTransformer):
    def __init__(self, params: set[str], local: dict[str, str], resolve: Resolve) -> None:
        self.params, self.local, self.resolve = params, local, resolve

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.params:
            return node
        path = self.local[node.id] if node.id in self.local else self.resolve(node.id)
        if path:
            return ast.copy_location(ast.Name(id=path, ctx=ast.Load()), node)
        if node.id in self.local or not hasattr(builtins, node.id):
            return _Unknown()
        return node


def _copy(node: ast.expr) -> ast.expr:
    return ast.parse(ast.unparse(node), mode="eval").body
