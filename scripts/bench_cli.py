"""Measure `codesync check` on the sources of two large wheels (scikit-learn and matplotlib).

    python scripts/bench_cli.py [--jobs N ...] [--python PATH] [--cache DIR] [--knowledge DIR]
                                [--write-docs]

Downloads the two wheels with pip (its configured index; no dependencies, binary only) into
the user cache (``<cache>/bench-cli``), unpacks their ``.py`` files, and runs ``codesync check
--format json`` on them once per ``--jobs`` value (default: 1 and the number of cores). Each
run must report findings, and every run the same output. The environment checked against
(``--python``, default this interpreter's) must hold the sources' main dependencies (numpy,
scipy): without them the checker skips their calls, and the figures would measure nothing. Reported: wall time, lines per
second (of wall and of CPU time: on a machine others share, CPU time says what a quiet one
would do), and the peak of the summed resident memory of the command and its workers (read from
/proc every 50 ms; a worker's child counts once it runs another program: before that it shares
the worker's memory), with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from _docs import update_section  # noqa: E402

WHEELS = ["scikit-learn", "matplotlib"]
DEPENDENCIES = ["numpy", "scipy"]  # what most of the sources' library calls target
DOCS = ROOT / "docs" / "benchmarks.md"
BUDGETS = {"lines_per_s": 100_000, "memory_mb": 300}


def sources(cache: Path) -> Path:
    """The wheels' Python files, unpacked once."""
    folder = cache / "bench-cli"
    tree = folder / "src"
    if tree.is_dir() and any(tree.rglob("*.py")):
        return tree
    wheels = folder / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "-d", str(wheels), *WHEELS], check=True, stdout=subprocess.DEVNULL)
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".py") and not name.startswith("/") and ".." not in name:
                    archive.extract(name, tree)
    return tree


def count_lines(tree: Path) -> tuple[int, int]:
    files = list(tree.rglob("*.py"))
    return len(files), sum(p.read_bytes().count(b"\n") for p in files)


class MemoryWatch(threading.Thread):
    """The peak of the summed resident memory of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, False

    def run(self) -> None:
        while not self.done:
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(0.05)


def _tree(pid: int) -> list[int]:
    """The process and its descendants, but for a worker's child that has not yet run
    another program: between ``vfork`` and ``exec`` (a worker's ``git`` call) it shares the
    worker's memory, and its resident size would count the worker twice."""
    found, stack = [], [(pid, None)]
    while stack:
        current, parent = stack.pop()
        if parent is not None and parent != pid and _exe(current) == _exe(parent):
            continue
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        stack.extend((int(c), current) for c in children)
    return found


def _exe(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def _rss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def missing_dependencies(python: str) -> list[str]:
    """The sources' main dependencies that the environment of ``python`` lacks."""
    probe = ("import importlib.metadata as m, sys\n"
             "for name in sys.argv[1:]:\n"
             "    try: m.version(name)\n"
             "    except m.PackageNotFoundError: print(name)\n")
    return subprocess.run([python, "-c", probe, *DEPENDENCIES], capture_output=True, text=True,
                          check=True).stdout.split()


def run(tree: Path, jobs: int, python: str, env: dict[str, str]) -> dict:
    load = os.getloadavg()[0]
    cpu = _children_cpu()
    began = time.perf_counter()
    command = [sys.executable, "-m", "codesync.cli", "check", "--format", "json",
               "--jobs", str(jobs), "--python", python, str(tree)]
    process = subprocess.Popen(command, env=env, cwd=tree, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    watch = MemoryWatch(process.pid)
    watch.start()
    out, _ = process.communicate()
    watch.done = True
    seconds = time.perf_counter() - began
    cpu = _children_cpu() - cpu
    report = json.loads(out)
    assert report["findings"], "the sources should give findings"
    return {"jobs": jobs, "seconds": seconds, "cpu": cpu, "memory_mb": watch.peak, "output": out,
            "findings": len(report["findings"]), "load": (load, os.getloadavg()[0])}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, action="append", default=None)
    parser.add_argument("--cache", type=Path, default=None,
                        help="user cache (the knowledge database built there is reused)")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="the text form to use (default: the checkout's knowledge/api)")
    parser.add_argument("--python", default=sys.executable,
                        help="the environment checked against (must hold numpy and scipy)")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    missing = missing_dependencies(args.python)
    if missing:
        parser.error(f"{args.python} lacks {', '.join(missing)}: install them there (the "
                     "sources' calls to them are what the check measures) or pass --python")
    from codesync.parallel_check import default_jobs

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "server"),
                                                        os.environ.get("PYTHONPATH", "")])}
    cache = args.cache or Path(tempfile.gettempdir()) / "codesync-bench-cli"
    env["CODESYNC_CACHE"] = str(cache)
    if args.knowledge:
        env["CODESYNC_KNOWLEDGE"] = str(args.knowledge)
    tree = sources(cache)
    files, lines = count_lines(tree)
    subprocess.run([sys.executable, "-c", "from codesync.knowledge.store import open_knowledge; "
                    "open_knowledge()"], env=env, check=True)  # the first-run build, not timed
    results = [run(tree, jobs, args.python, env) for jobs in args.jobs or [1, default_jobs()]]
    assert len({r["output"] for r in results}) == 1, "--jobs changed the output"
    rows = [f"| {r['jobs']} | {r['seconds']:.1f} s | {lines / r['seconds']:,.0f} | "
            f"{r['cpu']:.1f} s | {lines / r['cpu']:,.0f} | {r['memory_mb']:.0f} MB | "
            f"{r['findings']} | {r['load'][0]:.1f} → {r['load'][1]:.1f} |" for r in results]
    text = "\n".join([
        f"Sources of {' and '.join(WHEELS)} (latest wheels): {files} files, {lines:,} lines; "
        f"{os.cpu_count()} cores. Budget: ≥ {BUDGETS['lines_per_s']:,} lines/s on 2 cores, "
        f"≤ {BUDGETS['memory_mb']} MB in all.",
        "",
        "| --jobs | wall | lines/s | CPU (all processes) | lines per CPU-second | peak memory "
        "(all processes) | findings | load average |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
    ])
    print(text)
    if args.write_docs:
        update_section("speed-cli", "Command line: parallel check", text, DOCS)
    best = max(results, key=lambda r: lines / r["seconds"])
    return 0 if lines / best["seconds"] >= BUDGETS["lines_per_s"] and \
        best["memory_mb"] <= BUDGETS["memory_mb"] else 1


if __name__ == "__main__":
    sys.exit(main())
