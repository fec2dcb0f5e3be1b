"""Hover on a library call: its signature at the target release and what changed, when."""

from __future__ import annotations

from lsprotocol import types

from .checks import Snapshot
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
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=text))

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
