"""Running the checker off the event loop: one worker for the documents being edited, one
for whole-workspace scans, results cached per document version."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.workspace import PositionCodec

from ..analysis.checker import MAX_SOURCE_CHARS
from ..analysis.findings import Finding
from ..analysis.site_memo import SiteMemo
from ..project import Project
from .convert import Positions, diagnostic

logger = logging.getLogger(__name__)
T = TypeVar("T")
SETTLE_DELAY = 0.5  # seconds after the first report before the long-lived objects are frozen


@dataclass(frozen=True)
class Snapshot:
    """A document's text at one version (None for a file read from disk)."""

    uri: str
    path: Path
    text: str
    version: int | None

    @property
    def key(self) -> tuple:
        return (self.uri, self.version, len(self.text), hash(self.text))


@dataclass
class Report:
    snapshot: Snapshot
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    result_id: str
    generation: int
    skipped: str | None = None  # why the file was not checked
    failed: bool = False  # the checker raised (reported to the user, unlike a syntax error)
    notices: list[str] = field(default_factory=list)
    fixes_attached: bool = False  # code actions compute fixes once per report
    line_facts: Any = None  # where suppression comments may go (code_actions.LineFacts)


class Analyzer:
    """Checks snapshots in worker threads; the newest result per document is kept."""

    def __init__(self, project_for: Callable[[Path], Project],
                 codec: Callable[[], PositionCodec]) -> None:
        self._project_for = project_for
        self._codec = codec
        self.interactive = ThreadPoolExecutor(1, thread_name_prefix="codesync-check")
        self.background = ThreadPoolExecutor(1, thread_name_prefix="codesync-scan")
        self.generation = 0  # moves on when settings or the environment change
        self._reports: dict[str, Report] = {}
        self._pending: dict[tuple, asyncio.Future[Report]] = {}
        self._warm = False
        self._converted = ConvertedFindings()

    def invalidate(self) -> None:
        self.generation += 1

    def forget(self, uri: str) -> None:
        self._reports.pop(uri, None)

    def cached(self, snapshot: Snapshot) -> Report | None:
        report = self._reports.get(snapshot.uri)
        if (report is not None and report.generation == self.generation
                and report.snapshot.version == snapshot.version
                and report.snapshot.text == snapshot.text):
            return report
        return None

    async def report(self, snapshot: Snapshot, background: bool = False) -> Report:
        """The report for this snapshot; shared by every caller that asks for the same one.
        Cancelling a caller does not cancel the check others may be waiting for."""
        cached = self.cached(snapshot)
        if cached is not None:
            return cached
        key = (*snapshot.key, self.generation)
        future = self._pending.get(key)
        if future is None:
            executor = self.background if background else self.interactive
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(executor, self._check, snapshot, self.generation)
            self._pending[key] = future
            future.add_done_callback(lambda f: self._done(key, f))
        return await asyncio.shield(future)

    def _done(self, key: tuple, future: asyncio.Future[Report]) -> None:
        self._pending.pop(key, None)
        if future.cancelled() or future.exception() is not None:
            return
        report = future.result()
        if not self._warm:
            self._warm = True
            # after the first diagnostics are out: a full collection costs ~50 ms here
            asyncio.get_running_loop().call_later(SETTLE_DELAY, settle_memory)
        current = self._reports.get(report.snapshot.uri)
        newer = (current is not None and current.snapshot.version is not None
                 and report.snapshot.version is not None
                 and current.snapshot.version > report.snapshot.version)
        if not newer and report.generation == self.generation:
            self._reports[report.snapshot.uri] = report

    async def run(self, function: Callable[..., T], *args, background: bool = False) -> T:
        """Run other work that touches a project (fixes, hover) on a worker."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.background if background else self.interactive,
                                          function, *args)

    def _check(self, snapshot: Snapshot, generation: int) -> Report:
        if len(snapshot.text) > MAX_SOURCE_CHARS:
            return self._empty(snapshot, generation, f"not checked: larger than "
                               f"{MAX_SOURCE_CHARS} characters", failed=True)
        try:
            project = self._project_for(snapshot.path)
            remember_sites(project)
            file_report = project.check_source(snapshot.text, str(snapshot.path), with_fixes=False)
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the server
            logger.exception("checking %s failed", snapshot.uri)
            return self._empty(snapshot, generation, f"the check failed: {exc!r}", failed=True)
        notices = self._notices(project)
        if file_report.syntax_error:
            return self._empty(snapshot, generation, f"syntax error: {file_report.syntax_error}",
                               notices)
        positions = Positions(snapshot.text, self._codec())
        diagnostics, identity = self._converted.convert(file_report.findings, positions)
        return Report(snapshot, file_report.findings, diagnostics, identity, generation,
                      notices=notices)

    @staticmethod
    def _notices(project: Project) -> list[str]:
        return project.drain_notices(with_releases=True)

    @staticmethod
    def _empty(snapshot: Snapshot, generation: int, why: str,
               notices: list[str] | None = None, failed: bool = False) -> Report:
        return Report(snapshot, [], [], result_id([]), generation, skipped=why, failed=failed,
                      notices=notices or [])

    def shutdown(self) -> None:
        for executor in (self.interactive, self.background):
            executor.shutdown(wait=False, cancel_futures=True)


def remember_sites(project: Project) -> None:
    """Edits re-judge only the sites they touch: the project's checker keeps each site's
    findings (analysis/site_memo.py)."""
    checker = project.checker()
    if checker.site_memo is None:
        checker.site_memo = SiteMemo()


def settle_memory() -> None:
    """After the first check (knowledge open, caches filled): move what lives for the whole
    session out of the collector's way, so full collections stop scanning it; they cost a
    1,000-line check tens of milliseconds at the 95th percentile."""
    gc.collect()
    gc.freeze()


def result_id(diagnostics: list[types.Diagnostic]) -> str:
    """Names the content: the same diagnostics give the same id."""
    return _result_id([_identity(d) for d in diagnostics])


def _result_id(identities: list[bytes]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for identity in identities:
        digest.update(identity)
    return digest.hexdigest()


def _identity(d: types.Diagnostic) -> bytes:
    r = d.range
    return repr((r.start.line, r.start.character, r.end.line, r.end.character, d.code,
                 d.severity, d.message)).encode()


class ConvertedFindings:
    """Diagnostics of the last reports, by what they are made from: an edit re-converts only
    the findings it changed (with a thousand findings, conversion and the result id cost
    more than the check of a one-line edit)."""

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[types.Diagnostic, bytes]] = {}
        self._lock = threading.Lock()

    def convert(self, findings: list[Finding],
                positions: Positions) -> tuple[list[types.Diagnostic], str]:
        """The findings' diagnostics and the result id naming them."""
        lines, encoding = positions.lines, positions.codec.encoding
        converted = []
        with self._lock:
            for finding in findings:
                key = (encoding, _line_text(lines, finding.line),
                       _line_text(lines, finding.end_line), *_finding_key(finding))
                kept = self._kept.get(key)
                if kept is None:
                    made = diagnostic(finding, positions)
                    kept = self._kept[key] = (made, _identity(made))
                converted.append(kept)
            if len(self._kept) > self.MAX_ENTRIES:
                self._kept = {}
        return [d for d, _ in converted], _result_id([i for _, i in converted])


def _line_text(lines: list[str], line: int) -> str | int:
    index = max(line - 1, 0)
    return lines[index] if index < len(lines) else -len(lines)


def _finding_key(finding: Finding) -> tuple:
    return (finding.line, finding.column, finding.end_line, finding.end_column, finding.message,
            finding.severity, finding.code, finding.kind, getattr(finding, "docs_url", None),
            finding.api, finding.distribution, finding.target_version,
            finding.baseline_version, finding.changed_in)
