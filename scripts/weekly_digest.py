"""The weekly knowledge refresh, ready for a CI schedule: build what was published since the
last build, run the tests, and write the "what broke this week" digest.

    python scripts/weekly_digest.py [--engine ray --address HOST:6379] [--out digest.md]
                                    [--no-tests] [--since-stored FILE.json] [DIST ...]

1. ``codesync knowledge update`` on the shipped text form (``knowledge/api``): for every
   tracked distribution (or those named), the releases the version policy selects that were
   published since its last build, on the chosen engine;
2. the knowledge and engine tests (``--no-tests`` skips them; ``--tests`` chooses others);
3. the digest (Markdown): per distribution and new release, the public APIs and parameters
   removed and the deprecations added since the stored release before it.

Exit status: 0, or 1 when a release failed or the tests failed (the digest is written anyway).
Commit ``knowledge/api`` afterwards to ship the new releases.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync.engine.build import KnowledgeBuilder, counts, report  # noqa: E402
from codesync.engine.executors import ENGINES, EngineError  # noqa: E402
from codesync.knowledge import textform  # noqa: E402
from codesync.knowledge.history import (  # noqa: E402
    API_DEPRECATED,
    API_REMOVED,
    PARAM_DEPRECATED,
    PARAM_REMOVED,
    PARAM_RENAMED,
    diff,
)
from codesync.knowledge.model import Definition  # noqa: E402

SHIPPED = ROOT / "knowledge" / "api"
REPORTED = {API_REMOVED: "removed", PARAM_REMOVED: "removed", PARAM_RENAMED: "removed",
            API_DEPRECATED: "deprecated", PARAM_DEPRECATED: "deprecated"}
SHOWN_PER_RELEASE = 25
DEFAULT_TESTS = ["tests/engine", "tests/knowledge"]


def stored_versions(root: Path) -> dict[str, list[str]]:
    return {dist: [r["version"] for r in textform.read_meta(root, dist).get("releases", [])]
            for dist in textform.distributions(root)}


def public_surface(history: textform.DistributionHistory, version: str) -> dict[str, Definition]:
    """Public dotted name -> definition, for exported names and their classes' members."""
    definitions = history.definitions.get(version, {})
    members: dict[str, list[str]] = {}
    for path in definitions:
        members.setdefault(path.rpartition(".")[0], []).append(path)
    surface: dict[str, Definition] = {}
    for public, canonical in history.exports.get(version, {}).items():
        record = definitions.get(canonical)
        if record is None:
            continue
        surface[public] = Definition.from_json(canonical, json.loads(record))
        if surface[public].kind == "class":
            for member in members.get(canonical, []):
                name = member.rpartition(".")[2]
                if not name.startswith("_"):
                    surface[f"{public}.{name}"] = Definition.from_json(
                        member, json.loads(definitions[member]))
    return surface


def changes(history: textform.DistributionHistory, before: str, after: str) -> dict[str, list[str]]:
    """``{"removed": [...], "deprecated": [...]}`` lines from ``before`` to ``after``; an
    object re-exported under several names is named once, by its shortest public name."""
    old, new = public_surface(history, before), public_surface(history, after)
    seen: dict[tuple[str, str, str], str] = {}
    for name in sorted(set(old) | set(new), key=lambda n: (n.count("."), n)):
        parent = name.rpartition(".")[0]
        if name not in new and parent in old and parent not in new:
            continue  # its parent's removal says it already
        canonical = (old.get(name) or new[name]).path
        for change in diff(old.get(name), new.get(name)):
            bucket = REPORTED.get(change.kind)
            if bucket:
                seen.setdefault((bucket, canonical, change.detail), name)
    found: dict[str, list[str]] = {"removed": [], "deprecated": []}
    for (bucket, _, detail), name in sorted(seen.items(), key=lambda item: item[1]):
        found[bucket].append(f"`{name}`: {detail}")
    return found


def digest(root: Path, before: dict[str, list[str]]) -> str:
    lines = ["# Knowledge digest: new releases, removals and deprecations", ""]
    quiet = []
    for dist in textform.distributions(root):
        history = textform.load(root, dist)
        order = history.ordered_versions()
        new = [v for v in order if v not in set(before.get(dist, []))]
        if not new:
            continue
        if not before.get(dist):
            quiet.append(f"{dist} (first build: {len(new)} releases)")
            continue
        lines += [f"## {dist}", ""]
        for version in new:
            previous = order[order.index(version) - 1] if order.index(version) else None
            lines.append(f"### {version}" + (f" (since {previous})" if previous else ""))
            found = changes(history, previous, version) if previous else {}
            if not any(found.values()):
                lines += ["no removals or deprecations", ""]
                continue
            for bucket, items in [(b, i) for b, i in found.items() if i]:
                more = f" (and {len(items) - SHOWN_PER_RELEASE} more)" \
                    if len(items) > SHOWN_PER_RELEASE else ""
                lines += [f"- {bucket}: {len(items)}{more}"]
                lines += [f"  - {item}" for item in items[:SHOWN_PER_RELEASE]]
            lines.append("")
    if quiet:
        lines += ["## Newly tracked", "", *[f"- {q}" for q in quiet], ""]
    if len(lines) == 2:
        lines.append("nothing new since the last build")
    return "\n".join(lines) + "\n"


def run_tests(paths: list[str]) -> bool:
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", *paths], cwd=ROOT)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("distributions", nargs="*")
    parser.add_argument("--engine", choices=ENGINES, default="local")
    parser.add_argument("--address", default=None)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--root", type=Path, default=SHIPPED)
    parser.add_argument("--out", type=Path, default=None, help="the digest (default: stdout)")
    parser.add_argument("--no-tests", action="store_true")
    parser.add_argument("--tests", nargs="*", default=DEFAULT_TESTS)
    args = parser.parse_args()
    before = stored_versions(args.root)
    log = io.StringIO() if args.out is None else sys.stderr
    builder = KnowledgeBuilder(root=args.root, jobs=args.jobs, engine=args.engine,
                               address=args.address, stream=log)
    try:
        results = builder.run(args.distributions or sorted(builder.policies), only_new=True)
    except EngineError as exc:
        print(f"weekly_digest: {exc}", file=sys.stderr)
        return 1
    print(counts(results), file=sys.stderr)
    tests_ok = args.no_tests or run_tests(args.tests)
    text = digest(args.root, before)
    failures = report(results)
    if failures:
        text += "\n## Build failures\n\n" + "".join(f"- {line}\n" for line in failures.splitlines())
    if not tests_ok:
        text += "\n**The tests failed after the rebuild.**\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    failed = any(r.info.status == "failed" for r in results)
    return 1 if failed or not tests_ok else 0


if __name__ == "__main__":
    sys.exit(main())
