"""A stand-in for the site collector over project modules, for tests of ProjectModules:
``x = 1`` binds x; ``from m import y`` binds what m binds (None when m is not reached)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from codesync.analysis.project_modules import ProjectModules


def stand_in_modules(noted: Callable[[Path, int], None]) -> ProjectModules:
    """ProjectModules whose walk calls ``noted(path, depth)`` for every module it walks."""
    def walk(tree: ast.Module, path: Path, depth: int) -> dict:
        noted(path, depth)
        names: dict = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                names[node.targets[0].id] = (path.stem, node.value.value)
            elif isinstance(node, ast.ImportFrom):
                found = modules.names(path, node.module or "", node.level, depth) or {}
                for alias in node.names:
                    names[alias.asname or alias.name] = found.get(alias.name)
        return names
    modules = ProjectModules(walk)
    return modules
