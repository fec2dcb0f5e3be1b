"""Documents whose lines end where the LSP says they do: at ``\\n``, ``\\r\\n`` or ``\\r`` only.

pygls (2.1) splits a document into lines with ``str.splitlines``, which also breaks at form
feed, vertical tab, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` and ``\\u2029``. A client counts
none of those as a line break, so after one such character every incremental edit below it
lands a line too early and the server's text drifts away from the client's for good.

The fix lives here, not in pygls: :class:`LspTextDocument` applies incremental changes by
character offsets computed with LSP line splitting, and :class:`CodesyncProtocol` makes every
workspace pygls creates hand out such documents (pygls builds the workspace inside its own
``initialize`` handler, so the protocol is the one place that sees it being set).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import PositionCodec, TextDocument, Workspace

from .unstructured import remember_unstructured

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Zero-width split points after each LSP line break (a "\r" directly before "\n" is no break).
AFTER_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def lsp_lines(source: str) -> tuple[str, ...]:
    """The lines of ``source`` with their line breaks, split as the LSP splits them (like
    ``str.splitlines(True)``: no empty line after a final line break)."""
    return tuple(line for line in AFTER_LINE_BREAK.split(source) if line)


def line_span(source: str, line: int) -> tuple[int, int] | None:
    """Where line ``line`` of ``source`` starts and where its text ends (before its line
    break), as indices into ``source``; None past the last line."""
    start = seen = 0
    for match in LINE_BREAK.finditer(source):
        if seen == line:
            return start, match.start()
        start, seen = match.end(), seen + 1
    return (start, len(source)) if seen == line else None


def column_index(text: str, units: int, codec: PositionCodec) -> int:
    """The index into ``text`` (one line, no line break) of a column in the client's code
    units; past the end of the line means its end, inside a character means after it."""
    if text.isascii():  # one code unit per character in every encoding
        return min(units, len(text))
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += codec.client_num_units(char)
    return len(text)


def offset_at(source: str, position: types.Position, codec: PositionCodec) -> int:
    """The index into ``source`` of an LSP position. A line past the last one means the end
    of the document (as VS Code's text documents clamp it)."""
    span = line_span(source, position.line)
    if span is None:
        return len(source)
    start, end = span
    return start + column_index(source[start:end], position.character, codec)


def apply_change(source: str, change: types.TextDocumentContentChangeEvent,
                 codec: PositionCodec) -> str:
    """``source`` after one change (a range's replacement, or the whole new text)."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return change.text
    start = offset_at(source, change.range.start, codec)
    end = offset_at(source, change.range.end, codec)
    start, end = min(start, end), max(start, end)  # a reversed range means the same span
    return source[:start] + change.text + source[end:]


class LspTextDocument(TextDocument):
    """A pygls document that splits lines as the LSP does, for edits and positions alike."""

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        self._source = apply_change(self.source, change, self.position_codec)

    @property
    def lines(self) -> Sequence[str]:
        return lsp_lines(self.source)

    def offset_at_position(self, client_position: types.Position) -> int:
        return offset_at(self.source, client_position, self.position_codec)


class LspWorkspace(Workspace):
    """A pygls workspace whose documents are :class:`LspTextDocument` s."""

    def _create_text_document(self, doc_uri: str, source: str | None = None,
                              version: int | None = None,
                              language_id: str | None = None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=self.position_codec)


class CodesyncProtocol(LanguageServerProtocol):
    """pygls's LSP protocol, except that the workspace it creates in ``initialize`` makes
    :class:`LspTextDocument` s. The workspace is the same object, with
    :class:`LspWorkspace`'s document factory (it adds no state of its own). Diagnostics
    published again are not unstructured again (unstructured.py)."""

    def __init__(self, server, converter) -> None:
        super().__init__(server, converter)
        remember_unstructured(converter, types.Diagnostic)

    @property
    def _workspace(self) -> Workspace | None:
        return self.__dict__.get("_codesync_workspace")

    @_workspace.setter
    def _workspace(self, workspace: Workspace | None) -> None:
        if workspace is not None and not isinstance(workspace, LspWorkspace):
            workspace.__class__ = LspWorkspace
        self.__dict__["_codesync_workspace"] = workspace
