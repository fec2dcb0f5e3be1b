"""jedi as a receiver fallback (issue 11), measured on the real-code corpus.

    python scripts/bench_jedi.py [--case ID ...] [--json FILE] [--corpus FILE]

Question: for a use ``x.name(...)`` / ``x.name`` whose receiver codesync's own inference
cannot type, would jedi type it, would that add findings on the lines the projects really
had to change, what else would it flag, and what would it cost per edit?

Per case of ``benchmarks/realcode/corpus.toml`` (the before-files, read through
``bench_realcode``'s machinery):

1. the changed member names of the case's library: members of its classes removed, given
   another signature, or deprecated between the stored release at or below the release the
   code was written for (``moved_from``) and the target, read from the knowledge;
2. candidate sites: attribute loads ``x.name`` whose ``name`` is one of them and which the
   checker's site collector (``Checker.sites``) did not resolve to a library target;
3. for each, jedi (in-process ``InterpreterEnvironment``) infers the receiver, with the
   case's TARGET release's files on its path (a wheel downloaded with pip, ``.py``/``.pyi``
   unpacked, never imported); where that gives no class of the library, again with the
   baseline release's files (stale code was written against it). A receiver jedi cannot
   type directly (a subscript, say) is typed by the class that defines the member;
4. a site jedi types to a class of the library is rewritten as ``receiver.name(...)`` on a
   parameter annotated with that class and run through the checker: a finding there is
   what the fallback would report. Counted on ``api`` lines (recall the fallback adds where
   codesync does not already flag the line) and elsewhere (potential false alarms).

Times are jedi's own per site (receiver, member and baseline inference together), per file
(the ``Script`` plus all its sites) and the process's first inference (cold caches: jedi's
parser cache is pointed at a fresh folder for the run). The library releases are cached
under ``<user cache>/realcode/jedi-lib``.

Note: ``jedi.Project(added_sys_path=...)`` appends to the running interpreter's path, so an
installed release of the library would shadow the one under test; the script gives jedi an
explicit ``sys_path`` (the project's release tree, the library release, the standard
library) instead.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jedi  # noqa: E402

import bench_realcode as rc  # noqa: E402
from codesync.analysis.checker import Checker  # noqa: E402
from codesync.knowledge.store import Knowledge  # noqa: E402
from codesync.knowledge.versions import sort_key  # noqa: E402

PYTHON_TAGS = ("3.11", "3.10", "3.9", "3.8", "3.7")
PLATFORMS = ("manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64",
             "manylinux_2_17_x86_64", "manylinux_2_28_x86_64")
RECEIVER = "receiver"
BUDGET_P50_MS, BUDGET_P95_MS = 50, 150


@dataclass
class SiteResult:
    line: int
    column: int
    member: str
    receiver: str
    api_line: bool  # the site's statement holds an api line
    changed_line: bool  # ... a changed line
    flagged_line: bool  # codesync already flags the statement
    jedi_class: str | None = None
    typed_by: str | None = None  # receiver | member, at target | baseline
    reported: list[str] = field(default_factory=list)  # the checker on the rewritten site
    ms_target: float = 0.0
    ms_baseline: float = 0.0


@dataclass
class FileResult:
    path: str
    lines: int
    sites: list[SiteResult] = field(default_factory=list)
    ms_scripts: float = 0.0  # creating the Script objects
    ms_first_infer: float = 0.0  # the file's first inference (parses the file and imports)
    ms_total: float = 0.0  # all jedi time for the file
    # the same sites again in a new Script at the target (as after an edit: jedi's parser
    # cache warm, its inference state new)
    ms_warm_edit: float = 0.0


@dataclass
class CaseResult:
    id: str
    library: str
    target: str
    baseline: str | None
    changed_names: int = 0
    files: list[FileResult] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


# the changed member names ----------------------------------------------------------------------

def _definitions(knowledge: Knowledge, dist: str, version: str) -> dict[str, dict]:
    release = knowledge.stored_release(dist, version)
    if release is None:
        return {}
    rows = knowledge.db.execute(
        f"SELECT path, data FROM {release.layer}.definitions WHERE dist=? AND first_key<=? "
        f"AND last_key>=?", (rc._canonical(dist), release.key, release.key)).fetchall()
    return {path: json.loads(data) for path, data in rows}


def window(knowledge: Knowledge, dist: str, baseline: str | None, target: str) -> list[str]:
    """The stored releases from the last one at or below ``baseline`` (or the one just below
    the target) to the last one at or below ``target``."""
    versions = knowledge.versions(dist)
    upto = [v for v in versions if sort_key(v) <= sort_key(target)]
    if not upto:
        return []
    low = baseline or target
    below = [i for i, v in enumerate(upto) if sort_key(v) <= sort_key(low)]
    start = below[-1] if below else 0
    if start == len(upto) - 1 and start > 0:
        start -= 1
    return upto[start:]


def changed_members(knowledge: Knowledge, dist: str, baseline: str | None,
                    target: str) -> dict[str, set[str]]:
    """Member name -> the classes (canonical) on which it was removed, changed its
    parameters, or is deprecated, between the baseline and the target."""
    releases = window(knowledge, dist, baseline, target)
    changed: dict[str, set[str]] = {}
    if not releases:
        return changed
    before_defs, before_members = _definitions(knowledge, dist, releases[0]), \
        knowledge.class_members(dist, releases[0])
    for version in releases[1:]:
        defs, members = _definitions(knowledge, dist, version), knowledge.class_members(dist, version)
        for cls, names in before_members.items():
            if cls in members:
                for name in names - members[cls]:
                    if not name.startswith("_"):
                        changed.setdefault(name, set()).add(cls)
        for path, data in defs.items():
            cls, _, name = path.rpartition(".")
            if cls not in members or name.startswith("_"):
                continue
            old = before_defs.get(path)
            if old is not None and old.get("params") != data.get("params"):
                changed.setdefault(name, set()).add(cls)
        before_defs, before_members = defs, members
    for path, data in before_defs.items():  # at the target: deprecated members and parameters
        cls, _, name = path.rpartition(".")
        if cls in before_members and not name.startswith("_") and (
                data.get("deprecated") or data.get("param_deprecations")):
            changed.setdefault(name, set()).add(cls)
    return changed


# candidate sites --------------------------------------------------------------------------------

def _span(node: ast.AST) -> tuple:
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def resolved_spans(sites) -> set[tuple]:
    """The attribute nodes the checker's sites cover (a method call's ``func``)."""
    spans = set()
    for site in sites:
        node = site.node
        if isinstance(node, ast.Call):
            node = node.func
        if isinstance(node, ast.Attribute):
            spans.add(_span(node))
    return spans


def candidate_sites(tree: ast.Module, sites, names) -> list[ast.Attribute]:
    covered = resolved_spans(sites)
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
             and node.attr in names and _span(node) not in covered]
    return sorted(found, key=_span)


# jedi ------------------------------------------------------------------------------------------

def stdlib_paths() -> list[str]:
    paths = sysconfig.get_paths()
    dynload = Path(paths["platstdlib"]) / "lib-dynload"
    return [p for p in dict.fromkeys([paths["stdlib"], paths["platstdlib"], str(dynload)])
            if Path(p).is_dir()]


class JediTyper:
    """jedi over one source, with one library release's files on its path."""

    def __init__(self, source: str, path: str, project_root: Path, lib_dir: Path | None) -> None:
        sys_path = [str(project_root), *([str(lib_dir)] if lib_dir else []), *stdlib_paths()]
        project = jedi.Project(project_root, sys_path=sys_path, smart_sys_path=True)
        self.script = jedi.Script(source, path=path, project=project,
                                  environment=jedi.InterpreterEnvironment())
        self.lines = source.splitlines()

    def _column(self, line: int, byte_col: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def _infer(self, line: int, byte_col: int) -> list:
        try:
            return self.script.infer(line, self._column(line, byte_col))
        except Exception:  # noqa: BLE001 - jedi fails on odd code; the site stays untyped
            return []

    def receiver_types(self, attr: ast.Attribute) -> list[str]:
        """Full names of the classes jedi gives the receiver (instances and classes)."""
        value, execute = attr.value, False
        if isinstance(value, ast.Call):
            value, execute = value.func, True
        if isinstance(value, ast.Name):
            names = self._infer(value.lineno, value.col_offset)
        elif isinstance(value, ast.Attribute):
            names = self._infer(value.end_lineno, value.end_col_offset - len(value.attr))
        else:
            return []
        if execute:
            try:
                names = [r for n in names for r in n.execute()]
            except Exception:  # noqa: BLE001
                return []
        return [n.full_name for n in names if n.type in ("instance", "class") and n.full_name]

    def member_owners(self, attr: ast.Attribute) -> list[str]:
        """Full names of the classes that define the member jedi finds for ``x.name``."""
        names = self._infer(attr.end_lineno, attr.end_col_offset - len(attr.attr))
        owners = []
        for name in names:
            try:
                parent = name.parent()
            except Exception:  # noqa: BLE001
                continue
            if parent is not None and parent.type == "class" and parent.full_name:
                owners.append(parent.full_name)
        return owners


def library_class(full_names: list[str], tops: set[str]) -> str | None:
    return next((n for n in full_names if n.split(".", 1)[0] in tops), None)


def type_site(typer: JediTyper, attr: ast.Attribute, tops: set[str]) -> tuple[str | None, str]:
    found = library_class(typer.receiver_types(attr), tops)
    if found:
        return found, "receiver"
    found = library_class(typer.member_owners(attr), tops)
    return found, ("member" if found else "")


# what the checker would report on a typed site ----------------------------------------------------

def rewritten_site(source: str, attr: ast.Attribute, parent: ast.AST | None,
                   public_class: str) -> str:
    """``receiver.name(<the call's own arguments>)`` on a parameter of the class."""
    index = rc_line_index(source)
    tail = ""
    if isinstance(parent, ast.Call) and parent.func is attr:
        start = index(attr.end_lineno, attr.end_col_offset)
        tail = source[start:index(parent.end_lineno, parent.end_col_offset)]
    module = public_class.rsplit(".", 1)[0]
    return (f"import {module}\n\n\ndef _site({RECEIVER}: {public_class}):\n"
            f"    return ({RECEIVER}.{attr.attr}{tail})\n")


def rc_line_index(source: str):
    """(line, byte column) -> offset into ``source``."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    lines = source.splitlines(keepends=True)

    def index(line: int, byte_col: int) -> int:
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return starts[line - 1] + len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))

    return index


def would_report(checker: Checker, dist: str, source: str, attr: ast.Attribute,
                 parent: ast.AST | None, jedi_class: str) -> list[str]:
    public = checker.knowledge.public_name(dist, jedi_class)
    snippet = rewritten_site(source, attr, parent, public)
    try:
        ast.parse(snippet)
    except SyntaxError:
        return ["(site could not be rewritten)"]
    result = checker.check_source(snippet, "jedi_site.py")
    wanted = rc._canonical(dist)
    return [f"{f.code} {f.message}" for f in result.findings
            if rc._canonical(f.distribution or "") == wanted and f.line >= 5]


# one file -----------------------------------------------------------------------------------------

@dataclass
class Libraries:
    """The library's files for jedi: the target release, and the baseline's if any."""

    dist: str
    tops: set[str]
    target_dir: Path | None
    baseline_dir: Path | None = None


def measure_source(source: str, path: str, project_root: Path, checker: Checker,
                   libraries: Libraries, names: set[str], api: set[int] = frozenset(),
                   changed: set[int] = frozenset(), flagged: set[int] = frozenset()) -> FileResult:
    """Candidate sites of one file, typed by jedi and judged by the checker."""
    tree = ast.parse(source, path)
    result = FileResult(path, lines=len(source.splitlines()))
    sites = checker.sites(tree, path, source)
    candidates = candidate_sites(tree, sites, names)
    if not candidates:
        return result
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    spans = rc.statement_spans(source)
    started = time.perf_counter()
    target = JediTyper(source, path, project_root, libraries.target_dir)
    result.ms_scripts += _ms(started)
    baseline = None
    for number, attr in enumerate(candidates):
        start, end = spans.get(attr.end_lineno, (attr.end_lineno, attr.end_lineno))
        statement = set(range(min(start, attr.lineno), max(end, attr.end_lineno) + 1))
        site = SiteResult(attr.end_lineno, attr.end_col_offset - len(attr.attr), attr.attr,
                          ast.get_source_segment(source, attr.value) or "", bool(statement & api),
                          bool(statement & changed), bool(statement & flagged))
        site.receiver = site.receiver if len(site.receiver) <= 60 else site.receiver[:57] + "..."
        started = time.perf_counter()
        found, how = type_site(target, attr, libraries.tops)
        site.ms_target = _ms(started)
        if number == 0:
            result.ms_first_infer = site.ms_target
        where = "target"
        if found is None and libraries.baseline_dir is not None:
            started = time.perf_counter()
            if baseline is None:
                baseline = JediTyper(source, path, project_root, libraries.baseline_dir)
            found, how = type_site(baseline, attr, libraries.tops)
            site.ms_baseline = _ms(started)
            where = "baseline"
        if found:
            site.jedi_class, site.typed_by = found, f"{how} at {where}"
            site.reported = would_report(checker, libraries.dist, source, attr,
                                         parents.get(attr), found)
        result.sites.append(site)
    result.ms_total = round(result.ms_scripts + sum(s.ms_target + s.ms_baseline
                                                    for s in result.sites), 2)
    started = time.perf_counter()
    again = JediTyper(source, path, project_root, libraries.target_dir)
    for attr in candidates:
        type_site(again, attr, libraries.tops)
    result.ms_warm_edit = _ms(started)
    return result


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


# library releases for jedi ------------------------------------------------------------------------

def library_tree(dist: str, version: str) -> Path:
    """The release's .py and .pyi files, from a wheel (any Python tag; else the sdist, which
    is fine for pure-Python releases), unpacked once."""
    folder = rc.realcode_cache() / "jedi-lib" / f"{rc._safe(dist)}-{rc._safe(version)}"
    tree = folder / "tree"
    if (folder / "complete").exists():
        return tree
    try:
        archive = _download_wheel(dist, version, folder / "archive")
    except rc.CaseError:
        archive = rc._download(dist, version, folder / "archive")
    tree.mkdir(parents=True, exist_ok=True)
    for name, read in rc._members(archive):
        parts = Path(name).parts
        if not name.endswith((".py", ".pyi")) or name.startswith("/") or ".." in parts:
            continue
        out = tree.joinpath(*parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(read())
    (folder / "complete").write_text(archive.name, encoding="utf-8")
    return tree


def library_root(tree: Path, tops: set[str]) -> Path:
    """The folder to put on jedi's path: the wheel's top, or the sdist's folder (or its src/)."""
    for top in sorted(tops):
        for candidate in (tree, *tree.glob("*"), *tree.glob("*/src")):
            if (candidate / top).is_dir() or (candidate / f"{top}.py").is_file():
                return candidate
    return tree


