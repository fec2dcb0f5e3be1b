"""The runtime side of the knowledge: one SQLite database built from the committed text form.

The database is a cache: it is rebuilt whenever the text files change (a fingerprint of their
names, sizes and modification times names the file). Queries are by distribution, release
and dotted path; a definition holds at a release when ``first_idx <= idx <= last_idx``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from . import textform
from .model import Definition

SCHEMA = """
CREATE TABLE releases (dist TEXT, version TEXT, idx INTEGER, status TEXT, reason TEXT,
                       apis INTEGER, deprecations INTEGER, source TEXT);
CREATE TABLE published (dist TEXT, version TEXT, idx INTEGER);
CREATE TABLE import_names (name TEXT, dist TEXT);
CREATE TABLE exports (dist TEXT, path TEXT, target TEXT, first_idx INTEGER, last_idx INTEGER);
CREATE TABLE definitions (dist TEXT, path TEXT, first_idx INTEGER, last_idx INTEGER, data TEXT);
"""
INDEXES = """
CREATE INDEX exports_path ON exports (path, dist);
CREATE INDEX exports_target ON exports (target, dist);
CREATE INDEX definitions_path ON definitions (path, dist);
CREATE INDEX releases_dist ON releases (dist, version);
CREATE INDEX published_dist ON published (dist, version);
"""
MAX_MRO = 40


class KnowledgeError(Exception):
    """The knowledge cannot be read."""


def shipped_root() -> Path:
    env = os.environ.get("CODESYNC_KNOWLEDGE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "knowledge" / "api"


def local_root() -> Path:
    """Knowledge extracted on this machine from installed or fetched releases."""
    from ..engine.fetch import cache_dir

    return cache_dir() / "local-knowledge" / "api"


@dataclass(frozen=True)
class Interval:
    first: str
    last: str


class Knowledge:
    """Read-only queries over the knowledge database. Safe to share between threads."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._versions: dict[str, list[str]] = {}
        self._published: dict[str, list[str]] = {}
        self._dists_by_import: dict[str, list[str]] | None = None
        self._previous: dict[tuple[str, str], str | None] = {}
        self._release_index: dict[tuple[str, str], int | None] = {}
        self.definition = functools.lru_cache(maxsize=65536)(self._definition)
        self.export = functools.lru_cache(maxsize=65536)(self._export)

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True,
                                       check_same_thread=False)
                conn.execute("SELECT 1 FROM releases LIMIT 1")
            except sqlite3.DatabaseError as exc:
                raise KnowledgeError(f"cannot read the knowledge database {self.db_path}: {exc}") from exc
            self._local.conn = conn
        return conn

    # releases -----------------------------------------------------------------------------
    def distributions(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT dist FROM releases ORDER BY dist")]

    def versions(self, dist: str) -> list[str]:
        dist = canonicalize_name(dist)
        if dist not in self._versions:
            rows = self.db.execute("SELECT version FROM releases WHERE dist=? ORDER BY idx", (dist,))
            self._versions[dist] = [r[0] for r in rows]
        return self._versions[dist]

    def published(self, dist: str) -> list[str]:
        dist = canonicalize_name(dist)
        if dist not in self._published:
            rows = self.db.execute("SELECT version FROM published WHERE dist=? ORDER BY idx", (dist,))
            self._published[dist] = [r[0] for r in rows]
        return self._published[dist]

    def release_index(self, dist: str, version: str) -> int | None:
        key = (dist, version)
        if key not in self._release_index:
            versions = self.versions(dist)
            found = versions.index(version) if version in versions else None
            if found is None:
                wanted = _parsed(version)
                found = next((i for i, v in enumerate(versions) if _parsed(v) == wanted), None)
            self._release_index[key] = found
        return self._release_index[key]

    def has_release(self, dist: str, version: str) -> bool:
        return self.release_index(dist, version) is not None

    def release_rows(self, dist: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT version, status, reason, apis, deprecations, source FROM releases "
            "WHERE dist=? ORDER BY idx", (canonicalize_name(dist),))
        keys = ("version", "status", "reason", "apis", "deprecations", "source")
        return [dict(zip(keys, r)) for r in rows]

    def distributions_for_import(self, name: str) -> list[str]:
        if self._dists_by_import is None:
            mapping: dict[str, list[str]] = {}
            for import_name, dist in self.db.execute("SELECT name, dist FROM import_names"):
                mapping.setdefault(import_name, []).append(dist)
            self._dists_by_import = mapping
        return self._dists_by_import.get(name, [])

    def previous_published(self, dist: str, version: str) -> str | None:
        key = (dist, version)
        if key not in self._previous:
            published = self.published(dist)
            positions = {_parsed(v): i for i, v in enumerate(published)}
            i = positions.get(_parsed(version))
            self._previous[key] = published[i - 1] if i else None
        return self._previous[key]

    def change_point(self, dist: str, last_before: str | None, first_after: str) -> str:
        """'2.0.0', or 'between 1.5.3 and 2.0.0' when unstored releases lie in between and the
        source names no version: never a guess."""
        if last_before is None:
            return first_after
        previous = self.previous_published(dist, first_after)
        if previous is None or _parsed(previous) == _parsed(last_before):
            return first_after
        return f"between {last_before} and {first_after}"

    # API ----------------------------------------------------------------------------------
    def _export(self, dist: str, version: str, path: str) -> str | None:
        idx = self.release_index(dist, version)
        if idx is None:
            return None
        row = self.db.execute(
            "SELECT target FROM exports WHERE path=? AND dist=? AND first_idx<=? AND last_idx>=?",
            (path, canonicalize_name(dist), idx, idx)).fetchone()
        return row[0] if row else None

    def _definition(self, dist: str, version: str, path: str) -> Definition | None:
        idx = self.release_index(dist, version)
        if idx is None:
            return None
        row = self.db.execute(
            "SELECT data FROM definitions WHERE path=? AND dist=? AND first_idx<=? AND last_idx>=?",
            (path, canonicalize_name(dist), idx, idx)).fetchone()
        return Definition.from_json(path, json.loads(row[0])) if row else None

    def member(self, dist: str, version: str, class_path: str, name: str) -> Definition | None:
        """A class member, looked up through the bases like Python's attribute lookup."""
        for owner in self.mro(dist, version, class_path):
            found = self.definition(dist, version, f"{owner}.{name}")
            if found is not None:
                return found
            owner_definition = self.definition(dist, version, owner)
            if owner_definition is not None and name in owner_definition.attributes:
                return Definition(path=f"{owner}.{name}", kind="attribute")
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
        versions = self.versions(dist)
        rows = self.db.execute(
            "SELECT target, first_idx, last_idx FROM exports WHERE path=? AND dist=? ORDER BY first_idx",
            (path, canonicalize_name(dist)))
        return [(t, Interval(versions[a], versions[b])) for t, a, b in rows]

    def definition_history(self, dist: str, path: str) -> list[tuple[Definition, Interval]]:
        versions = self.versions(dist)
        rows = self.db.execute(
            "SELECT data, first_idx, last_idx FROM definitions WHERE path=? AND dist=? ORDER BY first_idx",
            (path, canonicalize_name(dist)))
        return [(Definition.from_json(path, json.loads(d)), Interval(versions[a], versions[b]))
                for d, a, b in rows]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _parsed(version: str):
    """A comparable version: 1.1 and 1.1.0 are the same release."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version)
    except InvalidVersion:
        return version


def _normalize_version(version: str) -> str:
    from packaging.version import InvalidVersion, Version

    try:
        return str(Version(version))
    except InvalidVersion:
        return version


# building the database ---------------------------------------------------------------------

def fingerprint(roots: list[Path]) -> str:
    digest = hashlib.sha256(b"codesync-knowledge-v1")
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".json", ".jsonl"):
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def build_database(roots: list[Path], db_path: Path) -> None:
    """Load every distribution under ``roots`` (later roots win) into a new database."""
    tmp = db_path.with_suffix(f".{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(tmp)
    conn.executescript(SCHEMA)
    folders: dict[str, Path] = {}
    for root in roots:
        for dist in textform.distributions(root):
            folders[dist] = root / dist
    for dist, folder in sorted(folders.items()):
        conn.execute("SAVEPOINT dist")
        try:
            _load_distribution(conn, dist, folder)
            conn.execute("RELEASE dist")
        except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
            conn.execute("ROLLBACK TO dist")
            conn.execute("RELEASE dist")
            print(f"codesync: skipping the knowledge of {dist}: {folder} is damaged ({exc})",
                  file=sys.stderr)
    conn.executescript(INDEXES)
    conn.commit()
    conn.close()
    tmp.replace(db_path)


def _load_distribution(conn: sqlite3.Connection, dist: str, folder: Path) -> None:
    meta = json.loads((folder / "releases.json").read_text(encoding="utf-8"))
    name = canonicalize_name(meta.get("distribution", dist))
    order = sorted((r["version"] for r in meta.get("releases", [])), key=textform.version_key)
    index = {v: i for i, v in enumerate(order)}
    by_version = {r["version"]: r for r in meta.get("releases", [])}
    conn.executemany("INSERT INTO releases VALUES (?,?,?,?,?,?,?,?)", [
        (name, v, i, by_version[v].get("status", "ok"), by_version[v].get("reason", ""),
         by_version[v].get("apis", 0), by_version[v].get("deprecations", 0),
         by_version[v].get("source", "")) for v, i in index.items()])
    published = sorted(set(meta.get("published", [])) | set(order), key=textform.version_key)
    conn.executemany("INSERT INTO published VALUES (?,?,?)",
                     [(name, v, i) for i, v in enumerate(published)])
    conn.executemany("INSERT INTO import_names VALUES (?,?)",
                     [(n, name) for n in meta.get("import_names", [])])
    conn.executemany("INSERT INTO exports VALUES (?,?,?,?,?)", (
        (name, k, t, index[a], index[b]) for k, t, a, b in textform.iter_exports(folder)))
    rows = []
    for row in textform.iter_definitions(folder):
        path, first, last = row.pop("path"), row.pop("first"), row.pop("last")
        rows.append((name, path, index[first], index[last], json.dumps(row, separators=(",", ":"))))
    conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?)", rows)


_OPEN_LOCK = threading.Lock()


def open_knowledge(roots: list[Path] | None = None) -> Knowledge:
    """The knowledge database for the shipped and local knowledge, built when out of date."""
    from ..engine.fetch import cache_dir

    roots = roots if roots is not None else [shipped_root(), local_root()]
    with _OPEN_LOCK:
        place = hashlib.sha256("|".join(str(r.resolve()) for r in roots).encode()).hexdigest()[:8]
        db_path = cache_dir() / f"knowledge-{place}-{fingerprint(roots)}.db"
        if db_path.exists() and not _usable(db_path):
            db_path.unlink()  # a damaged cache is rebuilt, never trusted
        if not db_path.exists():
            build_database(roots, db_path)
            _remove_stale(db_path, place)
    return Knowledge(db_path)


def _usable(db_path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM releases").fetchone()
            conn.execute("SELECT path FROM definitions LIMIT 1").fetchone()
        finally:
            conn.close()
        return True
    except sqlite3.DatabaseError:
        return False


def _remove_stale(current: Path, place: str) -> None:
    for other in current.parent.glob(f"knowledge-{place}-*.db"):
        if other != current:
            try:
                other.unlink()
            except OSError:
                pass
