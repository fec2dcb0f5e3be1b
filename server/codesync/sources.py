"""Which Python files a check covers: one walker for the CLI and the language server's
workspace scan, so both see the same files."""

from __future__ import annotations

import os
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


def python_files(paths: list[Path], limit: int | None = None) -> list[Path]:
    """Files named directly, and the Python files under folders named. A missing path is a
    FileNotFoundError: the user named it."""
    found: list[Path] = []
    for path in paths or [Path(".")]:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            remaining = None if limit is None else limit - len(found)
            found.extend(walk_python_files(path, remaining))
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
        if limit is not None and len(found) >= limit:
            return found[:limit]
    return found
