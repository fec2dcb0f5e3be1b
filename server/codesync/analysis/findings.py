"""What the checker reports: findings with their fixes, in the stable JSON shape.

Positions are 1-based lines and 0-based character columns inside; the JSON form uses
1-based columns as the CLI documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .evidence import Evidence

REMOVED = "removed"
INCOMPATIBLE_CALL = "incompatible-call"
MEANING_CHANGED = "meaning-changed"
DEPRECATED = "deprecated"
DEFAULT_CHANGED = "default-changed"
UNKNOWN_RELEASE = "unknown-release"
LIKELY_STALE = "likely-stale"

CODES = {
    REMOVED: "CS101",
    INCOMPATIBLE_CALL: "CS102",
    MEANING_CHANGED: "CS103",
    DEPRECATED: "CS201",
    DEFAULT_CHANGED: "CS202",
    LIKELY_STALE: "CS203",
    UNKNOWN_RELEASE: "CS301",
}
KINDS_BY_CODE = {code: kind for kind, code in CODES.items()}
DEFAULT_SEVERITY = {
    REMOVED: "error",
    INCOMPATIBLE_CALL: "error",
    MEANING_CHANGED: "error",
    DEPRECATED: "warning",
    DEFAULT_CHANGED: "info",
    LIKELY_STALE: "warning",
    UNKNOWN_RELEASE: "info",
}
SEVERITIES = ("error", "warning", "info", "hint", "off")
# one line each, for the editor's settings schema and the docs
DESCRIPTIONS = {
    REMOVED: "the API does not exist in the target release",
    INCOMPATIBLE_CALL: "the arguments do not bind to the target signature",
    MEANING_CHANGED: "binds under both releases, but a value lands on another parameter",
    DEPRECATED: "the API or a parameter is deprecated in the target release",
    DEFAULT_CHANGED: "the call relies on a default that changed since the baseline",
    LIKELY_STALE: "a finding on a parameter typed only by the members it uses (likely that class)",
    UNKNOWN_RELEASE: "the target release is not in the knowledge",
}


@dataclass(frozen=True)
class Edit:
    line: int
    column: int
    end_line: int
    end_column: int
    new_text: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column + 1, "end_line": self.end_line,
                "end_column": self.end_column + 1, "new_text": self.new_text}


@dataclass(frozen=True)
class Fix:
    title: str
    source: str  # exact, recipe, model
    edits: tuple[Edit, ...]

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "source": self.source,
                "edits": [e.to_json() for e in self.edits]}


@dataclass
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    kind: str
    message: str
    api: str
    distribution: str
    target_version: str | None
    baseline_version: str | None = None
    changed_in: str | None = None
    severity: str = ""
    fixes: list[Fix] = field(default_factory=list)
    docs_url: str | None = None
    inferred: str | None = None  # set when a release was inferred from its stored neighbours
    # what the checker established (site, releases, bindings, signatures); never serialised
    evidence: Evidence | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.severity:
            self.severity = DEFAULT_SEVERITY.get(self.kind, "warning")

    @property
    def code(self) -> str:
        return CODES[self.kind]

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "column": self.column + 1,
            "end_line": self.end_line, "end_column": self.end_column + 1,
            "code": self.code, "kind": self.kind, "severity": self.severity,
            "message": self.message, "api": self.api, "distribution": self.distribution,
            "target_version": self.target_version, "baseline_version": self.baseline_version,
            "changed_in": self.changed_in, "fixes": [f.to_json() for f in self.fixes],
            **({"inferred": self.inferred} if self.inferred else {}),
        }
