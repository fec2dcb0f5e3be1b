"""Top-level statements an edit left alone are walked once (the language server).

The site collector walks a module's top-level statements in order. Each one reads state the
statements before it left (the names the module binds, what the first walk learned, the
libraries imported so far, project modules) and writes state of its own. While a statement is
walked, the state's containers log every key it reads with the value seen, and every key it
writes; the memo keeps those with the final value of each written key and the sites recorded.
At the next check a statement with the same node (statement_parse.py hands back the node of a statement
whose text and place did not change) is replayed — its writes applied, its sites
appended — when every key it read has the value it saw then; else it is walked again. A walk
is a function of the statement and the keys it reads, so the result equals a full walk.
A statement an edit moved up or down (its nodes shifted in place by statement_parse.py) is
replayed the same way; the nodes its walk made itself (a site standing for a call it built)
are not in the tree and are moved here.
"""

from __future__ import annotations

import ast
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

MISSING: Any = object()  # the value of a key a container lacks
ALL = "*all*"  # a read of the whole key set (iteration, a copy, a length)
MAX_PATHS = 32  # documents whose statements are kept


class Log:
    """What one statement's walk read (first value seen per key) and wrote."""

    __slots__ = ("reads", "written")

    def __init__(self) -> None:
        self.reads: dict[tuple, Any] = {}
        self.written: set[tuple] = set()


class Tracker:
    """The containers of one check's state, by name, and the log of the statement walked."""

    def __init__(self) -> None:
        self.log: Log | None = None
        self.containers: dict[Hashable, TrackedNames | TrackedSet] = {}

    def read(self, key: tuple, value: Any) -> None:
        log = self.log  # a key read after the statement wrote it needs no check
        if log is not None and key not in log.reads and key not in log.written:
            log.reads[key] = value

    def wrote(self, key: tuple) -> None:
        if self.log is not None:
            self.log.written.add(key)

    def current(self, key: tuple) -> Any:
        """A key's value in the state as it is now."""
        name, item = key
        container = self.containers.get(name)
        if container is None:
            return frozenset() if item is ALL else MISSING
        if isinstance(container, TrackedSet) or item is ALL:
            return frozenset(container.raw_keys())
        return dict.get(container, item, MISSING)

    def apply(self, key: tuple, value: Any) -> None:
        name, item = key
        container = self.containers.get(name)
        if container is None:
            container = self.containers[name] = TrackedNames(self, name)
        if isinstance(container, TrackedSet):
            set.clear(container)
            set.update(container, value)
        elif value is MISSING:
            dict.pop(container, item, None)
        else:
            dict.__setitem__(container, item, value)


