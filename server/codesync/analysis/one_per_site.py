"""One finding per site, and one per imported name.

Two findings on the same range (``swapaxes`` deprecated, and a default it relies on changed)
become one: the most severe, with the other's message added after "also:".

``from numpy import product as p`` is reported at the import.

A removed or deprecated API bound by ``from M import name [as alias]`` is reported once, at
the import, with the number of uses; the uses' own findings of the same change are dropped
(the import is where the code stops working, and its fix renames the name at the import and,
where there is no alias, at every use). Findings of other kinds at a use (a call that no
longer binds) stay with the use. An API reached as ``M.name`` is reported at each use.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from .findings import DEFAULT_SEVERITY, DEPRECATED, REMOVED, SEVERITIES, Finding
from .symbols import Ref

API_KINDS = (REMOVED, DEPRECATED)


def report_imports_once(findings: list[Finding]) -> list[Finding]:
    imports = {(f.kind, f.evidence.site.target.path): f for f in findings
               if _is_api_finding(f) and f.evidence.site.kind == "import"}
    if not imports:
        return findings
    kept: list[Finding] = []
    uses: dict[int, list] = {}
    for finding in findings:
        key = (finding.kind, getattr(finding.evidence.site.target, "path", None)) \
            if finding.evidence else None
        owner = imports.get(key) if _is_api_finding(finding) and _bare_use(finding) else None
        if owner is None:
            kept.append(finding)
        else:
            uses.setdefault(id(owner), []).append(finding.evidence.site)
    for finding in kept:
        found = uses.get(id(finding))
        if found:
            count = len(found)
            finding.message += f" ({count} use{'s' if count > 1 else ''} in this file)"
            finding.evidence = replace(finding.evidence, uses=tuple(found))
    return kept


def _is_api_finding(finding: Finding) -> bool:
    evidence = finding.evidence
    return (finding.kind in API_KINDS and evidence is not None
            and isinstance(evidence.site.target, Ref) and evidence.keyword is None
            and evidence.positional_limit is None)


def _bare_use(finding: Finding) -> bool:
    """A use through the name the import bound: ``p(a)`` or ``f = p``."""
    site = finding.evidence.site
    node = site.node.func if isinstance(site.node, ast.Call) else site.node
    return site.kind in ("call", "reference") and isinstance(node, ast.Name)


def merge_same_range(findings: list[Finding]) -> list[Finding]:
    """One finding per range: the most severe kind first, the others' messages after it."""
    by_range: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.path, finding.line, finding.column, finding.end_line, finding.end_column)
        by_range.setdefault(key, []).append(finding)
    merged = []
    for group in by_range.values():
        group.sort(key=lambda f: (SEVERITIES.index(DEFAULT_SEVERITY.get(f.kind, "info")),
                                  f.code))
        first = group[0]
        others = [f.message for f in group[1:] if f.message != first.message]
        if others:
            first.message += "; also: " + "; ".join(others)
        merged.append(first)
    return merged
