"""Code actions: the exact rewrite per diagnostic (preferred), suppress-this-line, fix-all,
and a rewrite by the local model where no exact one exists (resolved lazily: the model runs
only when the user picks it, off the loop, with progress, a time limit and cancellation).

Actions go out with a small key in ``data``; their edits are computed in
``codeAction/resolve`` unless the client cannot resolve edits.
"""

from __future__ import annotations

import asyncio
import difflib
import io
import re
import threading
import tokenize
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability

from ..analysis.findings import Edit, Finding
from ..project import SUPPRESSION
from .analyzer import Report, Snapshot
from .convert import Positions, ranges_overlap, split_lines, text_edits
from .features import Feature

if TYPE_CHECKING:
    from ..model.service import ModelService

# The fixes and the model are imported on first use: the server starts (and publishes its
# first diagnostics) without them (tests/lsp/test_startup_imports.py).
FIX_ALL = "source.fixAll.codesync"
QUICKFIX = types.CodeActionKind.QuickFix
LINES_WITH_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


class CodeActions(Feature):
    def __init__(self, server) -> None:
        super().__init__(server)
        self._model: ModelService | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def model(self) -> ModelService:
        if self._model is None:
            from ..model.service import ModelService

            self._model = ModelService(self._log)
        return self._model

    def _log(self, message: str) -> None:
        """One line in the client's log (from any thread)."""
        params = types.LogMessageParams(type=types.MessageType.Info, message=message)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.server.window_log_message, params)

    def shutdown(self) -> None:
        if self._model is not None:
            self._model.shutdown()

    def register(self) -> None:
        options = types.CodeActionOptions(code_action_kinds=[QUICKFIX, FIX_ALL],
                                          resolve_provider=True)
        self.on(types.TEXT_DOCUMENT_CODE_ACTION, self.code_action, options)
        self.on(types.CODE_ACTION_RESOLVE, self.resolve)

    @property
    def lazy(self) -> bool:
        """Whether the client resolves edits (else they go out with the actions)."""
        properties = get_capability(self.server.client_capabilities,
                                    "text_document.code_action.resolve_support.properties", [])
        return "edit" in (properties or [])

    async def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        snapshot = self.server.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        self._loop = asyncio.get_running_loop()
        report = await self.server.analyzer.report(snapshot)
        if not report.findings or not self.server.is_current(snapshot):
            return None
        actions = await self.server.analyzer.run(list_actions, report, params.range,
                                                 params.context.only, self._model_offers(snapshot))
        if not self.lazy:
            actions = [await self.resolve(action) for action in actions]
        return actions

    def _model_offers(self, snapshot: Snapshot) -> Callable[[Finding], bool] | None:
        """Whether to list the model action for a finding (only for clients that resolve
        lazily: the model must not run for a listing)."""
        if not self.lazy:
            return None
        settings = self.server.projects.project_for(snapshot.path).settings
        model = self.model  # made here, on the loop, not in the worker that asks
        return lambda finding: model.offers(settings, finding)

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        snapshot = self.server.snapshot(data.get("uri", ""))
        if snapshot is None or snapshot.version != data.get("version"):
            return action  # the document moved on; the client asks again
        report = await self.server.analyzer.report(snapshot)
        if data.get("action") == "model":
            edits = await self._model_edits(report, data)
        else:
            edits = await self.server.analyzer.run(self._edits, report, data)
        if edits is not None and report.snapshot.key == snapshot.key:
            # positions are computed on the text the edits were computed from
            action.edit = self._workspace_edit(report.snapshot, edits)
        return action

    def _edits(self, report: Report, data: dict[str, Any]) -> list[Edit] | None:
        """The edits of an action (in a worker thread)."""
        what = data.get("action")
        snapshot = report.snapshot
        if what == "fixAll":
            project = self.server.projects.project_for(snapshot.path)
            return diff_edits(snapshot.text, project.fix_source(snapshot.text, str(snapshot.path)))
        finding = _finding(report, data)
        if finding is None:
            return None
        if what == "suppress":
            edit = suppression_edit(report, finding)
            return [edit] if edit else None
        prepare(report)
        number = data.get("fix", 0)
        if what == "fix" and isinstance(number, int) and 0 <= number < len(finding.fixes):
            return list(finding.fixes[number].edits)
        return None

    async def _model_edits(self, report: Report, data: dict[str, Any]) -> list[Edit] | None:
        """Run the model for one finding: on its own thread, stopped by a cancelled request,
        a cancelled progress, or the time limit; None when nothing proven came out."""
        finding = _finding(report, data)
        snapshot = report.snapshot
        project = self.server.projects.project_for(snapshot.path)
        spec = self.model.spec(project.settings)
        if finding is None or spec is None:
            return None
        await self.server.analyzer.run(prepare, report)
        stop = threading.Event()
        progress = await ModelProgress.start(self.server, stop)
        try:
            future = self.model.submit(spec, project, snapshot.text, str(snapshot.path),
                                       finding, stop)
            outcome = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            stop.set()
            raise
        finally:
            progress.end()
        if not outcome.fixes:
            reason = "stopped" if outcome.stopped else (
                outcome.tried[-1][1] if outcome.tried else "no candidate")
            self._log(f"codesync: no proven model rewrite for {finding.api} "
                      f"({len(outcome.tried)} candidates, {outcome.seconds:.1f} s): {reason}")
            return None
        return list(outcome.fixes[0].edits)

    def _workspace_edit(self, snapshot: Snapshot, edits: list[Edit]) -> types.WorkspaceEdit:
        positions = Positions(snapshot.text, self.server.workspace.position_codec)
        changes = text_edits(edits, positions)
        if get_capability(self.server.client_capabilities,
                          "workspace.workspace_edit.document_changes", False):
            document = types.OptionalVersionedTextDocumentIdentifier(uri=snapshot.uri,
                                                                     version=snapshot.version)
            return types.WorkspaceEdit(document_changes=[
                types.TextDocumentEdit(text_document=document, edits=changes)])
        return types.WorkspaceEdit(changes={snapshot.uri: changes})


