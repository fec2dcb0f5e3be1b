"""Stub types added to a library's records at the releases they describe.

The project's environment may hold stub packages (``pandas-stubs``, ``types-requests``):
their types apply to the library releases of the major.minor line their version names
(``stub_distributions.py``). For a record the knowledge holds at such a release, a result
it lacks (``returns``, ``yields``, literal-selected overloads) is taken from the stubs when
every class it names exists at that release; nothing else changes: the source decides what
exists and how it is called. Packages are read when first needed, once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..knowledge.model import Definition
from .stub_distributions import (
    StubPackage,
    StubTypes,
    installed_stub_packages,
    minor_line,
    read_stub_package,
    stub_types,
)

_read: dict[tuple[str, str], StubTypes] = {}  # (folder, version) -> its types
_lock = threading.Lock()


class StubOverlay:
    """The stub packages of one environment, by the import name they type."""

    def __init__(self, packages: list[StubPackage]) -> None:
        self.packages = {p.import_name: p for p in packages if p.line}

    @classmethod
    def of_environment(cls, environment: Any) -> StubOverlay:
        """From an ``environment.Environment`` (its site-packages and versions)."""
        versions = {name: installed.version
                    for name, installed in environment.distributions.items()}
        return cls(installed_stub_packages(environment.site_packages, versions))

    def typed(self, definition: Definition, version: str,
              exists: Callable[[str], bool]) -> Definition:
        """``definition`` (a record at ``version``) with the results the stubs add."""
        package = self.packages.get(definition.path.split(".", 1)[0])
        if package is None or minor_line(version) != package.line:
            return definition
        stub = self._types(package).definitions.get(definition.path)
        return definition if stub is None else with_stub_results(definition, stub, exists)

    def _types(self, package: StubPackage) -> StubTypes:
        key = (str(package.folder), package.version)
        with _lock:
            if key not in _read:
                _read[key] = stub_types(read_stub_package(package), package.import_name,
                                        package.line or "")
            return _read[key]


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
