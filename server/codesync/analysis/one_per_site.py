"""One finding per imported name: ``from numpy import product as p`` is reported at the import.

A removed or deprecated API bound by ``from M import name [as alias]`` is reported once, at
the import, with the number of uses; the uses' own findings of the same change are dropped
(the import is where the code stops working, and its fix renames the name at the import and,
where there is no alias, at every use). Findings of other kinds at a use (a call that no
longer binds) stay with the use. An API reached as ``M.name`` is reported at each use.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from .findings import DEPRECATED, REMOVED, Finding
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
