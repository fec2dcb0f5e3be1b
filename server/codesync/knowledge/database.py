"""One knowledge layer as a SQLite database: its schema, and writing and reading histories.

Both layers use this schema: the shipped one (built from the committed text form, or shipped
prebuilt in a wheel) and the user-local one (releases fetched or read from site-packages).
Rows hold for the layer's releases whose sort key lies in ``[first_key, last_key]``
(``versions.sort_key``), so adding a release to a layer rewrites only its distribution's rows
and never moves another release's.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from . import textform
from .definition_check import validate_definition
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


@dataclass
class TextRows:
    """One distribution folder of the committed text form, read into rows."""

    dist: str
    meta: dict
    exports: list[tuple]
    definitions: list[tuple]
    skipped: dict[str, int]


def read_text_distribution(folder: Path) -> TextRows:
    """The rows of one distribution folder; a damaged row is counted in ``skipped``, not
    returned. Raises when ``releases.json`` cannot be read (the whole folder is damaged)."""
    meta = json.loads((folder / "releases.json").read_text(encoding="utf-8"))
    dist = canonicalize_name(meta.get("distribution", folder.name))
    keys = _Keys(r["version"] for r in meta.get("releases", []))
    skipped = {"exports.jsonl": 0, "definitions.jsonl": 0}
    exports = list(_good_rows(folder / "exports.jsonl",
                              lambda row, _: _export_row(dist, row, keys), skipped))
    definitions = list(_good_rows(folder / "definitions.jsonl",
                                  lambda row, line: _definition_row(dist, row, keys, line),
                                  skipped))
    return TextRows(dist, meta, exports, definitions, skipped)


def write_text_distribution(conn: sqlite3.Connection, folder: Path | TextRows) -> int:
    """Store one distribution folder of the committed text form (or its rows, read
    already), row for row. A damaged row is skipped (and recorded in ``damage``), not the
    distribution; returns how many were."""
    rows = folder if isinstance(folder, TextRows) else read_text_distribution(folder)
    dist, meta = rows.dist, rows.meta
    _write_meta(conn, dist, meta.get("import_names", []), meta.get("published", []),
                meta.get("releases", []))
    conn.executemany("INSERT INTO exports VALUES (?,?,?,?,?)", rows.exports)
    conn.executemany("INSERT INTO definitions VALUES (?,?,?,?,?)", rows.definitions)
    for name, count in rows.skipped.items():
        if count:
            conn.execute("INSERT INTO damage VALUES (?,?)",
                         (dist, f"{count} damaged line{'s' if count != 1 else ''} in {name} skipped"))
    return sum(rows.skipped.values())


def _good_rows(path: Path, convert: Callable[[object, str], tuple], skipped: dict[str, int]):
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                yield convert(_loads(line), line)
            except (*DAMAGE, json.JSONDecodeError):
                skipped[path.name] += 1


_raw_decode = json.JSONDecoder().raw_decode


def _loads(line: str) -> object:
    """``json.loads(line)`` for a line of one JSON value, without its per-call set-up; any
    other line (leading space, more after the value, not JSON) is left to ``json.loads``."""
    try:
        value, end = _raw_decode(line)
    except ValueError:
        return json.loads(line)
    return value if end == len(line) or line[end:] == "\n" else json.loads(line)


def _export_row(dist: str, row: object, keys: _Keys) -> tuple:
    path, target, first, last = row  # type: ignore[misc]
    if not isinstance(path, str) or not isinstance(target, str):
        raise TypeError(f"export {row!r} is not [path, target, first, last]")
    return (dist, path, target, _key_of(first, keys), _key_of(last, keys))


def _definition_row(dist: str, row: object, keys: _Keys, line: str = "") -> tuple:
    if not isinstance(row, dict):
        raise TypeError("a definition is not an object")
    path, first, last = row.pop("path"), row.pop("first"), row.pop("last")
    if not isinstance(path, str):
        raise TypeError(f"definition path {path!r} is not text")
    validate_definition(path, row)
    return (dist, path, _key_of(first, keys), _key_of(last, keys), _stored_data(row, line))


# a line as the text form writes it: path, first and last first, no spaces
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # a JSON string, the loop unrolled (no per-character branch)
_WRITTEN_HEAD = re.compile(r'\{"path":' + _STRING + r',"first":' + _STRING + r',"last":' + _STRING
                           + r'([,}])')


def _stored_data(row: dict, line: str) -> str:
    """The definition's JSON less path, first and last: cut from the line when it is written
    as the text form writes it (the same JSON as dumping ``row``, at a fraction of the cost)."""
    head = _WRITTEN_HEAD.match(line)
    if head is None:
        return json.dumps(row, separators=(",", ":"))
    return "{}" if head.group(1) == "}" else "{" + line[head.end():].rstrip()


class _Keys(dict):
    """Sort keys of the releases releases.json lists, each computed once."""

    def __init__(self, versions: Iterable[str]) -> None:
        super().__init__()
        self.known = set(versions)


def _key_of(version: str, keys: _Keys) -> str:
    if version not in keys:
        if version not in keys.known:
            raise KeyError(f"interval names release {version!r}, which releases.json does not "
                           f"list")
        keys[version] = sort_key(version)
    return keys[version]


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
    to a temporary file and moved into place whole. Returns what was skipped as damaged.
    The text is read and checked in worker processes while this one inserts."""
    tmp = db_path.with_name(f"{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    folders: dict[str, Path] = {}
    for root in roots:
        for dist in textform.distributions(root):
            folders[dist] = root / dist
    damaged: list[str] = []
    conn = sqlite3.connect(tmp)
    try:
        # a file nobody sees until it is complete: no need to survive a crash while built
        conn.execute("PRAGMA journal_mode=MEMORY")
        conn.execute("PRAGMA synchronous=OFF")
        create(conn, with_indexes=False)
        items = sorted(folders.items())
        for done, ((dist, folder), rows) in enumerate(zip(items, _read_all(
                [f for _, f in items]))):
            if progress:
                progress(done, len(folders), dist)
            if not _write_guarded(conn, folder, rows):
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


PARALLEL_BYTES = 8_000_000  # less text than this is read in this process
AHEAD = 2  # distributions read ahead per worker (bounds the rows held in memory)


def _read_all(folders: list[Path]) -> Iterator[TextRows | Exception]:
    """Each folder's rows (or why it cannot be read), in order."""
    jobs = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else
               (os.cpu_count() or 1), len(folders))
    if jobs < 2 or sum(_size(f) for f in folders) < PARALLEL_BYTES:
        yield from map(_read_or_error, folders)
        return
    import multiprocessing  # only a build needs them: opening the knowledge does not
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        pending: deque = deque()
        queue = iter(folders)
        for folder in itertools.islice(queue, jobs * AHEAD):
            pending.append(pool.submit(_read_or_error, folder))
        while pending:
            rows = pending.popleft().result()
            for folder in itertools.islice(queue, 1):
                pending.append(pool.submit(_read_or_error, folder))
            yield rows


def _read_or_error(folder: Path) -> TextRows | Exception:
    try:
        return read_text_distribution(folder)
    except (*DAMAGE, json.JSONDecodeError) as exc:
        return exc


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _write_guarded(conn: sqlite3.Connection, folder: Path,
                   rows: TextRows | Exception | None = None) -> bool:
    conn.execute("SAVEPOINT dist")
    try:
        if isinstance(rows, Exception):
            raise rows
        write_text_distribution(conn, rows if rows is not None else folder)
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
