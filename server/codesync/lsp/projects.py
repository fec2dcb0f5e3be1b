"""One :class:`Project` per project root (a workspace folder, or a nested ``pyproject.toml``),
with the editor's settings laid over its ``[tool.codesync]`` table."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import (
    SERVER_KEYS,
    ConfigError,
    ServerOptions,
    Settings,
    analysis_overrides,
    deep_merge,
    load_settings,
    load_table,
    server_options,
    validate,
)
from ..knowledge.database import Progress
from ..knowledge.store import Knowledge, open_knowledge
from ..project import Project

MARKERS = ("pyproject.toml", ".git")


class Projects:
    """The projects of a session and the settings the editor gave for them."""

    def __init__(self, report_error: Callable[[str], None],
                 release_ready: Callable[[Path], None] | None = None) -> None:
        self.report_error = report_error
        self.release_ready = release_ready  # a release fetched in the background is stored
        self._folders: list[Path] = []
        self._layers: dict[str, dict[str, Any]] = {"init": {}, "client": {}}
        self._folder_settings: dict[Path, dict[str, Any]] = {}
        self._projects: dict[Path, Project] = {}
        self._roots: dict[Path, Path] = {}
        self.knowledge: Knowledge | None = None
        self._lock = threading.RLock()
        self._pyproject_cache: tuple[int, dict[str, Any]] | None = None

    @property
    def folders(self) -> list[Path]:
        """The workspace folders (resolved paths)."""
        return self._folders

    @folders.setter
    def folders(self, folders: list[Path]) -> None:
        self._folders = list(folders)
        self._roots = {}

    # settings -----------------------------------------------------------------------------
    @property
    def options(self) -> ServerOptions:
        """Server options: the editor's settings over the first workspace folder's
        ``[tool.codesync]`` (``debounce`` and the like may be set in either)."""
        try:
            return server_options(deep_merge(self._pyproject_server_keys(), self._merged(None)))
        except ConfigError as exc:
            self.report_error(f"codesync: {exc}")
            return server_options(self._merged(None))

    def _pyproject_server_keys(self) -> dict[str, Any]:
        if not self._folders:
            return {}
        pyproject = self._folders[0] / "pyproject.toml"
        try:
            stamp = pyproject.stat().st_mtime_ns
        except OSError:
            return {}
        if self._pyproject_cache is None or self._pyproject_cache[0] != stamp:
            try:
                table = load_table(self._folders[0])
            except ConfigError:
                table = {}  # reported where the project's settings are read
            self._pyproject_cache = (stamp, {k: v for k, v in table.items() if k in SERVER_KEYS})
        return self._pyproject_cache[1]

    def set_initialization_options(self, data: dict[str, Any]) -> bool:
        return self._set_layer("init", data)

    def set_client_settings(self, data: dict[str, Any],
                            folders: dict[Path, dict[str, Any]] | None = None) -> bool:
        """New settings from the editor; False (and nothing changes) when they are invalid."""
        try:
            for layer in (data, *(folders or {}).values()):
                validate(deep_merge(self._layers["init"], layer))
        except ConfigError as exc:
            self.report_error(f"codesync: invalid settings, keeping the previous ones: {exc}")
            return False
        self._layers["client"] = data
        if folders is not None:
            self._folder_settings = dict(folders)
        return True

    def _set_layer(self, name: str, data: dict[str, Any]) -> bool:
        try:
            validate(data)
        except ConfigError as exc:
            self.report_error(f"codesync: invalid settings, keeping the previous ones: {exc}")
            return False
        self._layers[name] = data
        return True

    def _merged(self, folder: Path | None) -> dict[str, Any]:
        merged = deep_merge(self._layers["init"], self._layers["client"])
        if folder is not None and folder in self._folder_settings:
            merged = deep_merge(merged, self._folder_settings[folder])
        return merged

    # projects -----------------------------------------------------------------------------
    def open_knowledge(self, progress: Progress | None = None) -> Knowledge:
        """The knowledge all projects share (opening it may build its database: a worker's job)."""
        with self._lock:
            if self.knowledge is None:
                self.knowledge = open_knowledge(progress)
            return self.knowledge

    def project_for(self, path: Path) -> Project:
        """The file's project, made on first use (in a worker: it may open the knowledge)."""
        root = self.root_for(path)
        with self._lock:
            project = self._projects.get(root)
            if project is None:
                self.open_knowledge()
                project = Project(root, self.settings_for(root, None), knowledge=self.knowledge)
                if self.release_ready is not None:
                    project.on_release_ready = lambda root=root: self.release_ready(root)
                self._projects[root] = project
            return project

    def all(self) -> list[Project]:
        with self._lock:
            return list(self._projects.values())

    def root_for(self, path: Path) -> Path:
        directory = path.parent
        root = self._roots.get(directory)
        if root is None:
            root = self._find_root(directory.resolve())
            self._roots[directory] = root
        return root

    def folder_of(self, path: Path) -> Path | None:
        inside = [f for f in self.folders if path == f or f in path.parents]
        return max(inside, key=lambda f: len(f.parts)) if inside else None

    def _find_root(self, directory: Path) -> Path:
        """The project root as the command line finds it: the nearest folder at or above the
        file with a marker, also above the workspace folder (an editor opened on a subfolder
        of the project checks it as the project); else the workspace folder."""
        for candidate in [directory, *directory.parents]:
            if any((candidate / marker).exists() for marker in MARKERS):
                return candidate
        return self.folder_of(directory) or directory

    def settings_for(self, root: Path, previous: Settings | None) -> Settings:
        """pyproject settings with the editor's on top; the previous ones when invalid."""
        try:
            base = load_settings(root)
        except ConfigError as exc:
            self.report_error(f"codesync: {exc}")
            base = previous if previous is not None else Settings()
        folder = self.folder_of(root) or root
        try:
            settings = base.merged(analysis_overrides(self._merged(self.folder_of(root))))
        except ConfigError as exc:
            self.report_error(f"codesync: {exc}")
            return previous or base
        return self._checked_interpreter(settings, folder, previous)

    def _checked_interpreter(self, settings: Settings, folder: Path,
                             previous: Settings | None) -> Settings:
        if not settings.python:
            return settings
        python = Path(settings.python).expanduser()
        if not python.is_absolute():
            python = folder / python
        if not python.exists():
            self.report_error(f"codesync: the interpreter {python} does not exist; "
                              "keeping the previous environment")
            return replace(settings, python=previous.python if previous else None)
        return replace(settings, python=str(python))

    def pending_settings(self, roots: list[Path] | None = None) -> list[tuple[Project, Settings]]:
        """Each project whose settings the current layers change, with its new settings (to
        apply off the event loop: a running check holds the project's lock)."""
        pending = []
        with self._lock:
            projects = list(self._projects.items())
        for root, project in projects:
            if roots is not None and root not in roots:
                continue
            settings = self.settings_for(root, project.settings)
            if settings != project.settings:
                pending.append((project, settings))
        return pending
