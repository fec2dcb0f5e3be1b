"""The shape every feature of the server shares."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from .server import CodesyncServer

logger = logging.getLogger(__name__)
_running: set[asyncio.Task] = set()  # the loop keeps only weak references to tasks


class Feature:
    """A part of the server: it registers the LSP methods it answers and hears about
    documents, settings and environment changes from the server."""

    def __init__(self, server: CodesyncServer) -> None:
        self.server = server

    def register(self) -> None:
        """Register the methods this feature answers (before ``initialize``)."""

    def on(self, method: str, handler: Callable[..., Any], options: Any | None = None) -> None:
        """Register a bound method (pygls tags its handlers with attributes, which bound
        methods cannot carry, so each gets a plain function around it)."""
        if asyncio.iscoroutinefunction(handler):
            async def call_async(params: Any) -> Any:
                return await handler(params)
            self.server.feature(method, options)(call_async)
        else:
            def call(params: Any) -> Any:
                return handler(params)
            self.server.feature(method, options)(call)

    @staticmethod
    def spawn(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Run in the background, kept alive until done; failures are logged."""
        task = asyncio.ensure_future(coroutine)
        _running.add(task)
        task.add_done_callback(_finished)
        return task

    def initialize(self, params: types.InitializeParams) -> None:
        """The client's initialize request, before the capabilities are computed."""

    async def initialized(self) -> None:
        """The client is ready for requests from the server."""

    def opened(self, uri: str) -> None: ...

    def changed(self, uri: str) -> None: ...

    def saved(self, uri: str) -> None: ...

    def closed(self, uri: str) -> None: ...

    def shutdown(self) -> None: ...


def _finished(task: asyncio.Task) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("background task failed", exc_info=task.exception())
