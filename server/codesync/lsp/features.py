"""The shape every feature of the server shares."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from .server import CodesyncServer


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

    def initialize(self, params: types.InitializeParams) -> None:
        """The client's initialize request, before the capabilities are computed."""

    async def initialized(self) -> None:
        """The client is ready for requests from the server."""

    def opened(self, uri: str) -> None: ...

    def changed(self, uri: str) -> None: ...

    def saved(self, uri: str) -> None: ...

    def closed(self, uri: str) -> None: ...

    def shutdown(self) -> None: ...
