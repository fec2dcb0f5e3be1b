"""Replacements named by deprecations: does each one resolve to an API that exists?

For every deprecated API in the knowledge whose deprecation names a replacement, the
replacement is looked up at the first stored release after the deprecated record's last one
(the release that removed or changed it), or at that last release when it lives on. The same
for parameter deprecations: the replacement must be a parameter of the function then, or an
API. Prints the totals and the replacements that resolve to nothing, grouped by distribution.

Usage: python scripts/bench_replacements.py [--dist numpy] [--show 30]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_WORDS = {"self", "obj", "ds", "df", "ser", "index", "idx", "s", "x", "model", "arr",
                  "fig", "ax", "cls", "instance", "object", "value", "series", "frame"}
sys.path.insert(0, str(ROOT / "server"))

from codesync.analysis.lookup import ApiLookup  # noqa: E402
from codesync.analysis.replacements import resolve_replacement  # noqa: E402
from codesync.knowledge.store import open_knowledge  # noqa: E402
from codesync.locations import shipped_text_root  # noqa: E402


def records(folder: Path):
    with (folder / "definitions.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def check_distribution(knowledge, lookup: ApiLookup, dist: str, folder: Path):
    versions = knowledge.versions(dist)
    api_total = api_bad = param_total = param_bad = 0
    bad: list[str] = []
    seen: set[tuple] = set()
    for record in records(folder):
        if record.get("last") not in versions:
            continue
        after = versions.index(record["last"]) + 1
        at = versions[after] if after < len(versions) else record["last"]
        replacement = (record.get("deprecated") or {}).get("replacement")
        if replacement and (record["path"], replacement) not in seen:
            seen.add((record["path"], replacement))
            api_total += 1
            if not _resolves(lookup, dist, replacement, at, record["path"]):
                api_bad += 1
                bad.append(f"{record['path']} -> {replacement} (at {at})")
        params = {p[0] for p in record.get("params") or []}
        for name, item in (record.get("param_deprecations") or {}).items():
            new = item.get("replacement")
            if not new or name.startswith("*") or (record["path"], name, new) in seen:
                continue
            seen.add((record["path"], name, new))
            param_total += 1
            if new not in params and not _resolves(lookup, dist, new, record["last"],
                                                   record["path"]):
                param_bad += 1
                bad.append(f"{record['path']}({name}=) -> {new}")
    return api_total, api_bad, param_total, param_bad, bad


def cause(text: str) -> str:
    """Why a replacement resolves to nothing, in three kinds."""
    name = text.strip().strip("'\"`")
    if not re.fullmatch(r"[A-Za-z_][\w.]*(\(\))?", name) or "." not in name:
        return "names no API (a word, a version, a sentence)"
    if name.split(".")[0][:1].islower() and name.split(".")[0] in INSTANCE_WORDS:
        return "a member of an instance (self.x, obj.x)"
    return "an API the knowledge does not have at that release"


def _resolves(lookup: ApiLookup, dist: str, name: str, version: str, path: str) -> bool:
    return resolve_replacement(lookup, dist, version, name, path) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", action="append", default=[])
    parser.add_argument("--show", type=int, default=10, help="unresolved per distribution")
    args = parser.parse_args()
    knowledge = open_knowledge()
    lookup = ApiLookup(knowledge)
    root = shipped_text_root()
    totals: Counter = Counter()
    print("| distribution | API replacements | unresolved | parameter replacements | unresolved |")
    print("|---|---|---|---|---|")
    unresolved: dict[str, list[str]] = {}
    for dist in args.dist or knowledge.distributions():
        folder = root / dist
        if not (folder / "definitions.jsonl").exists():
            continue
        api, api_bad, param, param_bad, bad = check_distribution(knowledge, lookup, dist, folder)
        totals.update(api=api, api_bad=api_bad, param=param, param_bad=param_bad)
        unresolved[dist] = bad
        if api or param:
            print(f"| {dist} | {api} | {api_bad} | {param} | {param_bad} |")
    print(f"| **total** | {totals['api']} | {totals['api_bad']} | {totals['param']} | "
          f"{totals['param_bad']} |")
    causes = Counter(cause(line.rsplit(" -> ", 1)[1].split(" (at ")[0])
                     for bad in unresolved.values() for line in bad)
    print("\nUnresolved, by cause: " + "; ".join(f"{n} {c}" for c, n in causes.most_common()))
    for dist, bad in unresolved.items():
        for line in bad[: args.show]:
            print(f"  {dist}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
