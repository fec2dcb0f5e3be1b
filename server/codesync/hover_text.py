"""Hover text for a library call: its signature at the target release and what changed."""

from __future__ import annotations

import ast

from .analysis.api_history import HistoryBuilder
from .analysis.checker import Checker
from .analysis.positions import LineIndex
from .analysis.rules import SiteContext, site_findings
from .analysis.symbols import Site

MAX_CHANGES = 8
MAX_CONDITIONAL = 3
SIGNATURE_WIDTH = 72  # wider signatures get one parameter a line


def site_at(checker: Checker, source: str, line: int, character: int) -> tuple[Site, LineIndex] | None:
    """The innermost library site covering a 1-based line and 0-based character column: a
    call covers its arguments too, so hover works anywhere inside a finding's range."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    index = LineIndex(source)
    best: tuple[int, Site] | None = None
    for site in checker.sites(tree, source=source):
        node = site.node
        start_line, start_col, end_line, end_col = index.span(node)
        inside = (start_line, start_col) <= (line, character) <= (end_line, end_col)
        if inside:
            size = index.offset(end_line, end_col) - index.offset(start_line, start_col)
            if best is None or size < best[0]:
                best = (size, site)
    return (best[1], index) if best else None


def hover_markdown(checker: Checker, source: str, path: str, line: int, character: int) -> str | None:
    found = site_at(checker, source, line, character)
    if found is None:
        return None
    site, index = found
    dist = checker.lookup.distribution_of(site.target)
    target = checker.releases.target(dist) if dist else None
    if dist is None or target is None:
        return None
    version = target.checked[0]
    baseline = checker.releases.baseline(dist)
    check = SiteContext(checker, site, dist, path, index, version,
                        baseline.checked[0] if baseline else None, target, baseline)
    definition = checker.lookup.find(site.target, dist, version).definition
    lines = [f"**{check.api}** — {dist} {target.label()}" + _source(target)
             + (f"; code written for {baseline.label()}{_source(baseline)}" if baseline else "")]
    if definition is None:
        lines.append("\nNot present in this release.")
    else:
        signature = checker.lookup.call_signature(definition, dist, version)
        if signature is not None:
            from .knowledge.model import Definition

            rendered = Definition(path=check.api, kind="function", params=signature.params
                                  ).render_signature(check.api.rsplit(".", 1)[-1], SIGNATURE_WIDTH)
            lines.append(f"\n```python\n{rendered}\n```")
        if definition.deprecated:
            lines.append(f"\n⚠ Deprecated: {definition.deprecated.message}")
        lines.extend(_conditional(checker, definition, dist, version))
    for finding in site_findings(check):
        lines.append(f"\n- `{finding.code}` {finding.message}")
    lines.extend(_recent_changes(checker, check, site))
    return "\n".join(lines)


def _conditional(checker: Checker, definition, dist: str, version: str) -> list[str]:
    """Warnings the release gives under a test of the data a call hands it: said, since no
    reading of the call tells whether this one warns."""
    records = list(definition.conditional_deprecations)
    if definition.kind == "class":
        init = checker.lookup.constructor(definition, dist, version)
        records += init.conditional_deprecations if init else []
    return [f"\nMay warn, depending on the data given: {d.message[:200]}"
            for d in records[:MAX_CONDITIONAL]]


def _recent_changes(checker: Checker, check: SiteContext, site: Site) -> list[str]:
    """The changes between the release the code was written for (or the oldest stored one)
    and the target, newest last; without a baseline, the last few up to the target."""
    try:
        history = HistoryBuilder(checker.knowledge).build(check.api)
    except LookupError:
        return []
    releases = checker.knowledge.versions(check.dist)
    target = releases.index(check.target) if check.target in releases else len(releases) - 1
    start = releases.index(check.baseline) if check.baseline in releases else None
    changes = [c for c in history["changes"] if c["after"] in releases
               and (start is None or start < releases.index(c["after"]))
               and releases.index(c["after"]) <= target]
    if not changes:
        return []
    title = (f"**History from {check.baseline} to {check.target}**" if start is not None
             else f"**History up to {check.target}**")
    out = ["\n" + title]
    if len(changes) > MAX_CHANGES:
        out.append(f"- … {len(changes) - MAX_CHANGES} earlier")
    for change in changes[-MAX_CHANGES:]:
        when = change["in"] if change["in"].startswith("between") else f"in {change['in']}"
        out.append(f"- {when}: {change['detail']}")
    return out


def _source(choice) -> str:
    return f" ({choice.source})" if choice.source else ""
