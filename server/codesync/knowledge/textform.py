"""The committed, diff-friendly form of the knowledge: one folder per distribution.

    knowledge/api/<dist>/releases.json     releases stored (status, counts) and all published
    knowledge/api/<dist>/exports.jsonl     [public path, canonical path, first, last]
    knowledge/api/<dist>/definitions.jsonl {"path", "first", "last", ...record}

Rows are de-duplicated into intervals: one row per distinct value and the first and last
stored release (in version order) it holds for. Files are sorted so rebuilding is
deterministic and a new release shows up as a small diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .model import Definition
from .versions import version_key

__all__ = ["DistributionHistory", "NewRelease", "ReleaseInfo", "TextStore", "intervals", "load",
           "save", "version_key"]


@dataclass
class ReleaseInfo:
    version: str
    status: str = "ok"
    reason: str = ""
    source: str = ""
    apis: int = 0
    deprecations: int = 0
    seconds: float = 0.0  # how long the extraction took: shown in progress, never stored
    extractor: int = 0  # EXTRACTOR_VERSION that produced it; older ones are re-extracted
    origin: str = ""  # user-local layer only: "site-packages", "fetched"

    def to_json(self) -> dict:
        data = {"version": self.version, "status": self.status, "reason": self.reason,
                "source": self.source, "apis": self.apis, "deprecations": self.deprecations,
                "extractor": self.extractor}  # no timing: two builds of a release are identical
        if self.origin:
            data["origin"] = self.origin
        return data


@dataclass
class DistributionHistory:
    """All stored releases of one distribution, expanded per release."""

    distribution: str
    import_names: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    releases: dict[str, ReleaseInfo] = field(default_factory=dict)
    # per release: key -> canonical JSON text of the value
    exports: dict[str, dict[str, str]] = field(default_factory=dict)
    definitions: dict[str, dict[str, str]] = field(default_factory=dict)

    def ordered_versions(self) -> list[str]:
        return sorted(self.releases, key=version_key)

    def put(self, info: ReleaseInfo, exports: dict[str, str],
            definitions: dict[str, Definition]) -> None:
        self.releases[info.version] = info
        self.exports[info.version] = dict(exports)
        self.definitions[info.version] = {
            path: json.dumps(d.to_json(), sort_keys=True, separators=(",", ":"))
            for path, d in definitions.items()
        }


@dataclass
class NewRelease:
    """One extracted release on its way into a store."""

    info: ReleaseInfo
    exports: dict[str, str]
    definitions: dict[str, Definition]


def merge_into(history: DistributionHistory, import_names: list[str], published: list[str],
               releases: list[NewRelease]) -> None:
    history.import_names = list(dict.fromkeys([*import_names, *history.import_names]))
    history.published = sorted(set(history.published) | set(published), key=version_key)
    for release in releases:
        history.put(release.info, release.exports, release.definitions)


class TextStore:
    """Releases written into a text-form root (the shipped knowledge, or a folder of one's own)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[float, DistributionHistory]] = {}

    def stored(self, distribution: str) -> dict[str, int]:
        return {r["version"]: r.get("extractor", 0)
                for r in read_meta(self.root, distribution).get("releases", [])}

    def add(self, distribution: str, import_names: list[str], published: list[str],
            releases: list[NewRelease]) -> None:
        history = self._load(distribution)
        if not releases and not history.releases:
            return
        merge_into(history, import_names, published, releases)
        save(history, self.root)
        self._cache[distribution] = (_stamp(self.root, distribution), history)

    def _load(self, distribution: str) -> DistributionHistory:
        """The history, reloaded only when its files changed since this store last wrote."""
        cached = self._cache.get(distribution)
        if cached is not None and cached[0] == _stamp(self.root, distribution):
            return cached[1]
        return load(self.root, distribution)


def _stamp(root: Path, distribution: str) -> float:
    path = root / distribution / "releases.json"
    return path.stat().st_mtime_ns if path.exists() else 0.0


def intervals(order: list[str], per_release: dict[str, dict[str, str]]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    open_rows: dict[str, list] = {}
    for version in order:
        current = per_release.get(version, {})
        for key in list(open_rows):
            if key not in current or current[key] != open_rows[key][1]:
                row = open_rows.pop(key)
                rows.append((key, row[1], row[2], row[3]))
        for key, value in current.items():
            if key in open_rows:
                open_rows[key][3] = version
            else:
                open_rows[key] = [key, value, version, version]
    rows.extend((k, r[1], r[2], r[3]) for k, r in open_rows.items())
    index = {v: i for i, v in enumerate(order)}
    rows.sort(key=lambda r: (r[0], index[r[2]]))
    return rows


def save(history: DistributionHistory, root: Path) -> None:
    folder = root / history.distribution
    folder.mkdir(parents=True, exist_ok=True)
    order = history.ordered_versions()
    meta = {
        "distribution": history.distribution,
        "import_names": history.import_names,
        "published": sorted(set(history.published), key=version_key),
        "releases": [history.releases[v].to_json() for v in order],
    }
    _write(folder / "releases.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")
    lines = [json.dumps([k, value, first, last], separators=(",", ":"))
             for k, value, first, last in intervals(order, history.exports)]
    _write(folder / "exports.jsonl", "\n".join(lines) + ("\n" if lines else ""))
    def_lines = []
    for path, value, first, last in intervals(order, history.definitions):
        record = json.loads(value)
        def_lines.append(json.dumps({"path": path, "first": first, "last": last, **record},
                                    sort_keys=False, separators=(",", ":")))
    _write(folder / "definitions.jsonl", "\n".join(def_lines) + ("\n" if def_lines else ""))


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def load(root: Path, distribution: str) -> DistributionHistory:
    folder = root / distribution
    history = DistributionHistory(distribution)
    meta_path = folder / "releases.json"
    if not meta_path.exists():
        return history
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    history.import_names = list(meta.get("import_names", []))
    history.published = list(meta.get("published", []))
    for item in meta.get("releases", []):
        info = ReleaseInfo(**{k: item[k] for k in ReleaseInfo.__dataclass_fields__ if k in item})
        history.releases[info.version] = info
        history.exports[info.version] = {}
        history.definitions[info.version] = {}
    order = history.ordered_versions()
    index = {v: i for i, v in enumerate(order)}
    for key, value, first, last in iter_exports(folder):
        for version in order[index[first]: index[last] + 1]:
            history.exports[version][key] = value
    for row in iter_definitions(folder):
        path, first, last = row.pop("path"), row.pop("first"), row.pop("last")
        text = json.dumps(row, sort_keys=True, separators=(",", ":"))
        for version in order[index[first]: index[last] + 1]:
            history.definitions[version][path] = text
    return history


def iter_exports(folder: Path):
    return _iter_jsonl(folder / "exports.jsonl")


def iter_definitions(folder: Path):
    return _iter_jsonl(folder / "definitions.jsonl")


def _iter_jsonl(path: Path):
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def distributions(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "releases.json").exists())


def read_meta(root: Path, distribution: str) -> dict:
    path = root / distribution / "releases.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
