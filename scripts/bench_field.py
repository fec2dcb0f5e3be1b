"""PCBench in field mode: the benchmark's releases arrive through --fetch, not the shipped data.

    python scripts/bench_field.py [--work DIR] [--library NAME ...] [--limit N] [--jobs N]
                                  [--write-docs]

The shipped knowledge is cut down to what the version policy keeps without the `extra`
releases that `knowledge/libraries.toml` names for the development benchmark (each
distribution's first and last release of every minor line since its `since` date, and its
newest). Every group of cases is then checked the way a user with `fetch = true` would check
it: through `Project`, with baseline = old_version and target = new_version, so each missing
release (baseline or target) is fetched from the package index into the user-local layer of
one cache shared by all groups. Reported: the same detection figures as
scripts/bench_pcbench.py, plus the releases fetched and the time spent fetching them.
Needs the package index; run it in the background (first run: tens of minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402
from bench_pcbench import DEFAULT_DATA, IMPORT_TO_DIST, is_error, load_cases, render, summarise  # noqa: E402


def policy_only_database(work: Path) -> tuple[Path, dict[str, list[str]]]:
    """The shipped database without the benchmark's extra releases, placed in the bench cache
    under the name the knowledge looks for; and the releases dropped per distribution."""
    from codesync.engine.build import published_versions
    from codesync.engine.policy import load_policies, select_versions
    from codesync.knowledge.shipped import database_for_text, fingerprint
    from codesync.locations import shipped_text_root

    text_root = shipped_text_root()
    target = work / "cache" / f"shipped-{fingerprint(text_root)}.db"
    full = database_for_text(text_root)  # in the bench cache (CODESYNC_CACHE points there)
    if full != target:
        raise SystemExit(f"unexpected shipped database {full}")
    reduced = target.with_suffix(".reduced")
    shutil.copy2(full, reduced)
    dropped: dict[str, list[str]] = {}
    conn = sqlite3.connect(reduced)
    stored = defaultdict(set)
    for dist, version in conn.execute("SELECT dist, version FROM releases"):
        stored[dist].add(version)
    for name, policy in load_policies().items():
        if not policy.extra:
            continue
        published = published_versions(name)
        policy.extra = []
        keep = set(select_versions(policy, published))
        gone = sorted(v for v in stored.get(name, set()) if v not in keep)
        if gone:
            # rows of other releases still cover exactly those releases: only the list shrinks
            conn.executemany("DELETE FROM releases WHERE dist=? AND version=?",
                             [(name, v) for v in gone])
            dropped[name] = gone
    conn.commit()
    conn.close()
    reduced.replace(target)
    return target, dropped


def prefetch(cases: list[dict], jobs: int) -> tuple[int, float, list[str]]:
    """Fetch the releases the cases name that the (reduced) knowledge lacks, in parallel."""
    from codesync.engine.build import KnowledgeBuilder
    from codesync.knowledge.store import open_knowledge

    knowledge = open_knowledge()
    wanted = sorted({f"{IMPORT_TO_DIST.get(c['library'], c['library'])}=={v}"
                     for c in cases for v in (c["old_version"], c["new_version"])})
    missing = [w for w in wanted if not knowledge.has_release(*w.split("=="))]
    started = time.perf_counter()
    results = KnowledgeBuilder(jobs=jobs).run(missing) if missing else []
    failed = [f"{r.job.distribution}=={r.job.version}: {r.info.reason}" for r in results
              if r.info.status == "failed"]
    return len(missing), time.perf_counter() - started, failed


def run(cases: list[dict], work: Path) -> dict:
    from codesync.config import Settings
    from codesync.project import Project

    groups: dict[tuple, list[dict]] = defaultdict(list)
    for case in cases:
        groups[(case["library"], case["old_version"], case["new_version"])].append(case)
    outcomes, unknown = [], []
    started = time.perf_counter()
    for (library, old, new), members in sorted(groups.items()):
        dist = IMPORT_TO_DIST.get(library, library)
        settings = Settings(target={dist: new}, baseline={dist: old}, fetch=True,
                            git_baselines=False)
        project = Project(work, settings)
        for case in members:
            report = project.check_source(case["code"], case["file"], with_fixes=False)
            errors = [f for f in report.findings if is_error(f)]
            outcomes.append({"case": case, "predicted": bool(errors), "findings": errors,
                             "syntax_error": report.syntax_error})
        unknown.extend(f"{dist} {v}" for v in (old, new)
                       if not project.knowledge.has_release(dist, v))
    return {"outcomes": outcomes, "seconds": time.perf_counter() - started,
            "unknown": sorted(set(unknown)), "repair": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=None, help="bench folder (default: temp)")
    parser.add_argument("--library", action="append", default=[])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2, help="parallel fetches")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="codesync-field-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["CODESYNC_CACHE"] = str(work / "cache")
    (work / "pyproject.toml").write_text("[tool.codesync]\n")
    cases = load_cases(args.data, set(args.library), args.limit)
    _, dropped = policy_only_database(work)
    count, seconds, failed = prefetch(cases, args.jobs)
    report = run(cases, work)
    text = render(summarise(report)) + (
        f"\n\nField mode: {sum(len(v) for v in dropped.values())} benchmark releases removed from "
        f"the shipped knowledge; {count} releases fetched into the user-local layer in "
        f"{seconds:.0f} s with {args.jobs} parallel fetches ({len(failed)} failed); checking "
        f"took {report['seconds']:.0f} s.")
    if failed:
        text += "\n\nFailed fetches: " + "; ".join(failed)
    print(text)
    if args.write_docs:
        update_section("pcbench-field", "PCBench in field mode (releases fetched)", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
