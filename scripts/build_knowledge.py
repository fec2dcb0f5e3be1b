"""Rebuild or top up the shipped knowledge for every distribution in knowledge/libraries.toml.

    python scripts/build_knowledge.py                 # add what is missing
    python scripts/build_knowledge.py pandas numpy    # only these
    python scripts/build_knowledge.py --rebuild       # re-extract stored releases too
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from codesync.engine.build import KnowledgeBuilder  # noqa: E402

SHIPPED = Path(__file__).resolve().parents[1] / "knowledge" / "api"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("distributions", nargs="*")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--dry-run", action="store_true", help="list the releases it would add")
    parser.add_argument("--prune", action="store_true",
                        help="drop stored releases the policy no longer selects, then stop")
    args = parser.parse_args()
    builder = KnowledgeBuilder(root=SHIPPED, jobs=args.jobs)
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
    results = builder.run(names, rebuild=args.rebuild)
    failed = [r for r in results if r.info.status == "failed"]
    print(f"{len(results) - len(failed)} stored, {len(failed)} failed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
