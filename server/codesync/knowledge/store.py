"""The runtime side of the knowledge: the layers, merged per release, behind one query API.

A distribution's history is the union of its releases from every layer — shipped (in the
package) and user-local (fetched, added or read from site-packages, in the user cache). No
layer hides another's releases: each release is read from exactly one layer (the newer
extraction, the shipped one on a tie), and facts such as "deprecated since" are computed over
the merged list. Queries are by distribution, release and dotted path.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from ..locations import packaged_database, shipped_text_root
from . import database, member_cache
from .local import LocalLayer
from .model import Definition
from .shipped import shipped_database
from .versions import minor_line, parsed, sort_key

MAX_MRO = 40
# "environment": releases read from one project's site-packages. That is the project's own
# evidence (a checkout can plant a fake release), so it is attached only for that project,
# only fills versions no other layer holds, and never reaches the shared user-local layer.
LAYERS = ("shipped", "local", "environment")
SITE_PACKAGES = "site-packages"
MAX_CLASS_MEMBER_RELEASES = 64  # releases whose class members are kept
# every lookup names its release by version: parse each version string once
_sort_key = functools.lru_cache(maxsize=4096)(sort_key)



class KnowledgeError(Exception):
    """The knowledge cannot be read."""


@dataclass(frozen=True)
class Interval:
    first: str
    last: str


@dataclass(frozen=True)
class StoredRelease:
    version: str
    key: str
    layer: str
    status: str
    reason: str
    apis: int
    deprecations: int
    source: str
    extractor: int
    origin: str

    def as_row(self) -> dict:
        return {"version": self.version, "status": self.status, "reason": self.reason,
                "apis": self.apis, "deprecations": self.deprecations, "source": self.source,
                "layer": self.layer, "origin": self.origin or self.layer}


class Knowledge:
    """Read-only queries over the merged layers. Safe to share between threads."""

    def __init__(self, shipped: Path | None, local: Path | None = None,
                 environment: Path | None = None,
                 environment_record: Callable[[str, str], str | None] | None = None) -> None:
        self.unusable: dict[str, tuple[Path, str]] = {}  # layer -> (path, why) when left out
        self.layers = {name: path for name, path in zip(LAYERS, (shipped, local, environment))
                       if path is not None and self._present(name, path)}
        # (dist, version) -> the RECORD digest the environment's release has now: a release
        # read from it earlier counts only while the files it was read from are unchanged
        self._environment_record = environment_record
        self.db_path = shipped  # kept for tools that report where the knowledge is
        self._local = threading.local()
        self._releases: dict[str, list[StoredRelease]] = {}
        self._by_key: dict[str, dict[str, int]] = {}
        self._published: dict[str, list[str]] = {}
        self._dists_by_import: dict[str, list[str]] | None = None
        self._damage: dict[str, list[str]] | None = None
        self._previous: dict[tuple[str, str], str | None] = {}
        self.definition = functools.lru_cache(maxsize=65536)(self._definition)
        self.export = functools.lru_cache(maxsize=65536)(self._export)
        self.public_name = functools.lru_cache(maxsize=16384)(self._public_name)
        self._class_members: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
        self._class_members_lock = threading.Lock()

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", uri=True, check_same_thread=False)
        for name, path in list(self.layers.items()):
            options = "mode=ro&immutable=1" if name == "shipped" else "mode=ro"
            try:
                conn.execute("ATTACH DATABASE ? AS " + name,
                             (f"file:{urllib.parse.quote(str(path))}?{options}",))
                found = database.layer_format(conn, name)
            except sqlite3.DatabaseError:
                found = None
            if found == database.FORMAT:
                continue
            if name != "shipped":
                # being created by another process, or damaged (set aside at the next write):
                # read as empty until then, and said on every run that reads it
                self.unusable[name] = (path, _unusable_reason(path, found))
                self._detach(conn, name)
                continue
            conn.close()
            raise KnowledgeError(f"cannot read the knowledge database {path}: format {found!r}, "
                                 f"expected {database.FORMAT}")
        return conn

    def _present(self, name: str, path: Path) -> bool:
        try:
            return path.is_file()
        except OSError as exc:  # a folder on the way that cannot be read
            self.unusable[name] = (path, f"cannot be read: {exc.strerror or exc}")
            return False

    def _detach(self, conn: sqlite3.Connection, name: str) -> None:
        try:
            conn.execute(f"DETACH DATABASE {name}")
        except sqlite3.DatabaseError:
            pass
        self.layers.pop(name, None)

    def _rows(self, sql: str, params: tuple) -> list[tuple[str, tuple]]:
        """``sql`` (with ``{layer}`` for the schema) run in every layer: (layer, row) pairs."""
        conn = self.db  # connecting first: a layer being created is left out
        found = []
        for layer in self.layers:
            found.extend((layer, row) for row in conn.execute(sql.format(layer=layer), params))
        return found

    # releases -----------------------------------------------------------------------------
    def distributions(self) -> list[str]:
        return sorted({row[0] for _, row in self._rows("SELECT DISTINCT dist FROM {layer}.releases", ())})

    def releases(self, dist: str) -> list[StoredRelease]:
        """The merged releases of ``dist`` in version order, each from one layer."""
        dist = canonicalize_name(dist)
        if dist not in self._releases:
            chosen: dict[str, StoredRelease] = {}
            for layer, row in self._rows(
                    "SELECT version, key, status, reason, apis, deprecations, source, extractor, "
                    "origin FROM {layer}.releases WHERE dist=?", (dist,)):
                release = StoredRelease(row[0], row[1], layer, *row[2:])
                if not self._trusted(dist, release):
                    continue
                held = chosen.get(release.key)
                if held is None or _better(release, held):
                    chosen[release.key] = release
            ordered = _without_stale([chosen[k] for k in sorted(chosen)])
            self._releases[dist] = ordered
            self._by_key[dist] = {r.key: i for i, r in enumerate(ordered)}
        return self._releases[dist]

    def versions(self, dist: str) -> list[str]:
        return [r.version for r in self.releases(dist)]

    def with_environment(self, environment: Path | None,
                         record: Callable[[str, str], str | None] | None) -> Knowledge:
        """These layers plus one project's environment layer (a new object: its caches are
        that project's alone)."""
        if environment is None or not environment.is_file():
            return self
        return Knowledge(self.layers.get("shipped"), self.layers.get("local"), environment,
                         record)

    def _trusted(self, dist: str, release: StoredRelease) -> bool:
        """Whether a stored release may be used here. A release read from a site-packages
        folder is evidence of that environment only: in the shared layer (where older
        versions of codesync kept them) it is never used; in this project's environment
        layer, only while the release's RECORD is the one it was read from."""
        if release.origin != SITE_PACKAGES:
            return True
        if release.layer != "environment" or self._environment_record is None:
            return False
        digest = self._environment_record(dist, release.version)
        return digest is not None and release.source.endswith(f"record:{digest}")
    def published(self, dist: str) -> list[str]:
        dist = canonicalize_name(dist)
        if dist not in self._published:
            by_key = {sort_key(row[0]): row[0] for _, row in self._rows(
                "SELECT version FROM {layer}.published WHERE dist=?", (dist,))}
            by_key.update((r.key, r.version) for r in self.releases(dist))
            self._published[dist] = [by_key[k] for k in sorted(by_key)]
        return self._published[dist]

    def release_index(self, dist: str, version: str) -> int | None:
        dist = canonicalize_name(dist)
        self.releases(dist)
        return self._by_key[dist].get(_sort_key(version))

    def stored_release(self, dist: str, version: str) -> StoredRelease | None:
        index = self.release_index(dist, version)
        return self.releases(dist)[index] if index is not None else None

    def has_release(self, dist: str, version: str) -> bool:
        return self.release_index(dist, version) is not None

    def release_rows(self, dist: str) -> list[dict]:
        return [r.as_row() for r in self.releases(dist)]

    def neighbours(self, dist: str, version: str) -> tuple[str, str] | None:
        """The stored releases just below and above an unstored ``version`` when both are of
        its minor line: the two a patch release can be inferred from."""
        if self.has_release(dist, version) or minor_line(version) is None:
            return None
        key = sort_key(version)
        below = [r for r in self.releases(dist) if r.key < key]
        above = [r for r in self.releases(dist) if r.key > key]
        if not below or not above:
            return None
        low, high = below[-1].version, above[0].version
        line = minor_line(version)
        if minor_line(low) != line or minor_line(high) != line:
            return None
        return low, high

    def damage(self) -> dict[str, list[str]]:
        """What was skipped as damaged when the layers were built, per distribution."""
        if self._damage is None:
            found: dict[str, list[str]] = {}
            for _, (dist, what) in self._rows("SELECT dist, what FROM {layer}.damage", ()):
                found.setdefault(dist, []).append(what)
            self._damage = found
        return self._damage

    def distributions_for_import(self, name: str) -> list[str]:
        if self._dists_by_import is None:
            mapping: dict[str, list[str]] = {}
            for _, (import_name, dist) in self._rows("SELECT name, dist FROM {layer}.import_names", ()):
                if dist not in mapping.setdefault(import_name, []):
                    mapping[import_name].append(dist)
            self._dists_by_import = mapping
        return self._dists_by_import.get(name, [])

    def previous_published(self, dist: str, version: str) -> str | None:
        key = (dist, version)
        if key not in self._previous:
            published = self.published(dist)
            positions = {parsed(v): i for i, v in enumerate(published)}
            i = positions.get(parsed(version))
            self._previous[key] = published[i - 1] if i else None
        return self._previous[key]

    def change_point(self, dist: str, last_before: str | None, first_after: str) -> str:
        """'2.0.0', or 'between 1.5.3 and 2.0.0' when unstored releases lie in between and the
        source names no version: never a guess."""
        if last_before is None:
            return first_after
        previous = self.previous_published(dist, first_after)
        if previous is None or parsed(previous) == parsed(last_before):
            return first_after
        return f"between {last_before} and {first_after}"

    # API ----------------------------------------------------------------------------------
    def _at(self, table: str, column: str, dist: str, version: str, path: str) -> str | None:
        release = self.stored_release(dist, version)
        if release is None:
            return None
        row = self.db.execute(
            f"SELECT {column} FROM {release.layer}.{table} WHERE path=? AND dist=? "
            f"AND first_key<=? AND last_key>=?",
            (path, canonicalize_name(dist), release.key, release.key)).fetchone()
        return row[0] if row else None

    def _export(self, dist: str, version: str, path: str) -> str | None:
        return self._at("exports", "target", dist, version, path)

    def _definition(self, dist: str, version: str, path: str) -> Definition | None:
        data = self._at("definitions", "data", dist, version, path)
        return Definition.from_json(path, json.loads(data)) if data is not None else None

    def _public_name(self, dist: str, canonical: str) -> str:
        """The shortest public path that exports ``canonical`` in any release, or itself."""
        paths = [row[0] for _, row in self._rows(
            "SELECT path FROM {layer}.exports WHERE target=? AND dist=?",
            (canonical, canonicalize_name(dist)))]
        return min(paths, key=lambda p: (len(p), p)) if paths else canonical

    def class_members(self, dist: str, version: str) -> dict[str, frozenset[str]]:
        """Every public class of a release (canonical path) -> its member names, its bases'
        included."""
        return self.class_members_of(dist, [version])[version]

    def class_members_of(self, dist: str,
                         versions: list[str]) -> dict[str, dict[str, frozenset[str]]]:
        """``class_members`` of several releases, read in one pass over the rows of each layer
        they are stored in (most rows hold for several of them); kept per release."""
        found = {v: self._class_members.get((dist, v)) for v in dict.fromkeys(versions)}
        missing = [v for v, members in found.items() if members is None]
        by_layer: dict[str, list[tuple[str, str]]] = {}
        for version in missing:
            release = self.stored_release(dist, version)
            if release is None:
                found[version] = {}
            else:
                by_layer.setdefault(release.layer, []).append((version, release.key))
        for layer, wanted in by_layer.items():
            found.update(self._stored_class_members(dist, layer, wanted))
        if missing:
            with self._class_members_lock:  # the server's two workers share the knowledge
                while self._class_members and \
                        len(self._class_members) + len(missing) > MAX_CLASS_MEMBER_RELEASES:
                    self._class_members.pop(next(iter(self._class_members)))
                self._class_members.update({(dist, v): found[v] for v in missing})
        return found  # type: ignore[return-value]

    def _stored_class_members(self, dist: str, layer: str, wanted: list[tuple[str, str]]
                              ) -> dict[str, dict[str, frozenset[str]]]:
        """``_scan_class_members``, through the on-disk cache for the shared layers (a
        project's environment layer is its own evidence: never kept for others)."""
        if layer not in ("shipped", "local"):
            return self._scan_class_members(dist, layer, wanted)
        keys = {version: member_cache.entry_key(self.layers[layer], canonicalize_name(dist), key)
                for version, key in wanted}
        found = {version: member_cache.load(k) for version, k in keys.items() if k}
        found = {version: members for version, members in found.items() if members is not None}
        missing = [(version, key) for version, key in wanted if version not in found]
        if missing:
            scanned = self._scan_class_members(dist, layer, missing)
            for version, members in scanned.items():
                if keys.get(version):
                    member_cache.store(keys[version], members)
            found.update(scanned)
        return found

    def _scan_class_members(self, dist: str, layer: str, wanted: list[tuple[str, str]]
                            ) -> dict[str, dict[str, frozenset[str]]]:
        name = canonicalize_name(dist)
        keys = [key for _, key in wanted]
        span = (name, max(keys), min(keys))
        own: dict[str, dict[str, set[str]]] = {v: {} for v, _ in wanted}
        classes: dict[str, dict[str, Definition]] = {v: {} for v, _ in wanted}
        for path, first, last, data in self.db.execute(
                f"SELECT path, first_key, last_key, data FROM {layer}.definitions "
                f"WHERE dist=? AND first_key<=? AND last_key>=?", span):
            held = [v for v, key in wanted if first <= key <= last]
            if not held:
                continue
            parent, _, member = path.rpartition(".")
            definition = Definition.from_json(path, json.loads(data)) if (
                '"kind":"class"' in data or '"kind": "class"' in data) else None
            for version in held:
                own[version].setdefault(parent, set()).add(member)
                if definition is not None:
                    classes[version][path] = definition
        public: dict[str, set[str]] = {v: set() for v, _ in wanted}
        for target, first, last in self.db.execute(
                f"SELECT target, first_key, last_key FROM {layer}.exports "
                f"WHERE dist=? AND first_key<=? AND last_key>=?", span):
            for version, key in wanted:
                if first <= key <= last:
                    public[version].add(target)
        return {version: {path: frozenset(_inherited(path, classes[version], own[version]))
                          for path in classes[version] if path in public[version]}
                for version, _ in wanted}

    def member(self, dist: str, version: str, class_path: str, name: str) -> Definition | None:
        """A class member, looked up through the bases like Python's attribute lookup."""
        for owner in self.mro(dist, version, class_path):
            found = self.definition(dist, version, f"{owner}.{name}")
            if found is not None:
                return found
            owner_definition = self.definition(dist, version, owner)
            if owner_definition is not None and name in owner_definition.attributes:
                return Definition(path=f"{owner}.{name}", kind="attribute")
            if owner_definition is not None and name in owner_definition.properties:
                return Definition(path=f"{owner}.{name}", kind="property")
        return None

    def mro(self, dist: str, version: str, class_path: str) -> list[str]:
        order: list[str] = []
        pending = [class_path]
        while pending and len(order) < MAX_MRO:
            current = pending.pop(0)
            if current in order:
                continue
            order.append(current)
            definition = self.definition(dist, version, current)
            if definition is not None and definition.kind == "class":
                pending.extend(definition.bases)
        return order

    def export_history(self, dist: str, path: str) -> list[tuple[str, Interval]]:
        return self._history("exports", "target", dist, path)

    def definition_history(self, dist: str, path: str) -> list[tuple[Definition, Interval]]:
        return [(Definition.from_json(path, json.loads(data)), interval)
                for data, interval in self._history("definitions", "data", dist, path)]

    def _history(self, table: str, column: str, dist: str, path: str) -> list[tuple[str, Interval]]:
        """Runs of equal values over the merged releases (a release lacking ``path`` ends one)."""
        dist = canonicalize_name(dist)
        rows = self._rows(f"SELECT {column}, first_key, last_key FROM {{layer}}.{table} "
                          f"WHERE path=? AND dist=?", (path, dist))
        per_release: list[str | None] = []
        for release in self.releases(dist):
            per_release.append(next((value for layer, (value, first, last) in rows
                                     if layer == release.layer and first <= release.key <= last),
                                    None))
        runs: list[tuple[str, Interval]] = []
        versions = self.versions(dist)
        start = 0
        for i in range(1, len(per_release) + 1):
            if i == len(per_release) or per_release[i] != per_release[start]:
                if per_release[start] is not None:
                    runs.append((per_release[start], Interval(versions[start], versions[i - 1])))
                start = i
        return runs

    def damaged_layers(self) -> list[str]:
        """Layers whose database fails SQLite's integrity check (each opened on its own)."""
        return [name for name, path in self.layers.items() if not _passes_check(path)]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _unusable_reason(path: Path, found: object) -> str:
    """Why a layer database was left out, in words a person can act on."""
    import os

    if not os.access(path, os.R_OK):
        return "no permission to read it"
    if found is None:
        return "not a codesync knowledge database (damaged or replaced)"
    return f"format {found!r}, expected {database.FORMAT}"


