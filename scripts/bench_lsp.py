"""Measure the language server over LSP on generated modules of pandas/numpy calls.

    python scripts/bench_lsp.py [--edits N] [--lines N] [--dense] [--cases] [--write-docs]
                                [--profile] [--cache DIR]

``--cases`` runs the issue's two cases one after the other: a 1,000-line module with over
100 findings (``--dense``: a stale call in every function) and a 5,000-line one; each edit is
checked to leave the module parseable. ``--cache`` reuses a user cache whose knowledge
database is built already (else a private one is built first, as an editable install does).

Reports the time from a one-line ``didChange`` to the ``publishDiagnostics`` for that version
(the debounce is set to 0, so it is not counted), the time from starting the server process to
its first diagnostics (the knowledge database already built and one ``codesync check`` run, as
after a first use; with the server's CPU time, and once more for a start with the on-disk caches
emptied), and the server's resident memory. Modules are compiled once first (``--no-bytecode``:
never, as where PYTHONDONTWRITEBYTECODE is set). ``--write-docs`` writes the table into
docs/benchmarks.md between the ``<!-- lsp:begin -->`` and ``<!-- lsp:end -->`` markers; ``--profile`` also profiles the
checker on the same module in this process (what to speed up when a budget is missed).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import cProfile
import math
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from _docs import update_section  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- lsp:begin -->", "<!-- lsp:end -->"
SECTION = """## Language server

`python scripts/bench_lsp.py --write-docs` starts `codesync serve` over stdio with a pygls client,
opens a generated ~1,000-line module of pandas/numpy calls (about a third of them stale for the
pinned target), then makes one-line edits one at a time and times each `didChange` until the
`publishDiagnostics` for that version (debounce set to 0 so it is not counted). First
diagnostics: from starting the server process to the first publish, with the knowledge database
already built (as after a first use). Memory: the server's resident set (`/proc`) after the edits.

For comparison (../shared/DESIGN.md): Pyright's language server, on an 891-line pandas/numpy module
on this machine, publishes 443 ms (median) after a one-line edit, 650–700 ms at p95, and its first
diagnostics 2.9–3.3 s after start.
"""
BUDGETS = {"median": 50.0, "p95": 150.0, "first": 1500.0, "rss": 300.0}
PYPROJECT = """[project]
name = "bench"

