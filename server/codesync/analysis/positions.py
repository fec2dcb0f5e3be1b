"""Source positions: ast's UTF-8 byte columns -> character columns, and back to offsets."""

from __future__ import annotations

import ast
import re

_LINE_END = re.compile(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)")


class LineIndex:
    def __init__(self, source: str) -> None:
        self.source = source
        self._lines: list[str] | None = None
        self._starts: list[int] | None = None

    @property
    def lines(self) -> list[str]:
        """The source's lines, split when first asked for (most files have no finding)."""
        if self._lines is None:
            # only \r\n, \r and \n end lines for Python (str.splitlines also splits on \x0c)
            self._lines = _lines(self.source)
        return self._lines

    def char_column(self, line: int, byte_column: int) -> int:
        if not 1 <= line <= len(self.lines):
            return byte_column
        text = self.lines[line - 1]
        if text.isascii():
            return byte_column
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        line = getattr(node, "lineno", 1) or 1
        end_line = getattr(node, "end_lineno", None) or line
        col = self.char_column(line, getattr(node, "col_offset", 0) or 0)
        end_col = self.char_column(end_line, getattr(node, "end_col_offset", None) or col)
        return line, col, end_line, end_col

    def offset(self, line: int, column: int) -> int:
        """Character offset in the source of a (1-based line, 0-based character column)."""
        if self._starts is None:
            starts, total = [], 0
            for text in self.lines:
                starts.append(total)
                total += len(text)
            self._starts = starts
        if line - 1 >= len(self._starts):
            return len(self.source)
        return self._starts[line - 1] + column

    def text(self, node: ast.AST) -> str:
        line, col, end_line, end_col = self.span(node)
        return self.source[self.offset(line, col): self.offset(end_line, end_col)]


def _lines(source: str) -> list[str]:
    """The source's lines with their ends; the pattern is slow, and without a carriage return
    a plain split on newlines gives the same lines."""
    if "\r" in source:
        return _LINE_END.split(source) or [""]
    parts = source.split("\n")
    return [part + "\n" for part in parts[:-1]] + [parts[-1]]