def _passes_check(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            return verdict == "ok" and database.layer_format(conn) == database.FORMAT
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _without_stale(releases: list[StoredRelease]) -> list[StoredRelease]:
    """Leave out a release a cache holds from an older extractor than the shipped releases of
    its distribution: read by older rules, it disagrees with its neighbours on whatever the
    rules changed (names it lacked reported "removed" at it). Left out, its stored neighbours
    answer for it until it is read or fetched again."""
    newest = max((r.extractor for r in releases if r.layer == "shipped"), default=0)
    return [r for r in releases if r.layer == "shipped" or r.extractor >= newest]


def _better(candidate: StoredRelease, held: StoredRelease) -> bool:
    """Which layer a release held twice is read from: a usable extraction over a failed one,
    then the newer extractor, then the shipped layer."""
    if (candidate.status == "failed") != (held.status == "failed"):
        return held.status == "failed"
    if (candidate.layer == "environment") != (held.layer == "environment"):
        return held.layer == "environment"  # a project's own reading never replaces another's
    if candidate.extractor != held.extractor:
        return candidate.extractor > held.extractor
    return candidate.layer == "shipped" and held.layer != "shipped"


def discard_damaged(knowledge: Knowledge) -> bool:
    """Remove the damaged layer databases that can be made again: the shipped one when it was
    built from a checkout into the cache, the user-local one (a cache of extractions). False
    when a damaged layer is the one a wheel shipped."""
    knowledge.close()
    remade = True
    for name in knowledge.damaged_layers():
        path = knowledge.layers[name]
        if name == "shipped" and path == packaged_database():
            remade = False
            continue
        if name == "shipped":
            path.unlink(missing_ok=True)  # built from text: it is built again on open
        else:
            path.replace(path.with_name(f"{path.name}.damaged"))  # kept for inspection
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    knowledge.close()
    return remade


def build_database(roots: list[Path], db_path: Path) -> None:
    """A layer database from text-form roots (tests and tools build their own)."""
    database.build_layer(roots, db_path)


def open_knowledge(progress: database.Progress | None = None,
                   local: LocalLayer | None = None) -> Knowledge:
    """The shipped layer (built from a checkout's text form when needed) and the user-local
    layer, merged. No shipped knowledge at all is an error, never a silent empty pass."""
    shipped = shipped_database(progress)
    if shipped is None:
        where = shipped_text_root()
        raise KnowledgeError(
            "codesync's shipped knowledge is missing"
            + (f" ({where} holds no distributions)" if where else "")
            + ": reinstall codesync-lsp, or point CODESYNC_KNOWLEDGE at a knowledge/api folder")
    local = local if local is not None else LocalLayer()
    return Knowledge(shipped, local.path)



def _inherited(path: str, classes: dict[str, Definition], own: dict[str, set[str]],
               depth: int = 0) -> set[str]:
    definition = classes.get(path)
    names = set(own.get(path, ())) | set(definition.attributes if definition else ()) | set(
        definition.properties if definition else ())
    if definition is not None and depth < 16:
        for base in definition.bases:
            names |= _inherited(base, classes, own, depth + 1)
    return names
