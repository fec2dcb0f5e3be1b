"""Extra positional arguments a function warns about: its ``*args`` is deprecated.

    def _warn_extra(cls, name, args, kwargs):
        warn_args = args is not None and len(args) > 0
        warn_kwargs = kwargs is not None and len(kwargs) > 0
        if warn_args and warn_kwargs: msg = "args and kwargs"
        elif warn_args: msg = "args"
        elif warn_kwargs: msg = "kwargs"
        else: return
        warnings.warn(f"Passing additional {msg} ... is deprecated", FutureWarning)

    class Resampler:
        def sum(self, numeric_only=False, min_count=0, *args, **kwargs):
            _warn_extra(type(self), "sum", args, kwargs)      # sum(1, 2, 3): warns

A helper warns whenever a parameter holds something (a sequence that is not empty) when the
path to its warning from the top of its body leaves only where that parameter is empty:
an ``if``/``elif`` chain whose branches that return or raise all come after a branch taken
for a non-empty value (``elif warn_args:``, a flag bound to ``len(args) > 0``), or a warning
guarded by such a test alone (``if args: warn(...)``). A function that hands its ``*args``
to such a parameter in a statement of its own body (not under a condition) accepts no more
positional arguments than its named ones without a warning (``positional_limit``). The
helper is a function of the same module.
"""

from __future__ import annotations

import ast

from . import deprecations as dep

_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def apply_positional_limits(tree: ast.Module, module: str, definitions: dict) -> None:
    """Set ``positional_limit`` on the module's definitions whose ``*args`` warns."""
    for path, limit in positional_limits(tree, module).items():
        record = definitions.get(path)
        if record is not None and record.positional_limit is None:
            record.positional_limit = limit


def positional_limits(tree: ast.Module, module: str) -> dict[str, int]:
    """Function path -> the number of named positional parameters, for the functions whose
    ``*args`` reaches a warning whenever it is not empty (their own, or a module helper's)."""
    helpers = {n.name: n for n in tree.body if isinstance(n, _Function)}
    warned: dict[str, set[str]] = {}
    found: dict[str, int] = {}
    for path, node, method in _functions(tree.body, module):
        star = node.args.vararg.arg if node.args.vararg else None
        if star is None:
            continue
        if _star_warned(node, star, helpers, warned):
            named = [*node.args.posonlyargs, *node.args.args]
            found[path] = len(named) - (1 if method and named else 0)
    return found


def _functions(body: list[ast.stmt], prefix: str, method: bool = False):
    for node in body:
        if isinstance(node, _Function):
            static = any(isinstance(d, ast.Name) and d.id == "staticmethod"
                         for d in node.decorator_list)
            yield f"{prefix}.{node.name}", node, method and not static
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node.body, f"{prefix}.{node.name}", True)


def _star_warned(node: _Function, star: str, helpers: dict[str, _Function],
                 warned: dict[str, set[str]]) -> bool:
    if star in nonempty_warned(node):
        return True
    for stmt in node.body:
        if _may_exit(stmt):
            return False
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        helper = helpers.get(call.func.id)
        if helper is None or helper is node:
            continue
        param = _bound_to(helper, call, star)
        if param is None:
            continue
        if call.func.id not in warned:
            warned[call.func.id] = nonempty_warned(helper)
        if param in warned[call.func.id]:
            return True
    return False


def _bound_to(helper: _Function, call: ast.Call, name: str) -> str | None:
    """The helper's parameter that receives the plain name ``name`` in this call."""
    positional = [a.arg for a in (*helper.args.posonlyargs, *helper.args.args)]
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return None
        if isinstance(arg, ast.Name) and arg.id == name:
            return positional[i] if i < len(positional) else None
    for keyword in call.keywords:
        if keyword.arg and isinstance(keyword.value, ast.Name) and keyword.value.id == name:
            return keyword.arg
    return None


