"""Throughput of a knowledge build on each engine, and a projection for a cluster.

    python scripts/bench_scale.py [--releases 200] [--nodes 32] [--cpus-per-node 2] [--write-docs]

The releases are the first of each distribution of the coverage list (the generated block of
knowledge/libraries.toml), taken round-robin until ``--releases``. A warm-up build fills the
download cache first, so every timed build reads the release files from disk; each task still
asks the index for the project's listing. The same releases are then built into fresh folders
with the local pool at 1 and 2 processes and with a local Ray of 2 CPUs (its start is timed
apart), and the three text forms are compared (modulo each release's ``seconds``).

Projection for N nodes of C CPUs, from the per-task times t_i measured on the 1-process build
(fetch from the cache + listing + extraction, in the worker) and the Ray overhead per task
o = (2 x Ray wall - sum t_i) / n measured here:

    wall(N x C) = max(LPT makespan of {t_i + o} on N x C slots, writer seconds) + Ray start

LPT: longest task first onto the least loaded slot. The single writer (this process, merging
snapshots into the text form) is serial: it bounds the speed-up. Downloads are assumed to
scale with the nodes (each node fetches its own releases).
"""

from __future__ import annotations

import argparse
import heapq
import io
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402
from codesync.engine.build import Job, KnowledgeBuilder  # noqa: E402

BEGIN = "# --- coverage list"
SECONDS = re.compile(rb'"seconds": [0-9.]+')


def coverage_names() -> list[str]:
    text = (ROOT / "knowledge" / "libraries.toml").read_text(encoding="utf-8")
    block = text.split(BEGIN, 1)[1] if BEGIN in text else text
    return re.findall(r"^\[distributions\.([^\]]+)\]", block, re.M)


def choose_releases(count: int, work: Path) -> list[str]:
    """``count`` planned releases, round-robin over the coverage list's distributions."""
    builder = KnowledgeBuilder(root=work / "plan", stream=io.StringIO())
    per_dist: list[list[Job]] = [builder.plan([name])[0] for name in coverage_names()]
    chosen: list[str] = []
    while len(chosen) < count and any(per_dist):
        for jobs in per_dist:
            if jobs and len(chosen) < count:
                job = jobs.pop(0)
                chosen.append(f"{job.distribution}=={job.version}")
    return chosen


def build(requests: list[str], root: Path, engine: str, jobs: int) -> dict:
    builder = KnowledgeBuilder(root=root, jobs=jobs, engine=engine, stream=io.StringIO())
    started = time.perf_counter()
    results = builder.run(requests)
    wall = time.perf_counter() - started
    return {"wall": wall, "results": results, "writer": builder.write_seconds,
            "failed": sum(r.info.status == "failed" for r in results)}


def text_form(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): SECONDS.sub(b"", p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


def lpt_makespan(times: list[float], slots: int) -> float:
    loads = [0.0] * slots
    for t in sorted(times, reverse=True):
        heapq.heapreplace(loads, loads[0] + t)
    return max(loads)


def run_ray(requests: list[str], root: Path) -> dict:
    import ray

    started = time.perf_counter()
    from codesync.engine.executors import runtime_env

    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="ERROR",
             runtime_env=runtime_env())
    ray.get(ray.remote(lambda: 0).remote())  # a worker is up
    start = time.perf_counter() - started
    try:
        measured = build(requests, root, "ray", 2)
    finally:
        ray.shutdown()
    measured["start"] = start
    return measured


