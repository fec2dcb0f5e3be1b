"""Read-only views of a project's files: the checkout on disk, or one commit's tree.

Both answer the two questions the pin collectors ask (which files are in a folder, what is in a
file) and both treat the checkout as hostile: paths stay inside the project, symlinks that lead
out of it are not followed, only regular files are read, and files are capped in size.
"""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path
from typing import Protocol

MAX_BYTES = 5 * 1024 * 1024


class FileTree(Protocol):
    """Files of a project, addressed by '/'-separated paths relative to its root."""

    def names(self, folder: str) -> list[str]:
        """Names of the entries of `folder` ("" is the root); [] when it is not a folder."""
        ...

    def read(self, path: str) -> str | None:
        """Text of a regular file, or None when missing, too large or unreadable."""
        ...


def inside(path: str) -> str | None:
    """`path` normalised, or None when it is absolute or climbs out of the root."""
    if not path or path.startswith(("/", "\\")) or "\0" in path:
        return None
    norm = posixpath.normpath(path.replace("\\", "/"))
    if norm == ".." or norm.startswith("../"):
        return None
    return "" if norm == "." else norm


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


class DiskTree:
    """The project folder on disk."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root = root.resolve()
        self.max_bytes = max_bytes

    def _real(self, path: str) -> Path | None:
        rel = inside(path)
        if rel is None:
            return None
        try:
            real = (self.root / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        return real if real == self.root or real.is_relative_to(self.root) else None

    def names(self, folder: str) -> list[str]:
        real = self._real(folder) if folder else self.root
        if real is None:
            return []
        try:
            with os.scandir(real) as entries:
                return sorted(entry.name for entry in entries)
        except OSError:
            return []

    def read(self, path: str) -> str | None:
        real = self._real(path)
        if real is None:
            return None
        try:
            info = real.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > self.max_bytes:
                return None
            with open(real, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            return None
        return None if len(data) > self.max_bytes else decode(data)
