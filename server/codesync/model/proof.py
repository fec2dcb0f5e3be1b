"""The proof a model candidate must pass before it is offered.

1. It parses: import lines are imports, the rest is one expression, and the file still parses.
2. The same checker finds nothing left on the rewritten lines at the target.
3. Every original argument value is still there, or the change record justifies dropping it:
   the parameter is gone at the target and the value was its old default, or the library
   said it has no effect, or a flag's behaviour moved to a name the record names.
4. Names it introduces exist: bare names are bound in the file, builtins or imported by
   the candidate; new library attributes exist at the target release, and new calls bind there.
5. It follows the advice: where the library's deprecation texts (over the API's history)
   give code for the migration, the candidate uses every method, function and keyword of
   one of those snippets, and calls nothing new that none of them names.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.checker import Checker
from ..analysis.findings import DEFAULT_CHANGED, UNKNOWN_RELEASE, Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..fixes.apply import apply_edits
from .record import ChangeRecord

TITLE = "Rewrite with local model — review"
IGNORED_KINDS = (DEFAULT_CHANGED, UNKNOWN_RELEASE)


@dataclass
class Candidate:
    imports: list[str]
    expression: str
    # written from the library's own code (model/forwarded.py): its arguments are bound as
    # the library binds them, so steps 3 and 5 (the record's reading) do not apply
    by_library: bool = False
    drops_statement: bool = False  # a no-op call standing as a statement: the statement goes


@dataclass
class Verdict:
    ok: bool
    reason: str = ""
    fix: Fix | None = None
    source: str | None = None  # the rewritten file


def refuse(reason: str) -> Verdict:
    return Verdict(False, reason)


def prove(candidate: Candidate, call: ast.AST, receiver: ast.AST | None, source: str,
          record: ChangeRecord, checker: Checker,
          check: Callable[[str], list[Finding]]) -> Verdict:
    """Check ``candidate`` as a replacement of ``call`` (whose instance expression is
    ``receiver``, for a method) in ``source``; ``check`` gives a source's findings. A bare
    attribute use (``np.NaN``) is checked as a call without arguments."""
    call = as_call(call)
    parsed = _parse(candidate)
    if isinstance(parsed, str):
        return refuse(parsed)
    expression, imports = parsed
    index = LineIndex(source)
    if candidate.expression.strip() == index.text(call).strip():
        return refuse("the candidate is the legacy call")
    edits = _edits(candidate, imports, call, source, index)
    rewritten = apply_edits(source, edits)
    try:
        new_tree = ast.parse(rewritten)
    except (SyntaxError, ValueError) as exc:
        return refuse(f"the rewritten file does not parse: {exc}")
    lines = _rewritten_lines(call, edits)
    steps = [lambda: _left_on_lines(check(rewritten), lines),
             lambda: _lost_arguments(call, receiver, expression, record),
             lambda: _added_keywords(call, expression, record),
             lambda: _unknown_names(expression, imports, source, call),
             lambda: _missing_attributes(expression, call, new_tree, lines, record, checker),
             lambda: ignores_advice(expression, call, record)]
    if candidate.by_library:
        del steps[5], steps[1:3]
    for step in steps:
        reason = step()
        if reason:
            return refuse(reason)
    return Verdict(True, "", Fix(TITLE, "model", tuple(edits)), rewritten)


def as_call(node: ast.AST) -> ast.Call:
    """``node`` as a call: itself, or a call of it with no arguments at its place."""
    if isinstance(node, ast.Call):
        return node
    wrapper = ast.Call(func=node, args=[], keywords=[])
    for name in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        setattr(wrapper, name, getattr(node, name))
    return wrapper


def _parse(candidate: Candidate) -> tuple[ast.expr, list[ast.stmt]] | str:
    if not candidate.expression.strip():
        return "no code"
    try:
        expression = ast.parse(candidate.expression.strip(), mode="eval").body
        imports = [ast.parse(line).body[0] for line in candidate.imports]
    except (SyntaxError, ValueError, IndexError) as exc:
        return f"does not parse: {exc}"
    if any(not isinstance(node, (ast.Import, ast.ImportFrom)) for node in imports):
        return "an import line is not an import"
    return expression, imports


def _edits(candidate: Candidate, imports: list[ast.stmt], call: ast.Call, source: str,
           index: LineIndex) -> list[Edit]:
    line, col, end_line, end_col = index.span(call)
    edits = [_statement_dropped(call, source, index) if candidate.drops_statement
             else Edit(line, col, end_line, end_col, candidate.expression.strip())]
    present = {ln.strip() for ln in source.splitlines()}
    new_imports = [text.strip() for text in candidate.imports if text.strip() not in present]
    if new_imports:
        at = _import_line(source)
        edits.append(Edit(at, 0, at, 0, "".join(f"{text}\n" for text in new_imports)))
    return edits


def _statement_dropped(call: ast.Call, source: str, index: LineIndex) -> Edit:
    """The call's statement removed with its lines, or ``pass`` in its place where it is the
    block's only statement or shares its lines with other code."""
    line, col, end_line, end_col = index.span(call)
    lines = source.splitlines()
    alone = not lines[line - 1][:col].strip() and not lines[end_line - 1][end_col:].strip()
    block = next((body for node in ast.walk(ast.parse(source))
                  for body in _bodies(node) if any(_holds(s, call) for s in body)), [])
    if alone and len(block) > 1:
        return Edit(line, 0, end_line + 1, 0, "")
    return Edit(line, col, end_line, end_col, "pass")