ENGINES = {
    "local, 1 process": lambda requests, root: build(requests, root, "local", 1),
    "local, 2 processes": lambda requests, root: build(requests, root, "local", 2),
    "Ray, local, 2 CPUs": lambda requests, root: run_ray(requests, root),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=32)
    parser.add_argument("--cpus-per-node", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2,
                        help="builds per engine, interleaved; the fastest counts")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        requests = choose_releases(args.releases, work)
        print(f"{len(requests)} releases; warming the download cache", file=sys.stderr)
        build(requests, work / "warm", "local", 2)
        runs: dict[str, dict] = {}
        for round_ in range(args.repeat):
            for label, measure in ENGINES.items():
                run = measure(requests, work / f"{label}-{round_}".replace(" ", "_"))
                print(f"{label}: {run['wall']:.1f}s", file=sys.stderr)
                if label not in runs or run["wall"] < runs[label]["wall"]:
                    runs[label] = run
        identical = len({repr(text_form(folder)) for folder in work.iterdir()
                         if folder.name not in ("plan", "warm")}) == 1
        text = report(requests, runs, identical, args.nodes, args.cpus_per_node, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(text)
    if args.write_docs:
        update_section("scale", "Scale", text)
    return 0


def report(requests: list[str], runs: dict, identical: bool, nodes: int, cpus: int,
           repeat: int) -> str:
    serial = runs["local, 1 process"]
    tasks = [r.info.seconds for r in serial["results"] if r.info.status != "failed"]
    n = len(serial["results"])
    on_ray = runs["Ray, local, 2 CPUs"]
    overhead = max(0.0, (2 * on_ray["wall"] - sum(tasks)) / max(1, n))
    slots = nodes * cpus
    makespan = lpt_makespan([t + overhead for t in tasks], slots)
    projected = max(makespan, serial["writer"]) + on_ray["start"]
    dists = len({r.split("==")[0] for r in requests})
    lines = [
        f"{n} releases of {dists} distributions from the coverage list (round-robin; "
        f"downloads cached by a warm-up build, listings asked of the index per task); "
        f"2-core machine shared with other work (the fastest of {repeat} interleaved builds "
        f"per engine). Text forms of all builds "
        f"{'byte-identical' if identical else 'DIFFERENT'} (each release's `seconds` aside).",
        "",
        "| engine | wall s | releases/s | failed | writer s |",
        "|---|---|---|---|---|",
    ]
    for label, run in runs.items():
        lines.append(f"| {label} | {run['wall']:.1f} | {n / run['wall']:.2f} | {run['failed']} | "
                     f"{run['writer']:.1f} |")
    tasks_sorted = sorted(tasks)
    lines += [
        "",
        f"Ray start (local, 2 CPUs, first worker up): {on_ray['start']:.1f} s, not in the wall "
        f"time above. Per-task seconds (1 process): median "
        f"{tasks_sorted[len(tasks_sorted) // 2]:.2f}, max {max(tasks):.2f}, sum {sum(tasks):.1f}; "
        f"Ray overhead per task o = {overhead:.2f} s.",
        "",
        f"Projection for {nodes} nodes x {cpus} CPUs ({slots} slots): "
        f"max(LPT makespan of t_i + o = {makespan:.1f} s, writer {serial['writer']:.1f} s) "
        f"+ start {on_ray['start']:.1f} s = **{projected:.1f} s** for these {n} releases "
        f"({n / projected:.1f} releases/s; the serial writer and the longest task bound it). "
        f"At the measured mean task time, {slots} slots process "
        f"{slots / (sum(tasks) / len(tasks) + overhead):.0f} releases/s before the writer "
        f"({n / max(serial['writer'], 1e-9):.0f} releases/s here) becomes the limit.",
    ]
    return "\n".join(lines + ["", f"Load average while measuring: {os.getloadavg()[0]:.1f}.",
                              "", CLUSTER_HOWTO])


CLUSTER_HOWTO = """\
On a cluster (`pip install 'codesync-lsp[scale]'` on every node; `ray start --head` on one,
`ray start --address HEAD:6379` on the others), from a checkout on the head node:
`python scripts/build_knowledge.py --engine ray --address auto` (or `codesync knowledge
add|update ... --engine ray --address HEAD:6379`). Each release is one task (fetch, extract,
return the snapshot); the codesync package travels to the workers with the job, downloads
land in each node's own cache, and only the process that started the build writes the text
form. Failed releases are listed at the end with their reason and attempts."""


if __name__ == "__main__":
    sys.exit(main())
