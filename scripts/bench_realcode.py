"""The real-code corpus: projects' own compatibility commits, checked as a new user would.

    python scripts/bench_realcode.py [--short] [--case ID ...] [--json FILE] [--corpus FILE]
                                     [--with-baseline]

Each case in ``benchmarks/realcode/corpus.toml`` is one commit of a published project that
adapted it to a new release of a tracked library. The corpus names the commit, the project's
release holding the files before it and the first release holding it, and per file the lines
of the *released* before-file that the commit removed or rewrote (``changed``) and, of those,
the lines that use the library API the change is about (``api``). No code is stored: both
releases are downloaded from the package index with pip (the pure-Python wheel, else the
sdist) into the user cache (``<cache>/realcode``), and a digest of the changed lines checks that
the release file is the one the line numbers were taken from.

Per file, the before-file and the after-file are checked against the target release the
commit moved to (as ``--target``; with ``--with-baseline`` the release it moved from is the
baseline), in an empty environment so that only the case's library is judged. Reported:

* recall: ``api`` lines flagged. A finding flags a line when the line lies within the
  finding's range or in the same statement as the finding's first line;
* false alarms: findings on the before-file that flag no changed line, and every finding on
  the after-file (which should be clean);
* fixes: of the ``api`` lines, those that ``codesync fix`` rewrites the way the commit did
  (the rewritten line appears in the after-file, whitespace aside), and those it rewrites
  otherwise into code the checker then accepts.

``--short`` runs the cases marked ``short`` (at most five small wheels; CI runs it).
Needs the package index on the first run; later runs read the cache.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync.config import parse_settings  # noqa: E402
from codesync.locations import cache_dir  # noqa: E402
from codesync.project import Project  # noqa: E402

CORPUS = ROOT / "benchmarks" / "realcode" / "corpus.toml"
SHORT_LIMIT = 5


class CaseError(Exception):
    """A case whose release files cannot be had or do not match the corpus."""


@dataclass(frozen=True)
class CaseFile:
    path: str
    changed: tuple[int, ...]
    api: tuple[int, ...]
    digest: str


@dataclass(frozen=True)
class Case:
    id: str
    repository: str
    commit: str
    project: str
    before: str
    after: str
    library: str
    target: str
    moved_from: str | None
    short: bool
    files: tuple[CaseFile, ...]


@dataclass
class FileResult:
    path: str
    api_lines: int = 0
    flagged: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    after_findings: list[dict] = field(default_factory=list)
    fixed_same: list[int] = field(default_factory=list)
    fixed_accepted: list[int] = field(default_factory=list)


@dataclass
class CaseResult:
    id: str
    library: str
    target: str
    files: list[FileResult] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


# the corpus ---------------------------------------------------------------------------------

def load_cases(path: Path = CORPUS) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [_case(entry) for entry in data["case"]]


def _case(entry: dict) -> Case:
    files = tuple(CaseFile(f["path"], tuple(f["changed"]), tuple(f["api"]), f["digest"])
                  for f in entry["file"])
    for f in files:
        if not set(f.api) <= set(f.changed):
            raise ValueError(f"{entry['id']}: {f.path}: api lines must be changed lines")
    return Case(entry["id"], entry["repository"], entry["commit"], entry["project"],
                entry["before"], entry["after"], entry["library"], entry["target"],
                entry.get("moved_from"), bool(entry.get("short", False)), files)


def lines_digest(lines: list[str], numbers: tuple[int, ...]) -> str:
    """What the corpus stores instead of code: a digest of the numbered lines, stripped."""
    text = "\n".join(lines[n - 1].strip() if 0 < n <= len(lines) else "" for n in numbers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# releases -------------------------------------------------------------------------------------

def realcode_cache() -> Path:
    folder = cache_dir() / "realcode"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def release_tree(project: str, version: str) -> Path:
    """The release's Python files, extracted once into the cache."""
    folder = realcode_cache() / f"{_safe(project)}-{_safe(version)}"
    tree = folder / "tree"
    if (folder / "complete").exists():
        return tree
    archive = _download(project, version, folder / "archive")
    _extract(archive, tree)
    (folder / "complete").write_text(archive.name, encoding="utf-8")
    return tree


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def _download(project: str, version: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.iterdir():
        old.unlink()
    spec = f"{project}=={version}"
    base = [sys.executable, "-m", "pip", "download", "--no-deps", "--ignore-requires-python",
            "--disable-pip-version-check", "--quiet", "--dest", str(dest)]
    errors = []
    for kind in (["--only-binary", ":all:"], ["--no-binary", ":all:"]):
        done = subprocess.run([*base, *kind, spec], capture_output=True, text=True, timeout=600)
        found = [p for p in dest.iterdir() if p.suffix in (".whl", ".zip", ".gz", ".bz2")]
        if done.returncode == 0 and found:
            return found[0]
        errors.append(done.stderr.strip().splitlines()[-1:] or ["no file"])
    raise CaseError(f"cannot download {spec}: {errors}")


def _extract(archive: Path, tree: Path) -> None:
    """The archive's .py files under ``tree`` (members with absolute or parent paths skipped)."""
    tree.mkdir(parents=True, exist_ok=True)
    for name, read in _members(archive):
        parts = Path(name).parts
        if not name.endswith(".py") or name.startswith("/") or ".." in parts:
            continue
        target = tree.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read())


