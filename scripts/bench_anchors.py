"""codesync beside the anchors (Ruff, Pyright) on real files from public repositories.

    python scripts/bench_anchors.py judge --venv PY --library numpy --target 2.0.2 \\
        --baseline 1.26.4 owner/name:path ...          # judge files, add them to the corpus
    python scripts/bench_anchors.py [run] [--venv PY] [--library L] [--json FILE] [--no-docs]
    python scripts/bench_anchors.py rejudge [--library L]   # the corpus again, same commits

**The corpus** (``benchmarks/anchors/corpus.toml``) holds, per file, the repository, commit
and path, the library and the release the file was written for (baseline) and the one it is
judged against (target), the lines that break or warn under the target (``positive``), and
a digest of the whole file and of those lines. No code is stored: files are read from the
local mirrors of the repositories (``git show COMMIT:PATH`` in ``--mirrors``, by default
``/work/.mirror/OWNER+NAME/repo``) and the digests prove they are the judged ones.

**The oracle** is no tool under test. In a throwaway virtual environment holding the target
releases (``--venv``: its Python), every library name the file uses at module level
(``np.float_``, ``from scipy.misc import imread``, ``import numpy.distutils``, the attribute
chain down to the first non-module, non-class object) is imported and read with
``getattr``, warnings recorded: a name that fails, or warns with a ``DeprecationWarning``,
``FutureWarning`` or ``PendingDeprecationWarning`` while read, makes its line positive; so
does a keyword the resolved callable's signature no longer accepts (imported by name or
reached through a module). Lines of branches the target never runs are not positive: an
``if`` whose test reads a version is evaluated there after the file's imports, and the
handlers of a ``try`` of imports that succeed there are left out. For members read on
instances, Pyright with the target installed gives a second opinion: its "cannot access
attribute X for class C" counts when ``C`` is a class of the library that truly lacks ``X``
in the environment (``hasattr`` on the class).

**The run** checks every file with codesync (``--target``/``--baseline`` from the corpus,
findings of that library only), Ruff (its NumPy migration rules NPY001, NPY003, NPY201) and
Pyright (the target installed; attribute, call, import and deprecation diagnostics). A tool
flags a line when a finding starts on it or its statement. Per tool and library: true
positives, false positives (flagged lines that are not positive), misses, precision, recall,
F1, wall time; written to ``docs/benchmarks.md`` ("Real code beside the anchors").
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "anchors" / "corpus.toml"
MIRRORS = Path("/work/.mirror")
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Real code beside the anchors"
TOP_NAMES = {"numpy": "numpy", "pandas": "pandas", "matplotlib": "matplotlib", "scipy": "scipy",
             "scikit-learn": "sklearn", "Pillow": "PIL", "networkx": "networkx",
             "SQLAlchemy": "sqlalchemy"}
RUFF_RULES = "NPY001,NPY003,NPY201"
PYRIGHT_RULES = {"reportAttributeAccessIssue", "reportCallIssue", "reportDeprecated",
                 "reportMissingImports", "reportMissingModuleSource"}


@dataclass
class CorpusFile:
    library: str
    target: str
    baseline: str
    repository: str
    commit: str
    path: str
    positive: list[int]
    digest: str  # the whole file
    lines_digest: str  # the positive lines, stripped
    reasons: dict[str, str] = field(default_factory=dict)  # line -> what the oracle saw


# the corpus -----------------------------------------------------------------------------------

def load_corpus(path: Path = CORPUS) -> list[CorpusFile]:
    import tomllib

    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [CorpusFile(**{k: v for k, v in entry.items()}) for entry in data.get("file", [])]


def write_corpus(files: list[CorpusFile], path: Path = CORPUS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = ["# Real files from public repositories, judged by the target releases themselves",
           "# (scripts/bench_anchors.py). No code: repository, commit, path, the positive",
           "# lines and digests of the file and of those lines.", ""]
    for f in sorted(files, key=lambda f: (f.library, f.repository, f.path)):
        out += ["[[file]]", f"library = {json.dumps(f.library)}", f"target = {json.dumps(f.target)}",
                f"baseline = {json.dumps(f.baseline)}", f"repository = {json.dumps(f.repository)}",
                f"commit = {json.dumps(f.commit)}", f"path = {json.dumps(f.path)}",
                f"positive = {json.dumps(f.positive)}", f"digest = {json.dumps(f.digest)}",
                f"lines_digest = {json.dumps(f.lines_digest)}"]
        if f.reasons:
            items = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in
                              sorted(f.reasons.items(), key=lambda kv: int(kv[0])))
            out.append(f"reasons = {{ {items} }}")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def file_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def lines_digest(text: str, numbers: list[int]) -> str:
    lines = text.splitlines()
    picked = "\n".join(lines[n - 1].strip() if 0 < n <= len(lines) else "" for n in numbers)
    return hashlib.sha256(picked.encode("utf-8")).hexdigest()[:16]


def mirror_dir(repository: str, mirrors: Path) -> Path:
    return mirrors / repository.replace("/", "+") / "repo"


def read_file(repository: str, commit: str, path: str, mirrors: Path) -> str:
    git = mirror_dir(repository, mirrors)
    out = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8", errors="replace")


def head_commit(repository: str, mirrors: Path) -> str:
    git = mirror_dir(repository, mirrors)
    return subprocess.run(["git", "-C", str(git), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()


# the oracle: runs inside the target environment ----------------------------------------------

PROBE = r'''
import ast, importlib, inspect, json, re, sys, warnings
TOP = sys.argv[2]
WARNS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)

def names(tree):
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == TOP:
                    bound[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == TOP:
            for a in node.names:
                if a.name != "*":
                    bound[a.asname or a.name] = node.module + "." + a.name
    return bound

def resolve(path):
    """(object, failure, warned): walk the dotted path as the interpreter would."""
    parts = path.split(".")
    caught = []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            obj = importlib.import_module(parts[0])
        except Exception as exc:
            return None, f"import {parts[0]}: {type(exc).__name__}", []
        done = [parts[0]]
        for part in parts[1:]:
            if not (inspect.ismodule(obj) or inspect.isclass(obj)):
                break
            try:
                obj = getattr(obj, part)
            except AttributeError:
                if inspect.ismodule(obj):
                    try:
                        obj = importlib.import_module(".".join(done + [part]))
                    except ImportError as exc:
                        missing = getattr(exc, "name", None) or ""
                        if missing and missing.split(".")[0] != TOP:
                            return None, None, []  # an optional dependency (wx): no verdict
                        return None, f"{'.'.join(done + [part])}: {type(exc).__name__}", []
                    except Exception:
                        return None, None, []  # fails to import here for other reasons
                else:
                    return None, f"{'.'.join(done + [part])}: AttributeError", []
            except Exception as exc:
                return None, f"{'.'.join(done + [part])}: {type(exc).__name__}", []
            done.append(part)
        caught = [str(w.message)[:80] for w in seen if issubclass(w.category, WARNS)
                  and about(str(w.message), parts)]
    return obj, None, caught

def about(message, parts):
    """A warning about the names the code reads (not one a dependency raises while the
    library imports: pyparsing's renamed functions under matplotlib)."""
    return any(re.search(r"\b" + re.escape(p) + r"\b", message) for p in parts[1:])

def chain(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, list(reversed(parts))
    return None, None

def keyword_gone(obj, call):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = sig.parameters.values()
    if any(p.kind == p.VAR_KEYWORD for p in params):
        return None
    accepted = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    gone = [k.arg for k in call.keywords if k.arg and k.arg not in accepted]
    return gone[0] if gone else None

def main():
    source = open(sys.argv[1], encoding="utf-8", errors="replace").read()
    tree = ast.parse(source)
    bound = names(tree)
    verdicts = {}
    def mark(line, why):
        verdicts.setdefault(str(line), why)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == TOP:
                    _, fail, warned = resolve(a.name)
                    if fail or warned:
                        mark(node.lineno, fail or "warns: " + warned[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == TOP:
            for a in node.names:
                if a.name == "*":
                    continue
                _, fail, warned = resolve(node.module + "." + a.name)
                if fail or warned:
                    mark(node.lineno, fail or "warns: " + warned[0])
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Attribute, ast.Name)) or isinstance(parents.get(node), ast.Attribute):
            continue
        if not isinstance(getattr(node, "ctx", None), ast.Load):
            continue
        root, attrs = chain(node)
        if root not in bound:
            continue
        call = parents.get(node)
        if not attrs and not (isinstance(call, ast.Call) and call.func is node and call.keywords):
            continue  # a bare imported name was judged at its import; its calls' keywords here
        obj, fail, warned = resolve(".".join([bound[root], *attrs]))
        if fail or warned:
            if attrs:
                mark(node.lineno, fail or "warns: " + warned[0])
            continue
        if isinstance(call, ast.Call) and call.func is node and callable(obj):
            gone = keyword_gone(obj, call)
            if gone:
                mark(call.lineno, f"keyword {gone}: TypeError")
    print(json.dumps({"verdicts": verdicts, "untaken": sorted(untaken_lines(tree))}))

def untaken_lines(tree):
    """Lines of branches the target never runs: an ``if`` whose test reads a version is
    evaluated here, after the file's own imports (each tried alone); the handlers of a
    ``try`` of imports only are not run where those imports succeed."""
    space = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                try:
                    exec(compile(ast.Module([node], []), "<imports>", "exec"), space)
                except BaseException:
                    pass
        lines = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.If) or "version" not in ast.dump(node.test).lower():
                continue
            try:
                taken = bool(eval(compile(ast.Expression(node.test), "<test>", "eval"), space))
            except BaseException:
                continue
            for stmt in (node.orelse if taken else node.body):
                lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try) or not all(
                    isinstance(s, (ast.Import, ast.ImportFrom)) and not getattr(s, "level", 0)
                    for s in node.body):
                continue
            try:
                exec(compile(ast.Module(node.body, []), "<try>", "exec"), {})
            except BaseException:
                continue
            for handler in node.handlers:
                lines.update(range(handler.lineno, (handler.end_lineno or handler.lineno) + 1))
    return lines

