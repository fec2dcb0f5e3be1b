"""Text (ruff-like), GitHub Actions annotation and SARIF 2.1.0 renderings of findings."""

from __future__ import annotations

from typing import Any

from . import __version__
from .analysis.findings import CODES, DEFAULT_SEVERITY, Finding
from .analysis.releases import describe_releases
from .fixes.apply import applicable

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def display_path(path: object) -> str:
    """A file name as text output prints it: control characters (a newline in a name could
    forge a finding line) and unpaired surrogates are escaped, everything else kept."""
    text = str(path)
    if all(ch.isprintable() or ch == " " for ch in text):
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    simple = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in simple:
        return simple[ch]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render_text(reports, file_count: int, skipped: list[tuple[str, str]] | None = None) -> str:
    """ruff-like lines; files that do not parse count as problems (E999), skipped files are
    named in the summary."""
    lines: list[str] = []
    total = 0
    for report in reports:
        if report.syntax_error:
            total += 1
            lines.append(f"{display_path(report.path)}: E999 cannot parse: {report.syntax_error}")
        for f in report.findings:
            total += 1
            fixable = " [*]" if applicable(f) else ""
            lines.append(f"{display_path(f.path)}:{f.line}:{f.column + 1}: {f.code}{fixable} "
                         f"{f.message}")
    lines.extend(f"{display_path(path)}: skipped: {why}" for path, why in skipped or [])
    fixable = sum(1 for r in reports for f in r.findings if applicable(f))
    files = f"{file_count} file{'s' if file_count != 1 else ''}"
    if total:
        summary = f"Found {total} problem{'s' if total != 1 else ''} in {files}"
        if fixable:
            summary += f" ({fixable} fixable with `codesync fix`)"
    else:
        summary = f"All checks passed ({files}"
    if skipped:
        summary += f"{'; ' if total else ', '}{len(skipped)} skipped"
    lines.append(summary + (")." if not total else "."))
    return "\n".join(lines)


def render_github(reports, skipped: list[tuple[str, str]] | None = None) -> str:
    """GitHub Actions workflow commands: one ``::error file=...,line=...,col=...::msg`` line
    per finding (warnings and notices alike), which the run shows on the pull request's diff."""
    lines: list[str] = []
    for report in reports:
        if report.syntax_error:
            lines.append(_annotation("error", {"file": report.path, "title": "codesync E999"},
                                     f"cannot parse: {report.syntax_error}"))
        for f in report.findings:
            place = {"file": f.path, "line": f.line, "col": f.column + 1, "endLine": f.end_line,
                     "endColumn": f.end_column + 1, "title": f"codesync {f.code}"}
            lines.append(_annotation(GITHUB_LEVEL.get(f.severity, "notice"), place, f.message))
    lines.extend(_annotation("warning", {"file": path, "title": "codesync skipped"}, why)
                 for path, why in skipped or [])
    return "\n".join(lines)


def _annotation(level: str, place: dict[str, Any], message: str) -> str:
    fields = ",".join(f"{key}={_escape(str(value), True)}" for key, value in place.items())
    return f"::{level} {fields}::{_escape(message, False)}"


def _escape(text: str, in_property: bool) -> str:
    """The workflow-command escapes: ``%``, CR and LF everywhere; ``:`` and ``,`` in fields."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def render_sarif(findings: list[Finding]) -> dict[str, Any]:
    rules = [{"id": code, "name": kind, "defaultConfiguration": {
        "level": SARIF_LEVEL.get(DEFAULT_SEVERITY[kind], "note")},
        "shortDescription": {"text": kind.replace("-", " ")}} for kind, code in CODES.items()]
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": SARIF_LEVEL.get(f.severity, "note"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path.replace("\\", "/")},
                "region": {"startLine": f.line, "startColumn": f.column + 1,
                           "endLine": f.end_line, "endColumn": f.end_column + 1}}}],
            "properties": {"api": f.api, "distribution": f.distribution,
                           "targetVersion": f.target_version, "changedIn": f.changed_in},
        }
        if f.fixes:
            result["fixes"] = [{
                "description": {"text": fix.title},
                "artifactChanges": [{
                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                    "replacements": [{
                        "deletedRegion": {"startLine": e.line, "startColumn": e.column + 1,
                                          "endLine": e.end_line, "endColumn": e.end_column + 1},
                        "insertedContent": {"text": e.new_text}} for e in fix.edits]}]}
                for fix in f.fixes]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "codesync", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }


def render_versions(rows: list[dict]) -> str:
    """The releases each distribution was judged against, and where each came from."""
    if not rows:
        return "No library calls were resolved, so no releases were used."
    return "\n".join(["Releases used:", *(f"  {describe_releases(row)}" for row in rows)])