def _members(archive: Path):
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                if not info.is_dir():
                    yield info.filename, lambda info=info: zf.read(info)
        return
    with tarfile.open(archive) as tf:
        for member in tf.getmembers():
            if member.isfile():
                yield member.name, lambda member=member: tf.extractfile(member).read()


def release_file(tree: Path, path: str) -> Path:
    """``path`` in the release: at the top (wheel), or below the sdist's folder or its src/."""
    candidates = [tree / path, *tree.glob(f"*/{path}"), *tree.glob(f"*/src/{path}")]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CaseError(f"{path} is not in {tree.parent.name}")


# checking --------------------------------------------------------------------------------------

def case_project(case: Case, root: Path, work: Path, with_baseline: bool) -> Project:
    """A project rooted in the release tree, judging only the case's library: an empty
    environment, the target (and, if asked, the baseline) from the corpus, no git history."""
    venv = work / "venv"
    (venv / "lib" / "python3" / "site-packages").mkdir(parents=True, exist_ok=True)
    (venv / "bin").mkdir(exist_ok=True)
    (venv / "pyvenv.cfg").write_text("home = /nonexistent\n", encoding="utf-8")
    table = {"python": str(venv / "bin" / "python"), "target": {case.library: case.target},
             "fetch": True, "git_baselines": False}
    if with_baseline and case.moved_from:
        table["baseline"] = {case.library: case.moved_from}
    return Project(root, parse_settings(table))


def statement_spans(source: str) -> dict[int, tuple[int, int]]:
    """Each line's statement: a simple statement's lines, or a compound statement's header."""
    spans: dict[int, tuple[int, int]] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return spans
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        end = node.end_lineno or node.lineno
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            end = max(node.lineno, body[0].lineno - 1)
        for line in range(node.lineno, end + 1):
            old = spans.get(line)
            if old is None or old[1] - old[0] > end - node.lineno:
                spans[line] = (node.lineno, end)
    return spans


def flagged_lines(finding, spans: dict[int, tuple[int, int]]) -> set[int]:
    lines = set(range(finding.line, finding.end_line + 1))
    start, end = spans.get(finding.line, (finding.line, finding.line))
    return lines | set(range(start, end + 1))


def library_findings(project: Project, source: str, path: str, library: str) -> list:
    report = project.check_source(source, path)
    if report.syntax_error:
        raise CaseError(f"{path}: {report.syntax_error}")
    wanted = _canonical(library)
    return [f for f in report.findings if _canonical(f.distribution) == wanted]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _summary(finding) -> dict:
    return {"line": finding.line, "code": finding.code, "api": finding.api,
            "message": finding.message}


def fix_results(project: Project, case: Case, spec: CaseFile, before: str, after: str,
                path: str) -> tuple[list[int], list[int]]:
    """The ``api`` lines the fix rewrites as the commit did, and those it rewrites otherwise
    into code the checker accepts."""
    fixed = project.fix_source(before, path)
    if fixed == before:
        return [], []
    after_lines = {_norm(line) for line in after.splitlines()}
    remaining = library_findings(project, fixed, path, case.library)
    spans = statement_spans(fixed)
    still_flagged = set().union(*(flagged_lines(f, spans) for f in remaining)) if remaining else set()
    same, accepted = [], []
    for line, new_lines in _rewrites(before, fixed).items():
        if line not in spec.api:
            continue
        if new_lines and all(_norm(fixed.splitlines()[n - 1]) in after_lines for n in new_lines):
            same.append(line)
        elif not still_flagged & set(new_lines):
            accepted.append(line)
    return sorted(same), sorted(accepted)


def _rewrites(before: str, fixed: str) -> dict[int, list[int]]:
    """Lines of ``before`` the fix replaced, each with the fixed lines that replaced its block."""
    old, new = before.splitlines(), fixed.splitlines()
    out: dict[int, list[int]] = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            for i in range(i1, i2):
                out[i + 1] = list(range(j1 + 1, j2 + 1))
    return out


def _norm(line: str) -> str:
    return re.sub(r"\s+", "", line)