[tool.codesync]
target = { pandas = "2.0.0", numpy = "2.0.2" }
baseline = { pandas = "1.5.3", numpy = "1.24.0" }
"""
# Library calls, current and stale; each function body uses two of them.
CALLS = [
    "frame = pd.read_csv(path, sep=',')",
    "frame = frame.dropna(how='all')",
    "frame = frame.fillna(0)",
    "merged = pd.merge(frame, frame, on='key')",
    "joined = pd.concat([frame, frame], ignore_index=True)",
    "grouped = frame.groupby('key').sum()",
    "frame = frame.sort_values('key')",
    "values = np.asarray(frame.values)",
    "total = np.sum(values, axis=0)",
    "mean = np.mean(values)",
    "stacked = np.vstack([values, values])",
    "grid = np.linspace(0.0, 1.0, num=50)",
    "clipped = np.clip(values, 0, 1)",
    "frame = frame.append(frame)",
    "frame = pd.read_csv(path, squeeze=True)",
    "product = np.product(values)",
    "mask = np.in1d(values, [1, 2])",
]
STALE = CALLS[-4:]  # stale for the pinned target (each gives a finding)
EDIT_LINE_PREFIX = "    limit = "
CASES = [  # (lines, dense, budgets that differ from BUDGETS)
    (1000, True, {}),
    (5000, True, {"median": 150.0, "p95": 300.0, "rss": 200.0}),
]


def generate(lines: int, dense: bool = False) -> str:
    """A module of ``lines`` lines; ``dense``: each function also makes a stale call."""
    out = ['"""Generated for the language-server benchmark."""', "", "import numpy as np",
           "import pandas as pd", "", ""]
    step = 0
    while len(out) < lines - (7 if dense else 6):
        out += [f"def step_{step}(path):", f"    {EDIT_LINE_PREFIX.strip()} {step}"]
        out += ["    " + CALLS[(step * 2 + k) % len(CALLS)] for k in range(2)]
        if dense:
            out.append("    " + STALE[step % len(STALE)])
        out += ["    return frame" if step % 2 else "    return None", ""]
        step += 1
    return "\n".join(out) + "\n"


class Bench:
    def __init__(self, workdir: Path, env: dict[str, str], server: list[str],
                 default_debounce: bool = False) -> None:
        self.workdir = workdir
        self.env = env
        self.server = server
        self.options = {"environmentPoll": 0} if default_debounce else \
            {"debounce": 0, "environmentPoll": 0}
        self.client = LanguageClient("codesync-bench", "1")
        self.published: dict[int, float] = {}
        self.counts = 0
        self._event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.version] = time.perf_counter()
            self.counts = len(params.diagnostics)
            self._event.set()

    async def wait(self, version: int) -> float:
        while version not in self.published:
            self._event.clear()
            await asyncio.wait_for(self._event.wait(), 60)
        return self.published[version]

    async def run(self, source: str, edits: int) -> dict[str, float]:
        uri, first, first_cpu = await self.start(source)
        findings = self.counts
        latencies = await self._edit(uri, source, edits)
        line_latencies = await self._edit_lines(uri, source, edits, len(latencies) + 2)
        rss, peak = memory(self.client._server.pid)
        await self.stop()
        return {"first": first, "first_cpu": first_cpu, "median": statistics.median(latencies),
                "p95": percentile(latencies, 95), "rss": rss, "peak": peak,
                "lines_median": statistics.median(line_latencies),
                "lines_p95": percentile(line_latencies, 95),
                "findings": findings, "edits": len(latencies)}

    async def first_only(self, source: str) -> tuple[float, float]:
        """Start, first diagnostics, stop: (wall ms, server CPU ms)."""
        _, first, first_cpu = await self.start(source)
        await self.stop()
        return first, first_cpu

    async def start(self, source: str) -> tuple[str, float, float]:
        """Start the server and open the module: its uri, the wall time from starting the
        process to the first publish and the server's CPU time by then (both ms)."""
        started = time.perf_counter()
        await self.client.start_io(*self.server, env=self.env)
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=self.workdir.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=self.workdir.as_uri(), name="bench")],
            initialization_options={"codesync": self.options}))
        self.client.initialized(types.InitializedParams())
        path = self.workdir / "module.py"
        uri = path.as_uri()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                                 text=source)))
        first = (await self.wait(1) - started) * 1000
        return uri, first, cpu_ms(self.client._server.pid)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def _edit(self, uri: str, source: str, edits: int) -> list[float]:
        lines = source.splitlines()
        targets = [i for i, line in enumerate(lines) if line.startswith(EDIT_LINE_PREFIX)]
        latencies = []
        for n in range(edits + 3):  # the first three warm up
            version = n + 2
            line = targets[(n * 7) % len(targets)]
            old = lines[line]
            lines[line] = f"{EDIT_LINE_PREFIX}{version}"
            ast.parse("\n".join(lines))  # every edit leaves the module parseable
            sent = time.perf_counter()
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=line, character=0),
                                      end=types.Position(line=line, character=len(old))),
                    text=lines[line])]))
            received = await self.wait(version)
            if n >= 3:
                latencies.append((received - sent) * 1000)
        return latencies


    async def _edit_lines(self, uri: str, source: str, edits: int, last: int) -> list[float]:
        """Edits that add or remove a line: a line added inside a function (Enter pressed,
        then a statement typed), then that line deleted, in turn."""
        lines = source.splitlines()
        targets = [i for i, line in enumerate(lines) if line.startswith(EDIT_LINE_PREFIX)]
        latencies, added = [], None
        for n in range(edits + 3):
            version = last + n + 1
            if added is None:
                added = targets[(n * 7) % len(targets)] + 1
                lines.insert(added, f"{EDIT_LINE_PREFIX}{version}")
                change = (added, added, lines[added] + "\n")
            else:
                del lines[added]
                change, added = (added, added + 1, ""), None
            ast.parse("\n".join(lines))  # every edit leaves the module parseable
            sent = time.perf_counter()
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=change[0], character=0),
                                      end=types.Position(line=change[1], character=0)),
                    text=change[2])]))
            received = await self.wait(version)
            if n >= 3:
                latencies.append((received - sent) * 1000)
        return latencies


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a running process so far, in ms (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process in MB (Linux /proc)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(value.split()[0]) / 1024
    except OSError:
        return float("nan"), float("nan")
    return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))


