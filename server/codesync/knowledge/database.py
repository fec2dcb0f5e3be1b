"""One knowledge layer as a SQLite database: its schema, and writing and reading histories.

Both layers use this schema: the shipped one (built from the committed text form, or shipped
prebuilt in a wheel) and the user-local one (releases fetched or read from site-packages).
Rows hold for the layer's releases whose sort key lies in ``[first_key, last_key]``
(``versions.sort_key``), so adding a release to a layer rewrites only its distribution's rows
and never moves another release's.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from packaging.utils import canonicalize_name

from . import textform
from .model import Definition
from .versions import sort_key, version_key

FORMAT = "5"
SCHEMA = """
CREATE TABLE layer (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE releases (dist TEXT, version TEXT, key TEXT, status TEXT, reason TEXT,
                       apis INTEGER, deprecations INTEGER, source TEXT, extractor INTEGER,
                       origin TEXT);
CREATE TABLE published (dist TEXT, version TEXT);
CREATE TABLE import_names (name TEXT, dist TEXT);
CREATE TABLE exports (dist TEXT, path TEXT, target TEXT, first_key TEXT, last_key TEXT);
CREATE TABLE definitions (dist TEXT, path TEXT, first_key TEXT, last_key TEXT, data TEXT);
CREATE TABLE damage (dist TEXT, what TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS exports_path ON exports (path, dist);
CREATE INDEX IF NOT EXISTS exports_target ON exports (target, dist);
CREATE INDEX IF NOT EXISTS definitions_path ON definitions (path, dist);
CREATE INDEX IF NOT EXISTS releases_dist ON releases (dist);
CREATE INDEX IF NOT EXISTS published_dist ON published (dist);
CREATE INDEX IF NOT EXISTS import_names_dist ON import_names (dist);
"""
DAMAGE = (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError)

Progress = Callable[[int, int, str], None]  # done, total, what


def create(conn: sqlite3.Connection, with_indexes: bool = True) -> None:
    """The schema, statement by statement (``executescript`` would end the caller's transaction)."""
    for statement in _statements(SCHEMA + (INDEXES if with_indexes else "")):
        conn.execute(statement)
    conn.execute("INSERT INTO layer VALUES ('format', ?)", (FORMAT,))


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def layer_format(conn: sqlite3.Connection, schema: str = "main") -> str | None:
    try:
        row = conn.execute(f"SELECT value FROM {schema}.layer WHERE name='format'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# writing ------------------------------------------------------------------------------------

def delete_distribution(conn: sqlite3.Connection, dist: str) -> None:
    for table in ("releases", "published", "import_names", "exports", "definitions", "damage"):
        conn.execute(f"DELETE FROM {table} WHERE dist=?", (dist,))


def write_history(conn: sqlite3.Connection, history: textform.DistributionHistory) -> None:
    """Store a whole distribution history (replacing what the layer held for it)."""
    dist = canonicalize_name(history.distribution)
    delete_distribution(conn, dist)
    order = history.ordered_versions()
    _write_meta(conn, dist, history.import_names, history.published,
                [history.releases[v].to_json() for v in order])
    conn.executemany("INSERT INTO exports VALUES (?,?,?,?,?)", (
        (dist, path, target, sort_key(first), sort_key(last))
        for path, target, first, last in textform.intervals(order, history.exports)))
    conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?)", (
        (dist, path, sort_key(first), sort_key(last), _compact(value))
        for path, value, first, last in textform.intervals(order, history.definitions)))


def write_text_distribution(conn: sqlite3.Connection, folder: Path) -> int:
    """Store one distribution folder of the committed text form, row for row. A damaged row
    is skipped (and recorded in ``damage``), not the distribution; returns how many were."""
    meta = json.loads((folder / "releases.json").read_text(encoding="utf-8"))
    dist = canonicalize_name(meta.get("distribution", folder.name))
    releases = meta.get("releases", [])
    _write_meta(conn, dist, meta.get("import_names", []), meta.get("published", []), releases)
    known = {r["version"] for r in releases}
    skipped = {"exports.jsonl": 0, "definitions.jsonl": 0}
    conn.executemany("INSERT INTO exports VALUES (?,?,?,?,?)", _good_rows(
        folder / "exports.jsonl", lambda row: _export_row(dist, row, known), skipped))
    conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?)", _good_rows(
        folder / "definitions.jsonl", lambda row: _definition_row(dist, row, known), skipped))
    for name, count in skipped.items():
        if count:
            conn.execute("INSERT INTO damage VALUES (?,?)",
                         (dist, f"{count} damaged line{'s' if count != 1 else ''} in {name} skipped"))
    return sum(skipped.values())


def _good_rows(path: Path, convert: Callable[[object], tuple], skipped: dict[str, int]):
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                yield convert(json.loads(line))
            except (*DAMAGE, json.JSONDecodeError):
                skipped[path.name] += 1


def _export_row(dist: str, row: object, known: set[str]) -> tuple:
    path, target, first, last = row  # type: ignore[misc]
    if not isinstance(path, str) or not isinstance(target, str):
        raise TypeError(f"export {row!r} is not [path, target, first, last]")
    return (dist, path, target, _key_of(first, known), _key_of(last, known))


def _definition_row(dist: str, row: object, known: set[str]) -> tuple:
    if not isinstance(row, dict):
        raise TypeError("a definition is not an object")
    path, first, last = row.pop("path"), row.pop("first"), row.pop("last")
    if not isinstance(path, str):
        raise TypeError(f"definition path {path!r} is not text")
    validate_definition(path, row)
    return (dist, path, _key_of(first, known), _key_of(last, known),
            json.dumps(row, separators=(",", ":")))


