"""Which releases of which distributions the knowledge tracks (``knowledge/libraries.toml``).

    [distributions.pandas]
    import_names = ["pandas"]     # default: the name with '-' as '_'; [] = every top-level
                                  # package of the release (read from its files)
    since = "2019-01-01"          # minor lines first published on or after this date
    min_minor = "2.12"            # optional: only minor lines from this one on (huge wheels)
    extra = ["1.5.3", "2.0.0"]    # releases always included (e.g. named by the benchmark)
    exclude = ["plotly.validators"]  # public paths not worth storing
    skip = ["plotly.validators"]     # modules not even read (nothing else refers into them)

Per minor line: its first release (x.y.0, or the first published) and its last patch
release; plus the newest release. Pre-releases and yanked-only versions are ignored.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

from ..locations import libraries_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass
class LibraryPolicy:
    distribution: str
    import_names: list[str]
    since: str = "2019-01-01"
    min_minor: str | None = None
    extra: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    cython: bool = False  # also read the sdist's .pyx files for compiled signatures
    note: str = ""


def load_policies(path: Path | None = None) -> dict[str, LibraryPolicy]:
    path = path or libraries_file()
    if path is None or not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    defaults = data.get("defaults", {})
    policies: dict[str, LibraryPolicy] = {}
    for name, item in data.get("distributions", {}).items():
        merged = {**defaults, **item}
        policies[name] = LibraryPolicy(
            distribution=name,
            import_names=_import_names(name, merged),
            since=str(merged.get("since", "2019-01-01")),
            min_minor=merged.get("min_minor"),
            extra=[str(v) for v in merged.get("extra", [])],
            exclude=list(merged.get("exclude", [])),
            skip=list(merged.get("skip", [])),
            cython=bool(merged.get("cython", False)),
            note=str(merged.get("note", "")),
        )
    return policies


def _import_names(name: str, item: dict) -> list[str]:
    if "import_names" in item:  # an empty list: whatever the release's files hold
        return [str(n) for n in item["import_names"]]
    return [name.replace("-", "_")]


def final_releases(versions) -> list[tuple[Version, str]]:
    """(parsed, text) of the versions that are neither pre- nor dev-releases, in order."""
    finals: list[tuple[Version, str]] = []
    for text in versions:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not version.is_prerelease and not version.is_devrelease:
            finals.append((version, text))
    return sorted(finals)


def select_versions(policy: LibraryPolicy, published: dict[str, str]) -> list[str]:
    """Versions to store, given ``published``: version -> first upload time (ISO)."""
    finals = final_releases(published)
    minimum = Version(policy.min_minor) if policy.min_minor else None
    lines: dict[tuple[int, int], list[tuple[Version, str]]] = {}
    for version, text in finals:
        lines.setdefault((version.major, version.minor), []).append((version, text))
    chosen: set[str] = set()
    for (major, minor), members in lines.items():
        first = members[0]
        if published.get(first[1], "9999") < policy.since:
            continue
        if minimum and Version(f"{major}.{minor}") < minimum:
            continue
        chosen.add(first[1])
        chosen.add(members[-1][1])
    if finals:
        chosen.add(finals[-1][1])
    known = {str(v) for v, _ in finals} | {t for _, t in finals}
    chosen.update(v for v in policy.extra if v in known or v in published)
    return sorted(chosen, key=Version)
