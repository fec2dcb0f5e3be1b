"""Which Python files a check covers: one walker for the CLI and the language server's
workspace scan, so both see the same files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

# folders that hold other people's code, build output or caches
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "dist-packages", "venv",
                       "env", "build", "dist"})


def skipped_folder(parent: str | Path, name: str) -> bool:
    """Hidden folders (.git, .venv, .tox, ...), SKIP_DIRS, and any virtual environment."""
    return name.startswith(".") or name in SKIP_DIRS or (Path(parent, name) / "pyvenv.cfg").exists()


def walk_python_files(folder: Path, limit: int | None = None) -> Iterator[Path]:
    """``*.py`` files under ``folder`` in a stable order, at most ``limit`` of them."""
    count = 0
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not skipped_folder(directory, d))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory, name)
                count += 1
                if limit is not None and count >= limit:
                    return


def _kind(path: Path) -> str:
    """'folder', 'missing', or 'file' for anything else that is there (a symlink loop too)."""
    try:
        return "folder" if stat.S_ISDIR(os.stat(path).st_mode) else "file"
    except FileNotFoundError:
        return "file" if os.path.islink(path) else "missing"
    except OSError:  # a loop, or no permission: named, so the reader reports it
        return "file"


def python_files(paths: list[Path], limit: int | None = None) -> list[Path]:
    """Files named directly, and the Python files under folders named. A missing path is a
    FileNotFoundError: the user named it."""
    found: list[Path] = []
    for path in paths or [Path(".")]:
        kind = _kind(path)
        if kind == "folder":
            remaining = None if limit is None else limit - len(found)
            found.extend(walk_python_files(path, remaining))
        elif kind == "missing":
            raise FileNotFoundError(f"{path}: no such file or directory")
        else:  # a file, or a loop, FIFO or device: reading it says why it is skipped
            found.append(path)
        if limit is not None and len(found) >= limit:
            return found[:limit]
    return found