def prepare(tmp: Path, installed: bool, cache: Path | None = None,
            knowledge: Path | None = None, bytecode: bool = True) -> dict[str, str]:
    """The server's environment: an empty private user cache (or ``cache``). From this
    checkout, the shipped database is built into it first (as an editable install does once);
    an installed wheel (``--codesync``) carries its database and is measured from the empty
    cache as it is. ``bytecode``: modules are compiled into a private folder (the checkout's
    first, as ``pip install`` compiles a package), even where PYTHONDONTWRITEBYTECODE is set;
    else every start compiles the checkout's modules again."""
    env = {**os.environ, "CODESYNC_CACHE": str(cache or tmp / "cache")}
    env.pop("CODESYNC_KNOWLEDGE", None)
    if knowledge is not None:
        env["CODESYNC_KNOWLEDGE"] = str(knowledge)
    if not installed:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "server"), os.environ.get("PYTHONPATH", "")])
        if bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "server" / "codesync")],
                           env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-c",
                        "from codesync.knowledge.store import open_knowledge; open_knowledge()"],
                       env=env, check=True)
    return env


def clear_start_caches(env: dict[str, str]) -> None:
    """Empty what a first start keeps on disk for later ones (class members and the like)."""
    saved = os.environ.get("CODESYNC_CACHE")
    os.environ["CODESYNC_CACHE"] = env["CODESYNC_CACHE"]
    try:
        from codesync.locations import class_members_dir

        shutil.rmtree(class_members_dir(), ignore_errors=True)
    except ImportError:  # a tree from before these caches (measured for comparison)
        pass
    finally:
        if saved is None:
            os.environ.pop("CODESYNC_CACHE", None)
        else:
            os.environ["CODESYNC_CACHE"] = saved


def table(result: dict[str, float], lines: int, calls: int,
          budgets: dict[str, float] | None = None) -> str:
    budgets = {**BUDGETS, **(budgets or {})}

    def row(name: str, key: str, unit: str, budget: float) -> str:
        value = result[key]
        verdict = "ok" if value <= budget else "**over**"
        return f"| {name} | {value:.0f} {unit} | ≤ {budget:.0f} {unit} | {verdict} |"

    return "\n".join([
        f"Module: {lines} lines, {calls} library calls, {result['findings']} findings; "
        f"{result['edits']} one-line edits (and as many adding or removing a line), debounce {result['debounce']}. Machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {_load()}, Python {platform.python_version()}.",
        "",
        "| Measure | Result | Budget | |",
        "|---|---|---|---|",
        row("didChange → publishDiagnostics, median", "median", "ms", budgets["median"]),
        row("didChange → publishDiagnostics, p95", "p95", "ms", budgets["p95"]),
        row("an edit adding or removing a line, median", "lines_median", "ms",
            budgets["median"]),
        row("an edit adding or removing a line, p95", "lines_p95", "ms", budgets["p95"]),
        row("start → first diagnostics", "first", "ms", budgets["first"]),
        f"| … the server's CPU time by then | {result['first_cpu']:.0f} ms | | |",
        f"| … the first start after the database is built (on-disk caches empty) | "
        f"{result['first_cold']:.0f} ms ({result['first_cold_cpu']:.0f} ms CPU) | | |",
        row("resident memory after the edits", "rss", "MB", budgets["rss"]),
        f"| peak resident memory | {result['peak']:.0f} MB | | |",
    ])


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "n/a"


