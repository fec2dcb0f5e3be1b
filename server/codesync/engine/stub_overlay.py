"""Stub types added to a library's records at the releases they describe.

The project's environment may hold stub packages (``pandas-stubs``, ``types-requests``):
their types apply to the library releases of the major.minor line their version names
(``stub_distributions.py``). For a record the knowledge holds at such a release, a result
it lacks (``returns``, ``yields``, literal-selected overloads) is taken from the stubs when
every class it names exists at that release; nothing else changes: the source decides what
exists and how it is called. A package is read when first needed; its types are kept in
the user cache under a digest of its files (a large one, pandas-stubs, takes seconds to
read), so only the first process to meet a package's content pays for it.

Where the environment has no stub package for a record's import name and line, the types
shipped with codesync for that line (``locations.shipped_stubs_dir``, read once per process)
serve instead; an installed package always wins. Nothing is fetched at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..knowledge.model import Definition
from ..locations import shipped_stubs_dir, stub_types_dir
from .stub_distributions import (
    StubPackage,
    StubTypes,
    installed_stub_packages,
    minor_line,
    read_shipped_stub_types,
    read_stub_package,
    stub_types,
)

_read: dict[tuple[str, str], StubTypes] = {}  # (folder, version) -> its types
_shipped: dict[tuple[str, str, str], StubTypes | None] = {}  # (folder, name, line) -> types
_lock = threading.Lock()


class StubOverlay:
    """The stub packages of one environment, by the import name they type."""

    def __init__(self, packages: list[StubPackage], shipped: Path | None = None) -> None:
        self.packages = {p.import_name: p for p in packages if p.line}
        self.shipped = shipped  # the folder of shipped types (NAME-LINE.json), if any

    @classmethod
    def of_environment(cls, environment: Any) -> StubOverlay:
        """From an ``environment.Environment`` (its site-packages and versions), with the
        types shipped with codesync behind its packages."""
        versions = {name: installed.version
                    for name, installed in environment.distributions.items()}
        return cls(installed_stub_packages(environment.site_packages, versions),
                   shipped_stubs_dir())

    def typed(self, definition: Definition, version: str,
              exists: Callable[[str], bool]) -> Definition:
        """``definition`` (a record at ``version``) with the results the stubs add."""
        line = minor_line(version)
        types = self.types_of(definition.path.split(".", 1)[0], line) if line else None
        stub = types.definitions.get(definition.path) if types else None
        return definition if stub is None else with_stub_results(definition, stub, exists)

    def types_of(self, import_name: str, line: str) -> StubTypes | None:
        """The types for ``import_name`` at release ``line``: the installed package's when
        it describes that line, else the shipped ones."""
        package = self.packages.get(import_name)
        if package is not None and package.line == line:
            return self._types(package)
        if self.shipped is None:
            return None
        key = (str(self.shipped), import_name, line)
        with _lock:
            if key not in _shipped:
                _shipped[key] = read_shipped_stub_types(self.shipped, import_name, line)
            return _shipped[key]

    def _types(self, package: StubPackage) -> StubTypes:
        key = (str(package.folder), package.version)
        with _lock:
            if key not in _read:
                _read[key] = _cached_types(package)
            return _read[key]


def _cached_types(package: StubPackage) -> StubTypes:
    """The package's types from the user cache, else read and stored there."""
    files = read_stub_package(package)
    digest = hashlib.sha256()
    for source in files:
        digest.update(f"{source.path}\0{source.text}\0".encode("utf-8", "surrogatepass"))
    line = package.line or ""
    path = stub_types_dir() / f"{package.import_name}-{line}-{digest.hexdigest()[:32]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StubTypes(package.import_name, line, {
            name: Definition.from_json(name, record) for name, record in data.items()})
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not cached yet, or unreadable: read the package
    types = stub_types(files, package.import_name, line)
    _write(path, {name: d.to_json() for name, d in sorted(types.definitions.items())})
    return types


def _write(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs the next process a read


def with_stub_results(definition: Definition, stub: Definition,
                      exists: Callable[[str], bool]) -> Definition:
    """A copy of the record with the results it lacks taken from the stub's record."""
    changes: dict[str, Any] = {}
    if not definition.returns and stub.returns and _all_exist(stub.returns, exists):
        changes["returns"] = stub.returns
    if not definition.yields and stub.yields and not stub.yields.startswith("(") and \
            _all_exist(stub.yields, exists):
        changes["yields"] = stub.yields
    if not definition.literal_returns and stub.literal_returns:
        changes["literal_returns"] = [
            {**case, "returns": case["returns"] if _all_exist(case["returns"], exists) else ""}
            for case in stub.literal_returns]
    return replace(definition, **changes) if changes else definition


def _all_exist(classes: str, exists: Callable[[str], bool]) -> bool:
    return bool(classes) and all(exists(c) for c in classes.split("|"))
