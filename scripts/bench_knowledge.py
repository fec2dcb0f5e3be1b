"""Measure the knowledge engine's budgets and write them to docs/benchmarks.md.

    python scripts/bench_knowledge.py [--release pandas==2.2.3] [--write-docs]

* extraction of one release (fetch excluded: the file is downloaded first), wall time and
  peak resident memory of the process that extracts it;
* size of the committed knowledge (on disk, and compressed as git stores it);
* latency of one signature lookup (export + definition) through the runtime database.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402
from codesync.knowledge.store import open_knowledge  # noqa: E402
from codesync.locations import shipped_text_root  # noqa: E402

EXTRACT_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {server!r})
from codesync.engine.fetch import fetch_sources
from codesync.engine.release import build_snapshot
sources, name = fetch_sources({dist!r}, {version!r})
started = time.perf_counter()
snapshot = build_snapshot(sources, {imports!r})
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "files": len(sources),
                  "apis": len(snapshot.exports), "file": name}}))
"""


def measure_extraction(dist: str, version: str, imports: list[str], runs: int) -> dict:
    results = []
    for _ in range(runs):
        code = EXTRACT_CHILD.format(server=str(ROOT / "server"), dist=dist, version=version,
                                    imports=imports)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    best["median_seconds"] = statistics.median(r["seconds"] for r in results)
    best["peak_mb"] = max(r["peak_mb"] for r in results)
    return best


def measure_size(root: Path) -> dict:
    files = [p for p in root.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    compressed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    per_dist = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        per_dist[folder.name] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"files": len(files), "raw_mb": raw / 2**20, "compressed_mb": compressed / 2**20,
            "largest": sorted(per_dist.items(), key=lambda kv: -kv[1])[:5]}


def measure_lookups(samples: int) -> dict:
    started = time.perf_counter()
    knowledge = open_knowledge()
    open_seconds = time.perf_counter() - started
    rows = knowledge.db.execute(
        "SELECT e.dist, e.path, r.version FROM shipped.exports e JOIN shipped.releases r "
        "ON r.dist = e.dist AND r.key BETWEEN e.first_key AND e.last_key "
        "ORDER BY random() LIMIT ?", (samples,)).fetchall()
    random.shuffle(rows)
    timings = []
    for dist, path, version in rows:
        knowledge.export.cache_clear()
        knowledge.definition.cache_clear()
        t0 = time.perf_counter()
        canonical = knowledge.export(dist, version, path)
        knowledge.definition(dist, version, canonical)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {"samples": len(timings), "median_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95) - 1], "open_seconds": open_seconds}


def render(extraction: dict, size: dict, lookups: dict, release: str) -> str:
    largest = ", ".join(f"{name} {mb / 2**20:.1f} MB" for name, mb in size["largest"])
    return "\n".join([
        "| measure | budget | measured |",
        "|---|---|---|",
        f"| extract one release ({release}, {extraction['files']} files, {extraction['apis']} "
        f"public APIs) | ≤ 10 s | {extraction['seconds']:.1f} s (median of runs "
        f"{extraction['median_seconds']:.1f} s) |",
        f"| peak memory of that extraction | ≤ 300 MB | {extraction['peak_mb']:.0f} MB |",
        f"| committed knowledge, all distributions | ≤ 100 MB | {size['raw_mb']:.1f} MB on disk, "
        f"{size['compressed_mb']:.1f} MB compressed ({size['files']} files) |",
        f"| one signature lookup (export + definition, cold cache) | ≤ 1 ms median | "
        f"{lookups['median_ms']:.3f} ms median, {lookups['p95_ms']:.3f} ms p95 "
        f"({lookups['samples']} random lookups) |",
        f"| open the knowledge database (built on first use) | | {lookups['open_seconds']:.2f} s |",
        "",
        f"Largest distributions: {largest}.",
    ])


def update_docs(text: str) -> None:
    update_section("knowledge", "Knowledge engine", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", default="pandas==2.2.3")
    parser.add_argument("--imports", default=None, help="import names (default: the dist name)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    dist, _, version = args.release.partition("==")
    imports = args.imports.split(",") if args.imports else [dist.replace("-", "_")]
    extraction = measure_extraction(dist, version, imports, args.runs)
    size = measure_size(shipped_text_root())
    lookups = measure_lookups(args.samples)
    text = render(extraction, size, lookups, args.release)
    print(text)
    if args.write_docs:
        update_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
