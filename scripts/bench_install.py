"""Measure what a new user meets first and write it to docs/benchmarks.md ("Install and first
run"): the figures the README, docs/editors.md and the VS Code README quote.

    python scripts/bench_install.py [--write-docs]

* the wheel (``pip wheel .`` with build isolation, the knowledge database prebuilt inside it):
  its size and build time;
* the wheel installed into a fresh virtual environment: the first ``codesync check`` of the
  README's example with an empty user cache;
* an editable install's first run: building the knowledge database from the checkout's text
  into an empty user cache (what ``codesync check`` and the language server do once).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402

MIB = 1024 * 1024
FIRST_CHECKS = 5
BUILD_CHILD = """
import sys, time
sys.path.insert(0, {server!r})
from codesync.knowledge.shipped import database_for_text
from codesync.locations import shipped_text_root
started = time.perf_counter()
database_for_text(shipped_text_root())
print(time.perf_counter() - started)
"""


def _clean_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CODESYNC_") and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "CODESYNC_CACHE": str(cache)}


def measure_wheel(work: Path) -> dict[str, float]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                    "-w", str(work / "dist")], check=True)  # build isolation, as a user gets
    built = time.perf_counter() - started
    wheel = next((work / "dist").glob("codesync_lsp-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True)
    example = ROOT / "examples" / "stale_project"
    first_checks, cpu = [], []
    for run in range(FIRST_CHECKS):  # each with an empty user cache of its own
        started, used = time.perf_counter(), _children_cpu()
        done = subprocess.run([str(bin_dir / "codesync"), "check", str(example)], cwd=work,
                              env=_clean_env(work / f"cache{run}"), capture_output=True,
                              text=True)
        first_checks.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - used)
    findings = sum(1 for line in done.stdout.splitlines() if ": CS" in line)
    return {"size": wheel.stat().st_size / MIB, "build": built,
            "first_check": statistics.median(first_checks),
            "first_check_cpu": statistics.median(cpu), "findings": findings}


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far: unlike wall
    time, not inflated when other work shares the cores."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_first_run(work: Path, runs: int, knowledge: Path | None = None
                      ) -> tuple[list[float], list[float]]:
    """Seconds (wall, and CPU of the whole process) to build the knowledge database into an
    empty cache, in a fresh process; from ``knowledge`` (a text-form folder held still while
    others re-extract the checkout's) when given."""
    times, cpu = [], []
    for run in range(runs):
        child = BUILD_CHILD.format(server=str(ROOT / "server"))
        env = _clean_env(work / f"c{run}")
        if knowledge is not None:
            env["CODESYNC_KNOWLEDGE"] = str(knowledge)
        used = _children_cpu()
        out = subprocess.run([sys.executable, "-c", child], env=env,
                             check=True, capture_output=True, text=True).stdout
        cpu.append(_children_cpu() - used)
        times.append(float(out.strip().splitlines()[-1]))
    return times, cpu


def render(wheel: dict[str, float], first_run: list[float], first_run_cpu: list[float]) -> str:
    low, high = min(first_run), max(first_run)
    spread = f"{low:.0f} s" if round(low) == round(high) else f"{low:.0f}–{high:.0f} s"
    return "\n".join([
        "| measure | budget | measured |",
        "|---|---|---|",
        f"| wheel size (knowledge database and model adapter inside) | ≤ 40 MB | "
        f"{wheel['size']:.1f} MiB |",
        f"| building the wheel (`pip wheel .`) | | {wheel['build']:.0f} s |",
        f"| installed wheel, empty user cache: first `codesync check examples/stale_project` "
        f"({wheel['findings']} findings; median of {FIRST_CHECKS}) | ≤ 2 s | "
        f"{wheel['first_check']:.2f} s ({wheel['first_check_cpu']:.2f} s of CPU) |",
        f"| editable install, first run: knowledge database built into the user cache "
        f"({len(first_run)} runs) | | {spread} ({statistics.median(first_run_cpu):.0f} s of CPU) |",
        "",
        "The editable install builds that database once per content of `knowledge/api` (the "
        "CLI shows a progress bar, the language server `$/progress`); an installed wheel "
        "never does. Measured on the 2-core development machine at a load average of "
        f"{os.getloadavg()[0]:.1f} (where others share it, wall times grow and CPU times "
        "do not).",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="first-run builds to time")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--first-run-only", action="store_true",
                        help="time only the editable first run (no wheel; nothing written)")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="with --first-run-only: the text form to build from")
    args = parser.parse_args()
    if args.first_run_only:
        with tempfile.TemporaryDirectory(prefix="codesync-install-") as folder:
            times, cpu = measure_first_run(Path(folder), args.runs, args.knowledge)
        for wall, used in zip(times, cpu):
            print(f"editable first run: {wall:.1f} s wall, {used:.1f} s CPU (all processes), "
                  f"load average {os.getloadavg()[0]:.1f}")
        return 0
    with tempfile.TemporaryDirectory(prefix="codesync-install-") as folder:
        work = Path(folder)
        wheel = measure_wheel(work)
        first_run, first_run_cpu = measure_first_run(work, args.runs)
    text = render(wheel, first_run, first_run_cpu)
    print(text)
    if args.write_docs:
        update_section("install", "Install and first run", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