def _bodies(node: ast.AST) -> list[list[ast.stmt]]:
    return [getattr(node, name) for name in ("body", "orelse", "finalbody")
            if isinstance(getattr(node, name, None), list)]


def _holds(statement: ast.stmt, call: ast.Call) -> bool:
    return isinstance(statement, ast.Expr) and (statement.value.lineno, statement.value.col_offset) \
        == (call.lineno, call.col_offset)


def _import_line(source: str) -> int:
    """The line before which new imports go: after the last top-level import."""
    tree = ast.parse(source)
    last = [node.end_lineno for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return (max(last) + 1) if last else 1


def _rewritten_lines(call: ast.Call, edits: list[Edit]) -> range:
    shift = sum(e.new_text.count("\n") for e in edits[1:] if e.line <= call.lineno)
    start = call.lineno + shift
    return range(start, start + edits[0].new_text.count("\n") + 1)


def _left_on_lines(findings: list[Finding], lines: range) -> str:
    for finding in findings:
        if finding.kind not in IGNORED_KINDS and finding.line in lines:
            return f"the checker still reports {finding.code} on the rewritten line: {finding.message}"
    return ""


def _dumps(node: ast.AST) -> set[str]:
    return {ast.dump(n) for n in ast.walk(node)}


def _lost_arguments(call: ast.Call, receiver: ast.AST | None, expression: ast.expr,
                    record: ChangeRecord) -> str:
    present = _dumps(expression)
    names = {n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}
    for position, value in enumerate(call.args):
        name = record.positional[position] if position < len(record.positional) else None
        if ast.dump(value) not in present and not (
                name and _removal_justified(ast.keyword(name, value), expression, call, record)):
            return f"positional argument {position + 1} (`{ast.unparse(value)}`) is lost"
    kept = {(k.arg, ast.dump(k.value)) for n in ast.walk(expression) if isinstance(n, ast.Call)
            for k in n.keywords}
    new = {ast.dump(k.value): k.arg for n in ast.walk(expression) if isinstance(n, ast.Call)
           for k in n.keywords if k.arg in _new_keywords(call, expression)}
    for keyword in call.keywords:
        value = ast.dump(keyword.value)
        if (keyword.arg, value) in kept:
            continue
        if value in present:
            reason = _moved(keyword, new.get(value, keyword.arg), record)
            if reason:
                return reason
            continue
        if keyword.arg is None or not _removal_justified(keyword, expression, call, record):
            return f"the value of `{keyword.arg}` (`{ast.unparse(keyword.value)}`) is lost"
    if receiver is not None:
        lost = {n.id for n in ast.walk(receiver) if isinstance(n, ast.Name)} - names
        if lost:
            return f"`{', '.join(sorted(lost))}` from the receiver is lost"
    return ""


def _moved(keyword: ast.keyword, new_name: str | None, record: ChangeRecord) -> str:
    """A value passed under another keyword: only from a removed parameter to its successor
    or to a name the record gives."""
    old = keyword.arg
    if new_name == old or new_name is None or old is None:
        return ""
    if old in record.removed_params and (new_name in record.successors.get(old, set())
                                         or new_name in record.mentioned_names()):
        return ""
    return f"the value of `{old}` moved to `{new_name}`, which the change record does not name"


def _removal_justified(keyword: ast.keyword, expression: ast.expr, call: ast.Call,
                       record: ChangeRecord) -> bool:
    name = keyword.arg or ""
    if name not in record.removed_params:
        return False
    if any(_same_value(keyword.value, default) for default in record.old_defaults.get(name, ())) \
            or record.says_no_effect(name):
        return True
    if isinstance(keyword.value, ast.Constant) and keyword.value.value in (True, False, None):
        # a flag whose behaviour moved: to a method of its name (squeeze=True -> .squeeze()),
        # or to the parameter that succeeded it (error_bad_lines=False -> on_bad_lines="skip")
        introduced = _attribute_names(expression) - _attribute_names(call)
        return name in introduced or bool(_new_keywords(call, expression) & _heirs(name, record))
    return False


def _heirs(name: str, record: ChangeRecord) -> set[str]:
    """Where a removed parameter's job may have gone: its successors, and the target
    parameters its own deprecation text names."""
    note = record.param_notes.get(name, "")
    named = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", note)) & record.target_params
    return record.successors.get(name, set()) | named


def _new_keywords(call: ast.Call, expression: ast.expr) -> set[str]:
    return {k.arg for n in ast.walk(expression) if isinstance(n, ast.Call)
            for k in n.keywords if k.arg} - {k.arg for k in call.keywords}


def _added_keywords(call: ast.Call, expression: ast.expr, record: ChangeRecord) -> str:
    """A keyword the legacy call did not pass must carry one of its values, or take over
    from a removed parameter the call passed: a model may not add ``axis=1`` on its own."""
    values = {ast.dump(v) for v in [*call.args, *(k.value for k in call.keywords)]}
    heirs = set().union(*(_heirs(k.arg, record) for k in call.keywords
                          if k.arg in record.removed_params), set())
    for node in ast.walk(expression):
        for keyword in node.keywords if isinstance(node, ast.Call) else []:
            if keyword.arg in _new_keywords(call, expression) and \
                    ast.dump(keyword.value) not in values and keyword.arg not in heirs:
                return f"`{keyword.arg}={ast.unparse(keyword.value)}` is added without a reason"
    return ""


def _same_value(value: ast.expr, default: str | None) -> bool:
    if default is None:
        return False
    try:
        return ast.literal_eval(value) == ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError):
        return ast.unparse(value) == default


