"""Candidates the library's own code determines: a deprecated function whose body only hands
its parameters on to another API is replaced by that API's call with the legacy call's
arguments bound in (``query(qname)`` -> ``dns.resolver.resolve(qname, search=True)``: the
``True`` dnspython passes is kept), and one whose body does nothing is dropped (the call as
a statement goes, ``pass`` where the block would be empty; a used value becomes ``None``).

The body is the knowledge's ``Definition.forwards`` (engine/forwarding_calls.py). An
argument is substituted for each use of its parameter only when it is used at most once or
is a plain name or literal (never evaluated twice, nor in another order than a person would
read); an argument whose parameter the body ignores, or that a dropped call would no longer
evaluate, must be a plain name or literal too. A parameter the call leaves to its default is
left to the forwarded API's default where both say the same, else its literal default is
written; any other default (an expression in the library's own namespace) refuses."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..analysis.findings import Finding
from ..analysis.symbols import Ref
from ..fixes.apply import module_aliases
from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Definition,
    Param,
)
from .proof import Candidate, as_call
from .spelling import spelling

PLAIN = (ast.Name, ast.Constant)
NOTHING = "pass"  # the stored body of a function that does nothing (engine/forwarding_calls.py)


@dataclass
class Bound:
    values: dict[str, ast.expr]  # parameter -> the call's argument
    extra_args: list[ast.expr]  # what *args took
    extra_keywords: list[ast.keyword]  # what **kwargs took


def forwarded_candidate(finding: Finding, source: str) -> Candidate | None:
    """The call rewritten as the legacy function's own body says, or None."""
    found = _forwarding(finding)
    if found is None:
        return None
    params, statement = found
    call = as_call(finding.evidence.site.node)
    bound = _bind(params, call)
    if bound is None:
        return None
    as_statement = _is_statement(call, source)
    if statement == NOTHING:
        if not _plain(call):
            return None
        return Candidate([], "None", by_library=True, drops_statement=as_statement)
    returned = statement.startswith("return ")
    if not returned and not as_statement:
        return None  # the legacy call's value is None, the forwarded call's may not be
    body = ast.parse(statement.removeprefix("return "), mode="eval").body
    inlined = _inline(body, params, bound, finding)
    if inlined is None:
        return None
    imports: list[str] = []
    expression = _spelled(inlined, source, finding, imports)
    return Candidate(list(dict.fromkeys(imports)), ast.unparse(expression), by_library=True)


def _forwarding(finding: Finding) -> tuple[list[Param], str] | None:
    definition = _forwarding_definition(finding)
    if definition is None or definition.params is None or not definition.forwards:
        return None
    return list(definition.params), definition.forwards


def _forwarding_definition(finding: Finding) -> Definition | None:
    """The legacy function at the target, else where it was last stored or written for."""
    evidence = finding.evidence
    versions = [evidence.target, evidence.last_present, evidence.baseline]
    for version in dict.fromkeys(v for v in versions if v):
        definition = evidence.lookup.find(evidence.site.target, evidence.dist, version).definition
        if definition is not None and definition.kind == "function" \
                and definition.deprecated is not None:
            return definition
    return None


