"""Types from stub distributions (PEP 561 ``NAME-stubs`` packages: pandas-stubs, typeshed's
``types-*``), read statically and matched to the library release line they describe.

A stub distribution's version tracks its library's (``types-requests 2.31.0.20240106``
describes requests 2.31, ``pandas-stubs 2.2.3.250308`` pandas 2.2), so its types apply to
the releases of that major.minor line. Its files are read as the library's own stubs would
be (``NAME-stubs/x.pyi`` is module ``NAME.x``) and only the types are kept: results, what
iterating a result gives, literal-selected overloads. What exists is still the library
release's record; ``engine/stub_overlay.py`` adds these types to it.

Stub distributions the user has not installed travel with codesync in a text form, one file
per import name and line (``knowledge/stubs/NAME-LINE.json``, written by
``scripts/build_stub_types.py``): only the results, and which stub release they came from.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..knowledge.model import Definition

if TYPE_CHECKING:
    from .archive import SourceFile

STUBS_SUFFIX = "-stubs"
_LINE = re.compile(r"(\d+)\.(\d+)")
_TYPED_FIELDS = ("kind", "returns", "yields", "literal_returns")


@dataclass
class StubPackage:
    """One installed (or downloaded) stub package: ``NAME-stubs`` for import name ``NAME``."""

    import_name: str
    version: str  # the stub distribution's own version
    folder: Path  # the NAME-stubs folder

    @property
    def line(self) -> str | None:
        return minor_line(self.version)


@dataclass
class StubTypes:
    """The typed records of one stub package, for the library releases of ``line``."""

    import_name: str
    line: str
    definitions: dict[str, Definition] = field(default_factory=dict)


def minor_line(version: str) -> str | None:
    """A version's major.minor line: the release line of a library release ("2.2.3" ->
    "2.2"), and the line a stub version describes ("2.31.0.20240106" -> "2.31")."""
    match = _LINE.match(version.strip())
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else None


def stub_types(files: Iterable[SourceFile], import_name: str, line: str) -> StubTypes:
    """The types a stub package's files state, keyed by the library's canonical paths."""
    from .archive import SourceFile
    from .release import build_snapshot  # the extractor: loaded only when stubs are read

    prefix = import_name + STUBS_SUFFIX + "/"
    renamed = [SourceFile(import_name + "/" + f.path[len(prefix):], f.text)
               for f in files if f.path.startswith(prefix) and f.path.endswith(".pyi")]
    snapshot = build_snapshot(renamed, [import_name])
    typed = {path: definition for path, definition in snapshot.definitions.items()
             if definition.returns or definition.yields or definition.literal_returns}
    return StubTypes(import_name, line, typed)


def stub_file_name(import_name: str, line: str) -> str:
    """The shipped text form's file for one import name and release line."""
    return f"{import_name}-{line}.json"


def stub_text_form(types: StubTypes, distribution: str, version: str) -> dict:
    """The shipped text form of ``types``: only the results, with their stub release."""
    definitions = {}
    for path, definition in sorted(types.definitions.items()):
        record = definition.to_json()
        definitions[path] = {k: record[k] for k in _TYPED_FIELDS if k in record}
    return {"import_name": types.import_name, "line": types.line,
            "stub_distribution": distribution, "stub_version": version,
            "definitions": definitions}


def read_shipped_stub_types(folder: Path, import_name: str, line: str) -> StubTypes | None:
    """The shipped types of ``import_name`` at ``line``; None when there is no such file or
    it cannot be read (a damaged file only loses its types)."""
    from ..safe_files import UnreadableFile, read_regular_bytes
    from .archive import MAX_MEMBER_BYTES

    path = folder / stub_file_name(import_name, line)
    try:
        data = json.loads(read_regular_bytes(path, 4 * MAX_MEMBER_BYTES))
        return StubTypes(import_name, line, {
            name: Definition.from_json(name, record)
            for name, record in data["definitions"].items()})
    except (UnreadableFile, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def installed_stub_packages(site_packages: Iterable[Path],
                            versions: dict[str, str]) -> list[StubPackage]:
    """The ``NAME-stubs`` folders of an environment with their distributions' versions
    (``versions``: distribution name -> version, as the environment reads them); a folder
    whose distribution is not found is left out (its version says nothing)."""
    found = []
    for folder in site_packages:
        stub_folders = [f for f in sorted(folder.glob("*" + STUBS_SUFFIX))
                        if f.is_dir() and not f.is_symlink()]
        owners = _stub_owners(folder, {f.name for f in stub_folders}) if stub_folders else {}
        for stub_folder in stub_folders:
            name = stub_folder.name[: -len(STUBS_SUFFIX)]
            version = versions.get(owners.get(stub_folder.name, ""))
            if name.isidentifier() and version:
                found.append(StubPackage(name, version, stub_folder))
    return found


def read_stub_package(package: StubPackage) -> list[SourceFile]:
    """The package's ``.pyi`` files (regular files only, within the archive limits), with
    paths relative to its site-packages folder."""
    from ..safe_files import UnreadableFile, read_regular_bytes
    from .archive import (
        MAX_MEMBER_BYTES,
        MAX_SOURCE_FILES,
        MAX_TOTAL_SOURCE_BYTES,
        SourceFile,
        decode,
    )

    files: list[SourceFile] = []
    budget = MAX_TOTAL_SOURCE_BYTES
    root = package.folder.parent
    for directory, subdirs, names in os.walk(package.folder):  # symlinked folders not followed
        subdirs.sort()
        for name in sorted(n for n in names if n.endswith(".pyi")):
            path = Path(directory) / name
            try:
                data = read_regular_bytes(path, MAX_MEMBER_BYTES)
            except UnreadableFile:
                continue
            budget -= len(data)
            if budget < 0 or len(files) >= MAX_SOURCE_FILES:
                return files
            files.append(SourceFile(path.relative_to(root).as_posix(), decode(data)))
    return files


def _stub_owners(folder: Path, wanted: set[str]) -> dict[str, str]:
    """``NAME-stubs`` folder -> the distribution whose RECORD lists it (the RECORDs of
    distributions named like stub packages first: an environment has hundreds)."""
    from packaging.utils import canonicalize_name

    from ..safe_files import UnreadableFile, read_regular_bytes
    from .archive import MAX_MEMBER_BYTES

    owners: dict[str, str] = {}
    infos = sorted(folder.glob("*.dist-info"),
                   key=lambda p: not ("stubs" in p.name.lower() or p.name.startswith("types")))
    for dist_info in infos:
        if wanted <= owners.keys():
            break
        try:
            record = read_regular_bytes(dist_info / "RECORD", MAX_MEMBER_BYTES).decode(
                "utf-8", "replace")
        except UnreadableFile:
            continue
        name = canonicalize_name(dist_info.name[: -len(".dist-info")].rsplit("-", 1)[0])
        for top in {line.split("/", 1)[0] for line in record.splitlines() if "/" in line}:
            if top in wanted:
                owners.setdefault(top, name)
    return owners
