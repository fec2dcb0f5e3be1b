"""History on demand for a distribution the knowledge does not track: which releases to fetch
so that a project's installed release and baseline get a history without a rebuild of
everything.

For the releases a project names (installed, baseline): each of them; the first and last
release of each one's minor line (the neighbours a patch release between them is judged by);
and the first release of every minor line between the oldest and the newest of them, where
removals and deprecations land. Capped at ``limit`` releases, nearest lines first.
"""

from __future__ import annotations

from packaging.version import Version

from .policy import final_releases

DEFAULT_LIMIT = 12


def history_releases(wanted: list[str], published: dict[str, str] | list[str],
                     stored: set[str] = frozenset(), limit: int = DEFAULT_LIMIT) -> list[str]:
    """The releases to fetch (not yet ``stored``), in version order."""
    finals = final_releases(published)
    lines: dict[tuple[int, int], list[str]] = {}
    for version, text in finals:
        lines.setdefault((version.major, version.minor), []).append(text)
    named = [v for v in wanted if v in set(published)]
    if not named:
        return []
    keys = sorted({_line(v) for v in named})
    chosen: list[str] = list(dict.fromkeys(named))
    for key in keys:  # the neighbours inside each named minor line
        members = lines.get(key, [])
        chosen += [members[0], members[-1]] if members else []
    between = [k for k in sorted(lines) if keys[0] < k < keys[-1] and k not in keys]
    # the lines nearest the named ones first, so a cap keeps what explains the most
    between.sort(key=lambda k: min(abs(_distance(k, n)) for n in keys))
    chosen += [lines[k][0] for k in between]
    fresh = [v for v in dict.fromkeys(chosen) if v not in stored]
    return sorted(fresh[:limit], key=Version)


def _line(version: str) -> tuple[int, int]:
    parsed = Version(version)
    return parsed.major, parsed.minor


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (a[0] - b[0]) * 1000 + (a[1] - b[1])


def fetch_history(distribution: str, wanted: list[str], builder=None) -> list:
    """Fetch and store (by default into the user-local layer) the releases
    ``history_releases`` names for ``distribution``; the results, failures included. Meant
    for a background thread of the project when fetching is allowed."""
    import io

    from .build import KnowledgeBuilder, published_versions

    builder = builder or KnowledgeBuilder(jobs=1, stream=io.StringIO())
    stored = set(builder.store.stored(distribution))
    releases = history_releases(wanted, published_versions(distribution), stored)
    return builder.run([f"{distribution}=={v}" for v in releases]) if releases else []
