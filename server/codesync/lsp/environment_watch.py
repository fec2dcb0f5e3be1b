"""Noticing that the user installed another release (or edited pyproject.toml) and checking
the open documents again, without a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import to_fs_path

from .features import Feature

SETTINGS_FILE = "pyproject.toml"
WATCHED = (f"**/{SETTINGS_FILE}", "**/*.dist-info/METADATA")


class EnvironmentWatch(Feature):
    def __init__(self, server) -> None:
        super().__init__(server)
        self._poller: asyncio.Task | None = None
        self._checking = asyncio.Lock()

    def register(self) -> None:
        self.on(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, self.did_change_watched_files)

    async def initialized(self) -> None:
        if self.server.projects.options.environment_poll > 0:
            self._poller = self.spawn(self._poll())
        if get_capability(self.server.client_capabilities,
                          "workspace.did_change_watched_files.dynamic_registration", False):
            self.spawn(self._watch())

    async def _watch(self) -> None:
        """Ask the client to report changed settings files and installed distributions."""
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        await self.server.client_register_capability_async(types.RegistrationParams(
            registrations=[types.Registration(
                id="codesync-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=watchers))]))

    def saved(self, uri: str) -> None:
        path = to_fs_path(uri)
        if path and Path(path).name == SETTINGS_FILE:
            self.spawn(self.server.settings_changed())
        self.spawn(self.check())

    async def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [Path(p) for p in (to_fs_path(c.uri) for c in params.changes) if p]
        if any(p.name == SETTINGS_FILE for p in paths):
            await self.server.settings_changed()
        await self.check()

    async def check(self) -> None:
        """Re-read each project's environment; refresh the projects whose versions changed."""
        async with self._checking:
            changed = []
            for project in self.server.projects.all():
                if await self.server.analyzer.run(project.environment_changed):
                    changed.append(project)
            if changed:
                self.server.logger.info("environment changed: %s",
                                        ", ".join(str(p.root) for p in changed))
                await self.server.refresh({p.root for p in changed})

    async def _poll(self) -> None:
        while True:
            interval = self.server.projects.options.environment_poll
            await asyncio.sleep(interval or 2.0)
            if not interval:
                continue  # turned off in the settings since
            try:
                await self.check()
            except Exception:  # noqa: BLE001 - a failed look is retried on the next tick
                self.server.logger.exception("environment check failed")

    def shutdown(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