def _bind(params: list[Param], call: ast.Call) -> Bound | None:
    """Python's own rules, on the call as written; None when it does not bind or unpacks."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    positional = [p for p in params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    var_args = next((p for p in params if p.kind == VAR_POSITIONAL), None)
    var_kw = next((p for p in params if p.kind == VAR_KEYWORD), None)
    bound = Bound({}, [], [])
    for index, value in enumerate(call.args):
        if index < len(positional):
            bound.values[positional[index].name] = value
        elif var_args is not None:
            bound.extra_args.append(value)
        else:
            return None
    by_keyword = {p.name for p in params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    for keyword in call.keywords:
        if keyword.arg in by_keyword and keyword.arg not in bound.values:
            bound.values[keyword.arg] = keyword.value
        elif var_kw is not None and keyword.arg not in bound.values:
            bound.extra_keywords.append(keyword)
        else:
            return None
    if any(p.required and p.name not in bound.values for p in params):
        return None
    return bound


def _is_statement(call: ast.Call, source: str) -> bool:
    tree = ast.parse(source)
    return any(isinstance(n, ast.Expr) and _same_place(n.value, call) for n in ast.walk(tree))


def _same_place(a: ast.AST, b: ast.AST) -> bool:
    keys = ("lineno", "col_offset", "end_lineno", "end_col_offset")
    return all(getattr(a, k, None) == getattr(b, k, None) for k in keys)


def _plain(call: ast.Call) -> bool:
    """Every argument is a name or a literal: dropping the call evaluates nothing less."""
    return all(isinstance(v, PLAIN) for v in [*call.args, *(k.value for k in call.keywords)])


def _inline(body: ast.expr, params: list[Param], bound: Bound, finding: Finding) -> ast.expr | None:
    names = {p.name for p in params}
    uses: dict[str, int] = {}
    for node in ast.walk(body):
        if isinstance(node, ast.Name) and node.id in names:
            uses[node.id] = uses.get(node.id, 0) + 1
    for name, value in bound.values.items():
        if uses.get(name, 0) != 1 and not isinstance(value, PLAIN):
            return None  # evaluated twice, or no longer evaluated at all
    if (bound.extra_args or bound.extra_keywords) and not _spreads_once(body, params) \
            or not _evaluated_as_written(body, bound):
        return None
    defaults = {p.name: p.default for p in params if p.default is not None}
    spread = {p.name for p in params if p.kind in (VAR_POSITIONAL, VAR_KEYWORD)}
    body = _LeftToDefault(set(uses) - set(bound.values) - spread, defaults, finding).visit(body)
    if body is None or _refused(body):
        return None
    return ast.fix_missing_locations(_Substitute(params, bound).visit(body))


def _evaluated_as_written(body: ast.expr, bound: Bound) -> bool:
    """Arguments that may do something (not a name or a literal) are still evaluated, each
    where no condition can skip it, and in the order the call wrote them."""
    effectful = {name for name, value in bound.values.items() if not isinstance(value, PLAIN)}
    conditional = {n.id for branch in ast.walk(body) if isinstance(branch, (ast.BoolOp, ast.IfExp))
                   for n in ast.walk(branch) if isinstance(n, ast.Name)}
    if effectful & conditional:
        return False
    in_body = sorted((n.lineno, n.col_offset, n.id) for n in ast.walk(body)
                     if isinstance(n, ast.Name) and n.id in effectful)
    in_call = sorted(effectful, key=lambda name: (bound.values[name].lineno,
                                                  bound.values[name].col_offset))
    return [name for _, _, name in in_body] == in_call


def _spreads_once(body: ast.expr, params: list[Param]) -> bool:
    spread = {p.name for p in params if p.kind in (VAR_POSITIONAL, VAR_KEYWORD)}
    count = sum(1 for n in ast.walk(body) if isinstance(n, ast.Name) and n.id in spread)
    return count == len(spread)


class _Refused(ast.expr):
    """A default that cannot be written in the user's file."""


def _refused(node: ast.AST) -> bool:
    return any(isinstance(n, _Refused) for n in ast.walk(node))