def list_actions(report: Report, where: types.Range, only: list[str] | None,
                 model_offers: Callable[[Finding], bool] | None = None) -> list[types.CodeAction]:
    """The actions for the findings in ``where`` (in a worker thread), edits left out."""
    from ..fixes.apply import applicable
    from ..model.proof import TITLE as MODEL_TITLE

    prepare(report)
    actions: list[types.CodeAction] = []
    if wanted(only, QUICKFIX):
        for index, (finding, diag) in enumerate(zip(report.findings, report.diagnostics)):
            if ranges_overlap(diag.range, where):
                actions.extend(_quickfixes(report, index, finding, diag))
                if model_offers is not None and model_offers(finding):
                    actions.append(types.CodeAction(
                        title=MODEL_TITLE, kind=QUICKFIX, diagnostics=[diag], is_preferred=False,
                        data=_key(report.snapshot, "model", finding=index, code=finding.code)))
    if wanted(only, FIX_ALL) and any(applicable(f) for f in report.findings):
        actions.append(types.CodeAction(title="Fix all codesync problems", kind=FIX_ALL,
                                        data=_key(report.snapshot, "fixAll")))
    return actions


def _quickfixes(report: Report, index: int, finding: Finding,
                diag: types.Diagnostic) -> list[types.CodeAction]:
    from ..fixes.exact import SUGGESTED

    snapshot = report.snapshot
    actions = [types.CodeAction(
        title=fix.title, kind=QUICKFIX, diagnostics=[diag],
        is_preferred=number == 0 and fix.source != SUGGESTED,
        data=_key(snapshot, "fix", finding=index, fix=number, code=finding.code))
        for number, fix in enumerate(finding.fixes)]
    if suppression_edit(report, finding) is not None:
        actions.append(types.CodeAction(
            title=f"Suppress {finding.code} on this line", kind=QUICKFIX, diagnostics=[diag],
            data=_key(snapshot, "suppress", finding=index, code=finding.code)))
    return actions


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether a request's ``only`` filter admits ``kind`` (kinds are dotted hierarchies)."""
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def _key(snapshot: Snapshot, action: str, **extra: Any) -> dict[str, Any]:
    return {"uri": snapshot.uri, "version": snapshot.version, "action": action, **extra}


