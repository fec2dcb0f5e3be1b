"""Client-side helpers for the end-to-end tests."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

TIMEOUT = 30.0  # generous for a loaded CI machine; a passing test never waits this long


class Published:
    """Every publishDiagnostics the client received, in order, with a way to wait for one."""

    def __init__(self) -> None:
        self.all: list[types.PublishDiagnosticsParams] = []
        self._event = asyncio.Event()

    def add(self, params: types.PublishDiagnosticsParams) -> None:
        self.all.append(params)
        self._event.set()

    def for_uri(self, uri: str) -> list[types.PublishDiagnosticsParams]:
        return [p for p in self.all if p.uri == uri]

    async def wait(self, uri: str, predicate: Callable[[types.PublishDiagnosticsParams], bool]
                   = lambda p: True, after: int = 0) -> types.PublishDiagnosticsParams:
        """The first publish for ``uri`` (from index ``after``) that satisfies ``predicate``."""
        async def find() -> types.PublishDiagnosticsParams:
            seen = after
            while True:
                for params in self.all[seen:]:
                    if params.uri == uri and predicate(params):
                        return params
                seen = len(self.all)
                self._event.clear()
                await self._event.wait()
        return await asyncio.wait_for(find(), TIMEOUT)


def capabilities(pull: bool = False, resolve: bool = True, encoding: str = "utf-16",
                 watch: bool = False, hover_formats: list | None = None) -> types.ClientCapabilities:
    text = types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            version_support=True, code_description_support=True, data_support=True,
            tag_support=types.ClientDiagnosticsTagOptions(
                value_set=[types.DiagnosticTag.Deprecated, types.DiagnosticTag.Unnecessary])),
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(
                    value_set=["", "quickfix", "source", "source.fixAll"])),
            is_preferred_support=True, data_support=True,
            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
            if resolve else None),
        hover=types.HoverClientCapabilities(
            content_format=hover_formats or [types.MarkupKind.Markdown]),
        diagnostic=types.DiagnosticClientCapabilities() if pull else None,
    )
    workspace = types.WorkspaceClientCapabilities(
        configuration=True,
        workspace_folders=True,
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True) if watch else None,
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
        if pull else None,
    )
    return types.ClientCapabilities(
        text_document=text, workspace=workspace,
        window=types.WindowClientCapabilities(work_done_progress=True),
        general=types.GeneralClientCapabilities(position_encodings=[encoding]),
    )


def open_document(client: LanguageClient, path: Path, text: str | None = None,
                  version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version,
                                             text=path.read_text() if text is None else text)))
    return uri


def replace_text(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def insert_line(client: LanguageClient, uri: str, line: int, text: str, version: int) -> None:
    """An incremental change: ``text`` inserted at the start of ``line``."""
    at = types.Position(line=line, character=0)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=at, end=at), text=text)]))


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return sorted(str(d.code) for d in params.diagnostics)


def utf16_offset(text: str, position: types.Position) -> int:
    """Character offset of an LSP (UTF-16) position in ``text``."""
    lines = re.split(r"(?<=\n)", text)
    offset = sum(len(line) for line in lines[:position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return offset + index
        units += 2 if ord(char) > 0xFFFF else 1
    return offset + len(line)


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(((utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def apply_workspace_edit(text: str, uri: str, edit: types.WorkspaceEdit) -> str:
    edits: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            edits.extend(change.edits)
    edits.extend((edit.changes or {}).get(uri, []))
    return apply_text_edits(text, edits)
