"""Numbers of a coverage build, for the "Scale" section of docs/benchmarks.md.

    python scripts/bench_coverage.py BUILD.log --wall-seconds S [--write-docs]

BUILD.log is what ``scripts/build_knowledge.py`` printed (one line per release, then the
failures and the counts). Reports the releases stored and failed (with reasons), the wall
time given, the size of the coverage list's text form and of the runtime database built from
all of ``knowledge/api`` (and that database deflated, as a wheel stores it), and the latency
of random signature lookups through that database.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402
from bench_scale import coverage_names  # noqa: E402
from codesync.knowledge.store import Knowledge, build_database  # noqa: E402

API = ROOT / "knowledge" / "api"
LINE = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+?)(?: \(attempt \d+\))?: (FAILED \((.*)\)|\d+ APIs)")


def read_log(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    stored, failed = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = LINE.match(line.strip().lstrip("\r"))
        if match:
            name = f"{match.group(1)}=={match.group(2)}"
            if match.group(4) is not None:
                failed.append((name, match.group(4)))
            else:
                stored.append(name)
    return stored, failed


def text_bytes(names: list[str]) -> int:
    return sum(p.stat().st_size for n in names for p in (API / n).glob("*") if p.is_file())


def gzipped(names: list[str]) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 6))
               for n in names for p in (API / n).glob("*") if p.is_file())


def lookups(db: Path, samples: int = 2000) -> tuple[float, float]:
    knowledge = Knowledge(db)
    rows = knowledge.db.execute(
        "SELECT e.dist, e.path, r.version FROM shipped.exports e JOIN shipped.releases r "
        "ON r.dist = e.dist AND r.key BETWEEN e.first_key AND e.last_key "
        "ORDER BY random() LIMIT ?", (samples,)).fetchall()
    timings = []
    for dist, path, version in rows:
        knowledge.export.cache_clear()
        knowledge.definition.cache_clear()
        started = time.perf_counter()
        knowledge.definition(dist, version, knowledge.export(dist, version, path))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--wall-seconds", type=float, required=True)
    parser.add_argument("--wheel", type=Path, default=None,
                        help="a wheel built from this checkout, to state its size")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    stored, failed = read_log(args.log)
    names = [n for n in coverage_names() if (API / n / "releases.json").exists()]
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "knowledge.db"
        build_database([API], db)
        data = db.read_bytes()
        median, p95 = lookups(db)
    all_text = sum(p.stat().st_size for p in API.rglob("*") if p.is_file())
    reasons = "; ".join(f"{name} ({reason.strip()})" for name, reason in failed) or "none"
    text = "\n".join([
        "The coverage list's build: `nice -n 19 python scripts/build_knowledge.py --jobs 1 "
        "...` (one worker process, on the shared 2-core machine).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| distributions built | {len(names)} |",
        f"| releases stored / failed | {len(stored)} / {len(failed)} |",
        f"| wall time | {args.wall_seconds / 60:.0f} min ({len(stored) / args.wall_seconds:.2f} "
        f"releases/s) |",
        f"| text form of these distributions | {text_bytes(names) / 2**20:.1f} MiB |",
        f"| text form of all of knowledge/api | {all_text / 2**20:.1f} MiB |",
        f"| runtime database built from it | {len(data) / 2**20:.1f} MiB, "
        f"{len(zlib.compress(data, 6)) / 2**20:.1f} MiB deflated (as in the wheel) |",
        *([f"| the wheel (`pip wheel . --no-deps`), budget 40 MiB | "
           f"{args.wheel.stat().st_size / 2**20:.1f} MiB |"] if args.wheel else []),
        f"| one signature lookup (export + definition, cold cache) | {median:.3f} ms median, "
        f"{p95:.3f} ms p95 (2,000 random lookups) |",
        "",
        f"Failed releases (reported by the build, with their reason): {reasons}.",
        "",
        f"The new text is {gzipped(names) / 2**20:.1f} MiB gzipped (what git stores, about). "
        "The committed text form as a whole is now past the 100 MB line of the knowledge "
        "engine's table; the binding budget, the wheel's, holds.",
    ])
    print(text)
    if args.write_docs:
        update_section("scale-coverage", "Scale: the coverage build", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
