"""The user-local knowledge layer: releases fetched, added or read from site-packages.

One SQLite database in the user cache, shared by every install and every process. Adding a
release is one write transaction that re-reads the distribution's rows, adds the release and
writes them back, so two processes adding releases at the same time both keep theirs, and
readers (SQLite's WAL mode) only ever see whole transactions.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from packaging.utils import canonicalize_name

from ..locations import local_layer_dir
from . import database, textform
from .textform import NewRelease

BUSY_TIMEOUT_MS = 120_000


class LocalLayer:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else local_layer_dir()
        self.path = self.folder / "knowledge.db"

    def exists(self) -> bool:
        try:
            return self.path.is_file()
        except OSError:  # no permission to look: reported by the knowledge that reads it
            return False

    def add(self, dist: str, import_names: list[str], published: list[str],
            releases: list[NewRelease]) -> None:
        """Store releases of one distribution (replacing the same versions if held)."""
        if not releases and not self.stored(dist):
            return
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            history = database.read_history(conn, dist)
            textform.merge_into(history, import_names, published, releases)
            database.write_history(conn, history)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def stored(self, dist: str) -> dict[str, int]:
        """Version -> extractor version of what the layer holds for ``dist``."""
        if not self.exists():
            return {}
        conn = self._connect()
        try:
            rows = conn.execute("SELECT version, extractor FROM releases WHERE dist=?",
                                (canonicalize_name(dist),))
            return {version: extractor for version, extractor in rows}
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            # the layer is a cache of extractions: a damaged or outdated one is set aside
            # (kept for inspection) and started afresh rather than failing every check
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            print(f"codesync: the local knowledge {self.path} could not be used ({exc}); "
                  f"moved to {aside.name} and started afresh", file=sys.stderr)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            self._ensure_schema(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _ensure_schema(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "layer" not in tables:
                database.create(conn)
            elif database.layer_format(conn) != database.FORMAT:
                raise sqlite3.DatabaseError("the local knowledge has an older format")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
