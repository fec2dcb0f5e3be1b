"""Diagnostics, pushed after edits (debounced, never for an old version) or pulled by the
client per document and for the whole workspace."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from pathlib import Path

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path

from .. import sources
from ..source_text import UndecodableSource, read_source
from .analyzer import MAX_SOURCE_CHARS, Snapshot
from .features import Feature

logger = logging.getLogger(__name__)
IDENTIFIER = "codesync"
SERVER_CANCELLED = -32802
MAX_WORKSPACE_FILES = 20_000
AUTOMATIC_FIRST_DELAY = 0.01  # seconds, before a document's first check has been timed
MAX_AUTOMATIC_DELAY = 0.12
Result = tuple[int | None, str, list[types.Diagnostic]]


class Diagnostics(Feature):
    def __init__(self, server) -> None:
        super().__init__(server)
        self.pull = False
        self._tasks: dict[str, asyncio.Task] = {}
        self._check_seconds: dict[str, float] = {}  # per document, how long its last check took
        self._closed_files: dict[str, tuple[tuple, Result]] = {}

    # mode ---------------------------------------------------------------------------------
    def initialize(self, params: types.InitializeParams) -> None:
        mode = self.server.projects.options.diagnostic_mode
        capabilities = params.capabilities
        if mode == "auto":
            pulls = get_capability(capabilities, "text_document.diagnostic") is not None
            refreshes = get_capability(capabilities, "workspace.diagnostics.refresh_support", False)
            mode = "pull" if pulls and refreshes else "push"
        self.pull = mode == "pull"
        if self.pull:
            options = types.DiagnosticOptions(identifier=IDENTIFIER, inter_file_dependencies=False,
                                              workspace_diagnostics=True)
            self.on(types.TEXT_DOCUMENT_DIAGNOSTIC, self.document_diagnostic, options)
            self.on(types.WORKSPACE_DIAGNOSTIC, self.workspace_diagnostic)

    # push ---------------------------------------------------------------------------------
    def opened(self, uri: str) -> None:
        self.schedule(uri, 0)

    def changed(self, uri: str) -> None:
        debounce = self.server.projects.options.debounce
        self.schedule(uri, debounce if debounce is not None else self._automatic_delay(uri))

    def _automatic_delay(self, uri: str) -> float:
        """A quarter of the time the document's last check took, at most MAX_AUTOMATIC_DELAY:
        enough to let a burst of keystrokes coalesce, too short to add much latency."""
        last = self._check_seconds.get(uri, AUTOMATIC_FIRST_DELAY * 4)
        return min(MAX_AUTOMATIC_DELAY, last / 4)

    def saved(self, uri: str) -> None:
        self.schedule(uri, 0)

    def closed(self, uri: str) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self.server.analyzer.forget(uri)
        if not self.pull:
            self.publish(uri, [], None)

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after ``delay`` seconds; a newer edit replaces the pending one."""
        if self.pull:
            return
        previous = self._tasks.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.ensure_future(self._check_and_publish(uri, delay))
        self._tasks[uri] = task
        task.add_done_callback(lambda t: self._finished(uri, t))

    def _finished(self, uri: str, task: asyncio.Task) -> None:
        if self._tasks.get(uri) is task:
            del self._tasks[uri]
        if not task.cancelled() and task.exception() is not None:
            logger.error("diagnostics for %s failed", uri, exc_info=task.exception())

    async def _check_and_publish(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        snapshot = self.server.snapshot(uri)
        if snapshot is None:
            return
        started = time.perf_counter()
        report = await self.server.analyzer.report(snapshot)
        self._check_seconds[uri] = time.perf_counter() - started
        self.server.log_report(report)
        if not self.server.is_current(snapshot):
            return  # the text moved on; the task for the newer version publishes
        self.publish(uri, report.diagnostics, snapshot.version)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def refresh(self, roots: set[Path] | None = None) -> None:
        """Settings or the environment changed: check the open documents again."""
        uris = [uri for uri in self.server.open_python_documents()
                if roots is None or self.server.root_of(uri) in roots]
        if not self.pull:
            for uri in uris:
                self.schedule(uri, 0)
        elif get_capability(self.server.client_capabilities,
                            "workspace.diagnostics.refresh_support", False):
            self.server.workspace_diagnostic_refresh(None)

    # pull ---------------------------------------------------------------------------------
    async def document_diagnostic(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        snapshot = self.server.snapshot(params.text_document.uri)
        if snapshot is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        report = await self.server.analyzer.report(snapshot)
        self.server.log_report(report)
        if not self.server.is_current(snapshot):
            raise JsonRpcException(message="the document changed", code=SERVER_CANCELLED,
                                   data={"retriggerRequest": True})
        if params.previous_result_id == report.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=report.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=report.diagnostics,
                                                         result_id=report.result_id)

    async def workspace_diagnostic(
        self, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        previous = {p.uri: p.value for p in params.previous_result_ids}
        folders = list(self.server.projects.folders)
        files = await self.server.analyzer.run(python_files, folders, background=True)
        progress = await WorkspaceProgress.start(self.server, params.work_done_token, len(files))
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        try:
            for done, path in enumerate(files):
                if progress.cancelled():
                    break
                progress.step(done, path)
                item = await self._workspace_item(path, previous)
                if item is not None:
                    items.append(item)
        finally:
            progress.end(len(items))
        return types.WorkspaceDiagnosticReport(items=items)

    async def _workspace_item(self, path: Path, previous: dict[str, str]
                              ) -> types.WorkspaceDocumentDiagnosticReport | None:
        uri = from_fs_path(str(path)) or path.as_uri()
        found = await self._workspace_result(uri, path)
        if found is None:
            return None
        version, result, diagnostics = found
        if previous.get(uri) == result:
            return types.WorkspaceUnchangedDocumentDiagnosticReport(
                uri=uri, result_id=result, version=version)
        return types.WorkspaceFullDocumentDiagnosticReport(
            uri=uri, items=diagnostics, version=version, result_id=result)

    async def _workspace_result(self, uri: str, path: Path) -> Result | None:
        """(version, result id, diagnostics) of an open document or a file on disk."""
        analyzer = self.server.analyzer
        if self.server.is_open(uri):
            snapshot = self.server.snapshot(uri)
            if snapshot is None:
                return None
            report = await analyzer.report(snapshot, background=True)
            return snapshot.version, report.result_id, report.diagnostics
        stamp = (_stamp(path), analyzer.generation)
        cached = self._closed_files.get(uri)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        snapshot = await analyzer.run(read_snapshot, uri, path, background=True)
        if snapshot is None:
            return None
        report = await analyzer.report(snapshot, background=True)
        analyzer.forget(uri)  # only open documents keep their text in memory
        result = (None, report.result_id, report.diagnostics)
        self._closed_files[uri] = (stamp, result)
        return result


class WorkspaceProgress:
    """``$/progress`` for a workspace scan, on the client's token or one made for it."""

    def __init__(self, server, token: types.ProgressToken | None, total: int) -> None:
        self.server = server
        self.token = token
        self.total = max(total, 1)
        self._percent = -1

    @classmethod
    async def start(cls, server, token: types.ProgressToken | None, total: int) -> WorkspaceProgress:
        if token is None and get_capability(server.client_capabilities,
                                            "window.work_done_progress", False):
            token = f"codesync-workspace-{uuid.uuid4()}"
            # shielded: were the scan cancelled meanwhile, pygls would fail to take the answer
            create = asyncio.ensure_future(server.work_done_progress.create_async(token))
            try:
                await asyncio.shield(create)
            except Exception:  # noqa: BLE001 - a client may refuse; the scan runs anyway
                token = None
        progress = cls(server, token, total)
        if token is not None:
            server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                title="codesync", message=f"checking {total} files", cancellable=True,
                percentage=0))
        return progress

    def cancelled(self) -> bool:
        if self.token is None:
            return False
        future = self.server.work_done_progress.tokens.get(self.token)
        return future is not None and future.cancelled()

    def step(self, done: int, path: Path) -> None:
        percent = done * 100 // self.total
        if self.token is None or percent == self._percent:
            return
        self._percent = percent
        self.server.work_done_progress.report(self.token, types.WorkDoneProgressReport(
            message=path.name, percentage=percent))

    def end(self, checked: int) -> None:
        if self.token is not None:
            self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd(
                message=f"{checked} files checked"))
            self.server.work_done_progress.tokens.pop(self.token, None)


def python_files(folders: list[Path]) -> list[Path]:
    """The workspace's Python files (the CLI's walker), at most MAX_WORKSPACE_FILES."""
    existing = [f for f in folders if f.is_dir()]
    return sources.python_files(existing, MAX_WORKSPACE_FILES) if existing else []


def read_snapshot(uri: str, path: Path) -> Snapshot | None:
    """A closed file's text as CPython decodes it (None when it is not a readable regular
    file of at most the size limit, or cannot be decoded: nothing is checked on U+FFFD)."""
    try:
        text = read_source(path, MAX_SOURCE_CHARS * 4).text
    except (OSError, UndecodableSource):
        return None
    return Snapshot(uri, path, text, None)


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)