def validate_definition(path: str, row: dict) -> None:
    """Raise TypeError/ValueError unless ``row`` reads as a well-typed Definition."""
    definition = Definition.from_json(path, row)
    if not isinstance(definition.kind, str):
        raise TypeError("kind is not text")
    for signature in [definition.params or [], *definition.overloads]:
        for param in signature:
            if not (isinstance(param.name, str) and isinstance(param.kind, str)
                    and (param.default is None or isinstance(param.default, str))):
                raise TypeError(f"parameter {param!r} of {path} is not well-typed")
    if definition.returns is not None and not isinstance(definition.returns, str):
        raise TypeError("returns is not text")
    if not all(isinstance(b, str) for b in definition.bases):
        raise TypeError("bases are not text")


def _key_of(version: str, known: set[str]) -> str:
    if version not in known:
        raise KeyError(f"interval names release {version!r}, which releases.json does not list")
    return sort_key(version)


def _write_meta(conn: sqlite3.Connection, dist: str, import_names: list[str],
                published: list[str], releases: list[dict]) -> None:
    good = [r for r in releases if isinstance(r, dict) and isinstance(r.get("version"), str)]
    if len(good) != len(releases):
        conn.execute("INSERT INTO damage VALUES (?,?)",
                     (dist, f"{len(releases) - len(good)} damaged release entries skipped"))
    releases = good
    conn.executemany("INSERT INTO releases VALUES (?,?,?,?,?,?,?,?,?,?)", [
        (dist, str(r["version"]), sort_key(str(r["version"])), r.get("status", "ok"),
         r.get("reason", ""), int(r.get("apis", 0)), int(r.get("deprecations", 0)),
         r.get("source", ""), int(r.get("extractor", 0)), r.get("origin", ""))
        for r in releases])
    versions = {str(v) for v in published} | {str(r["version"]) for r in releases}
    conn.executemany("INSERT INTO published VALUES (?,?)", [(dist, v) for v in versions])
    conn.executemany("INSERT INTO import_names VALUES (?,?)",
                     [(str(n), dist) for n in dict.fromkeys(import_names)])


def _compact(value: str) -> str:
    """Definition JSON as stored: keys in the extractor's order, no spaces."""
    return json.dumps(json.loads(value), separators=(",", ":"))


def build_layer(roots: list[Path], db_path: Path, progress: Progress | None = None) -> list[str]:
    """A new layer database from text-form roots (a later root's distribution wins), written
    to a temporary file and moved into place whole. Returns what was skipped as damaged."""
    tmp = db_path.with_name(f"{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    folders: dict[str, Path] = {}
    for root in roots:
        for dist in textform.distributions(root):
            folders[dist] = root / dist
    damaged: list[str] = []
    conn = sqlite3.connect(tmp)
    try:
        create(conn, with_indexes=False)
        for done, (dist, folder) in enumerate(sorted(folders.items())):
            if progress:
                progress(done, len(folders), dist)
            if not _write_guarded(conn, folder):
                damaged.append(dist)
        conn.executescript(INDEXES)
        conn.commit()
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"the database just built fails its check: {verdict}")
    finally:
        conn.close()
    tmp.replace(db_path)
    if progress:
        progress(len(folders), len(folders), "")
    return damaged


def _write_guarded(conn: sqlite3.Connection, folder: Path) -> bool:
    conn.execute("SAVEPOINT dist")
    try:
        write_text_distribution(conn, folder)
        conn.execute("RELEASE dist")
        return True
    except (*DAMAGE, json.JSONDecodeError) as exc:
        conn.execute("ROLLBACK TO dist")
        conn.execute("RELEASE dist")
        conn.execute("INSERT INTO damage VALUES (?,?)", (
            canonicalize_name(folder.name),
            f"{folder / 'releases.json'} cannot be read ({exc}): the whole distribution is skipped"))
        print(f"codesync: skipping the knowledge of {folder.name}: {folder} is damaged ({exc})",
              file=sys.stderr)
        return False


# reading back -------------------------------------------------------------------------------

def read_history(conn: sqlite3.Connection, dist: str) -> textform.DistributionHistory:
    """A distribution's history as held by this layer, expanded per release."""
    dist = canonicalize_name(dist)
    history = textform.DistributionHistory(dist)
    history.import_names = [r[0] for r in conn.execute(
        "SELECT name FROM import_names WHERE dist=?", (dist,))]
    history.published = sorted((r[0] for r in conn.execute(
        "SELECT version FROM published WHERE dist=?", (dist,))), key=version_key)
    keys: list[tuple[str, str]] = []
    for row in conn.execute("SELECT version, key, status, reason, apis, deprecations, source, "
                            "extractor, origin FROM releases WHERE dist=?", (dist,)):
        info = textform.ReleaseInfo(row[0], row[2], row[3], row[6], row[4], row[5],
                                    extractor=row[7], origin=row[8])
        history.releases[info.version] = info
        history.exports[info.version] = {}
        history.definitions[info.version] = {}
        keys.append((row[1], info.version))
    keys.sort()
    _expand(conn.execute("SELECT path, target, first_key, last_key FROM exports WHERE dist=?",
                         (dist,)), keys, history.exports, lambda v: v)
    _expand(conn.execute("SELECT path, data, first_key, last_key FROM definitions WHERE dist=?",
                         (dist,)), keys, history.definitions, _canonical)
    return history


def _canonical(data: str) -> str:
    return json.dumps(json.loads(data), sort_keys=True, separators=(",", ":"))


def _expand(rows: Iterable[tuple], keys: list[tuple[str, str]],
            per_release: dict[str, dict[str, str]], convert: Callable[[str], str]) -> None:
    for path, value, first, last in rows:
        converted = convert(value)
        for key, version in keys:
            if first <= key <= last:
                per_release[version][path] = converted