def _download_wheel(dist: str, version: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.iterdir():
        old.unlink()
    base = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
            "--disable-pip-version-check", "--quiet", "--dest", str(dest)]
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    attempts = [["--python-version", PYTHON_TAGS[0]]] + [
        ["--python-version", python, "--implementation", "cp", *platforms]
        for python in PYTHON_TAGS]
    error = ["no file"]
    for extra in attempts:
        done = subprocess.run([*base, *extra, f"{dist}=={version}"], capture_output=True,
                              text=True, timeout=900)
        wheels = list(dest.glob("*.whl"))
        if done.returncode == 0 and wheels:
            return wheels[0]
        error = done.stderr.strip().splitlines()[-1:] or error
    raise rc.CaseError(f"no wheel of {dist}=={version}: {error}")


def import_tops(knowledge: Knowledge, dist: str) -> set[str]:
    wanted = rc._canonical(dist)
    tops = {dist.replace("-", "_"), {"scikit-learn": "sklearn"}.get(wanted, wanted)}
    return {t for t in tops if wanted in {rc._canonical(d) for d in
                                           knowledge.distributions_for_import(t)}} or tops


# one case -----------------------------------------------------------------------------------------

def run_case(case: rc.Case) -> CaseResult:
    result = CaseResult(case.id, case.library, case.target, case.moved_from)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="jedi-bench-") as tmp:
            before_tree = rc.release_tree(case.project, case.before)
            project = rc.case_project(case, before_tree, Path(tmp) / "before", False)
            checker = project.checker()
            tops = import_tops(project.knowledge, case.library)
            libraries = Libraries(case.library, tops,
                                  library_root(library_tree(case.library, case.target), tops),
                                  library_root(library_tree(case.library, case.moved_from), tops)
                                  if case.moved_from else None)
            names: set[str] = set()
            for spec in case.files:
                before_path = rc.release_file(before_tree, spec.path)
                source = before_path.read_text(encoding="utf-8", errors="replace")
                spans = rc.statement_spans(source)
                findings = rc.library_findings(project, source, str(before_path), case.library)
                flagged = set().union(*(rc.flagged_lines(f, spans) for f in findings)) \
                    if findings else set()
                checker = project.checker()  # after the check: releases it needed are stored
                if not names:
                    names = set(changed_members(checker.knowledge, case.library,
                                                case.moved_from, case.target))
                    result.changed_names = len(names)
                root = _package_root(before_path, spec.path)
                result.files.append(measure_source(source, str(before_path), root, checker,
                                                   libraries, names, set(spec.api),
                                                   set(spec.changed), flagged))
    except (rc.CaseError, OSError, subprocess.SubprocessError) as exc:
        result.error = str(exc)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def _package_root(file: Path, relative: str) -> Path:
    root = file
    for _ in Path(relative).parts:
        root = root.parent
    return root


