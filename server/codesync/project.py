"""A project: its settings, its environment and the checker for them.

The CLI and the language server both work through this class, so the same file gets the
same findings from either.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from .analysis.checker import Checker, CheckResult, VersionContext
from .analysis.findings import Finding
from .config import Settings, find_project_root, load_settings
from .environment import Environment, find_interpreter, installed_sources, read_environment
from .fixes.apply import attach_fixes, fix_source
from .knowledge import textform
from .knowledge.store import Knowledge, local_root, open_knowledge

SUPPRESSION = re.compile(r"#\s*codesync:\s*ignore(?:\[([A-Za-z0-9_,\s-]+)\])?")


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    syntax_error: str | None = None


def _fetch_release(dist: str, version: str) -> None:
    from .engine.build import KnowledgeBuilder

    KnowledgeBuilder(root=local_root(), jobs=1).run([f"{dist}=={version}"])


class Project:
    def __init__(self, root: Path, settings: Settings | None = None,
                 knowledge: Knowledge | None = None) -> None:
        self.root = root
        self.settings = settings if settings is not None else load_settings(root)
        self._knowledge = knowledge
        self._environment: Environment | None = None
        self._checker: Checker | None = None
        self._lock = threading.RLock()
        self.notices: list[str] = []
        # set by the language server: releases are then fetched on a thread, and this is
        # called once one is stored, instead of a check waiting for the download
        self.on_release_ready: Callable[[], None] | None = None
        self._fetching: set[tuple[str, str]] = set()

    @classmethod
    def for_path(cls, path: Path, overrides: dict | None = None) -> Project:
        root = find_project_root(path)
        settings = load_settings(root)
        if overrides:
            settings = settings.merged(overrides)
        return cls(root, settings)

    # state --------------------------------------------------------------------------------
    @property
    def knowledge(self) -> Knowledge:
        with self._lock:
            if self._knowledge is None:
                self._knowledge = open_knowledge()
            return self._knowledge

    @property
    def environment(self) -> Environment:
        with self._lock:
            if self._environment is None:
                interpreter = find_interpreter(self.root, self.settings.python)
                self._environment = read_environment(interpreter)
            return self._environment

    def update_settings(self, settings: Settings) -> None:
        with self._lock:
            if settings.python != self.settings.python:
                self._environment = None
            self.settings = settings
            self._checker = None

    def environment_changed(self) -> bool:
        """Re-read the environment when packages were installed or removed since last time."""
        with self._lock:
            if self._environment is None:
                return False
            old = self._environment
            if old.read_stamp == old.current_stamp():
                return False
            fresh = read_environment(old.interpreter)
            changed = {k: v.version for k, v in fresh.distributions.items()} != {
                k: v.version for k, v in old.distributions.items()}
            self._environment = fresh
            if changed:
                self._checker = None
            return changed

    def versions(self) -> VersionContext:
        installed = {name: d.version for name, d in self.environment.distributions.items()}
        target = {**installed, **self.settings.target}
        return VersionContext.of(target, self.settings.baseline)

    def checker(self) -> Checker:
        with self._lock:
            if self._checker is None:
                self._checker = Checker(self.knowledge, self.versions(), self.ensure_release,
                                        import_map=self.environment.import_map)
            return self._checker

    # knowledge for releases the shipped data lacks ---------------------------------------
    def ensure_release(self, dist: str, version: str) -> bool:
        """Make ``dist==version`` available: from site-packages when it is the installed
        release (offline), from the index when fetching is allowed."""
        dist = canonicalize_name(dist)
        installed = self.environment.distributions.get(dist)
        try:
            if installed is not None and installed.version == version:
                self._extract_installed(installed)
            elif self.settings.fetch and self.on_release_ready is not None:
                self._fetch_in_background(dist, version)
                return False
            elif self.settings.fetch:
                _fetch_release(dist, version)
            else:
                return False
        except Exception as exc:  # noqa: BLE001 - a failed extraction is reported, never fatal
            self.notices.append(f"could not read {dist} {version}: {exc}")
            return False
        self._reload_knowledge()
        return True

    def _reload_knowledge(self) -> None:
        with self._lock:
            self._knowledge = open_knowledge()
            if self._checker is not None:
                self._checker.replace_knowledge(self._knowledge)

    def _fetch_in_background(self, dist: str, version: str) -> None:
        with self._lock:
            if (dist, version) in self._fetching:
                return
            self._fetching.add((dist, version))
        self.notices.append(f"fetching {dist} {version} in the background; calls into it are "
                            f"checked once it is stored")
        threading.Thread(target=self._fetch_then_refresh, args=(dist, version),
                         name=f"codesync-fetch-{dist}", daemon=True).start()

    def _fetch_then_refresh(self, dist: str, version: str) -> None:
        try:
            _fetch_release(dist, version)
        except Exception as exc:  # noqa: BLE001 - reported, never fatal
            self.notices.append(f"could not fetch {dist} {version}: {exc}")
            return
        self._reload_knowledge()
        callback = self.on_release_ready
        if callback is not None:
            callback()

    def _extract_installed(self, installed) -> None:
        from .engine.release import EXTRACTOR_VERSION, build_snapshot

        snapshot = build_snapshot(installed_sources(installed), installed.import_names)
        root = local_root()
        root.mkdir(parents=True, exist_ok=True)
        history = textform.load(root, installed.name)
        history.import_names = installed.import_names
        info = textform.ReleaseInfo(installed.version, snapshot.status, snapshot.reason,
                                    source=f"site-packages ({installed.location})",
                                    apis=len(snapshot.exports),
                                    deprecations=snapshot.deprecation_count,
                                    seconds=snapshot.seconds, extractor=EXTRACTOR_VERSION)
        history.put(info, snapshot.exports, snapshot.definitions)
        textform.save(history, root)

    # checking -----------------------------------------------------------------------------
    def check_source(self, source: str, path: str, with_fixes: bool = True) -> FileReport:
        with self._lock:
            checker = self.checker()
            result: CheckResult = checker.check_source(source, path)
        findings = self._apply_settings(result.findings, source)
        if with_fixes:
            attach_fixes(findings, source)
        return FileReport(path, findings, result.syntax_error)

    def hover_text(self, source: str, path: str, line: int, character: int) -> str | None:
        """Markdown for the library call at a 1-based line and 0-based character column."""
        from .hover import hover_markdown

        with self._lock:
            return hover_markdown(self.checker(), source, path, line, character)

    def fix_source(self, source: str, path: str) -> str:
        with self._lock:
            fixed, _ = fix_source(self.checker(), source, path)
        return fixed

    def _apply_settings(self, findings: list[Finding], source: str) -> list[Finding]:
        lines = source.splitlines()
        kept = []
        for finding in findings:
            level = self.settings.level_for(finding.code, finding.kind, finding.severity)
            if level == "off" or _suppressed(lines, finding):
                continue
            finding.severity = level
            kept.append(finding)
        return kept


def _suppressed(lines: list[str], finding: Finding) -> bool:
    if not 1 <= finding.line <= len(lines):
        return False
    match = SUPPRESSION.search(lines[finding.line - 1])
    if not match:
        return False
    if match.group(1) is None:
        return True
    codes = {c.strip() for c in match.group(1).split(",")}
    return finding.code in codes or finding.kind in codes

