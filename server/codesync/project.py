"""A project: its settings, its environment and the checker for them.

The CLI and the language server both work through this class, so the same file gets the
same findings from either.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from .analysis.checker import Checker, CheckResult
from .analysis.findings import Finding
from .analysis.releases import PENDING, STORED, UNAVAILABLE, VersionContext, describe_releases
from .baselines import LineBaselines, Pin, project_pins
from .config import Settings, find_project_root, load_settings
from .environment import (
    Environment,
    Installed,
    find_interpreter,
    installed_sources,
    read_environment,
    record_digest,
)
from .environment_report import describe_environment, environment_base, not_installed_findings
from .knowledge import textform
from .knowledge.database import Progress
from .knowledge.local import LocalLayer
from .knowledge.store import Knowledge, KnowledgeError, discard_damaged, open_knowledge
from .knowledge.versions import parsed
from .locations import environment_layer_dir

SUPPRESSION = re.compile(r"#\s*codesync:\s*ignore(?:\[([A-Za-z0-9_,\s-]+)\])?")


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    syntax_error: str | None = None


def _fetch_release(dist: str, version: str) -> None:
    from .engine.build import KnowledgeBuilder

    results = KnowledgeBuilder(jobs=1).run([f"{dist}=={version}"])
    failed = [r.info.reason for r in results if r.info.status == "failed"]
    if failed:
        raise RuntimeError(failed[0])


def _with_history(work: Callable[[], None], dist: str, wanted: list[str],
                  notify: Callable[[str], None]) -> Callable[[], None]:
    """``work``, then the history of an untracked distribution (``engine/on_demand.py``); a
    history that cannot be had is said, and is no failure of the release itself."""
    from .engine.on_demand import fetch_history

    def run() -> None:
        work()
        try:
            results = fetch_history(dist, wanted)
        except Exception as exc:  # noqa: BLE001 - the release is stored; only history is missing
            notify(f"the history of {dist} could not be fetched: {exc}")
            return
        failed = [r.info.version for r in results if r.info.status == "failed"]
        if failed:
            notify(f"{dist}: {len(failed)} release(s) of its history could not be read: "
                   + ", ".join(failed))

    return run


class Project:
    def __init__(self, root: Path, settings: Settings | None = None,
                 knowledge: Knowledge | None = None) -> None:
        self.root = root
        self.settings = settings if settings is not None else load_settings(root)
        # the shipped and user-local layers (shared by the projects of a server), and the
        # same plus this project's own environment layer: what its checks read
        self._base_knowledge = knowledge
        self._knowledge: Knowledge | None = None
        self._environment: Environment | None = None
        self._checker: Checker | None = None
        self._lock = threading.RLock()
        self.notices: list[str] = []
        # set by the language server: releases are then fetched on a thread, and this is
        # called once one is stored, instead of a check waiting for the download
        self.on_release_ready: Callable[[], None] | None = None
        # told about work that takes seconds (reading a release from site-packages, fetching)
        self.on_progress: Callable[[str], None] | None = None
        self.build_progress: Progress | None = None  # building the shipped database (CLI)
        self._fetching: set[tuple[str, str]] = set()
        self._failed: set[tuple[str, str]] = set()  # not tried again in this session
        self._announced: set[str] = set()
        self._line_baselines: LineBaselines | None = None
        self._era_checkers: dict[tuple, Checker] = {}
        self._record_digests: dict[tuple[str, str], str | None] = {}

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
            if self._base_knowledge is None:
                self._base_knowledge = open_knowledge(self.build_progress)
            if self._knowledge is None:
                self._knowledge = self._base_knowledge.with_environment(
                    self._environment_layer().path, self._installed_record)
            return self._knowledge

    def _environment_layer(self) -> LocalLayer:
        """Where releases read from this project's site-packages are kept: its own layer."""
        return LocalLayer(environment_layer_dir(self.environment.site_packages))

    def _installed_record(self, dist: str, version: str) -> str | None:
        """The RECORD digest of the installed ``dist`` when it is ``version``, else None."""
        installed = self.environment.distributions.get(canonicalize_name(dist))
        if installed is None or parsed(installed.version) != parsed(version):
            return None
        key = (installed.name, installed.version)
        if key not in self._record_digests:
            self._record_digests[key] = record_digest(installed)
        return self._record_digests[key]

    @property
    def environment(self) -> Environment:
        with self._lock:
            if self._environment is None:
                interpreter = find_interpreter(environment_base(self.root), self.settings.python)
                self._environment = read_environment(interpreter,
                                                     self.settings.allow_interpreter)
            return self._environment

    def adopt_environment(self, environment: Environment) -> None:
        """Use the environment another project of the same root has read (the command line's
        workers: each would parse every installed distribution's metadata again)."""
        with self._lock:
            if self._environment is None:
                self._environment = environment

    def update_settings(self, settings: Settings) -> None:
        with self._lock:
            if settings.python != self.settings.python:
                self._environment = None
            self.settings = settings
            self._checker = None
            self._era_checkers.clear()

    def environment_changed(self) -> bool:
        """Re-read the environment when packages were installed or removed since last time."""
        with self._lock:
            if self._environment is None:
                return False
            old = self._environment
            if old.read_stamp == old.current_stamp():
                return False
            fresh = read_environment(old.interpreter, self.settings.allow_interpreter)
            changed = {k: v.version for k, v in fresh.distributions.items()} != {
                k: v.version for k, v in old.distributions.items()}
            self._environment = fresh
            self._record_digests.clear()  # a release reinstalled under the same version
            self._reload_knowledge(reopen=False)
            if changed:
                self._checker = None
            self._era_checkers.clear()
            return changed

    def versions(self) -> VersionContext:
        """Targets: the settings over what is installed. Baselines: the settings over the
        project's pins (lock and requirements files), each with where it came from."""
        installed = {name: d.version for name, d in self.environment.distributions.items()}
        where = f"installed in {self.environment.interpreter}"
        target = {**installed, **self.settings.target}
        target_sources = {**{name: where for name in installed},
                          **{name: "settings" for name in self.settings.target}}
        pins = {dist: pin for dist, pin in self._project_pins().items()
                if _not_newer(pin.version, target.get(dist))}
        baseline = {**{d: p.version for d, p in pins.items()}, **self.settings.baseline}
        baseline_sources = {**{d: p.source for d, p in pins.items()},
                            **{name: "settings" for name in self.settings.baseline}}
        return VersionContext.of(target, baseline, target_sources, baseline_sources)

    def _project_pins(self) -> dict[str, Pin]:
        try:
            return project_pins(self.root)
        except Exception as exc:  # noqa: BLE001 - a hostile or odd checkout loses pins, not checks
            self.notices.append(f"could not read the project's pinned versions: {exc}")
            return {}

    def checker(self) -> Checker:
        with self._lock:
            if self._checker is None:
                self._checker = Checker(self.knowledge, self.versions(), self.obtain_release,
                                        import_map=self.environment.import_map)
                self._checker.stub_types = self._stub_overlay()
            return self._checker

    # knowledge for releases the shipped data lacks ---------------------------------------
    def obtain_release(self, dist: str, version: str, can_infer: bool = False) -> str:
        """Add ``dist==version`` to the user-local knowledge: from site-packages when it is the
        installed release (offline), from the index when fetching is allowed. True when it is
        stored now. In the editor the work runs on a thread (checks go on meanwhile, by
        inference where the release has stored neighbours) and ``on_release_ready`` says when
        it is done."""
        dist = canonicalize_name(dist)
        installed = self.environment.distributions.get(dist)
        if installed is not None and parsed(installed.version) == parsed(version):
            work, what = (lambda: self._extract_installed(installed)), \
                f"reading {dist} {version} from {installed.location}"
        elif self.settings.fetch:
            work, what = (lambda: _fetch_release(dist, version)), f"fetching {dist} {version}"
        else:
            return UNAVAILABLE
        if (dist, version) in self._failed:
            return UNAVAILABLE
        if self.settings.fetch and not self._tracked(dist):
            # untracked: its history (the baseline, minor-line neighbours, the lines between)
            work, what = _with_history(work, dist, [version, *self._history_anchors(dist)],
                                       self.notices.append), \
                f"{what}, with the releases that give it a history"
        if self.on_release_ready is not None:  # the editor: never hold up checks for it
            self._in_background(dist, version, work, what)
            return PENDING
        self._progress(f"{what} (once: kept in the user cache)")
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a failed extraction is reported, never fatal
            self._failed.add((dist, version))
            self.notices.append(f"could not add {dist} {version} to the knowledge: {exc}")
            return UNAVAILABLE
        self._reload_knowledge()
        return STORED

    def _tracked(self, dist: str) -> bool:
        """Whether the shipped knowledge holds ``dist`` (else its history is fetched on demand,
        also when its installed release was read from site-packages on an earlier run)."""
        return any(r.layer == "shipped" for r in self.knowledge.releases(dist))

    def _history_anchors(self, dist: str) -> list[str]:
        """The releases an untracked distribution's history must reach: the installed one,
        the target and baseline settings and the project's pin."""
        installed = self.environment.distributions.get(dist)
        pin = self._project_pins().get(dist)
        found = [installed.version if installed else None, self.settings.target.get(dist),
                 self.settings.baseline.get(dist), pin.version if pin else None]
        return [v for v in dict.fromkeys(found) if v]

    def _progress(self, text: str) -> None:
        if self.on_progress is not None:
            self.on_progress(text)
        else:
            self.notices.append(text)

    def _reload_knowledge(self, reopen: bool = True) -> None:
        with self._lock:
            if reopen or self._base_knowledge is None:
                self._base_knowledge = open_knowledge()
            self._knowledge = None
            self._knowledge = self.knowledge
            for checker in [self._checker, *self._era_checkers.values()]:
                if checker is not None:
                    checker.replace_knowledge(self._knowledge)

    def _in_background(self, dist: str, version: str, work: Callable[[], None], what: str) -> None:
        with self._lock:
            if (dist, version) in self._fetching:
                return
            self._fetching.add((dist, version))
        self._progress(f"{what} in the background; until then calls into it are checked "
                       f"against its stored neighbours where it has any")
        threading.Thread(target=self._work_then_refresh, args=(dist, version, work),
                         name=f"codesync-release-{dist}", daemon=True).start()

    def _work_then_refresh(self, dist: str, version: str, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - reported, never fatal
            self._failed.add((dist, version))
            self.notices.append(f"could not add {dist} {version} to the knowledge: {exc}")
            self._reload_knowledge()  # checks stop waiting for it: CS301 or inference from now on
            callback = self.on_release_ready
            if callback is not None:
                callback()
            return
        finally:
            with self._lock:
                self._fetching.discard((dist, version))
        self._reload_knowledge()
        callback = self.on_release_ready
        if callback is not None:
            callback()

    def _extract_installed(self, installed: Installed) -> None:
        from .engine.release import EXTRACTOR_VERSION, build_snapshot

        digest = record_digest(installed)
        snapshot = build_snapshot(installed_sources(installed), installed.import_names)
        info = textform.ReleaseInfo(installed.version, snapshot.status, snapshot.reason,
                                    source=f"site-packages ({installed.location}) record:{digest}",
                                    apis=len(snapshot.exports),
                                    deprecations=snapshot.deprecation_count,
                                    seconds=snapshot.seconds, extractor=EXTRACTOR_VERSION,
                                    origin="site-packages")
        release = textform.NewRelease(info, snapshot.exports, snapshot.definitions)
        self._record_digests[(installed.name, installed.version)] = digest
        self._environment_layer().add(installed.name, installed.import_names,
                                      [installed.version], [release])

    def unknown_baselines(self) -> dict[str, str]:
        """Baselines that are neither stored nor inferable: calls are then judged without."""
        with self._lock:
            return dict(self._checker.releases.unknown_baselines) if self._checker else {}

    def drain_notices(self, with_releases: bool = False) -> list[str]:
        """Notices not yet passed on: extraction and fetch news, baselines judged without, and
        (for the server's log) each distribution's releases and their sources, once."""
        with self._lock:
            out, self.notices[:] = list(self.notices), []
            lines = [_unknown_baseline_line(d, v) for d, v in sorted(self.unknown_baselines().items())]
            lines += self._damage_lines()
            if with_releases:
                lines += [describe_environment(self)]
                lines += [describe_releases(row) for row in self.release_report()]
            for line in lines:
                if line not in self._announced:
                    self._announced.add(line)
                    out.append(line)
            return out

    def _damage_lines(self) -> list[str]:
        """Damaged knowledge of a distribution the checks used, or of one lost whole."""
        if self._knowledge is None:
            return []
        lines = [f"the {_LAYER_WORDS.get(layer, layer)} knowledge {path} cannot be used ({why}): "
                 f"the releases it holds are not checked against; it is set aside and started "
                 f"afresh the next time a release is added (codesync knowledge add)"
                 for layer, (path, why) in sorted(self._knowledge.unusable.items())]
        used = {row["distribution"] for row in self.release_report()}
        return lines + [f"the knowledge of {dist} is damaged ({'; '.join(what)}), so calls into it may "
                f"go unreported; reinstall codesync-lsp or rebuild the knowledge"
                for dist, what in sorted(self._knowledge.damage().items())
                if dist in used or not self._knowledge.versions(dist)]

    def release_report(self) -> list[dict]:
        """Per distribution the checks touched: target and baseline, where each came from,
        and which stored releases they were checked against."""
        with self._lock:
            return self._checker.releases.report() if self._checker else []

    # checking -----------------------------------------------------------------------------
    def check_source(self, source: str, path: str, with_fixes: bool = True) -> FileReport:
        with self._lock:
            try:
                result = self._check(source, path)
            except (sqlite3.DatabaseError, KnowledgeError) as exc:
                self._recover_from(exc)
                result = self._check(source, path)
        if not result.syntax_error:  # libraries imported but not installed: said, not silent
            result.findings = sorted(result.findings + not_installed_findings(self, source, path),
                                     key=Finding.sort_key)
        findings = self._apply_settings(result.findings, source)
        if with_fixes:
            from .fixes.apply import attach_fixes  # on first use: the server starts without

            attach_fixes(findings, source)
        return FileReport(path, findings, result.syntax_error)

    def _check(self, source: str, path: str) -> CheckResult:
        checker = self.checker()
        result = checker.check_source(source, path)
        eras = self._eras(path, source, checker.versions)
        if eras and not result.syntax_error:
            result.findings = self._findings_by_era(source, path, result.findings, eras)
        return result

    def _recover_from(self, error: Exception) -> None:
        """A database that fails mid-query is checked; a damaged one is rebuilt (once, with
        one message) when it was built from text, and reported when it shipped damaged."""
        knowledge = self.knowledge
        if not knowledge.damaged_layers():
            raise error
        rebuilt = discard_damaged(knowledge)
        if not rebuilt:
            raise KnowledgeError(f"the knowledge database is damaged ({error}); reinstall "
                                 f"codesync-lsp") from error
        self.notices.append(f"the knowledge database was damaged ({error}); rebuilt it")
        self._reload_knowledge()

    # per-line baselines ------------------------------------------------------------------
    def _eras(self, path: str, source: str, versions: VersionContext) -> dict[tuple, set[int]]:
        """Lines whose pins at their last change differ from the file's baselines, grouped by
        those pins: {((dist, version, source), ...): lines}."""
        if not self.settings.git_baselines:
            return {}
        if self._line_baselines is None:
            self._line_baselines = LineBaselines(self.root)
        eras: dict[tuple, set[int]] = {}
        for line, pins in self._line_baselines.for_lines(Path(path), source).items():
            era = tuple(sorted(
                (dist, pin.version, pin.source) for dist, pin in pins.items()
                if dist not in self.settings.baseline
                and pin.version != versions.baseline.get(dist)
                and _not_newer(pin.version, versions.target.get(dist))))
            if era:
                eras.setdefault(era, set()).add(line)
        return eras

    def _findings_by_era(self, source: str, path: str, findings: list[Finding],
                         eras: dict[tuple, set[int]]) -> list[Finding]:
        """Each line's findings from a check against the releases pinned when it was written."""
        special = set().union(*eras.values())
        kept = [f for f in findings if f.line not in special]
        for era, lines in eras.items():
            checker = self._era_checker(era)
            kept.extend(f for f in checker.check_source(source, path).findings if f.line in lines)
        kept.sort(key=Finding.sort_key)
        return kept

    def _era_checker(self, era: tuple) -> Checker:
        checker = self._era_checkers.get(era)
        if checker is None:
            base = self.checker().versions
            versions = VersionContext.of(
                base.target, {**base.baseline, **{d: v for d, v, _ in era}}, base.target_sources,
                {**base.baseline_sources, **{d: s for d, _, s in era}})
            checker = Checker(self.knowledge, versions, self.obtain_release,
                              import_map=self.environment.import_map)
            checker.stub_types = self._stub_overlay()
            self._era_checkers[era] = checker
        return checker

    def _stub_overlay(self):
        """Types from the environment's stub packages (engine/stub_overlay.py)."""
        from .engine.stub_overlay import StubOverlay

        return StubOverlay.of_environment(self.environment)

    def hover_text(self, source: str, path: str, line: int, character: int) -> str | None:
        """Markdown for the library call at a 1-based line and 0-based character column."""
        from .hover_text import hover_markdown

        with self._lock:
            return hover_markdown(self.checker(), source, path, line, character)

    def fix_source(self, source: str, path: str) -> str:
        from .fixes.apply import fix_source

        with self._lock:
            fixed, _ = fix_source(self.checker(), source, path)
        return fixed

    def _apply_settings(self, findings: list[Finding], source: str) -> list[Finding]:
        lines = source.splitlines()
        suppressions: dict[int, set[str] | None] = {}  # per line, read once (lines may be huge)
        kept = []
        for finding in findings:
            level = self.settings.level_for(finding.code, finding.kind, finding.severity)
            if finding.line not in suppressions:
                suppressions[finding.line] = _suppression(lines, finding.line)
            codes = suppressions[finding.line]
            if level == "off" or (codes is not None and (not codes or finding.code in codes
                                                          or finding.kind in codes)):
                continue
            finding.severity = level
            kept.append(finding)
        return kept


_LAYER_WORDS = {"local": "user-local", "environment": "environment's"}


def _not_newer(baseline: str, target: str | None) -> bool:
    """A pinned release only serves as a baseline when it is not newer than the target."""
    return target is None or parsed(baseline) <= parsed(target)


def _unknown_baseline_line(dist: str, version: str) -> str:
    return (f"baseline {dist} {version} is not in the knowledge, so calls into {dist} are judged "
            f"without it (no meaning-changed or default-changed findings); run `codesync "
            f"knowledge add {dist}=={version}` or use --fetch")


def _suppression(lines: list[str], line: int) -> set[str] | None:
    """None: nothing suppressed on the line; an empty set: everything; else those codes."""
    if not 1 <= line <= len(lines) or "codesync" not in lines[line - 1]:
        return None
    match = SUPPRESSION.search(lines[line - 1])
    if not match:
        return None
    return set() if match.group(1) is None else {c.strip() for c in match.group(1).split(",")}