def run_file(case: Case, spec: CaseFile, work: Path, with_baseline: bool) -> FileResult:
    before_tree = release_tree(case.project, case.before)
    after_tree = release_tree(case.project, case.after)
    before_path, after_path = release_file(before_tree, spec.path), release_file(after_tree, spec.path)
    before = before_path.read_text(encoding="utf-8", errors="replace")
    after = after_path.read_text(encoding="utf-8", errors="replace")
    if lines_digest(before.splitlines(), spec.changed) != spec.digest:
        raise CaseError(f"{spec.path} in {case.project} {case.before} does not hold the "
                        f"corpus's changed lines (digest mismatch)")
    result = FileResult(spec.path, api_lines=len(spec.api))
    project = case_project(case, before_tree, work / "before", with_baseline)
    spans = statement_spans(before)
    findings = library_findings(project, before, str(before_path), case.library)
    hit: set[int] = set()
    for finding in findings:
        lines = flagged_lines(finding, spans)
        hit |= lines
        if not lines & set(spec.changed):
            result.false_alarms.append(_summary(finding))
    result.flagged = [n for n in spec.api if n in hit]
    result.missed = [n for n in spec.api if n not in hit]
    after_project = case_project(case, after_tree, work / "after", with_baseline)
    result.after_findings = [_summary(f) for f in library_findings(
        after_project, after, str(after_path), case.library)]
    result.fixed_same, result.fixed_accepted = fix_results(
        project, case, spec, before, after, str(before_path))
    return result


def run_case(case: Case, with_baseline: bool = False) -> CaseResult:
    result = CaseResult(case.id, case.library, case.target)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="realcode-") as tmp:
            for spec in case.files:
                result.files.append(run_file(case, spec, Path(tmp), with_baseline))
    except (CaseError, OSError, subprocess.SubprocessError) as exc:
        result.error = str(exc)
    result.seconds = round(time.monotonic() - started, 1)
    return result


# reporting --------------------------------------------------------------------------------------

def totals(results: list[CaseResult]) -> dict:
    files = [f for r in results if not r.error for f in r.files]
    api = sum(f.api_lines for f in files)
    flagged = sum(len(f.flagged) for f in files)
    same = sum(len(f.fixed_same) for f in files)
    accepted = sum(len(f.fixed_accepted) for f in files)
    return {"cases": len(results), "errors": sum(1 for r in results if r.error),
            "files": len(files), "api_lines": api, "flagged": flagged,
            "recall": round(flagged / api, 3) if api else None,
            "false_alarms_before": sum(len(f.false_alarms) for f in files),
            "findings_after": sum(len(f.after_findings) for f in files),
            "fixed_same": same, "fixed_accepted": accepted}


def render(results: list[CaseResult]) -> str:
    rows = ["| case | target | api lines | flagged | false alarms (before) | findings (after) "
            "| fixed as the commit | fixed otherwise |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        if r.error:
            rows.append(f"| {r.id} | {r.library} {r.target} | error: {r.error[:100]} | | | | | |")
            continue
        counts = [str(_count(r, attr)) for attr in ("flagged", "false_alarms", "after_findings",
                                                     "fixed_same", "fixed_accepted")]
        rows.append(f"| {r.id} | {r.library} {r.target} | {sum(f.api_lines for f in r.files)} "
                    f"| {' | '.join(counts)} |")
    t = totals(results)
    rows.append(f"| **total** ({t['cases']} cases, {t['files']} files) | | {t['api_lines']} "
                f"| {t['flagged']} ({_percent(t['recall'])}) | {t['false_alarms_before']} "
                f"| {t['findings_after']} | {t['fixed_same']} | {t['fixed_accepted']} |")
    return "\n".join(rows)


def _count(result: CaseResult, attr: str) -> int:
    return sum(len(getattr(f, attr)) for f in result.files)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def select(cases: list[Case], short: bool, ids: list[str]) -> list[Case]:
    if ids:
        chosen = [c for c in cases if c.id in ids]
        unknown = set(ids) - {c.id for c in chosen}
        if unknown:
            raise SystemExit(f"unknown case(s): {', '.join(sorted(unknown))}")
        return chosen
    if short:
        return [c for c in cases if c.short][:SHORT_LIMIT]
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="the cases marked short (CI)")
    parser.add_argument("--case", action="append", default=[], help="run this case (repeatable)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--with-baseline", action="store_true",
                        help="also pass each case's moved_from release as the baseline")
    args = parser.parse_args(argv)
    cases = select(load_cases(args.corpus), args.short, args.case)
    started = time.monotonic()
    results = []
    for case in cases:
        results.append(run_case(case, args.with_baseline))
        print(f"{case.id}: {results[-1].error or 'done'} ({results[-1].seconds} s)",
              file=sys.stderr, flush=True)
    print(render(results))
    elapsed = round(time.monotonic() - started, 1)
    print(f"\n{len(results)} cases in {elapsed} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"totals": totals(results), "seconds": elapsed,
                                         "cases": [asdict(r) for r in results]}, indent=1),
                             encoding="utf-8")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
