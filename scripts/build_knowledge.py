"""Rebuild or top up the shipped knowledge for every distribution in knowledge/libraries.toml.

    python scripts/build_knowledge.py                 # add what is missing
    python scripts/build_knowledge.py pandas numpy    # only these
    python scripts/build_knowledge.py --rebuild       # re-extract stored releases too
    python scripts/build_knowledge.py --engine ray --address HOST:6379   # on a Ray cluster
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from codesync.engine.build import KnowledgeBuilder, counts  # noqa: E402
from codesync.engine.executors import ENGINES, EngineError  # noqa: E402

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge" / "api"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("distributions", nargs="*")
    parser.add_argument("--jobs", type=int, default=None,
                        help="workers: local processes, or the CPUs of a local Ray")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local process pool (default) or Ray, one task per release")
    parser.add_argument("--address", default=None,
                        help="with --engine ray: the cluster (HOST:PORT or auto); default: a "
                             "local Ray")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--dry-run", action="store_true", help="list the releases it would add")
    parser.add_argument("--prune", action="store_true",
                        help="drop stored releases the policy no longer selects, then stop")
    args = parser.parse_args()
    if args.address and args.engine != "ray":
        parser.error("--address needs --engine ray")
    builder = KnowledgeBuilder(root=SHIPPED, jobs=args.jobs, engine=args.engine,
                               address=args.address)
    names = args.distributions or list(builder.policies)
    if args.prune:
        for dist, gone in builder.prune(names).items():
            print(f"{dist}: dropped {', '.join(gone)}", file=sys.stderr)
        return 0
    if args.dry_run:
        jobs, _ = builder.plan(names, rebuild=args.rebuild)
        for job in jobs:
            print(f"{job.distribution}=={job.version}")
        print(f"{len(jobs)} releases", file=sys.stderr)
        return 0
    try:
        results = builder.run(names, rebuild=args.rebuild)
    except EngineError as exc:
        print(f"build_knowledge: {exc}", file=sys.stderr)
        return 1
    print(counts(results), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