def nonempty_warned(node: _Function) -> set[str]:
    """Parameters whose being non-empty makes the function's body reach a deprecation
    warning, read from its own statements (nothing else is followed)."""
    params = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
    if node.args.vararg:
        params.add(node.args.vararg.arg)
    flags: dict[str, str] = {}  # a name bound to a test that the parameter is non-empty
    found: set[str] = set()
    open_params = set(params)  # still reached whenever the parameter is non-empty
    needed: set[str] = set()  # ... where an empty one may have left before (the warning
    for stmt in node.body:     # is about it, not about every call)
        if _warns(stmt):
            return found | (open_params & needed)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            subject = _nonempty_subject(stmt.value, flags)
            if subject in params:
                flags[stmt.targets[0].id] = subject
            continue
        if isinstance(stmt, ast.If):
            found |= _guarded_warnings(stmt, flags) & open_params
            passing = {p: _passes(stmt, p, flags) for p in open_params}
            open_params = {p for p, (ok, _) in passing.items() if ok}
            needed |= {p for p, (ok, by_test) in passing.items() if ok and by_test}
        elif _may_exit(stmt):
            open_params = set()
        if not open_params:
            return found
    return found


def _warns(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
        dep.is_deprecation_warn(stmt.value)


def _guarded_warnings(stmt: ast.If, flags: dict[str, str]) -> set[str]:
    """``if args: warn(...)``: the parameter a test alone guards a warning by."""
    subject = _nonempty_subject(stmt.test, flags)
    if not subject:
        return set()
    for inner in stmt.body:
        if _warns(inner):
            return {subject}
        if _may_exit(inner) or isinstance(inner, ast.If):
            return set()
    return set()


def _passes(stmt: ast.If, param: str, flags: dict[str, str]) -> tuple[bool, bool]:
    """Whether a non-empty ``param`` always gets past this ``if`` chain (every branch that
    may exit comes after one whose test alone says the parameter is non-empty, that branch
    being taken first, or is tested to run only where it is empty), and whether it does so
    by those tests (an empty one may exit)."""
    taken = False  # a branch before this one is certainly taken for a non-empty value
    by_test = False
    node: ast.If | None = stmt
    while node is not None:
        if any(_may_exit(s) for s in node.body):
            if not taken and not _empty_test(node.test, param, flags):
                return False, False
            by_test = True
        taken = taken or _nonempty_subject(node.test, flags) == param
        following = node.orelse
        node = following[0] if len(following) == 1 and isinstance(following[0], ast.If) \
            else None
        if node is None and any(_may_exit(s) for s in following):
            if not taken:
                return False, False
            by_test = True
    return True, by_test


def _may_exit(stmt: ast.stmt) -> bool:
    """A statement that may return, raise or leave a loop from the function's own body."""
    if isinstance(stmt, _EXITS):
        return True
    if isinstance(stmt, (*_Function.__args__, ast.ClassDef)):
        return False
    return any(isinstance(n, _EXITS) for n in ast.walk(stmt))


def _nonempty_subject(test: ast.expr, flags: dict[str, str]) -> str:
    """The name a test says is non-empty: ``x``, ``len(x) > 0``, ``len(x) != 0``,
    ``len(x) >= 1``, ``len(x)``, ``bool(x)``, ``x is not None and <one of those>``, or a
    flag bound to one."""
    if isinstance(test, ast.Name):
        return flags.get(test.id, test.id)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and len(test.values) == 2:
        first, second = test.values
        subject = _nonempty_subject(second, {})
        return subject if subject and _is_not_none(first, subject) else ""
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and \
            test.func.id in ("len", "bool") and len(test.args) == 1 and \
            isinstance(test.args[0], ast.Name):
        return test.args[0].id
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        size = _len_of(test.left)
        bound = test.comparators[0]
        if size and isinstance(bound, ast.Constant) and type(bound.value) is int and (
                isinstance(test.ops[0], (ast.Gt, ast.NotEq)) and bound.value == 0 or
                isinstance(test.ops[0], ast.GtE) and bound.value == 1):
            return size
    return ""


def _empty_test(test: ast.expr, param: str, flags: dict[str, str]) -> bool:
    """``not x`` / ``len(x) == 0``: a branch taken only where ``param`` is empty."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _nonempty_subject(test.operand, flags) == param
    return isinstance(test, ast.Compare) and len(test.ops) == 1 and \
        isinstance(test.ops[0], ast.Eq) and _len_of(test.left) == param and \
        isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value == 0


def _len_of(node: ast.expr) -> str:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id == "len" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        return node.args[0].id
    return ""


def _is_not_none(node: ast.expr, subject: str) -> bool:
    return isinstance(node, ast.Compare) and len(node.ops) == 1 and \
        isinstance(node.ops[0], ast.IsNot) and isinstance(node.left, ast.Name) and \
        node.left.id == subject and isinstance(node.comparators[0], ast.Constant) and \
        node.comparators[0].value is None
