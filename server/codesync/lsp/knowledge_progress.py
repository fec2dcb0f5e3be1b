"""``$/progress`` and a log line while the knowledge database is built (a source checkout's
first start; an installed wheel ships it prebuilt and never shows this)."""

from __future__ import annotations

import asyncio
import time
import uuid

from lsprotocol import types
from pygls.capabilities import get_capability


class KnowledgeBuildProgress:
    """A ``database.Progress`` callback, called from a worker thread."""

    def __init__(self, server) -> None:
        self.server = server
        self.token: str | None = None
        self.started = 0.0
        self._percent = -1

    def __call__(self, done: int, total: int, what: str) -> None:
        loop = self.server.loop_or_none()
        if loop is None:
            return
        if self.started == 0.0:
            self.started = time.perf_counter()
            self.server.logger.info("codesync: building the knowledge database (%d distributions)",
                                    total)
            asyncio.run_coroutine_threadsafe(self._begin(total), loop)
            return
        percent = done * 100 // max(total, 1)
        if done >= total:
            seconds = time.perf_counter() - self.started
            self.server.logger.info("codesync: knowledge database ready in %.1fs", seconds)
            loop.call_soon_threadsafe(self._end, seconds)
        elif percent != self._percent:
            self._percent = percent
            loop.call_soon_threadsafe(self._report, what, percent)

    async def _begin(self, total: int) -> None:
        if not get_capability(self.server.client_capabilities, "window.work_done_progress", False):
            return
        token = f"codesync-knowledge-{uuid.uuid4()}"
        try:
            await self.server.work_done_progress.create_async(token)
        except Exception:  # noqa: BLE001 - a client may refuse; the build goes on
            return
        self.token = token
        self.server.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="codesync", message=f"building the knowledge database ({total} libraries)",
            percentage=0))

    def _report(self, what: str, percent: int) -> None:
        if self.token is not None:
            self.server.work_done_progress.report(self.token, types.WorkDoneProgressReport(
                message=what, percentage=percent))

    def _end(self, seconds: float) -> None:
        if self.token is not None:
            self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd(
                message=f"knowledge ready in {seconds:.1f}s"))
