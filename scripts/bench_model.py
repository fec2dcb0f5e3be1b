"""Time and memory of model rewrites, as the editor runs them (logic: codesync.model).

    python scripts/bench_model.py [--gguf PATH] [--adapter PATH | --no-adapter] [--data DIR]
                                  [--limit N] [--json OUT]

Runs the rewriter (prompt, up to three candidates, the proof) on the structural cases and
on held-out samples, and reports the median seconds per proven rewrite, per attempt, the
model's load time, and the process's resident memory before and after loading the model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync.config import Settings  # noqa: E402
from codesync.model.locate import ModelSpec, resolve, shipped_adapter  # noqa: E402
from codesync.model.rewrite import Rewriter, eligible  # noqa: E402
from codesync.project import Project  # noqa: E402
from codesync_build.dataset import read_sft  # noqa: E402
from codesync_build.evaluate import spread_by_api, structural_cases  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cases(data: Path | None, limit: int) -> list[dict]:
    """Structural cases, then held-out samples (as code, versions and the line)."""
    items = [{"code": c["code"], "target": c["target"], "baseline": c["baseline"],
              "line": c["line"]} for c in structural_cases()]
    if data is not None:
        for sample in spread_by_api(read_sft(data, "eval"))[:limit]:  # as the evaluation does
            line = sample["code"].splitlines().index(next(
                ln for ln in sample["code"].splitlines() if sample["legacy"] in ln)) + 1
            items.append({"code": sample["code"], "line": line,
                          "target": {sample["distribution"]: sample["target"]},
                          "baseline": {sample["distribution"]: sample["baseline"]}})
    return items


def run(spec: ModelSpec, items: list[dict]) -> dict:
    root = Path(tempfile.mkdtemp(prefix="codesync-bench-"))
    projects: dict[str, Project] = {}
    first = Project(root, Settings(target=items[0]["target"], baseline=items[0]["baseline"]))
    first.check_source(items[0]["code"], "case.py")  # knowledge and checker in memory first
    before = rss_mb()
    rewriter = Rewriter()
    started = time.monotonic()
    rewriter.generator(spec)
    load = time.monotonic() - started
    loaded = rss_mb()
    proven, attempts = [], []
    for item in items:
        key = json.dumps([item["target"], item["baseline"]], sort_keys=True)
        project = projects.setdefault(key, Project(root, Settings(target=item["target"],
                                                                  baseline=item["baseline"])))
        findings = [f for f in project.check_source(item["code"], "case.py").findings
                    if f.line == item["line"] and eligible(f)]
        if not findings:
            continue
        outcome = rewriter.rewrite(spec, project, item["code"], "case.py", findings[0])
        attempts.append(outcome.seconds)
        if outcome.fixes:
            proven.append(outcome.seconds)
    return {"model": spec.label, "rewrites": len(attempts), "proven": len(proven),
            "median_s_per_proven": _median(proven), "median_s_per_attempt": _median(attempts),
            "load_s": round(load, 2), "rss_mb_before_model": round(before),
            "rss_mb_model_loaded": round(loaded), "rss_mb_after": round(rss_mb())}


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gguf", default=None)
    parser.add_argument("--adapter", type=Path, default=None)
    parser.add_argument("--no-adapter", action="store_true")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    base = resolve(True, args.gguf)
    adapter = None if args.no_adapter else (args.adapter or shipped_adapter())
    result = run(ModelSpec(base.base, adapter, base.assemble), cases(args.data, args.limit))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
