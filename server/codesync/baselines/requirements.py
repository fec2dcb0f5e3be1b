"""Exact pins in requirements files and in pyproject.toml's `[project].dependencies`.

Requirements files follow pip's syntax as far as pins go: `\\` continuations, `#` comments,
extras, environment markers, per-requirement options (`--hash=...`), and `-r`/`-c` includes,
followed only inside the project and once each. URLs, paths and editable lines are skipped, and
so is any specifier other than a single `==` (no wildcard) or `===`, and any version that is
not a valid PEP 440 version.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .files import FileTree, inside

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COMMENT = re.compile(r"(^|\s+)#.*$")
OPTION = re.compile(r"\s+--?[A-Za-z]")
INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=-r)|(?<=-c))(\S+)$")
MAX_INCLUDES = 50


@dataclass(frozen=True)
class Candidate:
    version: str
    where: str
    marker: Marker | None


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line number, line) with continuations joined and comments removed."""
    start, parts = 0, []
    for number, raw in enumerate(text.splitlines(), 1):
        if not parts:
            start = number
        if raw.endswith("\\") and not COMMENT.match(raw):
            parts.append(raw[:-1])
            continue
        parts.append(raw)
        line = COMMENT.sub("", " ".join(parts)).strip()
        parts = []
        if line:
            yield start, line
    if parts:
        line = COMMENT.sub("", " ".join(parts)).strip()
        if line:
            yield start, line


def exact_pin(requirement: Requirement) -> str | None:
    """The version of a single `==`/`===` specifier, else None."""
    specs = list(requirement.specifier)
    if requirement.url or len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*")):
        try:
            Version(spec.version)
        except InvalidVersion:
            return None
        return spec.version
    return None


def parse_requirement(line: str) -> Requirement | None:
    """A requirement line without its per-requirement options, or None when not a pin-able one."""
    line = OPTION.split(line, maxsplit=1)[0].strip()
    if not line or line.startswith(("-", ".", "/")) or "://" in line:
        return None
    try:
        return Requirement(line)
    except InvalidRequirement:
        return None


def requirement_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """("include", path) and ("pin", requirement text) items of one requirements file."""
    for number, line in logical_lines(text):
        include = INCLUDE.match(line)
        if include:
            yield number, "include", include.group(2)
        elif not line.startswith("-"):
            yield number, "pin", line


def requirements_candidates(
    tree: FileTree, path: str, seen: set[str] | None = None
) -> dict[str, list[Candidate]]:
    """Exact pins of `path` and the files it includes, in order, each with "path:line"."""
    seen = set() if seen is None else seen
    text = tree.read(path) if path not in seen and len(seen) < MAX_INCLUDES else None
    seen.add(path)
    found: dict[str, list[Candidate]] = {}
    if text is None:
        return found
    for number, kind, value in requirement_lines(text):
        if kind == "include":
            target = inside(posixpath.join(posixpath.dirname(path), value))
            if target:
                for name, cands in requirements_candidates(tree, target, seen).items():
                    found.setdefault(name, []).extend(cands)
            continue
        requirement = parse_requirement(value)
        version = exact_pin(requirement) if requirement else None
        if requirement and version:
            cand = Candidate(version, f"{path}:{number}", requirement.marker)
            found.setdefault(canonicalize_name(requirement.name), []).append(cand)
    return found


def _applies(marker: Marker | None) -> bool:
    try:
        return marker is None or marker.evaluate()
    except Exception:  # unknown variables in a hostile file
        return False


def choose(cands: list[Candidate]) -> Candidate:
    """One pin among several for a name: the only version, else the first written (includes
    count where they appear) among those whose markers hold here, else the first written."""
    if len({c.version for c in cands}) > 1:
        cands = [c for c in cands if _applies(c.marker)] or cands
    return cands[0]


def pyproject_candidates(text: str) -> dict[str, list[Candidate]]:
    """Exact pins in `[project].dependencies`."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}
    project = data.get("project")
    deps = project.get("dependencies") if isinstance(project, dict) else None
    found: dict[str, list[Candidate]] = {}
    for dep in deps if isinstance(deps, list) else []:
        requirement = parse_requirement(dep) if isinstance(dep, str) else None
        version = exact_pin(requirement) if requirement else None
        if requirement and version:
            cand = Candidate(version, "pyproject.toml", requirement.marker)
            found.setdefault(canonicalize_name(requirement.name), []).append(cand)
    return found