def write_docs(text: str) -> None:
    """The table between the lsp markers in docs/benchmarks.md (the section made if absent)."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if BEGIN not in current:
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(current.rstrip() + "\n\n" + SECTION + f"\n{BEGIN}\n{END}\n",
                        encoding="utf-8")
    update_section("lsp", "Language server", text, DOCS)


def profile(source: str, workdir: Path, env: dict[str, str]) -> None:
    os.environ.update({k: env[k] for k in ("CODESYNC_CACHE", "CODESYNC_KNOWLEDGE") if k in env})
    from codesync.project import Project

    project = Project.for_path(workdir)
    project.check_source(source, "module.py", with_fixes=False)
    runs = []
    for _ in range(10):
        began = time.perf_counter()
        project.check_source(source, "module.py", with_fixes=False)
        runs.append((time.perf_counter() - began) * 1000)
    print(f"\nProject.check_source in-process: median {statistics.median(runs):.1f} ms\n")
    profiler = cProfile.Profile()
    profiler.enable()
    project.check_source(source, "module.py", with_fixes=False)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--dense", action="store_true",
                        help="a stale call in every function (over 100 findings per 1,000 lines)")
    parser.add_argument("--cases", action="store_true",
                        help="the 1,000-line dense module, then a 5,000-line one")
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cache", type=Path, default=None,
                        help="a user cache with the knowledge database built already")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="the text form to use (default: the checkout's knowledge/api; a "
                             "copy holds still while others re-extract the checkout's)")
    parser.add_argument("--default-debounce", action="store_true",
                        help="keep the server's default (automatic) debounce instead of 0")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="start the checkout's server without compiled modules (each "
                             "start compiles them, as where PYTHONDONTWRITEBYTECODE is set)")
    parser.add_argument("--codesync", default=None, metavar="EXE",
                        help="measure an installed `codesync` (e.g. a fresh wheel install's) "
                             "from an empty user cache")
    args = parser.parse_args()
    cases = CASES if args.cases else [(args.lines, args.dense, {})]
    texts, ok = [], True
    with tempfile.TemporaryDirectory(prefix="codesync-bench-") as tmp:
        tmp_path = Path(tmp)
        env = prepare(tmp_path, installed=args.codesync is not None, cache=args.cache,
                      knowledge=args.knowledge, bytecode=not args.no_bytecode)
        for lines, dense, budgets in cases:
            text, passed = run_case(args, tmp_path, env, lines, dense, budgets)
            texts.append(text)
            ok = ok and passed
    if args.write_docs:
        key, title = ("speed-lsp", "Language server: incremental checks") if args.cases \
            else ("lsp", "Language server")
        if args.cases:
            update_section(key, title, "\n\n".join(texts), DOCS)
        else:
            write_docs(texts[0])
        print(f"\nwritten to {DOCS.relative_to(ROOT)}")
    return 0 if ok else 1


def run_case(args, tmp_path: Path, env: dict[str, str], lines: int, dense: bool,
             budgets: dict[str, float]) -> tuple[str, bool]:
    source = generate(lines, dense)
    calls = sum(isinstance(node, ast.Call) for node in ast.walk(ast.parse(source)))
    workdir = tmp_path / f"project-{lines}-{int(dense)}"
    workdir.mkdir()
    (workdir / "pyproject.toml").write_text(PYPROJECT)
    (workdir / "module.py").write_text(source)
    server = [args.codesync, "serve"] if args.codesync else \
        [sys.executable, "-m", "codesync.cli", "serve"]
    # a first use (untimed): what it compiles and imports is there for the starts measured
    subprocess.run([*server[:-1], "check", str(workdir / "module.py")], env=env, cwd=workdir,
                   stdout=subprocess.DEVNULL, check=False)
    clear_start_caches(env)
    cold = Bench(workdir, env, server, default_debounce=args.default_debounce)
    first_cold, first_cold_cpu = asyncio.run(cold.first_only(source))
    bench = Bench(workdir, env, server, default_debounce=args.default_debounce)
    result = asyncio.run(bench.run(source, args.edits))
    result |= {"first_cold": first_cold, "first_cold_cpu": first_cold_cpu}
    result["debounce"] = "automatic (the default)" if args.default_debounce else "0"
    text = table(result, len(source.splitlines()), calls, budgets)
    print(text)
    if args.profile:
        profile(source, workdir, env)
    limits = {**BUDGETS, **budgets}
    limits |= {"lines_median": limits["median"], "lines_p95": limits["p95"]}
    return text, all(result[k] <= limits[k] for k in limits)


if __name__ == "__main__":
    sys.exit(main())