def _attribute_names(node: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def _bound_names(source: str) -> set[str]:
    names: set[str] = set(dir(builtins))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def _unknown_names(expression: ast.expr, imports: list[ast.stmt], source: str,
                   call: ast.Call) -> str:
    known = _bound_names(source) | {n.id for n in ast.walk(call) if isinstance(n, ast.Name)}
    for node in imports:
        known.update(a.asname or a.name.split(".")[0] for a in node.names)
    scoped = {a.arg for n in ast.walk(expression) if isinstance(n, ast.Lambda) for a in n.args.args}
    scoped |= {n.id for n in ast.walk(expression)
               if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(expression):
        if isinstance(node, ast.Name) and node.id not in known | scoped:
            return f"`{node.id}` is not defined in the file"
    return ""


def _missing_attributes(expression: ast.expr, call: ast.Call, tree: ast.Module, lines: range,
                        record: ChangeRecord, checker: Checker) -> str:
    introduced = _attribute_names(expression) - _attribute_names(call)
    if not introduced:
        return ""
    verified: set[str] = set()
    for site in checker.sites(tree):
        name = _terminal_name(site.target)
        if name not in introduced or getattr(site.node, "lineno", 0) not in lines:
            continue
        dist = checker.lookup.distribution_of(site.target)
        version = checker.usable_version(dist) if dist else None
        definition = checker.lookup.find(site.target, dist, version).definition \
            if version is not None else None
        if definition is None:
            return f"`{name}` does not exist at the target"
        if not _binds(site, definition, dist, version, checker):
            return f"`{name}` is called with arguments it does not take at the target"
        verified.add(name)
    flags = {k.arg for k in call.keywords if k.arg in record.removed_params}
    unverified = introduced - verified - record.mentioned_names() - flags
    if unverified:
        return f"`{', '.join(sorted(unverified))}`: not known to exist at the target"
    return ""


def _binds(site, definition, dist: str, version: str, checker: Checker) -> bool:
    """A call of a new API binds at the target (``record(…)`` without its required
    arguments is no rewrite); a signature the knowledge lacks leaves it to the checker."""
    if site.kind != "call" or site.shape is None:
        return True
    signature = checker.lookup.call_signature(definition, dist, version)
    binding = signature.bind(site.shape) if signature is not None else None
    return binding is None or binding.ok


def _terminal_name(target) -> str:
    name = getattr(target, "name", None)
    return name if name is not None else target.path.rsplit(".", 1)[-1]


def ignores_advice(expression: ast.expr, call: ast.Call, record: ChangeRecord) -> str:
    """Why ``expression`` does not do what the record advises ("" when it does, or when
    nothing is advised): ``df.mean()`` for a text that says ``(df - df.mean()).abs().mean()``."""
    legacy = _tokens(call) | {record.api.rsplit(".", 1)[-1]}
    used = _tokens(expression)
    allowed: set[str] = set()
    for subject, snippets in record.advice.items():
        options = [t - legacy for t in map(_snippet_tokens, snippets) if t - legacy]
        if not options:
            continue
        allowed.update(*options)
        if not any(option <= used for option in options):
            about = f" about `{subject}`" if subject else ""
            return f"it does not use what the library advises{about}: `{snippets[0]}`"
    new_calls = _called(expression) - _called(call)
    if allowed and new_calls - allowed:
        return f"it calls `{', '.join(sorted(new_calls - allowed))}`, which the advice does not name"
    return ""


def _snippet_tokens(snippet: str) -> set[str]:
    for text in (f"_{snippet}" if snippet.startswith(".") else snippet, f"_({snippet})"):
        try:
            return _tokens(ast.parse(text, mode="eval").body) - {"_"}
        except (SyntaxError, ValueError):
            continue
    return set()


def _tokens(node: ast.AST) -> set[str]:
    """The API words of code: attributes, called names and keywords (not plain names,
    which stand for the user's values)."""
    return _attribute_names(node) | _called(node) | {
        k.arg for n in ast.walk(node) if isinstance(n, ast.Call) for k in n.keywords if k.arg}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            func = n.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names - {""}
