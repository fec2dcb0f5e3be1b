"""Fake distributions for engine tests: releases written as source text, stored for real.

``releases`` maps a version to ``{relative path: source text}`` as the release's archive would
hold it (``fakelib/__init__.py``, ``fakelib-1.0/src/fakelib/core.py``, ...). Sources are
dedented, so fixtures can be indented triple-quoted strings. Everything goes through the real
engine (``build_snapshot``), the committed text form (``textform.save``) and the SQLite store
(``build_database``), so queries see exactly what a real build would produce.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

from codesync.engine.archive import SourceFile
from codesync.engine.release import Snapshot, build_snapshot
from codesync.knowledge import textform
from codesync.knowledge.store import Knowledge, build_database

Releases = Mapping[str, Mapping[str, str]]


def sources(files: Mapping[str, str]) -> list[SourceFile]:
    return [SourceFile(path, textwrap.dedent(text)) for path, text in files.items()]


def snapshot(files: Mapping[str, str], import_names: Iterable[str] = ("fakelib",),
             exclude: tuple[str, ...] = ()) -> Snapshot:
    """One release's snapshot, straight from the engine."""
    return build_snapshot(sources(files), list(import_names), exclude)


def write_history(root: Path, dist: str, releases: Releases, published: list[str] | None = None,
                  import_names: list[str] | None = None) -> dict[str, Snapshot]:
    """Store every release under ``root/<dist>`` in the committed form; the snapshots."""
    import_names = import_names or [dist.replace("-", "_")]
    history = textform.DistributionHistory(dist, import_names=list(import_names))
    snapshots: dict[str, Snapshot] = {}
    for version, files in releases.items():
        snap = snapshot(files, import_names)
        snapshots[version] = snap
        info = textform.ReleaseInfo(version, snap.status, snap.reason, source=f"{dist}-{version}",
                                    apis=len(snap.exports), deprecations=snap.deprecation_count)
        history.put(info, snap.exports, snap.definitions)
    history.published = list(published) if published is not None else list(releases)
    textform.save(history, root)
    return snapshots


def add_local_release(dist: str, version: str, files: Mapping[str, str],
                      origin: str = "fetched") -> Snapshot:
    """Store one release in the user-local layer (of the cache ``CODESYNC_CACHE`` names)."""
    from codesync.knowledge.local import LocalLayer

    import_names = [dist.replace("-", "_")]
    snap = snapshot(files, import_names)
    info = textform.ReleaseInfo(version, snap.status, snap.reason, source=f"{dist}-{version}",
                                apis=len(snap.exports), deprecations=snap.deprecation_count,
                                origin=origin)
    LocalLayer().add(dist, import_names, [version],
                     [textform.NewRelease(info, snap.exports, snap.definitions)])
    return snap


def make_knowledge(base: Path, dist: str, releases: Releases, published: list[str] | None = None,
                   import_names: list[str] | None = None) -> Knowledge:
    """A ``Knowledge`` over a fresh root and database under ``base`` (e.g. ``tmp_path``)."""
    root = base / "api"
    write_history(root, dist, releases, published, import_names)
    db = base / "knowledge.db"
    build_database([root], db)
    return Knowledge(db)


# reading ``HistoryBuilder.build`` results ---------------------------------------------------

def changes_of(history: dict, kind: str | None = None) -> list[dict]:
    """The history's changes, of one kind when given."""
    return [c for c in history["changes"] if kind is None or c["kind"] == kind]


def deprecation_of(history: dict, parameter: str | None = None) -> dict:
    """The deprecation record of the API (``parameter=None``) or of one parameter."""
    found = [d for d in history["deprecations"] if d["parameter"] == parameter]
    assert found, f"no deprecation of {parameter or 'the API'} in {history['deprecations']}"
    return found[0]