class TrackedNames(dict):
    """A dict whose reads and writes are logged under ``(name, key)``."""

    def __init__(self, tracker: Tracker, name: Hashable, items: Iterable = ()) -> None:
        super().__init__(items)
        self.tracker, self.name = tracker, name
        tracker.containers[name] = self

    def raw_keys(self) -> list:
        return list(dict.keys(self))

    def _all(self) -> None:
        self.tracker.read((self.name, ALL), frozenset(dict.keys(self)))
        for key, value in dict.items(self):
            self.tracker.read((self.name, key), value)

    def __contains__(self, key: object) -> bool:
        value = dict.get(self, key, MISSING)
        self.tracker.read((self.name, key), value)
        return value is not MISSING

    def __getitem__(self, key: Hashable) -> Any:
        self.tracker.read((self.name, key), dict.get(self, key, MISSING))
        return dict.__getitem__(self, key)

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = dict.get(self, key, MISSING)
        self.tracker.read((self.name, key), value)
        return default if value is MISSING else value

    def __setitem__(self, key: Hashable, value: Any) -> None:
        self.tracker.wrote((self.name, key))
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Hashable) -> None:
        self.tracker.wrote((self.name, key))
        dict.__delitem__(self, key)

    def pop(self, key: Hashable, *default: Any) -> Any:
        self.tracker.read((self.name, key), dict.get(self, key, MISSING))
        self.tracker.wrote((self.name, key))
        return dict.pop(self, key, *default)

    def setdefault(self, key: Hashable, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def copy(self) -> dict:
        self._all()
        return dict(dict.items(self))

    def popitem(self):
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError


class TrackedSet(set):
    """A set read and written as one key, ``(name, ALL)``."""

    def __init__(self, tracker: Tracker, name: Hashable) -> None:
        super().__init__()
        self.tracker, self.name = tracker, name
        tracker.containers[name] = self

    def raw_keys(self) -> list:
        return list(set.__iter__(self))

    def _read(self) -> None:
        self.tracker.read((self.name, ALL), frozenset(set.__iter__(self)))

    def __contains__(self, item: object) -> bool:
        self._read()
        return set.__contains__(self, item)

    def __iter__(self):
        self._read()
        return set.__iter__(self)

    def __len__(self) -> int:
        self._read()
        return set.__len__(self)

    def add(self, item: Hashable) -> None:
        self._read()  # the set written is the set read plus the item
        self.tracker.wrote((self.name, ALL))
        set.add(self, item)

    def update(self, *items: Iterable) -> None:
        self._read()
        self.tracker.wrote((self.name, ALL))
        set.update(self, *items)


class TrackedMapOfNames(dict):
    """Per key (a class's node), a TrackedNames made on first use: ``get`` and
    ``setdefault`` hand it out (an empty one reads as the ``{}`` default would)."""

    def __init__(self, tracker: Tracker, name: str) -> None:
        super().__init__()
        self.tracker, self.name = tracker, name

    def _inner(self, key: Hashable) -> TrackedNames:
        inner = dict.get(self, key)
        if inner is None:
            inner = self.tracker.containers.get((self.name, key))
            if inner is None:
                inner = TrackedNames(self.tracker, (self.name, key))
            dict.__setitem__(self, key, inner)
        return inner

    def get(self, key: Hashable, default: Any = None) -> TrackedNames:
        return self._inner(key)

    def setdefault(self, key: Hashable, default: Any = None) -> TrackedNames:
        return self._inner(key)

    def __getitem__(self, key: Hashable) -> TrackedNames:
        return self._inner(key)


class TrackedScope:
    """The module's scope (``values.Scope``'s interface): its names are tracked, and a walk
    that replaces them (branches merged) writes the names whose values differ."""

    parent = None

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self._names = TrackedNames(tracker, "scope")

    @property
    def names(self) -> TrackedNames:
        return self._names

    @names.setter
    def names(self, new: dict) -> None:
        old = self._names
        new_items = dict(dict.items(new))
        for key in set(dict.keys(old)) | set(new_items):
            if dict.get(old, key, MISSING) is not new_items.get(key, MISSING):
                self.tracker.wrote(("scope", key))
        self._names = TrackedNames(self.tracker, "scope", new_items)

    def lookup(self, name: str) -> Any:
        names = self._names
        return names[name] if name in names else None


class TrackedModules:
    """Project modules (analysis/project_modules.py) whose answers are logged as reads."""

    def __init__(self, modules: Any, tracker: Tracker) -> None:
        self.modules, self.tracker = modules, tracker

    def names(self, importer: Any, module: str, level: int, depth: int) -> dict | None:
        found = self.modules.names(importer, module, level, depth)
        self.tracker.read((("module", importer, module, level, depth), None), _Answer(found))
        return found


@dataclass(frozen=True, eq=False)
class _Answer:
    """A project module's names as read; compared by asking again."""

    names: dict | None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Answer) and self.names == other.names

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Entry:
    reads: tuple[tuple[tuple, Any], ...]
    writes: tuple[tuple[tuple, Any], ...]
    sites: list = field(default_factory=list)
    line: int = 0  # the statement's first line when it was walked
    site_lines: tuple[tuple[int, int], ...] = ()  # each site's node's and receiver's line

    def moved(self, stmt: ast.stmt) -> None:
        """Follow the statement to its new line: move the sites' nodes that are not the
        tree's (those the tree holds moved with it)."""
        delta = stmt.lineno - self.line
        if not delta:
            return
        for site, lines in zip(self.sites, self.site_lines):
            for node, line in zip((site.node, site.receiver), lines):
                if node is not None and getattr(node, "lineno", None) == line:
                    _shift_made(node, delta)
        self.line = stmt.lineno
        self.site_lines = tuple((a if a < 0 else a + delta, b if b < 0 else b + delta)
                                for a, b in self.site_lines)


