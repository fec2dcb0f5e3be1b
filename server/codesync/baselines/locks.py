"""Parsers for lock files: text in, {canonical distribution name: resolved version} out.

Formats: uv.lock, poetry.lock, pdm.lock, pylock.toml (PEP 751) and Pipfile.lock. The project
itself (editable, virtual or directory entries) is left out. A malformed file raises
`ValueError` (the caller skips it); a malformed entry is skipped. When a lock resolves one
distribution to several versions (per-platform forks), the highest is kept.

TOML locks up to 256 KB are parsed whole with tomllib. Larger ones (a real uv.lock with wheel
lists is often 0.5-2 MB, and a line's history may cross dozens of them) are scanned: only the
column-0 keys of each `[[package]]` table that matter are parsed, which is ~20x faster and gives
the same answer on files the tools generate; a malformed large file yields what could be read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCAL_SOURCES = ("editable", "virtual", "directory", "path")


FULL_PARSE_LIMIT = 256 * 1024
WANTED = frozenset({"name", "version", "source", "editable", "path", "directory", "type"})
KEY_LINE = re.compile(r"^([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*?)[ \t]*$")
PLAIN_STRING = re.compile(r'^"([^"\\]*)"$')


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise ValueError(f"not TOML: {error}") from error


def _tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key, [])
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _value(text: str) -> Any:
    plain = PLAIN_STRING.match(text)
    if plain:
        return plain.group(1)
    if text in ("true", "false"):
        return text == "true"
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def scan_tables(text: str, array: str) -> list[dict[str, Any]]:
    """The `WANTED` keys of each `[[array]]` table (and of its `[array.<wanted>]` subtables),
    read from column-0 `key = value` lines without parsing the rest of the file."""
    records: list[dict[str, Any]] = []
    target: dict[str, Any] | None = None
    for line in text.splitlines():
        if line.startswith("["):
            header = line.split("#", 1)[0].strip()
            sub = header[len(array) + 2 : -1].strip() if header.startswith(f"[{array}.") else ""
            if header == f"[[{array}]]":
                target = {}
                records.append(target)
            elif records and sub in WANTED and not header.startswith("[["):
                target = records[-1].setdefault(sub, {})
                target = target if isinstance(target, dict) else None
            else:
                target = None
            continue
        if target is None or line[:1] in ("", " ", "\t", "]", "#"):
            continue
        match = KEY_LINE.match(line)
        if match and match.group(1) in WANTED:
            value = _value(match.group(2))
            if value is not None:
                target[match.group(1)] = value
    return records


def _packages(text: str, array: str) -> list[dict[str, Any]]:
    if len(text) > FULL_PARSE_LIMIT:
        return scan_tables(text, array)
    return _tables(_toml(text), array)


def highest(pairs: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """Keep valid (name, version) pairs; one version per canonical name, the highest."""
    best: dict[str, tuple[Version, str]] = {}
    for name, version in pairs:
        if not isinstance(name, str) or not isinstance(version, str) or not name:
            continue
        try:
            parsed = Version(version)
        except InvalidVersion:
            continue
        key = canonicalize_name(name)
        if key not in best or parsed > best[key][0]:
            best[key] = (parsed, version)
    return {name: version for name, (_, version) in best.items()}


def _is_local(source: Any) -> bool:
    return isinstance(source, dict) and any(key in source for key in LOCAL_SOURCES)


def parse_uv_lock(text: str) -> dict[str, str]:
    packages = _packages(text, "package")
    return highest(
        (p.get("name"), p.get("version")) for p in packages if not _is_local(p.get("source"))
    )


def parse_poetry_lock(text: str) -> dict[str, str]:
    packages = _packages(text, "package")

    def local(package: dict[str, Any]) -> bool:
        source = package.get("source")
        return isinstance(source, dict) and source.get("type") in ("directory", "file")

    return highest((p.get("name"), p.get("version")) for p in packages if not local(p))


def parse_pdm_lock(text: str) -> dict[str, str]:
    packages = _packages(text, "package")
    return highest(
        (p.get("name"), p.get("version"))
        for p in packages
        if not p.get("editable") and "path" not in p
    )


def parse_pylock(text: str) -> dict[str, str]:
    head = text.split("\n[", 1)[0]
    if not re.search(r"^lock-version\s*=", head, re.MULTILINE):
        raise ValueError("not a PEP 751 lock: no lock-version")
    packages = _packages(text, "packages")
    return highest((p.get("name"), p.get("version")) for p in packages if "directory" not in p)


def _pipfile_version(entry: Any) -> Any:
    if not isinstance(entry, dict) or entry.get("editable"):
        return None
    version = entry.get("version")
    if isinstance(version, str) and version.startswith("==") and not version.startswith("==="):
        return version[2:].strip()
    return None


def parse_pipfile_lock(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValueError("Pipfile.lock is not an object")
    pairs = []
    for group in ("develop", "default"):  # default last: it wins ties on equal versions
        section = data.get(group)
        if isinstance(section, dict):
            pairs += [(name, _pipfile_version(entry)) for name, entry in section.items()]
    return highest(pairs)


LOCK_PARSERS: dict[str, Callable[[str], dict[str, str]]] = {
    "uv.lock": parse_uv_lock,
    "poetry.lock": parse_poetry_lock,
    "pdm.lock": parse_pdm_lock,
    "pylock.toml": parse_pylock,
    "Pipfile.lock": parse_pipfile_lock,
}


def lock_parser(name: str) -> Callable[[str], dict[str, str]] | None:
    """The parser for a lock file's base name (`pylock.<anything>.toml` included)."""
    if name in LOCK_PARSERS:
        return LOCK_PARSERS[name]
    if name.startswith("pylock.") and name.endswith(".toml") and len(name) > len("pylock..toml"):
        return parse_pylock
    return None
