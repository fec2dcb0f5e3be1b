"""The user's own modules seen from another of their files: what ``from .compat import pd`` or
``from myapp.io import read_frame`` binds.

A module of the project is found on disk beside the importing file (relative imports, and
absolute ones from the folder above the file's top package or the file's own folder), parsed
(never run), and walked like the file itself; its module-level names — library modules it
imports, instances it creates, what its functions return — become values in the importer.
Results are cached per file and modification time; import cycles and deep chains stop early.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from ..source_text import read_source

MAX_DEPTH = 3  # modules followed through modules
MAX_MODULE_BYTES = 1_000_000

Walk = Callable[[ast.Module, Path, int], dict]  # (tree, its path, depth) -> module-level names


class ProjectModules:
    def __init__(self, walk: Walk) -> None:
        self.walk = walk
        self._cache: dict[Path, tuple[float, dict]] = {}
        self._walking: set[Path] = set()

    def names(self, importer: Path, module: str, level: int, depth: int) -> dict | None:
        """Module-level names of ``module`` as imported from ``importer``; None when it is
        not a module of the project (or cannot be read)."""
        if depth >= MAX_DEPTH:
            return None
        path = self.find(importer, module, level)
        return self._names(path, depth + 1) if path is not None else None

    def find(self, importer: Path, module: str, level: int) -> Path | None:
        parts = [p for p in module.split(".") if p] if module else []
        for base in _bases(importer, level):
            found = _module_file(base, parts)
            if found is not None:
                return found
        return None

    def _names(self, path: Path, depth: int) -> dict | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stat.st_mtime:
            return cached[1]
        if path in self._walking or stat.st_size > MAX_MODULE_BYTES:
            return None  # an import cycle, or a generated module
        self._walking.add(path)
        try:
            tree = ast.parse(read_source(path, MAX_MODULE_BYTES).text, str(path))
            names = self.walk(tree, path, depth)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            names = None
        finally:
            self._walking.discard(path)
        if names is not None:
            self._cache[path] = (stat.st_mtime, names)
        return names


def _bases(importer: Path, level: int) -> list[Path]:
    """Folders an import is looked up in: the importer's package (up ``level - 1``) for a
    relative import; else the folder above its top package, and its own folder."""
    folder = importer.resolve().parent
    if level:
        for _ in range(level - 1):
            folder = folder.parent
        return [folder]
    top = folder
    while (top / "__init__.py").is_file() and top.parent != top:
        top = top.parent
    return list(dict.fromkeys([top, folder]))


def _module_file(base: Path, parts: list[str]) -> Path | None:
    if not parts:
        init = base / "__init__.py"
        return init if init.is_file() else None
    target = base.joinpath(*parts)
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None
