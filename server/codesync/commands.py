"""``codesync check`` and ``codesync fix``: files in, findings or rewrites out."""

from __future__ import annotations

import difflib
import json
import sys
from functools import partial
from pathlib import Path

from .analysis.checker import MAX_SOURCE_CHARS
from .analysis.findings import Finding
from .config import ConfigError, parse_pins
from .environment_report import not_installed_lines
from .errors import UsageError
from .output import display_path, render_github, render_sarif, render_text, render_versions
from .parallel_check import check_files
from .progress import BuildProgress
from .project import Project
from .safe_files import UnreadableFile
from .source_text import (
    SourceText,
    UndecodableSource,
    UnencodableEdit,
    encode_source,
    read_source,
    writable_path,
    write_source,
)
from .sources import python_files

MAX_FILE_BYTES = MAX_SOURCE_CHARS  # bytes: a file this large holds at least as many characters
def _project(args) -> Project:
    overrides: dict = {}
    try:
        if args.target:
            overrides["target"] = parse_pins(args.target, "target")
        if args.baseline:
            overrides["baseline"] = parse_pins(args.baseline, "baseline")
        if args.python:  # named by the user on the command line: it may be asked for its path
            if not Path(args.python).exists():
                raise ConfigError(f"--python {args.python}: no such interpreter")
            overrides["python"] = args.python
            overrides["allow_interpreter"] = True
        if args.fetch is not None:
            overrides["fetch"] = args.fetch
        if args.ignore:
            overrides["ignore"] = [c.strip() for item in args.ignore for c in item.split(",")
                                   if c.strip()]
        if args.severity:
            overrides["severity"] = _severities(args.severity)
        first = args.paths[0] if args.paths else Path(".")
        project = Project.for_path(first, overrides)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    project.on_progress = lambda text: print(f"codesync: {text}", file=sys.stderr, flush=True)
    project.build_progress = BuildProgress(sys.stderr)
    return project


def _severities(items: list[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for item in items:
        code, sep, level = item.partition("=")
        if not sep or not code.strip() or not level.strip():
            raise ConfigError(f"--severity expects CODE=LEVEL, got {item!r}")
        table[code.strip()] = level.strip()
    return table


def _read(path: Path, skipped: list[tuple[str, str]] | None = None) -> str | None:
    """The file's text, or None with the reason added to ``skipped`` (else printed)."""
    source = _read_source(path, skipped)
    return source.text if source is not None else None


def _read_source(path: Path, skipped: list[tuple[str, str]] | None = None) -> SourceText | None:
    """The file decoded as CPython would (coding cookie, BOM), or None with the reason added
    to ``skipped`` (else printed): a FIFO, device, loop, a file too large or undecodable."""
    try:
        return read_source(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        why = str(exc)
    except UndecodableSource as exc:
        why = f"cannot decode: {exc}"
    _skip(path, why, skipped)
    return None


def _skip(path: Path, why: str, skipped: list[tuple[str, str]] | None) -> None:
    if skipped is None:
        print(f"{display_path(path)}: skipped: {why}", file=sys.stderr)
    else:
        skipped.append((str(path), why))


def _project_and_files(args) -> tuple[Project, list[Path]]:
    project = _project(args)
    try:
        return project, python_files(args.paths)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from exc


def run_check(args) -> int:
    project, files = _project_and_files(args)
    skipped: list[tuple[str, str]] = []
    reports = check_files(project, files, _read, skipped, getattr(args, "jobs", None),
                          partial(_project, args))
    findings = [f for r in reports for f in r.findings]
    if args.format == "json":
        print(json.dumps({"findings": [f.to_json() for f in findings],
                          "errors": [{"path": r.path, "message": r.syntax_error}
                                     for r in reports if r.syntax_error],
                          "skipped": [{"path": p, "reason": why} for p, why in skipped],
                          "versions": project.release_report()}, indent=1))
    elif args.format == "sarif":
        print(json.dumps(render_sarif(findings), indent=1))
    elif args.format == "github":
        print(render_github(reports, skipped))
    else:
        print(render_text(reports, len(files), skipped))
        if args.versions:
            print(render_versions(project.release_report()))
            print("\n".join(not_installed_lines(project, findings)))
    _print_notices(project)
    if args.format != "text":
        for path, why in skipped:
            print(f"codesync: {display_path(path)}: skipped: {why}", file=sys.stderr)
    unparsed = any(r.syntax_error for r in reports)
    return 1 if unparsed or any(f.severity == "error" for f in findings) else 0


def _print_notices(project: Project) -> None:
    for notice in project.drain_notices():
        print(f"codesync: {notice}", file=sys.stderr)


def run_fix(args) -> int:
    project, files = _project_and_files(args)
    changed = 0
    remaining: list[Finding] = []
    for path in files:
        source = _read_source(path)
        if source is None:
            continue
        fixed = project.fix_source(source.text, str(path))
        if fixed != source.text and _write_fix(path, source, fixed, project.root, args.diff):
            changed += 1
        else:
            fixed = source.text
        remaining.extend(f for f in project.check_source(fixed, str(path), with_fixes=False).findings
                         if f.severity == "error")
    verb = "would fix" if args.diff else "fixed"
    sys.stdout.flush()  # the diff first, then the summary, also when both go to one terminal
    print(f"{verb} {changed} file{'s' if changed != 1 else ''}; "
          f"{len(remaining)} error{'s' if len(remaining) != 1 else ''} left that need a person",
          file=sys.stderr)
    return 1 if remaining else 0


def _write_fix(path: Path, source: SourceText, fixed: str, root: Path, diff: bool) -> bool:
    """Write (or with ``diff`` show) the fixed text in the file's own encoding and newlines;
    False, with a message, when it cannot be written without losing a byte or leaving the
    project (a symlink to a file outside it)."""
    try:
        data = encode_source(source, fixed)
    except UnencodableEdit as exc:
        _skip(path, f"not fixed: {exc}", None)
        return False
    if diff:
        fixed = data.decode(source.encoding)
        sys.stdout.writelines(difflib.unified_diff(
            source.text.splitlines(keepends=True), fixed.splitlines(keepends=True),
            f"a/{path}", f"b/{path}"))
        return True
    target = writable_path(path, root)
    if target is None:
        _skip(path, f"not fixed: it leads outside the project ({root})", None)
        return False
    try:
        write_source(target, data)
    except OSError as exc:
        _skip(path, f"not fixed: cannot write: {exc.strerror or exc}", None)
        return False
    return True
