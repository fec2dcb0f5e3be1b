"""The codesync language server: documents in, diagnostics, code actions and hovers out."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..knowledge.store import KnowledgeError
from .analyzer import Analyzer, Report, Snapshot
from .code_actions import CodeActions
from .configuration import Configuration
from .diagnostics import Diagnostics
from .documents import CodesyncProtocol
from .environment_watch import EnvironmentWatch
from .features import Feature
from .hover import Hover
from .knowledge_progress import KnowledgeBuildProgress
from .projects import Projects
from .transport import serve_stdio

PYTHON_SUFFIXES = (".py", ".pyi")


class CodesyncServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("codesync", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=CodesyncProtocol)  # documents split lines as LSP does
        self.logger = logging.getLogger("codesync.lsp")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._failures_logged: set[str] = set()
        self.projects = Projects(self.show_error, self._release_ready)
        self.analyzer = Analyzer(self.projects.project_for, lambda: self.workspace.position_codec)
        self.diagnostics = Diagnostics(self)
        self.features: list[Feature] = [Configuration(self), self.diagnostics, CodeActions(self),
                                        Hover(self), EnvironmentWatch(self)]
        self._register()

    # wiring -------------------------------------------------------------------------------
    def _register(self) -> None:
        for feature in self.features:
            feature.register()

        @self.feature(types.INITIALIZE)
        def initialize(params: types.InitializeParams) -> None:
            self._loop = asyncio.get_running_loop()
            for feature in self.features:
                self._guarded(feature, "initialize", feature.initialize, params)

        @self.feature(types.INITIALIZED)
        async def initialized(params: types.InitializedParams) -> None:
            Feature.spawn(self.analyzer.run(self._open_knowledge))
            for feature in self.features:
                try:
                    await feature.initialized()
                except Exception:  # noqa: BLE001 - one feature's failure stops no other
                    self._log_failure(feature, "initialized")

        @self.feature(types.TEXT_DOCUMENT_DID_OPEN)
        def did_open(params: types.DidOpenTextDocumentParams) -> None:
            self._each("opened", params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_CHANGE)
        def did_change(params: types.DidChangeTextDocumentParams) -> None:
            self._each("changed", params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
        def did_save(params: types.DidSaveTextDocumentParams) -> None:
            self._each("saved", params.text_document.uri)

        @self.feature(types.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(params: types.DidCloseTextDocumentParams) -> None:
            self._each("closed", params.text_document.uri)

        @self.feature(types.SHUTDOWN)
        def shutdown(params: None) -> None:
            for feature in self.features:
                self._guarded(feature, "shutdown", feature.shutdown)
            self.analyzer.shutdown()

    def _open_knowledge(self) -> None:
        """Before the first document arrives (in a worker). No knowledge is said out loud."""
        try:
            self.projects.open_knowledge(KnowledgeBuildProgress(self))
        except KnowledgeError as exc:
            self.show_error(f"codesync: {exc}; no library calls can be checked")
        except Exception:  # noqa: BLE001
            self.logger.exception("opening the knowledge failed")

    def loop_or_none(self) -> asyncio.AbstractEventLoop | None:
        return self._loop

    def _each(self, event: str, uri: str) -> None:
        if event in ("opened", "changed") and not self._is_python(
                self.workspace.get_text_document(uri)):
            return
        for feature in self.features:
            self._guarded(feature, event, getattr(feature, event), uri)

    def _guarded(self, feature: Feature, event: str, call, *args) -> None:
        """Tell one feature of an event; its failure is logged and stops no other feature."""
        try:
            call(*args)
        except Exception:  # noqa: BLE001
            self._log_failure(feature, event)

    def _log_failure(self, feature: Feature, event: str) -> None:
        key = f"{type(feature).__name__}.{event}"
        if key not in self._failures_logged:
            self._failures_logged.add(key)
            self.logger.exception("feature %s failed", key)

    # documents ----------------------------------------------------------------------------
    @staticmethod
    def _is_python(document: TextDocument) -> bool:
        if document.language_id and document.language_id != "python":
            return False
        return document.language_id == "python" or str(document.path).endswith(PYTHON_SUFFIXES)

    def snapshot(self, uri: str) -> Snapshot | None:
        """The document's current text (an open one's, else the file's), if it is Python."""
        document = self.workspace.get_text_document(uri)
        if not self._is_python(document):
            return None
        try:
            text = document.source
        except (OSError, UnicodeDecodeError):
            return None
        return Snapshot(document.uri, Path(document.path), text, document.version)

    def is_open(self, uri: str) -> bool:
        return unquote(uri) in self.workspace.text_documents

    def is_current(self, snapshot: Snapshot) -> bool:
        document = self.workspace.text_documents.get(unquote(snapshot.uri))
        return (document.version if document else None) == snapshot.version

    def open_python_documents(self) -> list[str]:
        return [d.uri for d in self.workspace.text_documents.values() if self._is_python(d)]

    def root_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return self.projects.root_for(Path(path)) if path else None

    # changes ------------------------------------------------------------------------------
    async def settings_changed(self) -> None:
        pending = await self.analyzer.run(self.projects.pending_settings)
        for project, settings in pending:
            await self.analyzer.run(project.update_settings, settings)
        if pending:
            await self.refresh({project.root for project, _ in pending})

    def _release_ready(self, root: Path) -> None:
        """A release fetched in the background is stored (called from its thread)."""
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self.refresh({root}), self._loop)

    async def refresh(self, roots: set[Path] | None = None) -> None:
        """Results so far are out of date (settings, environment): check again."""
        self.analyzer.invalidate()
        self.diagnostics.refresh(roots)

    # messages -----------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Tell the user (from any thread: messages are written from the event loop)."""
        self.logger.error(message)
        if self._loop is None:
            return
        params = types.ShowMessageParams(type=types.MessageType.Error, message=message)
        if _running_loop() is self._loop:
            self.window_show_message(params)
        else:
            self._loop.call_soon_threadsafe(self.window_show_message, params)

    def log_report(self, report: Report) -> None:
        """Pass the checker's notices and failures on to the client's log."""
        lines = [f"codesync: {notice}" for notice in report.notices]
        if report.failed and report.snapshot.uri not in self._failures_logged:
            self._failures_logged.add(report.snapshot.uri)  # once, not on every keystroke
            lines.append(f"codesync: {report.snapshot.uri}: {report.skipped}")
        for line in lines:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                           message=line))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def serve(tcp: str | None = None) -> int:
    """Run the server on stdio, or on HOST:PORT for debugging."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="codesync-lsp %(levelname)s %(name)s: %(message)s")
    # Checking a module allocates many short-lived objects; collect the young generation less
    # often (the default, 700, runs a collection every few hundred AST nodes).
    gc.set_threshold(20_000, 50, 100)
    if tcp:
        host, port = tcp_address(tcp)
        CodesyncServer().start_tcp(host, port)
        return 0
    return serve_stdio(CodesyncServer())  # pygls's loop, hardened: see transport.py


def tcp_address(text: str) -> tuple[str, int]:
    """HOST:PORT (or :PORT, on 127.0.0.1) as given to ``serve --tcp``; a usage error else."""
    from ..errors import UsageError

    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--tcp expects HOST:PORT with a port from 1 to 65535, got {text!r}")
    host = host.strip("[]") or "127.0.0.1"
    import socket

    try:
        socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"--tcp {text}: cannot use host {host!r} ({exc})") from exc
    return host, int(port)