# reporting -----------------------------------------------------------------------------------------

def case_counts(files: list[FileResult]) -> dict:
    sites = [s for f in files for s in f.sites]
    typed = [s for s in sites if s.jedi_class]
    reported = [s for s in typed if s.reported]
    api_lines = {(f.path, s.line) for f in files for s in f.sites
                 if s.jedi_class and s.reported and s.api_line and not s.flagged_line}
    return {"candidates": len(sites), "typed": len(typed),
            "typed_api": sum(1 for s in typed if s.api_line),
            "typed_elsewhere": sum(1 for s in typed if not s.api_line),
            "reported_api": sum(1 for s in reported if s.api_line),
            "reported_api_new": len(api_lines),
            "reported_changed_not_api": sum(1 for s in reported
                                            if s.changed_line and not s.api_line),
            "reported_elsewhere": sum(1 for s in reported if not s.changed_line)}


def timing(results: list[CaseResult]) -> dict:
    sites = [s.ms_target + s.ms_baseline for r in results for f in r.files for s in f.sites]
    target_only = [s.ms_target for r in results for f in r.files for s in f.sites]
    files = [f for r in results for f in r.files if f.sites]
    per_1000 = [f.ms_total * 1000 / max(f.lines, 1) for f in files]
    return {"sites": len(sites), "site_ms_p50": _pct(sites, 50), "site_ms_p95": _pct(sites, 95),
            "site_ms_max": round(max(sites), 1) if sites else None,
            "target_ms_p50": _pct(target_only, 50), "target_ms_p95": _pct(target_only, 95),
            "file_ms_p50": _pct([f.ms_total for f in files], 50),
            "file_ms_p95": _pct([f.ms_total for f in files], 95),
            "file_ms_max": round(max((f.ms_total for f in files), default=0), 1),
            "file_ms_per_1000_lines_p50": _pct(per_1000, 50),
            "file_first_infer_ms_p50": _pct([f.ms_first_infer for f in files], 50),
            "warm_edit_ms_p50": _pct([f.ms_warm_edit for f in files], 50),
            "warm_edit_ms_p95": _pct([f.ms_warm_edit for f in files], 95),
            "warm_edit_ms_max": round(max((f.ms_warm_edit for f in files), default=0), 1),
            "files_with_sites": len(files)}


