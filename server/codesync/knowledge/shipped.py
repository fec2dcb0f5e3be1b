"""The shipped knowledge layer: prebuilt in a wheel, or built once from a checkout's text form.

An installed wheel carries ``knowledge.db`` ready to open: no build on first use. A source
checkout (an editable install) builds the database from ``knowledge/api`` into the user cache
once per content (the fingerprint ignores where the checkout lives, so every checkout of the
same knowledge shares one database), under a lock so two processes never build it twice and
never see half of it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from ..filelock import locked
from ..locations import cache_dir, packaged_database, shipped_text_root
from . import database, textform


def shipped_database(progress: database.Progress | None = None) -> Path | None:
    """The shipped layer's database, building it from the text form when needed."""
    packaged = packaged_database()
    if packaged is not None:
        return packaged
    root = shipped_text_root()
    if root is None or not textform.distributions(root):
        return None
    return database_for_text(root, progress)


def database_for_text(root: Path, progress: database.Progress | None = None) -> Path:
    """The shipped database built from ``root``, in the user cache. A build that loses its
    folder (the cache deleted meanwhile) is tried once more, then reported."""
    try:
        return _database_for_text(root, progress)
    except (OSError, sqlite3.Error):
        try:
            return _database_for_text(root, progress)
        except (OSError, sqlite3.Error) as exc:
            from .store import KnowledgeError

            raise KnowledgeError(f"cannot build the knowledge database in {cache_dir()}: "
                                 f"{exc}") from exc


def _database_for_text(root: Path, progress: database.Progress | None = None) -> Path:
    cache = cache_dir()
    db_path = cache / f"shipped-{fingerprint(root)}.db"
    if usable(db_path):
        return db_path
    with locked(cache / "shipped.lock"):
        if usable(db_path):  # another process built it while this one waited
            return db_path
        db_path.unlink(missing_ok=True)
        database.build_layer([root], db_path, progress)
        _remove_stale(db_path)
    return db_path


def fingerprint(root: Path) -> str:
    """Names the content of a text-form root, wherever it lies: each distribution's release
    list, and the sizes of its interval files."""
    digest = hashlib.sha256(f"codesync-shipped-{database.FORMAT}".encode())
    for dist in textform.distributions(root):
        folder = root / dist
        digest.update(dist.encode())
        digest.update((folder / "releases.json").read_bytes())
        for name in ("exports.jsonl", "definitions.jsonl"):
            path = folder / name
            digest.update(f"{name}:{path.stat().st_size if path.exists() else -1}".encode())
    return digest.hexdigest()[:16]


def usable(db_path: Path) -> bool:
    """A database file that opens, holds the current format and answers a query."""
    if not db_path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            if database.layer_format(conn) != database.FORMAT:
                return False
            conn.execute("SELECT count(*) FROM releases").fetchone()
            conn.execute("SELECT path FROM definitions LIMIT 1").fetchone()
            return True
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _remove_stale(current: Path) -> None:
    for other in current.parent.glob("shipped-*.db"):
        if other != current:
            other.unlink(missing_ok=True)
    for old in current.parent.glob("knowledge-*.db"):  # the single-file form before layers
        old.unlink(missing_ok=True)
