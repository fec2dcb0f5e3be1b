"""Code actions: the exact rewrite per diagnostic (preferred), suppress-this-line, and fix-all.

Actions go out with a small key in ``data``; their edits are computed in
``codeAction/resolve`` unless the client cannot resolve edits.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability

from ..analysis.findings import Edit, Finding
from ..fixes.apply import apply_edits, attach_fixes
from ..project import SUPPRESSION
from .checks import Report, Snapshot
from .convert import Positions, ranges_overlap, split_lines, text_edits
from .features import Feature

FIX_ALL = "source.fixAll.codesync"
QUICKFIX = types.CodeActionKind.QuickFix
LINES_WITH_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


class CodeActions(Feature):
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
        report = await self.server.analyzer.report(snapshot)
        if not report.findings or not self.server.is_current(snapshot):
            return None
        await self.server.analyzer.run(_attach_all, report)
        only = params.context.only
        actions: list[types.CodeAction] = []
        if wanted(only, QUICKFIX):
            for index, (finding, diag) in enumerate(zip(report.findings, report.diagnostics)):
                if ranges_overlap(diag.range, params.range):
                    actions.extend(self._quickfixes(snapshot, index, finding, diag))
        if wanted(only, FIX_ALL) and any(f.fixes for f in report.findings):
            actions.append(types.CodeAction(
                title="Fix all codesync problems", kind=FIX_ALL,
                data=_key(snapshot, "fixAll")))
        if not self.lazy:
            actions = [await self.resolve(action) for action in actions]
        return actions

    def _quickfixes(self, snapshot: Snapshot, index: int, finding: Finding,
                    diag: types.Diagnostic) -> list[types.CodeAction]:
        actions = [types.CodeAction(
            title=fix.title, kind=QUICKFIX, diagnostics=[diag], is_preferred=number == 0,
            data=_key(snapshot, "fix", finding=index, fix=number, code=finding.code))
            for number, fix in enumerate(finding.fixes)]
        if suppression_edit(snapshot.text, finding) is not None:
            actions.append(types.CodeAction(
                title=f"Suppress {finding.code} on this line", kind=QUICKFIX, diagnostics=[diag],
                data=_key(snapshot, "suppress", finding=index, code=finding.code)))
        return actions

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        snapshot = self.server.snapshot(data.get("uri", ""))
        if snapshot is None or snapshot.version != data.get("version"):
            return action  # the document moved on; the client asks again
        report = await self.server.analyzer.report(snapshot)
        edits = await self._edits(snapshot, report, data)
        if edits is not None:
            action.edit = self._workspace_edit(snapshot, edits)
        return action

    async def _edits(self, snapshot: Snapshot, report: Report,
                     data: dict[str, Any]) -> list[Edit] | None:
        what = data.get("action")
        if what == "fixAll":
            fixed = await self.server.analyzer.run(_fix_source, self.server, snapshot)
            return diff_edits(snapshot.text, fixed)
        finding = _finding(report, data)
        if finding is None:
            return None
        if what == "suppress":
            edit = suppression_edit(snapshot.text, finding)
            return [edit] if edit else None
        await self.server.analyzer.run(_attach_all, report)
        number = data.get("fix", 0)
        if what == "fix" and isinstance(number, int) and 0 <= number < len(finding.fixes):
            return list(finding.fixes[number].edits)
        return None

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


def _fix_source(server, snapshot: Snapshot) -> str:
    project = server.projects.project_for(snapshot.path)
    return project.fix_source(snapshot.text, str(snapshot.path))


def _attach_all(report: Report) -> None:
    """Compute the fixes of every finding once per report (in a worker thread)."""
    if report.fixes_attached:
        return
    attach_fixes(report.findings, report.snapshot.text)
    report.fixes_attached = True


def suppression_edit(source: str, finding: Finding) -> Edit | None:
    """Add the finding's code to the line's ``# codesync: ignore[...]`` comment, or append
    one; None where a comment cannot go (the line ends inside a string, after a backslash)."""
    lines = split_lines(source)
    if not 1 <= finding.line <= len(lines):
        return None
    text = lines[finding.line - 1]
    match = SUPPRESSION.search(text)
    if match is not None and match.group(1) is None:
        return None  # the whole line is already suppressed
    if match is not None:
        column = match.end(1)
        edit = Edit(finding.line, column, finding.line, column, f", {finding.code}")
    else:
        column = len(text.rstrip())
        edit = Edit(finding.line, column, finding.line, column,
                    f"  # codesync: ignore[{finding.code}]")
    return edit if _comment_on_line(apply_edits(source, [edit]), finding) else None


def _comment_on_line(source: str, finding: Finding) -> bool:
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and token.start[0] == finding.line:
                match = SUPPRESSION.search(token.string)
                return match is not None and finding.code in (match.group(1) or "")
    except (tokenize.TokenError, SyntaxError):
        return False
    return False


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