class _LeftToDefault(ast.NodeTransformer):
    """Parameters the call did not pass: the forwarded API's own default where it is the
    same text, else the literal default; an expression default refuses."""

    def __init__(self, unpassed: set[str], defaults: dict[str, str], finding: Finding) -> None:
        self.unpassed, self.defaults, self.finding = unpassed, defaults, finding

    def visit_Call(self, node: ast.Call) -> ast.Call:
        callee = _signature_params(node.func, self.finding)
        if callee is None:
            return self.generic_visit(node)
        slots = [p for p in callee if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
        by_name = {p.name: p for p in callee}
        args: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        dropped = False
        for index, value in enumerate(node.args):
            slot = slots[index] if index < len(slots) and not isinstance(value, ast.Starred) else None
            if slot is not None and self._same_default(value, slot):
                dropped = True
            elif dropped and slot is not None and slot.kind == POSITIONAL_OR_KEYWORD:
                keywords.append(ast.keyword(arg=slot.name, value=value))
            elif dropped:
                return _Refused()  # a later positional has no keyword to go by
            else:
                args.append(value)
        for keyword in node.keywords:
            if not (keyword.arg in by_name and self._same_default(keyword.value, by_name[keyword.arg])):
                keywords.append(keyword)
        return self.generic_visit(ast.Call(func=node.func, args=args, keywords=keywords))

    def _same_default(self, value: ast.expr, slot: Param) -> bool:
        return isinstance(value, ast.Name) and value.id in self.unpassed \
            and slot.default is not None and slot.default == self.defaults.get(value.id)

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id not in self.unpassed:
            return node
        default = self.defaults.get(node.id)
        try:
            ast.literal_eval(default or "")
        except (ValueError, SyntaxError):
            return _Refused()
        value = ast.parse(default or "", mode="eval").body
        # a mutable default is one object shared by every call; a display makes a new one
        return _Refused() if isinstance(value, (ast.List, ast.Dict, ast.Set)) else value


def _signature_params(func: ast.expr, finding: Finding) -> list[Param] | None:
    """The forwarded API's parameters at the target, when the knowledge has them."""
    path = _public(ast.unparse(func), finding)
    evidence = finding.evidence
    definition = evidence.lookup.find(Ref(path), evidence.dist, evidence.target).definition
    if definition is None:
        return None
    signature = evidence.lookup.call_signature(definition, evidence.dist, evidence.target)
    return signature.params if signature is not None and len(signature.overloads) == 1 else None


class _Substitute(ast.NodeTransformer):
    """Each parameter replaced by the call's argument; ``*args`` and ``**kwargs`` spread."""

    def __init__(self, params: list[Param], bound: Bound) -> None:
        self.bound = bound
        self.var_args = next((p.name for p in params if p.kind == VAR_POSITIONAL), None)
        self.var_kw = next((p.name for p in params if p.kind == VAR_KEYWORD), None)

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        args: list[ast.expr] = []
        for value in node.args:
            if isinstance(value, ast.Starred) and _named(value.value, self.var_args):
                args.extend(self.bound.extra_args)
            else:
                args.append(value)
        keywords: list[ast.keyword] = []
        for keyword in node.keywords:
            if keyword.arg is None and _named(keyword.value, self.var_kw):
                keywords.extend(self.bound.extra_keywords)
            else:
                keywords.append(keyword)
        return ast.Call(func=node.func, args=args, keywords=keywords)

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.bound.values.get(node.id, node)


def _named(node: ast.expr, name: str | None) -> bool:
    return name is not None and isinstance(node, ast.Name) and node.id == name


def _spelled(expression: ast.expr, source: str, finding: Finding, imports: list[str]) -> ast.expr:
    """Library paths (dotted names outside the call's own arguments) as the file can name
    them, with the imports they need."""
    call = as_call(finding.evidence.site.node)
    theirs = {id(n) for value in [*call.args, *(k.value for k in call.keywords)]
              for n in ast.walk(value)}

    class Spell(ast.NodeTransformer):
        def visit(self, node: ast.AST) -> ast.AST:
            if id(node) in theirs:
                return node
            path = _dotted_path(node, theirs)
            if path is None or "." not in path:
                return self.generic_visit(node)
            spelled, needed = spelling(_public(path, finding), source, finding.evidence)
            imports.extend(needed)
            return ast.parse(spelled, mode="eval").body

    return Spell().visit(expression)


def _dotted_path(node: ast.AST, theirs: set[int]) -> str | None:
    """A library path, never one on a value of the call's own (``url.strip``)."""
    if id(node) in theirs:
        return None
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted_path(node.value, theirs)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _public(path: str, finding: Finding) -> str:
    """``path`` under the legacy API's module or a parent of it, when that name is the same
    object there (``netkit.net.resolve`` is ``netkit.resolve`` for ``netkit.query``)."""
    evidence = finding.evidence
    legacy = getattr(evidence.site.target, "path", None)
    if legacy is None:
        return path
    found = evidence.lookup.find(Ref(path), evidence.dist, evidence.target).definition
    parts = legacy.split(".")[:-1]
    for cut in range(len(parts), 0, -1):
        shorter = ".".join([*parts[:cut], path.rsplit(".", 1)[-1]])
        there = evidence.lookup.find(Ref(shorter), evidence.dist, evidence.target).definition
        if there is not None and there.path in (path, getattr(found, "path", path)):
            return shorter
    return path


def changes_the_legacy(replacement: Definition, finding: Finding) -> bool:
    """The replacement's own body calls the legacy API with other arguments than its own
    parameters in order, or does more with the result: ``get_disabled()`` is
    ``not get_run_validators()``, so it cannot stand for ``get_run_validators()``."""
    if not replacement.forwards or replacement.forwards == NOTHING:
        return False
    evidence = finding.evidence
    legacy = _forwarding_definition(finding)
    if legacy is None:
        return False
    body = ast.parse(replacement.forwards.removeprefix("return "), mode="eval").body
    for node in ast.walk(body):
        if not isinstance(node, ast.Call):
            continue
        called = evidence.lookup.find(Ref(ast.unparse(node.func)), evidence.dist,
                                      evidence.target).definition
        if called is None or called.path != legacy.path:
            continue
        own = [p.name for p in replacement.params or []]
        same = node is body and not node.keywords and [ast.unparse(a) for a in node.args] == own
        return not same
    return False


def contradicts_the_library(candidate: Candidate, finding: Finding, source: str) -> str:
    """Why a candidate calls a replacement whose own body changes the legacy call (see
    ``changes_the_legacy``), or "" when none of its calls does."""
    try:
        expression = ast.parse(candidate.expression.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return ""
    evidence = finding.evidence
    modules = {alias: module for module, alias in module_aliases(source).items()}
    for node in ast.walk(expression):
        written = _dotted_path(node.func, set()) if isinstance(node, ast.Call) else None
        if written is None:
            continue
        root, _, rest = written.partition(".")
        path = ".".join(p for p in (modules.get(root, root), rest) if p)
        called = evidence.lookup.find(Ref(path), evidence.dist, evidence.target).definition
        if called is not None and changes_the_legacy(called, finding):
            return f"`{written}` is, by its own body, `{called.forwards}`: not the legacy call"
    return ""
