"""The user's own modules seen from another of their files: what ``from .compat import pd`` or
``from myapp.io import read_frame`` binds.

A module of the project is found on disk beside the importing file (relative imports, and
absolute ones from the folder above the file's top package or the file's own folder), parsed
(never run), and walked like the file itself; its module-level names — library modules it
imports, instances it creates, what its functions return — become values in the importer.
Results are kept per module and depth for the project's lifetime (per module alone when it
imports no module of the project: its names are then the same at every depth), with the size
and modification time of every file read to compute them (the module and those it imports): a
change to any of them walks the module again. A result cut short by an import cycle depends on
the chain of imports it was reached through and is kept for that chain only, so what a module
binds never depends on the order files are checked in (one process or several give the same
findings).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..source_text import read_source
from .tree_cache import TreeCache

MAX_DEPTH = 3  # modules followed through modules
ANY_DEPTH = -1  # the cache key of a module whose names do not depend on the depth it is read at
MAX_MODULE_BYTES = 1_000_000

Walk = Callable[[ast.Module, Path, int], dict]  # (tree, its path, depth) -> module-level names
# per ``from`` import of the project's modules a walk of the tree makes: the module, the
# level, and the names it takes
Queries = Callable[[ast.Module], list[tuple[str, int, tuple[str, ...]]]]


Stamp = tuple[Path, int, int]  # a file, its modification time (ns) and size


@dataclass
class _Walk:
    """A module being walked: the files its names come from, and where in the chain the
    outermost module lies that an import cycle below it led back to (None: no cycle)."""

    path: Path
    read: set[Stamp] = field(default_factory=set)
    cut_at: int | None = None
    by_depth: bool = False  # it imports a module of the project: its names depend on the depth
    text: str | None = None  # its source

    def cut(self, index: int) -> None:
        self.cut_at = index if self.cut_at is None else min(self.cut_at, index)


class ProjectModules:
    def __init__(self, walk: Walk, queries: Queries | None = None,
                 shareable: Callable[[dict | None], bool] | None = None) -> None:
        self.walk = walk
        # with ``queries`` (the imports a walk of a tree asks this for, in order) and
        # ``shareable`` (a result that is the same whoever holds it), a module whose imports
        # answer as before is not walked again
        self.queries, self.shareable = queries, shareable
        self._queries: dict[Stamp, list[tuple[str, int, tuple[str, ...]]] | None] = {}
        self._results: dict[Stamp, list[tuple[list, dict | None]]] = {}
        self._cache: dict[tuple[Path, int], tuple[frozenset[Stamp], dict | None]] = {}
        self._cut: dict[tuple[Path, tuple[Path, ...]],
                        tuple[frozenset[Stamp], dict | None, int]] = {}
        self._chain: list[_Walk] = []  # modules being walked, outermost first
        self._folders: dict[Path, Path] = {}  # importer -> its resolved folder
        self._found: dict[tuple[Path, str, int], Path | None] = {}  # during one check
        self._stamps: dict[Path, Stamp | None] = {}  # during one check
        self._per_check = False
        # a batch check (the command line): the project's files are taken as they are when
        # first read, for the whole run; the server reads them again for each check
        self.snapshot = False
        self.trees = TreeCache()  # trees of modules walked, for the check of the same text

    def names(self, importer: Path, module: str, level: int, depth: int) -> dict | None:
        """Module-level names of ``module`` as imported from ``importer``; None when it is
        not a module of the project (or cannot be read)."""
        if depth >= MAX_DEPTH:
            if self._chain and not self._chain[-1].by_depth:
                self._chain[-1].by_depth = self.find(importer, module, level) is not None
            return None
        path = self.find(importer, module, level)
        if path is None:
            return None
        if self._chain:
            self._chain[-1].by_depth = True
        return self._names(path, depth + 1)

    def text_walked(self) -> str | None:
        """The source of the module being walked now, if any."""
        return self._chain[-1].text if self._chain else None

    def new_check(self) -> None:
        """A check begins: files found and stamps read for the last one are read again;
        until the next, each is read once (without this call, every time). In a batch
        (``snapshot``) they are read once for the whole run."""
        if self.snapshot and self._per_check:
            return
        self._found.clear()
        self._stamps.clear()
        self._per_check = True

    def find(self, importer: Path, module: str, level: int) -> Path | None:
        if not self._per_check:
            return self._find(importer, module, level)
        key = (self._folder(importer), module, level)
        if key not in self._found:
            self._found[key] = self._find(importer, module, level)
        return self._found[key]

    def _stamp(self, path: Path) -> Stamp | None:
        if not self._per_check:
            return _stamp(path)
        if path not in self._stamps:
            self._stamps[path] = _stamp(path)
        return self._stamps[path]

    def _find(self, importer: Path, module: str, level: int) -> Path | None:
        parts = [p for p in module.split(".") if p] if module else []
        for base in _bases(self._folder(importer), level):
            found = _module_file(base, parts)
            if found is not None:
                return found
        return None

    def _folder(self, importer: Path) -> Path:
        if importer not in self._folders:
            self._folders[importer] = importer.resolve().parent
        return self._folders[importer]

    def _names(self, path: Path, depth: int) -> dict | None:
        stamp = self._stamp(path)
        if stamp is None:
            return None
        chain = tuple(walk.path for walk in self._chain)
        if path in chain:  # an import cycle: what lies between depends on the chain
            self._cycle_to(chain.index(path))
            return None
        cached = self._cached(path, depth, chain)
        if cached is not None:
            self._note(cached[0])
            if len(cached) > 2:
                self._cycle_to(cached[2])
            return cached[1]
        self._note({stamp})
        if stamp[2] > MAX_MODULE_BYTES:
            return None  # a generated module
        walk = _Walk(path, {stamp})
        self._chain.append(walk)
        try:
            names = self._walk(path, stamp, depth, walk)
        finally:
            self._chain.pop()
        self._note(walk.read)
        if walk.cut_at is None:  # a module that imports none of the project's holds at any depth
            self._cache[(path, depth if walk.by_depth else ANY_DEPTH)] = (frozenset(walk.read), names)
        else:  # cut by a cycle: holds for the same chain of modules only
            self._cut[(path, chain)] = (frozenset(walk.read), names, walk.cut_at)
        return names

    def _walk(self, path: Path, stamp: Stamp, depth: int, walk: _Walk) -> dict | None:
        """The module's names: walked, or, when the modules it imports answered as they did
        for an earlier walk of the same text, that walk's result (its depth changes nothing
        else)."""
        queries = self._queries.get(stamp)
        tree = None
        try:
            if queries is None:
                walk.text = read_source(path, MAX_MODULE_BYTES).text
                tree = self.trees.parse(walk.text, str(path))
                queries = self._queries[stamp] = self.queries(tree) if self.queries else None
            if queries is None:
                return self.walk(tree, path, depth)
            answers = [_taken(self.names(path, module, level, depth), taken)
                       for module, level, taken in queries]
            for seen, names in self._results.get(stamp, ()):
                if seen == answers:
                    return names
            if tree is None:
                walk.text = read_source(path, MAX_MODULE_BYTES).text
                tree = self.trees.parse(walk.text, str(path))
            names = self.walk(tree, path, depth)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            return None
        if self.shareable is not None and self.shareable(names):
            self._results.setdefault(stamp, []).append((answers, names))
        return names

    def _cached(self, path: Path, depth: int, chain: tuple[Path, ...]) -> tuple | None:
        """A result still valid for the module: every file it came from is unchanged."""
        for cached in (self._cache.get((path, depth)), self._cache.get((path, ANY_DEPTH)),
                       self._cut.get((path, chain))):
            if cached is not None and (self.snapshot and self._per_check or all(
                    self._stamp(s[0]) == s for s in cached[0])):
                return cached
        return None

    def _cycle_to(self, index: int) -> None:
        """A cycle led back to the module at ``index`` of the chain: the results of those
        after it depend on the chain."""
        for inner in self._chain[index + 1:]:
            inner.cut(index)

    def _note(self, stamps: set[Stamp] | frozenset[Stamp]) -> None:
        """The modules being walked depend on these files too."""
        if self._chain:
            self._chain[-1].read.update(stamps)


def _taken(names: dict | None, taken: tuple[str, ...]) -> list:
    """What an import takes from a module's names (a walk reads nothing else of them)."""
    return [names.get(name) for name in taken] if names else [None] * len(taken)


def _stamp(path: Path) -> Stamp | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (path, stat.st_mtime_ns, stat.st_size)


def _bases(folder: Path, level: int) -> list[Path]:
    """Folders an import is looked up in from a file in ``folder`` (resolved): its package
    (up ``level - 1``) for a relative import; else the folder above its top package, and its
    own folder."""
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
