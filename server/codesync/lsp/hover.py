"""Hover on a library call: its signature at the target release and what changed, when."""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.capabilities import get_capability

from .analyzer import Snapshot
from .convert import Positions
from .features import Feature


class Hover(Feature):
    def register(self) -> None:
        self.on(types.TEXT_DOCUMENT_HOVER, self.hover)

    async def hover(self, params: types.HoverParams) -> types.Hover | None:
        snapshot = self.server.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        positions = Positions(snapshot.text, self.server.workspace.position_codec)
        line, column = positions.from_client(params.position)
        text = await self.server.analyzer.run(self._markdown, snapshot, line, column)
        if not text:
            return None
        if not self._client_reads_markdown():
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText,
                                                            value=plain_text(text)))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=text))

    def _client_reads_markdown(self) -> bool:
        """The client's ``hover.contentFormat``; Markdown when it does not say."""
        formats = get_capability(self.server.client_capabilities,
                                 "text_document.hover.content_format", None)
        return not formats or types.MarkupKind.Markdown in formats

    def _markdown(self, snapshot: Snapshot, line: int, column: int) -> str | None:
        project = self.server.projects.project_for(snapshot.path)
        hover_text = getattr(project, "hover_text", None)
        if hover_text is None:
            return None
        try:
            return hover_text(snapshot.text, str(snapshot.path), line, column)
        except Exception:  # noqa: BLE001 - no hover rather than an error popup
            self.server.logger.exception("hover failed")
            return None


def plain_text(markdown: str) -> str:
    """The hover's Markdown as plain text: no fences, emphasis or code ticks."""
    text = re.sub(r"^```\w*\n?|^```$", "", markdown, flags=re.M)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return text.replace("`", "").strip()
