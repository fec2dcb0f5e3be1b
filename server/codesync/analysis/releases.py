"""Which stored releases a call is judged against.

The target (what the code runs on) and the baseline (what it was written for) are releases
of each distribution, each with the place it came from. When the knowledge stores the release,
the call is checked against it. When it does not, the release is obtained if that is allowed
(read from site-packages, fetched); while it is not there, a release between two stored
releases of its own minor line is checked against both neighbours, and only what both agree
on is reported — marked as inferred. Patch releases rarely change an API, and where the two
neighbours differ nothing is claimed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name

from ..knowledge.store import Knowledge

# (distribution, version, an inference is available meanwhile) -> STORED (it is now),
# PENDING (it is being read or fetched in the background) or UNAVAILABLE
Obtain = Callable[[str, str, bool], str]
STORED, PENDING, UNAVAILABLE = "stored", "pending", "unavailable"


@dataclass
class VersionContext:
    """Which release of each distribution the code runs on (target) and was written for,
    and where each came from ("installed", "pyproject.toml", "uv.lock", ...)."""

    target: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, str] = field(default_factory=dict)
    target_sources: dict[str, str] = field(default_factory=dict)
    baseline_sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, target: dict[str, str] | None = None, baseline: dict[str, str] | None = None,
           target_sources: dict[str, str] | None = None,
           baseline_sources: dict[str, str] | None = None) -> VersionContext:
        def canonical(mapping):
            return {canonicalize_name(k): v for k, v in (mapping or {}).items()}

        return cls(canonical(target), canonical(baseline), canonical(target_sources),
                   canonical(baseline_sources))


@dataclass(frozen=True)
class ReleaseChoice:
    version: str  # the release asked for
    checked: tuple[str, ...]  # the stored releases the check runs against
    source: str = ""

    @property
    def inferred(self) -> bool:
        return len(self.checked) > 1

    def label(self) -> str:
        if self.inferred:
            return f"{self.version}, inferred from {self.checked[0]} and {self.checked[-1]}"
        return self.version


class ReleaseChooser:
    """Target and baseline choices per distribution, made once and kept until the knowledge
    changes (a release read or fetched replaces an inference)."""

    def __init__(self, knowledge: Knowledge, versions: VersionContext,
                 obtain: Obtain | None = None) -> None:
        self.knowledge = knowledge
        self.versions = versions
        self.obtain = obtain
        self._choices: dict[tuple[str, str], ReleaseChoice | None] = {}
        self.unknown: dict[str, str] = {}  # targets neither stored nor inferable
        self.unknown_baselines: dict[str, str] = {}
        self.pending: set[str] = set()  # distributions whose release is on its way

    def knowledge_replaced(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._choices = {k: c for k, c in self._choices.items() if c is not None and not c.inferred}
        self.unknown.clear()
        self.unknown_baselines.clear()
        self.pending.clear()

    def target(self, dist: str) -> ReleaseChoice | None:
        return self._asked("target", dist, self.versions.target, self.versions.target_sources,
                           self.unknown)

    def baseline(self, dist: str) -> ReleaseChoice | None:
        return self._asked("baseline", dist, self.versions.baseline,
                           self.versions.baseline_sources, self.unknown_baselines)

    def _asked(self, role: str, dist: str, versions: dict[str, str], sources: dict[str, str],
               unknown: dict[str, str]) -> ReleaseChoice | None:
        version = versions.get(dist)
        choice = self._choice(role, dist, version, sources)
        if version is not None and choice is None:
            unknown[dist] = version
        return choice

    def report(self) -> list[dict]:
        """The choices made so far, per distribution (for `check --versions` and logs)."""
        rows: dict[str, dict] = {}
        for (role, dist), choice in sorted(self._choices.items()):
            row = rows.setdefault(dist, {"distribution": dist})
            versions = self.versions.target if role == "target" else self.versions.baseline
            sources = self.versions.target_sources if role == "target" else \
                self.versions.baseline_sources
            row[role] = {"version": versions.get(dist), "source": sources.get(dist, ""),
                         "checked_against": list(choice.checked) if choice else []}
        return list(rows.values())

    def _choice(self, role: str, dist: str, version: str | None,
                sources: dict[str, str]) -> ReleaseChoice | None:
        if version is None:
            return None
        key = (role, dist)
        if key not in self._choices:
            self._choices[key] = None  # re-entrancy guard while the release is obtained
            self._choices[key] = self._choose(dist, version, sources.get(dist, ""))
        return self._choices[key]

    def _choose(self, dist: str, version: str, source: str) -> ReleaseChoice | None:
        stored = self.knowledge.stored_release(dist, version)
        if stored is not None:
            return ReleaseChoice(version, (stored.version,), source)
        neighbours = self.knowledge.neighbours(dist, version)
        outcome = self.obtain(dist, version, neighbours is not None) if self.obtain else UNAVAILABLE
        if outcome == STORED:
            stored = self.knowledge.stored_release(dist, version)
            if stored is not None:
                return ReleaseChoice(version, (stored.version,), source)
        elif outcome == PENDING:
            self.pending.add(dist)
        if neighbours is not None:
            return ReleaseChoice(version, neighbours, source)
        return None


def paired_runs(target: ReleaseChoice, baseline: ReleaseChoice | None) -> list[tuple[str, str | None]]:
    """(target, baseline) stored pairs to check: one, or the low and the high neighbours."""
    targets = target.checked
    baselines = baseline.checked if baseline is not None else (None,)
    count = max(len(targets), len(baselines))
    return [(targets[min(i, len(targets) - 1)], baselines[min(i, len(baselines) - 1)])
            for i in range(count)]


def describe_releases(row: dict) -> str:
    """'pandas: target 2.2.3 (installed in …), baseline 1.5.2 (uv.lock; inferred from …)'."""
    parts = []
    for role in ("target", "baseline"):
        item = row.get(role)
        if not item:
            continue
        checked = item["checked_against"]
        how = ("not in the knowledge" if not checked else
               f"inferred from {checked[0]} and {checked[-1]}" if len(checked) > 1 else "")
        parts.append(f"{role} {item['version']} ({item['source'] or 'unknown source'}"
                     + (f"; {how}" if how else "") + ")")
    return f"{row['distribution']}: " + ", ".join(parts)