def _site_lines(sites: list, stmt: ast.stmt) -> tuple[tuple[int, int], ...]:
    """Per site, the lines of its node and receiver; -1 for one outside the statement (no
    node of another statement is ever moved here)."""
    first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
    last = stmt.end_lineno or stmt.lineno

    def line(node: ast.AST | None) -> int:
        found = getattr(node, "lineno", None)
        return found if found is not None and first <= found <= last else -1

    return tuple((line(s.node), line(s.receiver)) for s in sites)


def _shift_made(node: ast.AST, delta: int) -> None:
    """Move a node the walk built, not the tree nodes it holds (already moved)."""
    node.lineno += delta
    if getattr(node, "end_lineno", None) is not None:
        node.end_lineno += delta


class StatementMemo:
    """Per document and walk (learning, recording), each top-level statement's entry."""

    def __init__(self) -> None:
        self._entries: dict[tuple, dict[ast.stmt, Entry]] = {}
        self._context: Hashable = None

    def begin(self, context: Hashable) -> None:
        """Forget everything when what the walks consult changed (the knowledge replaced)."""
        if context != self._context:
            self._entries.clear()
            self._context = context

    def walk_module(self, collector: Any, tree: ast.Module, tracker: Tracker,
                    phase: str) -> None:
        key = (collector.path, phase)
        entries = self._entries.pop(key, {})
        kept: dict[ast.stmt, Entry] = {}
        for stmt in tree.body:
            entry = entries.get(stmt)
            if entry is not None and _holds(entry, tracker, collector):
                entry.moved(stmt)
                for written, value in entry.writes:
                    tracker.apply(written, value)
                collector.sites.extend(entry.sites)
            else:
                entry = _walk(collector, stmt, tracker)
            kept[stmt] = entry
        self._entries[key] = kept
        while len(self._entries) > 2 * MAX_PATHS:
            self._entries.pop(next(iter(self._entries)))


def _walk(collector: Any, stmt: ast.stmt, tracker: Tracker) -> Entry:
    log = tracker.log = Log()
    recorded = len(collector.sites)
    try:
        collector.visit(stmt)
    finally:
        tracker.log = None
    writes = tuple((key, tracker.current(key)) for key in log.written)
    sites = collector.sites[recorded:]
    return Entry(tuple(log.reads.items()), writes, sites, stmt.lineno, _site_lines(sites, stmt))


def _holds(entry: Entry, tracker: Tracker, collector: Any) -> bool:
    containers = tracker.containers
    for key, seen in entry.reads:
        container = containers.get(key[0])
        if container.__class__ is TrackedNames and key[1] is not ALL:  # most reads: a name
            now = dict.get(container, key[1], MISSING)
            if now is seen or _same(now, seen):
                continue
            return False
        if isinstance(seen, _Answer):
            importer, module, level, depth = key[0][1:]
            if _Answer(collector.modules.modules.names(importer, module, level, depth)) != seen:
                return False
        elif not _same(tracker.current(key), seen):
            return False
    return True


def _same(now: Any, seen: Any) -> bool:
    if now is seen:
        return True
    try:
        return bool(now == seen)
    except Exception:  # noqa: BLE001 - a value that cannot be compared is not the same
        return False
