"""What a re-extraction changed in the knowledge: per distribution and release, the exported
names lost and gained against a commit (default HEAD). Run it after every top-up: a loss of
many names in releases that did not change is an extractor regression, not a library's change.

    python scripts/knowledge_diff.py [--base COMMIT] [--show N] [--fail-over N] [DIST ...]

With no distributions it compares every one whose text form differs from the commit.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync.knowledge import textform  # noqa: E402

API = ROOT / "knowledge" / "api"


@dataclass
class ExportChanges:
    distribution: str
    releases_before: int
    releases_after: int
    lost: dict[str, set[str]] = field(default_factory=dict)  # release -> names
    gained: dict[str, set[str]] = field(default_factory=dict)

    def count(self, table: dict[str, set[str]]) -> int:
        return sum(len(names) for names in table.values())


def export_changes(old_root: Path, new_root: Path, distribution: str) -> ExportChanges:
    """Names exported by each release stored on both sides, lost and gained."""
    old = textform.load(old_root, distribution)
    new = textform.load(new_root, distribution)
    changes = ExportChanges(distribution, len(old.releases), len(new.releases))
    for version in old.ordered_versions():
        if version not in new.releases:
            continue
        before, after = set(old.exports[version]), set(new.exports[version])
        if before - after:
            changes.lost[version] = before - after
        if after - before:
            changes.gained[version] = after - before
    return changes


def _changed_distributions(base: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(ROOT), "diff", "--name-only", base, "--", "knowledge/api"],
                         capture_output=True, text=True, check=True).stdout.split()
    return sorted({Path(p).parts[2] for p in out if len(Path(p).parts) > 3})


def _checkout(base: str, distribution: str, into: Path) -> None:
    """The distribution's text form at ``base`` under ``into`` (nothing where it is new)."""
    folder = into / distribution
    folder.mkdir(parents=True)
    for name in ("releases.json", "exports.jsonl", "definitions.jsonl"):
        shown = subprocess.run(["git", "-C", str(ROOT), "show",
                                f"{base}:knowledge/api/{distribution}/{name}"],
                               capture_output=True, text=True)
        if shown.returncode == 0:
            (folder / name).write_text(shown.stdout, encoding="utf-8")


def _report(changes: ExportChanges, show: int) -> str:
    worst = max(changes.lost, key=lambda v: len(changes.lost[v]), default=None)
    line = (f"{changes.distribution}: releases {changes.releases_before} -> "
            f"{changes.releases_after}; exports lost {changes.count(changes.lost)}, "
            f"gained {changes.count(changes.gained)}")
    if worst is not None:
        sample = sorted(changes.lost[worst])[:show]
        line += f"; most lost in {worst}: {len(changes.lost[worst])} (e.g. {', '.join(sample)})"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("distributions", nargs="*")
    parser.add_argument("--base", default="HEAD", help="commit to compare with (default HEAD)")
    parser.add_argument("--show", type=int, default=4, help="names shown per distribution")
    parser.add_argument("--fail-over", type=int, default=None,
                        help="exit 1 when a release loses more exports than this")
    args = parser.parse_args(argv)
    distributions = args.distributions or _changed_distributions(args.base)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for distribution in distributions:
            _checkout(args.base, distribution, Path(tmp))
            changes = export_changes(Path(tmp), API, distribution)
            print(_report(changes, args.show))
            if args.fail_over is not None and any(
                    len(names) > args.fail_over for names in changes.lost.values()):
                failed = True
    if not distributions:
        print(f"no distribution's knowledge differs from {args.base}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
