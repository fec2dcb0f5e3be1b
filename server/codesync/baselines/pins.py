"""Which exact versions a project pins, from its lock, requirements and pyproject files.

Lock files win over requirements files, which win over pyproject.toml; within a kind, the
first file in `pin_files` order that pins a distribution wins. Every pin says where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import DiskTree, FileTree
from .locks import lock_parser
from .requirements import Candidate, choose, pyproject_candidates, requirements_candidates

LOCK_ORDER = ("uv.lock", "poetry.lock", "pdm.lock", "pylock.toml", "Pipfile.lock")
REQUIREMENT_DIRS = ("requirements",)


@dataclass(frozen=True)
class Pin:
    version: str
    source: str  # human-readable: "uv.lock", "requirements.txt:12", "poetry.lock at 3f2a1c9 (…)"


def _lock_rank(name: str) -> tuple[int, str]:
    """uv, poetry, pdm, pylock.toml, then pylock.<name>.toml, then Pipfile.lock."""
    if name in LOCK_ORDER:
        return LOCK_ORDER.index(name), ""
    return LOCK_ORDER.index("pylock.toml"), name


def _requirement_rank(path: str) -> tuple[int, str]:
    """requirements.txt, requirements*.txt, requirements/*.txt, then constraints*.txt."""
    if path == "requirements.txt":
        return 0, path
    if path.startswith("requirements") and "/" not in path:
        return 1, path
    return (2 if "/" in path else 3), path


def pin_files(tree: FileTree) -> tuple[list[str], list[str], bool]:
    """(lock files, requirements files, has pyproject.toml) at the tree's root, in priority order."""
    root = tree.names("")
    locks = sorted((n for n in root if lock_parser(n)), key=_lock_rank)
    reqs = [n for n in root if n.endswith(".txt") and n.startswith(("requirements", "constraints"))]
    for folder in REQUIREMENT_DIRS:
        if folder in root:
            reqs += [f"{folder}/{n}" for n in tree.names(folder) if n.endswith(".txt")]
    return locks, sorted(reqs, key=_requirement_rank), "pyproject.toml" in root


def _lock_pins(tree: FileTree, name: str) -> dict[str, Pin]:
    parser, text = lock_parser(name), tree.read(name)
    if parser is None or text is None:
        return {}
    try:
        return {dist: Pin(version, name) for dist, version in parser(text).items()}
    except (ValueError, RecursionError, TypeError, AttributeError):
        return {}


def _chosen(found: dict[str, list[Candidate]]) -> dict[str, Pin]:
    pins = {}
    for name, cands in found.items():
        best = choose(cands)
        pins[name] = Pin(best.version, best.where)
    return pins


def collect_pins(tree: FileTree) -> dict[str, Pin]:
    """Exact pins of the project in `tree`: canonical distribution name -> Pin."""
    locks, reqs, has_pyproject = pin_files(tree)
    pins: dict[str, Pin] = {}
    layers = [_lock_pins(tree, name) for name in locks]
    seen: set[str] = set()
    layers += [_chosen(requirements_candidates(tree, path, seen)) for path in reqs]
    pyproject = tree.read("pyproject.toml") if has_pyproject else None
    if pyproject is not None:
        layers.append(_chosen(pyproject_candidates(pyproject)))
    for layer in layers:
        for name, pin in layer.items():
            pins.setdefault(name, pin)
    return pins


def project_pins(root: Path) -> dict[str, Pin]:
    """Exact versions the project pins today: canonical distribution name -> Pin."""
    try:
        return collect_pins(DiskTree(root))
    except Exception:  # a hostile checkout must not break the caller
        return {}
