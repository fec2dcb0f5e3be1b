"""Templated contexts: the same legacy call written in other realistic forms.

A call the checker reported is rewritten into new snippets, each still a call to the same
API written for the same release: as the value of an assignment, returned from a function,
passed as an argument, with its receiver inlined into a method chain, with its positional
arguments passed by keyword, or with keyword arguments passed positionally (what a
positional shift breaks). Nothing here decides the updated call: each snippet goes through
the checker and the fixers like any other, and only proven pairs are kept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from codesync.analysis.findings import Finding
from codesync.analysis.positions import LineIndex
from codesync.knowledge.model import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, Param

FORMS = ("return", "loop", "unaliased", "chain", "keywords", "positional")


def variants(finding: Finding, source: str) -> Iterator[tuple[str, str]]:
    """(form, snippet) for each form that applies to the finding's call."""
    evidence = finding.evidence
    node = evidence.site.node if evidence is not None else None
    if not isinstance(node, ast.Call):
        return
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    index = LineIndex(source)
    statement = _statement_of(tree, node)
    if statement is not None:
        yield from _context_forms(index, statement, node, index.text(node), tree)
    params = _baseline_params(finding)
    if params is None:
        return
    for form, rewritten in _argument_forms(index, node, finding, params):
        yield form, _replace(source, index, node, rewritten)


def _statement_of(tree: ast.Module, node: ast.Call) -> ast.stmt | None:
    """The statement whose value is the call (bare or assigned); ``tree`` is a parse of its
    own, so the call is matched by position."""
    for statement in ast.walk(tree):
        if isinstance(statement, (ast.Expr, ast.Assign)) and _span(statement.value) == _span(node):
            return statement
    return None


def _span(node: ast.AST) -> tuple:
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def _context_forms(index: LineIndex, statement: ast.stmt, node: ast.Call, call: str,
                   tree: ast.Module) -> Iterator[tuple[str, str]]:
    lines = index.source.splitlines(keepends=True)
    before = "".join(lines[: statement.lineno - 1])
    after = "".join(lines[statement.end_lineno:])
    pad = " " * statement.col_offset
    yield "return", f"{before}{pad}def run():\n{pad}    return {call}\n{after}"
    yield "loop", (f"{before}{pad}results = []\n{pad}for item in range(3):\n"
                   f"{pad}    results.append({call})\n{after}")
    unaliased = _unaliased(index, node, tree)
    if unaliased is not None:
        yield "unaliased", unaliased
    chained = _inline_receiver(index, node, tree, statement)
    if chained is not None:
        head = index.source[: index.offset(*index.span(node)[:2])]
        tail = index.source[index.offset(*index.span(node)[2:]):]
        yield "chain", head + chained + tail


def _unaliased(index: LineIndex, node: ast.Call, tree: ast.Module) -> str | None:
    """``import numpy as np; np.f(...)`` as ``import numpy; numpy.f(...)`` (every use)."""
    root = node.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return None
    imports = [(s, a) for s in tree.body if isinstance(s, ast.Import) and len(s.names) == 1
               for a in s.names if a.asname == root.id]
    if len(imports) != 1:
        return None
    statement, alias = imports[0]
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == root.id]
    edits = [(statement, f"import {alias.name}")] + [(n, alias.name) for n in uses]
    source = index.source
    for target, text in sorted(edits, key=lambda e: _span(e[0]), reverse=True):
        source = _replace(source, index, target, text)
    return source


def _inline_receiver(index: LineIndex, node: ast.Call, tree: ast.Module,
                     statement: ast.stmt) -> str | None:
    """``obj = make(...); obj.method(...)`` as ``make(...).method(...)``."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return None
    name = func.value.id
    assigned = sorted((s for s in ast.walk(tree) if isinstance(s, ast.Assign)
                       and s.lineno < statement.lineno
                       and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)),
                      key=lambda s: s.lineno)
    if not assigned or len(assigned[-1].targets) != 1 or \
            not isinstance(assigned[-1].value, (ast.Call, ast.Attribute)):
        return None
    value = index.text(assigned[-1].value)
    if "\n" in value:
        return None
    return value + index.text(node)[len(index.text(func.value)):]


def _baseline_params(finding: Finding) -> list[Param] | None:
    signature = finding.evidence.baseline_signature
    binding = finding.evidence.baseline_binding
    if signature is None or binding is None or not binding.ok or len(signature.overloads) != 1:
        return None
    return signature.params


def _argument_forms(index: LineIndex, node: ast.Call, finding: Finding,
                    params: list[Param]) -> Iterator[tuple[str, str]]:
    if any(isinstance(a, ast.Starred) for a in node.args) or \
            any(k.arg is None for k in node.keywords):
        return
    func = index.text(node.func)
    values = [index.text(a) for a in node.args]
    keywords = [(k.arg, index.text(k.value)) for k in node.keywords]
    if any("\n" in text for text in values + [v for _, v in keywords]):
        return
    slots = finding.evidence.baseline_binding.positional
    by_name = {p.name: p for p in params}
    moved = _as_keywords(values, slots, by_name)
    if moved is not None:
        yield "keywords", _call_text(func, moved[0], moved[1] + keywords)
    shifted = _as_positional(values, keywords, params)
    if shifted is not None:
        yield "positional", _call_text(func, *shifted)


def _as_keywords(values: list[str], slots: list[str],
                 by_name: dict[str, Param]) -> tuple[list[str], list[tuple[str, str]]] | None:
    """The trailing positional arguments that may be passed by keyword, passed so (the
    first argument, what the call is about, stays positional)."""
    cut = len(values)
    while cut > 1 and cut <= len(slots) and slots[cut - 1] in by_name and \
            by_name[slots[cut - 1]].kind == POSITIONAL_OR_KEYWORD:
        cut -= 1
    if cut == len(values):
        return None
    return values[:cut], [(slots[i], values[i]) for i in range(cut, len(values))]


def _as_positional(values: list[str], keywords: list[tuple[str, str]],
                   params: list[Param]) -> tuple[list[str], list[tuple[str, str]]] | None:
    """Keyword arguments that fill the next positional parameters in order, passed so."""
    order = [p.name for p in params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    given = dict(keywords)
    moved: list[str] = []
    for name in order[len(values):]:
        if name not in given:
            break
        moved.append(name)
    if not moved:
        return None
    rest = [(k, v) for k, v in keywords if k not in moved]
    return values + [given[name] for name in moved], rest


def _call_text(func: str, values: list[str], keywords: list[tuple[str, str]]) -> str:
    arguments = values + [f"{name}={value}" for name, value in keywords]
    return f"{func}({', '.join(arguments)})"


def _replace(source: str, index: LineIndex, node: ast.AST, text: str) -> str:
    start = index.offset(*index.span(node)[:2])
    end = index.offset(*index.span(node)[2:])
    return source[:start] + text + source[end:]
