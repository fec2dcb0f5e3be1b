"""Between the checker's positions (1-based lines, 0-based character columns) and LSP's
(0-based lines, columns in the negotiated encoding: UTF-16 code units unless agreed otherwise)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lsprotocol import types
from pygls.workspace import PositionCodec

from ..analysis.findings import DEPRECATED, Edit, Finding

SOURCE = "codesync"
# The line breaks Python's tokenizer and LSP agree on (str.splitlines knows more).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def split_lines(source: str) -> list[str]:
    return LINE_BREAK.split(source)


class Positions:
    """Converts positions for one document text."""

    def __init__(self, source: str, codec: PositionCodec) -> None:
        self.lines = split_lines(source)
        self.codec = codec

    def to_client(self, line: int, column: int) -> types.Position:
        """A checker position (1-based line, character column) as an LSP position."""
        index = max(line - 1, 0)
        if index >= len(self.lines):
            return types.Position(line=len(self.lines) - 1, character=self._units(self.lines[-1]))
        text = self.lines[index]
        return types.Position(line=index, character=self._units(text[:max(column, 0)]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(start=self.to_client(line, column),
                           end=self.to_client(end_line, end_column))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """An LSP position as (1-based line, character column); one that does not exist is
        clamped (negative to the start, past the end to the end)."""
        line, character = max(position.line, 0), max(position.character, 0)
        if line >= len(self.lines):
            return len(self.lines), len(self.lines[-1])
        text = self.lines[line]
        units = 0
        for index, char in enumerate(text):
            if units >= character:
                return line + 1, index
            units += self._units(char)
        return line + 1, len(text)

    def _units(self, text: str) -> int:
        if text.isascii():
            return len(text)
        return self.codec.client_num_units(text)


def change_record(finding: Finding) -> dict[str, Any]:
    """What a client may keep with a diagnostic: the change, never the checker's context."""
    return {
        "kind": finding.kind,
        "api": finding.api,
        "distribution": finding.distribution,
        "target_version": finding.target_version,
        "baseline_version": finding.baseline_version,
        "changed_in": finding.changed_in,
    }


def diagnostic(finding: Finding, positions: Positions) -> types.Diagnostic:
    href = getattr(finding, "docs_url", None)
    return types.Diagnostic(
        range=positions.range(finding.line, finding.column, finding.end_line, finding.end_column),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if finding.kind == DEPRECATED else None,
        data=change_record(finding),
    )


def text_edits(edits: Iterable[Edit], positions: Positions) -> list[types.TextEdit]:
    return [types.TextEdit(range=positions.range(e.line, e.column, e.end_line, e.end_column),
                           new_text=e.new_text) for e in edits]


def ranges_overlap(a: types.Range, b: types.Range) -> bool:
    """True when the ranges share a position; an empty range touching another counts."""
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end
