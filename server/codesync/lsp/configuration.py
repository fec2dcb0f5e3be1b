"""Settings from the editor: initializationOptions, workspace/didChangeConfiguration and
(where the client offers it) workspace/configuration, globally and per workspace folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import from_fs_path, to_fs_path

from ..config import SECTION, ConfigError, section
from .features import Feature


class Configuration(Feature):
    def register(self) -> None:
        self.on(types.WORKSPACE_DID_CHANGE_CONFIGURATION, self.did_change_configuration)
        self.on(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, self.did_change_folders)

    def initialize(self, params: types.InitializeParams) -> None:
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        self.server.projects.folders = [p for p in map(_path, folders) if p is not None]
        try:
            options = section(params.initialization_options)
        except ConfigError as exc:
            self.server.show_error(f"codesync: invalid initializationOptions: {exc}")
            return
        self.server.projects.set_initialization_options(options)

    async def initialized(self) -> None:
        if self._can_pull():  # without waiting: a client may answer late, or never
            self.spawn(self._apply(None))

    async def did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        pushed: dict[str, Any] | None = None
        if isinstance(params.settings, dict) and SECTION in params.settings:
            try:
                pushed = section(params.settings)
            except ConfigError as exc:
                self.server.show_error(f"codesync: invalid settings, keeping the previous ones: "
                                       f"{exc}")
                return
        if pushed is None and not self._can_pull():
            return
        await self._apply(pushed)

    async def did_change_folders(self, params: types.DidChangeWorkspaceFoldersParams) -> None:
        projects = self.server.projects
        removed = {_path(f.uri) for f in params.event.removed}
        added = [p for p in (_path(f.uri) for f in params.event.added) if p is not None]
        projects.folders = [f for f in projects.folders if f not in removed] + added
        if self._can_pull():
            await self._apply(None)

    def _can_pull(self) -> bool:
        return bool(get_capability(self.server.client_capabilities, "workspace.configuration",
                                   False))

    async def _apply(self, pushed: dict[str, Any] | None) -> None:
        """Take the pushed global settings (or ask for them) and each folder's settings."""
        projects = self.server.projects
        folders: dict[Path, dict[str, Any]] | None = None
        try:
            if self._can_pull():
                pulled = await self._pull([None, *projects.folders])
                folders = dict(zip(projects.folders, pulled[1:]))
                pushed = pushed if pushed is not None else pulled[0]
        except ConfigError as exc:
            self.server.show_error(f"codesync: invalid settings, keeping the previous ones: {exc}")
            return
        if projects.set_client_settings(pushed or {}, folders):
            await self.server.settings_changed()

    async def _pull(self, scopes: list[Path | None]) -> list[dict[str, Any]]:
        items = [types.ConfigurationItem(section=SECTION,
                                         scope_uri=from_fs_path(str(s)) if s else None)
                 for s in scopes]
        try:
            values = await self.server.workspace_configuration_async(
                types.ConfigurationParams(items=items))
        except Exception as exc:  # noqa: BLE001 - a client without settings is not an error
            self.server.logger.info("workspace/configuration failed: %s", exc)
            return [{} for _ in scopes]
        return [section(v) for v in values]


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None
