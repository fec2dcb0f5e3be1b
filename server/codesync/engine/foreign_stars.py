"""What ``from other import *`` binds when ``other`` belongs to another distribution.

Old scipy did ``from numpy import *`` in its ``__init__`` (later a loop over
``numpy.__all__`` setting ``globals()``), so ``scipy.ones`` existed until scipy stopped doing
it. The names come from the other distribution's stored knowledge, at its release that was
current when this one came out: the newest stored release uploaded no later than this one.
Only the names ``__all__`` gives (not those a module leaves unlisted), without submodules
and private names. Without upload times, or with no stored knowledge of the other
distribution, nothing is known (the module's other names stay as they are).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..knowledge import textform
from ..knowledge.versions import sort_key

UploadTimes = Callable[[str], dict[str, str]]  # distribution -> {version: upload time}


class ForeignNames:
    """Resolves a module of another distribution to the names its star import gives, as
    that distribution stood at ``uploaded`` (this release's upload time)."""

    def __init__(self, root: Path, uploaded: str, times: UploadTimes) -> None:
        self.root, self.uploaded, self.times = root, uploaded, times
        self._owners: dict[str, str] | None = None

    def __call__(self, module: str) -> list[str] | None:
        dist = self.owners().get(module.split(".")[0])
        if dist is None or not self.uploaded:
            return None
        version = self._matching_release(dist)
        if version is None:
            return None
        return star_names(self.root / dist, version, module)

    def owners(self) -> dict[str, str]:
        """Import name -> the distribution whose knowledge is stored under that name."""
        if self._owners is None:
            self._owners = {}
            for meta in sorted(self.root.glob("*/releases.json")):
                names = json.loads(meta.read_text(encoding="utf-8")).get("import_names", [])
                for name in names:
                    self._owners.setdefault(name, meta.parent.name)
        return self._owners

    def _matching_release(self, dist: str) -> str | None:
        try:
            times = self.times(dist)
        except Exception:  # the index could not be asked: no guess
            return None
        stored = textform.read_meta(self.root, dist).get("releases", [])
        earlier = [r["version"] for r in stored if r.get("status") != "failed"
                   and times.get(r["version"], "") and times[r["version"]] <= self.uploaded]
        return max(earlier, key=sort_key) if earlier else None


@lru_cache(maxsize=64)
def star_names(folder: Path, version: str, module: str) -> list[str]:
    """The public names directly under ``module`` at ``version`` that its ``__all__`` gives:
    not the names its module record lists as unlisted, not submodules."""
    key = sort_key(version)
    prefix = module + "."
    unlisted: set[str] = set()
    modules: set[str] = set()
    for row in textform.iter_definitions(folder):
        if not sort_key(row["first"]) <= key <= sort_key(row["last"]):
            continue
        if row["path"] == module:
            unlisted = set(row.get("unlisted", []))
        elif row.get("kind") == "module" and row["path"].startswith(prefix):
            modules.add(row["path"])
    names: list[str] = []
    for path, target, first, last in textform.iter_exports(folder):
        name = path[len(prefix):] if path.startswith(prefix) else ""
        if not name or "." in name or name.startswith("_") or name in unlisted:
            continue
        if target in modules or path in modules or not sort_key(first) <= key <= sort_key(last):
            continue
        names.append(name)
    return sorted(set(names))