def _pct(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def render(results: list[CaseResult]) -> str:
    rows = ["| case | target | candidate sites | jedi-typed | on api lines | reported there "
            "(new lines) | elsewhere | reported elsewhere | jedi ms per site p50 / p95 "
            "| jedi ms per file, cold (max) | jedi ms per edit, warm (max) |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if r.error:
            rows.append(f"| {r.id} | {r.library} {r.target} | error: {r.error[:90]} "
                        "| | | | | | | | |")
            continue
        c, t = case_counts(r.files), timing([r])
        rows.append(f"| {r.id} | {r.library} {r.target} | {c['candidates']} | {c['typed']} "
                    f"| {c['typed_api']} | {c['reported_api']} ({c['reported_api_new']}) "
                    f"| {c['typed_elsewhere']} | {c['reported_changed_not_api']} + "
                    f"{c['reported_elsewhere']} | {_num(t['site_ms_p50'])} / "
                    f"{_num(t['site_ms_p95'])} | {_num(t['file_ms_max'])} "
                    f"| {_num(t['warm_edit_ms_max'])} |")
    c, t = case_counts([f for r in results if not r.error for f in r.files]), timing(results)
    rows.append(f"| **total** | | {c['candidates']} | {c['typed']} | {c['typed_api']} "
                f"| {c['reported_api']} ({c['reported_api_new']}) | {c['typed_elsewhere']} "
                f"| {c['reported_changed_not_api']} + {c['reported_elsewhere']} "
                f"| {_num(t['site_ms_p50'])} / {_num(t['site_ms_p95'])} "
                f"| {_num(t['file_ms_max'])} | {_num(t['warm_edit_ms_max'])} |")
    return "\n".join(rows)


def _num(value) -> str:
    return "–" if value is None else f"{value:g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", default=[], help="run this case (repeatable)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--corpus", type=Path, default=rc.CORPUS)
    args = parser.parse_args(argv)
    cases = rc.select(rc.load_cases(args.corpus), False, args.case)
    with tempfile.TemporaryDirectory(prefix="jedi-cache-") as jedi_cache:
        jedi.settings.cache_directory = jedi_cache  # cold: the first inference pays in full
        started = time.monotonic()
        results = []
        for case in cases:
            results.append(run_case(case))
            print(f"{case.id}: {results[-1].error or 'done'} ({results[-1].seconds} s)",
                  file=sys.stderr, flush=True)
    first = next((f.ms_first_infer for r in results for f in r.files if f.sites), None)
    print(render(results))
    elapsed = round(time.monotonic() - started, 1)
    totals = {**case_counts([f for r in results if not r.error for f in r.files]),
              **timing(results), "first_infer_ms_in_process": first,
              "errors": sum(1 for r in results if r.error), "cases": len(results)}
    print(f"\n{json.dumps(totals)}\n{len(results)} cases in {elapsed} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"totals": totals, "seconds": elapsed,
                                         "cases": [asdict(r) for r in results]}, indent=1),
                             encoding="utf-8")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