def _finding(report: Report, data: dict[str, Any]) -> Finding | None:
    index = data.get("finding")
    if not isinstance(index, int) or not 0 <= index < len(report.findings):
        return None
    finding = report.findings[index]
    return finding if finding.code == data.get("code") else None


class ModelProgress:
    """``$/progress`` while the model runs; cancelling it stops the model."""

    def __init__(self, server, token: str | None) -> None:
        self.server = server
        self.token = token

    @classmethod
    async def start(cls, server, stop: threading.Event) -> ModelProgress:
        if not get_capability(server.client_capabilities, "window.work_done_progress", False):
            return cls(server, None)
        token = f"codesync-model-{uuid.uuid4()}"
        try:
            await asyncio.shield(asyncio.ensure_future(
                server.work_done_progress.create_async(token)))
        except Exception:  # noqa: BLE001 - a client may refuse; the model runs anyway
            return cls(server, None)
        server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="codesync", message="rewriting with the local model", cancellable=True))
        cancelled = server.work_done_progress.tokens.get(token)
        if cancelled is not None:
            cancelled.add_done_callback(lambda _future: stop.set())
        return cls(server, token)

    def end(self) -> None:
        if self.token is not None:
            self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd())
            self.server.work_done_progress.tokens.pop(self.token, None)


@dataclass
class LineFacts:
    """Where a comment may go: lines that end a (logical or bracketed) line, and the
    comments already there (column, text)."""

    ends: set[int]
    comments: dict[int, tuple[int, str]]


def prepare(report: Report) -> None:
    """Compute the report's fixes and line facts once (in a worker thread)."""
    if report.fixes_attached:
        return
    from ..fixes.apply import attach_fixes

    attach_fixes(report.findings, report.snapshot.text)
    report.line_facts = line_facts(report.snapshot.text)
    report.fixes_attached = True


def line_facts(source: str) -> LineFacts:
    facts = LineFacts(set(), {})
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL):
                facts.ends.add(token.start[0])
            elif token.type == tokenize.COMMENT:
                facts.comments[token.start[0]] = (token.start[1], token.string)
    except (tokenize.TokenError, SyntaxError):
        pass
    return facts


def suppression_edit(report: Report, finding: Finding) -> Edit | None:
    """Add the finding's code to the line's ``# codesync: ignore[...]`` comment, or append
    one; None where no comment can go (the line ends inside a string or continues)."""
    prepare(report)
    facts: LineFacts = report.line_facts
    line = finding.line
    if line not in facts.ends:
        return None
    comment = facts.comments.get(line)
    match = SUPPRESSION.search(comment[1]) if comment else None
    if match is None:
        text = split_lines(report.snapshot.text)[line - 1]
        column = len(text.rstrip())
        return Edit(line, column, line, column, f"  # codesync: ignore[{finding.code}]")
    if match.group(1) is None:
        return None  # the whole line is already suppressed
    column = comment[0] + match.end(1)
    return Edit(line, column, line, column, f", {finding.code}")


def diff_edits(old: str, new: str) -> list[Edit]:
    """Whole-line edits turning ``old`` into ``new`` (only the lines that differ)."""
    a = LINES_WITH_ENDS.split(old)
    b = LINES_WITH_ENDS.split(new)
    edits = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(i1 + 1, 0, i2 + 1, 0, "".join(b[j1:j2])))
    return edits