def has_member(cls_name, member):
    """Whether a class of the library named cls_name lacks member (None: no such class)."""
    import pkgutil
    top = importlib.import_module(TOP)
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for info in pkgutil.walk_packages(top.__path__, TOP + ".", onerror=lambda name: None):
            if info.name.count(".") <= 2 and not any(
                    part.startswith("_") or part in ("tests", "testing", "conftest")
                    for part in info.name.split(".")[1:]):
                try:
                    importlib.import_module(info.name)
                except BaseException:
                    pass
        mods = [top] + [m for m in list(sys.modules.values()) if getattr(m, "__name__", "").startswith(TOP + ".")]
        for m in mods:
            c = getattr(m, cls_name, None)
            if inspect.isclass(c) and (c.__module__ or "").split(".")[0] == TOP:
                found.append(hasattr(c, member))
    return None if not found else any(found)

_MEMBER_CACHE = {}

if sys.argv[3:] and sys.argv[3] == "member":
    print(json.dumps([has_member(c, m) for c, m in json.loads(sys.argv[4])]))
else:
    main()
'''


def probe(venv_python: str, path: Path, top: str,
          members: dict[str, str] | None = None) -> dict[str, str]:
    """What the target says of each line (with Pyright's member verdicts, ``members``), less
    the lines of branches the target never runs."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(PROBE)
    try:
        out = subprocess.run([venv_python, script.name, str(path), top], capture_output=True,
                             text=True, timeout=300, cwd=tempfile.gettempdir())
    finally:
        os.unlink(script.name)
    if out.returncode != 0:
        raise RuntimeError(f"{path}: {out.stderr[-400:]}")
    found = json.loads(out.stdout.strip().splitlines()[-1])
    untaken = set(found["untaken"])
    return {n: why for n, why in {**(members or {}), **found["verdicts"]}.items()
            if int(n) not in untaken}


def members_lacking(venv_python: str, top: str, pairs: list[tuple[str, str]]) -> list[bool | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(PROBE)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as empty:
        empty.write("")
    try:
        out = subprocess.run([venv_python, script.name, empty.name, top, "member",
                              json.dumps(pairs)], capture_output=True, text=True, timeout=300,
                             cwd=tempfile.gettempdir())
    finally:
        os.unlink(script.name)
        os.unlink(empty.name)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-400:])
    return json.loads(out.stdout.strip().splitlines()[-1])


ACCESS = re.compile(r'Cannot access attribute "(\w+)" for class "(\w+)')


def pyright_member_positives(venv_python: str, top: str, paths: list[Path]) -> dict[Path, dict[str, str]]:
    """Pyright's "cannot access attribute" on classes of the library, confirmed by hasattr."""
    diagnostics = run_pyright(venv_python, paths)
    candidates = [(p, d) for p, ds in diagnostics.items() for d in ds
                  if d["rule"] == "reportAttributeAccessIssue" and ACCESS.search(d["message"])]
    pairs = [ACCESS.search(d["message"]).groups()[::-1] for _, d in candidates]  # type: ignore[union-attr]
    verdicts = members_lacking(venv_python, top, [list(p) for p in pairs]) if pairs else []
    found: dict[Path, dict[str, str]] = {}
    for (path, d), (cls, member), has in zip(candidates, pairs, verdicts):
        if has is False and not member.startswith("_"):  # private: instance state
            found.setdefault(path, {})[str(d["line"])] = f"{cls}.{member}: AttributeError (pyright, hasattr)"
    return found


def judge(args: argparse.Namespace) -> None:
    corpus = {(f.library, f.repository, f.path): f for f in load_corpus()}
    top = TOP_NAMES[args.library]
    work = Path(tempfile.mkdtemp(prefix="anchors-judge-"))
    staged: list[tuple[str, str, str, Path, str]] = []
    for spec in args.files:
        repository, path = spec.split(":", 1)
        commit = head_commit(repository, args.mirrors)
        text = read_file(repository, commit, path, args.mirrors)
        local = work / f"{len(staged)}_{Path(path).name}"
        local.write_text(text, encoding="utf-8")
        staged.append((repository, path, commit, local, text))
    members = pyright_member_positives(args.venv, top, [s[3] for s in staged]) \
        if staged and not args.no_pyright else {}
    for repository, path, commit, local, text in staged:
        try:
            verdicts = probe(args.venv, local, top, members.get(local, {}))
        except (RuntimeError, SyntaxError, subprocess.TimeoutExpired) as exc:
            print(f"skip {repository}:{path}: {exc}", file=sys.stderr)
            continue
        positive = sorted(int(n) for n in verdicts)
        if not positive:
            print(f"no positive line: {repository}:{path}", file=sys.stderr)
            corpus.pop((args.library, repository, path), None)
            continue
        corpus[(args.library, repository, path)] = CorpusFile(
            args.library, args.target, args.baseline, repository, commit, path, positive,
            file_digest(text), lines_digest(text, positive), verdicts)
        print(f"{repository}:{path}: {len(positive)} positive")
    write_corpus(list(corpus.values()))
    shutil.rmtree(work, ignore_errors=True)


def rejudge(args: argparse.Namespace) -> None:
    """Judge the corpus's files again at their recorded commits with the current oracle,
    keeping the member verdicts Pyright and ``hasattr`` gave (read by hand when first judged)."""
    kept: list[CorpusFile] = []
    work = Path(tempfile.mkdtemp(prefix="anchors-rejudge-"))
    for i, spec in enumerate(load_corpus()):
        if args.library and spec.library not in args.library:
            kept.append(spec)
            continue
        text = read_file(spec.repository, spec.commit, spec.path, args.mirrors)
        local = work / f"{i}_{Path(spec.path).name}"
        local.write_text(text, encoding="utf-8")
        members = {n: why for n, why in spec.reasons.items() if "(pyright" in why}
        try:
            verdicts = probe(args.venv, local, TOP_NAMES[spec.library], members)
        except (RuntimeError, SyntaxError, subprocess.TimeoutExpired) as exc:
            print(f"kept as it was {spec.repository}:{spec.path}: {exc}", file=sys.stderr)
            kept.append(spec)
            continue
        positive = sorted(int(n) for n in verdicts)
        added, dropped = sorted(set(positive) - set(spec.positive)), \
            sorted(set(spec.positive) - set(positive))
        if added or dropped:
            print(f"{spec.library} {spec.repository}:{spec.path}: +{added} -{dropped}")
        if positive:
            kept.append(CorpusFile(spec.library, spec.target, spec.baseline, spec.repository,
                                   spec.commit, spec.path, positive, file_digest(text),
                                   lines_digest(text, positive), verdicts))
    write_corpus(kept)
    shutil.rmtree(work, ignore_errors=True)


# the tools ----------------------------------------------------------------------------------

def run_pyright(venv_python: str, paths: list[Path], folder: Path | None = None
                ) -> dict[Path, list[dict]]:
    if not paths:
        return {}
    folder = folder or paths[0].parent
    (folder / "pyrightconfig.json").write_text(json.dumps({
        "reportDeprecated": "warning", "typeCheckingMode": "standard"}), encoding="utf-8")
    pyright = str(Path(venv_python).parent / "pyright")
    out = subprocess.run([pyright, "--outputjson", "--pythonpath", venv_python,
                          *map(str, paths)], capture_output=True, text=True, cwd=folder,
                         timeout=1800)
    data = json.loads(out.stdout or "{}")
    found: dict[Path, list[dict]] = {}
    for d in data.get("generalDiagnostics", []):
        found.setdefault(Path(d["file"]), []).append({
            "line": d["range"]["start"]["line"] + 1, "end": d["range"]["end"]["line"] + 1,
            "rule": d.get("rule", ""), "message": d.get("message", ""),
            "severity": d.get("severity")})
    return {p.resolve(): v for p, v in found.items()}


def pyright_claims(diagnostics: list[dict], top: str) -> list[tuple[int, int]]:
    """The diagnostics that claim an API of the library changed."""
    spans = []
    for d in diagnostics:
        rule, message = d["rule"], d["message"]
        if rule not in PYRIGHT_RULES and not (rule == "" and "deprecated" in message):
            continue
        if rule in ("reportMissingImports", "reportMissingModuleSource") and \
                f'"{top}' not in message:
            continue
        if rule == "reportAttributeAccessIssue" and re.search(
                r'for class "(str|int|float|list|dict|tuple|bool|object|bytes|set|NoneType)"',
                message):
            continue
        spans.append((d["line"], d["end"]))
    return spans


def run_ruff(paths: list[Path]) -> dict[Path, list[tuple[int, int]]]:
    out = subprocess.run(["ruff", "check", "--no-cache", "--isolated", "--preview",
                          "--select", RUFF_RULES, "--output-format", "json", *map(str, paths)],
                         capture_output=True, text=True)
    found: dict[Path, list[tuple[int, int]]] = {}
    for d in json.loads(out.stdout or "[]"):
        found.setdefault(Path(d["filename"]).resolve(), []).append(
            (d["location"]["row"], d["end_location"]["row"]))
    return found


def run_codesync(files: list[tuple[CorpusFile, Path, str]],
                 with_baseline: bool = False) -> dict[Path, list[tuple[int, int]]]:
    """Each file as ``codesync check --target LIB==TARGET`` checks it (a new user without
    pins), in an empty environment so that only the file's library is judged."""
    sys.path.insert(0, str(ROOT / "server"))
    from codesync.config import parse_settings
    from codesync.project import Project

    found: dict[Path, list[tuple[int, int]]] = {}
    projects: dict[tuple[str, str, str], Project] = {}
    work = Path(tempfile.mkdtemp(prefix="anchors-env-"))
    venv = work / "venv"
    (venv / "lib" / "python3" / "site-packages").mkdir(parents=True)
    (venv / "bin").mkdir()
    (venv / "pyvenv.cfg").write_text("home = /nonexistent\n", encoding="utf-8")
    for spec, path, text in files:
        key = (spec.library, spec.target, spec.baseline)
        if key not in projects:
            table = {"python": str(venv / "bin" / "python"), "target": {spec.library: spec.target},
                     "fetch": True, "git_baselines": False}
            if with_baseline:
                table["baseline"] = {spec.library: spec.baseline}
            projects[key] = Project(path.parent, parse_settings(table))
        report = projects[key].check_source(text, str(path))
        wanted = _canonical(spec.library)
        found[path.resolve()] = [(f.line, f.end_line) for f in report.findings
                                 if _canonical(f.distribution) == wanted]
    shutil.rmtree(work, ignore_errors=True)
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def statement_spans(source: str) -> dict[int, tuple[int, int]]:
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


def flagged(spans: list[tuple[int, int]], statements: dict[int, tuple[int, int]],
            positive: set[int]) -> set[int]:
    """Lines a tool flags. The statement is the unit: a finding in a statement that holds
    positive lines flags those (a multi-line call or import is positive on its first line,
    a tool may point at the keyword or name further down); elsewhere its own lines."""
    lines: set[int] = set()
    for start, end in spans:
        s, e = statements.get(start, (start, start))
        statement = set(range(s, e + 1))
        lines |= (statement & positive) or set(range(start, end + 1))
    return lines


# the run ------------------------------------------------------------------------------------

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(args: argparse.Namespace) -> dict:
    corpus = [f for f in load_corpus() if not args.library or f.library in args.library]
    work = Path(tempfile.mkdtemp(prefix="anchors-run-"))
    files: list[tuple[CorpusFile, Path, str]] = []
    for i, spec in enumerate(corpus):
        text = read_file(spec.repository, spec.commit, spec.path, args.mirrors)
        if file_digest(text) != spec.digest or lines_digest(text, spec.positive) != spec.lines_digest:
            raise SystemExit(f"{spec.repository}:{spec.path}: digest differs")
        folder = work / spec.library
        folder.mkdir(exist_ok=True)
        local = folder / f"f{i}_{Path(spec.path).name}"
        local.write_text(text, encoding="utf-8")
        files.append((spec, local.resolve(), text))
    times: dict[str, float] = {}
    started = time.perf_counter()
    claims = {"codesync": run_codesync(files, args.with_baseline)}
    times["codesync"] = time.perf_counter() - started
    started = time.perf_counter()
    claims["ruff"] = run_ruff([p for _, p, _ in files])
    times["ruff"] = time.perf_counter() - started
    started = time.perf_counter()
    diagnostics = run_pyright(args.venv, [p for _, p, _ in files], work)
    claims["pyright"] = {p: pyright_claims(diagnostics.get(p, []), TOP_NAMES[s.library])
                         for s, p, _ in files}
    times["pyright"] = time.perf_counter() - started
    scores: dict[str, dict[str, Score]] = {t: {} for t in claims}
    details: list[dict] = []
    for spec, path, text in files:
        positive = set(spec.positive)
        statements = statement_spans(text)
        source = text.splitlines()
        for tool, found in claims.items():
            lines = flagged(found.get(path, []), statements, positive)
            score = Score(len(lines & positive), len(lines - positive), len(positive - lines))
            scores[tool].setdefault(spec.library, Score()).add(score)
            for kind, numbers in (("miss", positive - lines), ("false", lines - positive)):
                details += [{"tool": tool, "kind": kind, "library": spec.library,
                             "file": f"{spec.repository}:{spec.path}", "line": n,
                             "reason": spec.reasons.get(str(n), ""),
                             "text": source[n - 1].strip() if 0 < n <= len(source) else ""}
                            for n in sorted(numbers)]
    shutil.rmtree(work, ignore_errors=True)
    result = {"files": len(files), "repositories": len({s.repository for s, _, _ in files}),
              "positive": sum(len(s.positive) for s, _, _ in files),
              "lines": sum(t.count("\n") + 1 for _, _, t in files), "seconds": times,
              "scores": {t: {lib: vars(s) for lib, s in per.items()} for t, per in scores.items()},
              "details": details}
    return result


def table(result: dict) -> str:
    libraries = sorted({lib for per in result["scores"].values() for lib in per})
    rows = ["| library | files | positive lines | " + " | ".join(
        f"{t} P / R / F1" for t in result["scores"]) + " |",
        "|---|---|---|" + "---|" * len(result["scores"])]
    counts = result.get("per_library", {})
    for lib in [*libraries, "all"]:
        cells = []
        for per in result["scores"].values():
            score = Score()
            for name, s in per.items():
                if lib in ("all", name):
                    score.add(Score(**s))
            p, r, f = score.prf()
            cells.append(f"{p:.2f} / {r:.2f} / **{f:.2f}** ({score.tp}, {score.fp} fp)")
        files, positive = counts.get(lib, ("", ""))
        rows.append(f"| {lib} | {files} | {positive} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def write_docs(result: dict, text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    times = ", ".join(f"{t} {s:.1f} s" for t, s in result["seconds"].items())
    body = (f"{SECTION}\n\n`scripts/bench_anchors.py` on `benchmarks/anchors/corpus.toml`: "
            f"{result['files']} real files from {result['repositories']} public repositories, "
            f"{result['lines']} lines, {result['positive']} positive lines (judged by the target "
            f"releases in a throwaway environment, Pyright + `hasattr` for members; see the "
            f"script's docstring). Cells: precision / recall / F1 (true positives, false "
            f"positives). Wall time on the 2-core machine: {times}.\n\n{text}\n")
    start = doc.find(SECTION)
    if start < 0:
        doc = doc.rstrip("\n") + "\n\n" + body
    else:
        end = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + body + (doc[end + 1:] if end >= 0 else "")
    DOCS.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    parser.add_argument("--venv", default=os.environ.get("ANCHORS_VENV", "/tmp/rc/oracle/bin/python"))
    sub = parser.add_subparsers(dest="command")
    j = sub.add_parser("judge")
    j.add_argument("--library", required=True, choices=sorted(TOP_NAMES))
    j.add_argument("--target", required=True)
    j.add_argument("--baseline", required=True)
    j.add_argument("--no-pyright", action="store_true")
    j.add_argument("files", nargs="+", help="owner/name:path")
    again = sub.add_parser("rejudge", help="judge the corpus again with the current oracle")
    again.add_argument("--library", action="append")
    r = sub.add_parser("run")
    r.add_argument("--library", action="append")
    r.add_argument("--json", type=Path)
    r.add_argument("--no-docs", action="store_true")
    r.add_argument("--with-baseline", action="store_true",
                   help="give codesync the release each file was written for as the baseline")
    args = parser.parse_args(argv)
    if args.command == "judge":
        judge(args)
        return
    if args.command == "rejudge":
        rejudge(args)
        return
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
    result = run(args)
    corpus = load_corpus()
    per: dict[str, tuple[int, int]] = {}
    for f in corpus:
        files, positive = per.get(f.library, (0, 0))
        per[f.library] = (files + 1, positive + len(f.positive))
    per["all"] = (len(corpus), sum(len(f.positive) for f in corpus))
    result["per_library"] = per
    text = table(result)
    print(text)
    print(json.dumps(result["seconds"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if not args.no_docs:
        write_docs(result, text)


if __name__ == "__main__":
    main()
