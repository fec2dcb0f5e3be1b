"""Attach fixes to findings and apply them to source text."""

from __future__ import annotations

import ast

from ..analysis.checker import Checker
from ..analysis.findings import Edit, Finding, Fix
from ..analysis.parsed_module import module_tree
from ..analysis.positions import LineIndex
from .exact import SUGGESTED, exact_fixes
from .imports import import_fixes
from .recipes import recipe_fixes
from .templates import template_fixes

MAX_PASSES = 4


def module_aliases(source: str) -> dict[str, str]:
    """Module path -> the name a file imports it under (``pandas`` -> ``pd``)."""
    try:
        tree = module_tree(source)  # the check's own parse of the same text
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    aliases: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases.setdefault(alias.name, alias.asname)
                elif "." not in alias.name:
                    aliases.setdefault(alias.name, alias.name)
    return aliases


def attach_fixes(findings: list[Finding], source: str) -> list[Finding]:
    if not findings:  # most files of a project: spare the parse and the line index
        return findings
    index = LineIndex(source)
    aliases = module_aliases(source)
    for finding in findings:
        if not finding.fixes:
            finding.fixes = fixes_for(finding, index, aliases)
    _one_edit_per_import_list(findings, source)
    return findings


def _one_edit_per_import_list(findings: list[Finding], source: str) -> None:
    """The fixes of names in one ``from M import (a, b, c)`` become one fix, offered on each
    of them: fixing one name never leaves the others of the list behind."""
    fixed = [f for f in findings if f.evidence is not None and f.evidence.site.kind == "import"
             and isinstance(f.evidence.site.node, ast.alias) and f.fixes
             and f.fixes[0].source == "exact"]
    if len(fixed) < 2:
        return
    statements = _import_statements(source)
    groups: dict[tuple[int, int], list[Finding]] = {}
    for finding in fixed:
        alias = finding.evidence.site.node
        key = statements.get((alias.lineno, alias.col_offset))
        if key is not None:
            groups.setdefault(key, []).append(finding)
    for group in groups.values():
        if len(group) < 2:
            continue
        fixes = [f.fixes[0] for f in group]
        if len(_non_overlapping(fixes)) != len(fixes):
            continue
        names = ", ".join(f"`{f.evidence.site.node.name}`" for f in group)
        merged = Fix(f"Update {names} in the import list", "exact",
                     tuple(e for fix in fixes for e in fix.edits))
        for finding in group:
            finding.fixes = [merged, *finding.fixes[1:]]


def _import_statements(source: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(line, column) of each from-import alias -> (line, column) of its statement."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    return {(alias.lineno, alias.col_offset): (node.lineno, node.col_offset)
            for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            for alias in node.names}


def fixes_for(finding: Finding, index: LineIndex, aliases: dict[str, str]) -> list[Fix]:
    if finding.evidence is not None and finding.evidence.site.partial:
        return []  # functools.partial(f, ...): the call's text is not f's call
    try:
        return (exact_fixes(finding, index) or import_fixes(finding, index)
                or template_fixes(finding, index, aliases) or recipe_fixes(finding, index, aliases))
    except (LookupError, ValueError, AttributeError, RecursionError, MemoryError):
        return []  # a fix that cannot be computed (or code too deep to rewrite) is not offered


def apply_edits(source: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (later ones first so offsets stay valid)."""
    index = LineIndex(source)
    spans = sorted(((index.offset(e.line, e.column), index.offset(e.end_line, e.end_column), e.new_text)
                    for e in edits), reverse=True)
    text = source
    last_start = len(source) + 1
    for start, end, new_text in spans:
        if end > last_start:
            continue  # overlaps an edit already applied
        text = text[:start] + new_text + text[end:]
        last_start = start
    return text


def fix_source(checker: Checker, source: str, path: str = "<string>") -> tuple[str, list[Fix]]:
    """Apply every exact and recipe fix until the source is stable; never break the syntax."""
    applied: list[Fix] = []
    current = source
    for _ in range(MAX_PASSES):
        result = checker.check_source(current, path)
        if result.syntax_error:
            break
        findings = attach_fixes(result.findings, current)
        chosen = _non_overlapping([fix for fix in (applicable(f) for f in findings) if fix])
        if not chosen:
            break
        candidate = apply_edits(current, [e for fix in chosen for e in fix.edits])
        try:
            ast.parse(candidate)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            break
        if candidate == current:
            break
        applied.extend(chosen)
        current = candidate
    return current, applied


def applicable(finding: Finding) -> Fix | None:
    """The fix ``codesync fix`` applies: the first that is not only a suggestion."""
    return next((fix for fix in finding.fixes if fix.source != SUGGESTED), None)


def _non_overlapping(fixes: list[Fix]) -> list[Fix]:
    chosen: list[Fix] = []
    taken: list[tuple] = []
    for fix in fixes:
        spans = [((e.line, e.column), (e.end_line, e.end_column)) for e in fix.edits]
        if any(not (b[1] <= a[0] or a[1] <= b[0]) and not (a[0] == a[1] == b[0] == b[1])
               for a in spans for b in taken):
            continue
        chosen.append(fix)
        taken.extend(spans)
    return chosen
