"""A project module that imports none of the project's is walked once, whatever depth it is
read at; one that does is walked per depth (its imports are followed only so deep)."""

from __future__ import annotations

import os
from pathlib import Path

from codesync.analysis.project_modules import MAX_DEPTH, ProjectModules
from helpers.stand_in_walk import stand_in_modules


def walker(log: list[tuple[str, int]]) -> ProjectModules:
    """``x = 1`` binds x; ``from m import y`` binds what m binds (None when m is not reached)."""
    return stand_in_modules(lambda path, depth: log.append((path.stem, depth)))


def chain(root: Path) -> Path:
    """m0 imports m1, which imports m2, ... ; ``leaf`` imports a library only."""
    pkg = root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for n in range(MAX_DEPTH + 1):
        (pkg / f"m{n}.py").write_text(f"from .m{n + 1} import v{n + 1}\nv{n} = {n}\n")
    (pkg / "leaf.py").write_text("from numpy import ndarray\nleaf = 1\n")
    return pkg


def test_a_module_without_project_imports_is_walked_once_at_any_depth(tmp_path):
    pkg = chain(tmp_path)
    log: list[tuple[str, int]] = []
    modules = walker(log)
    answers = [modules.names(pkg / "m0.py", "leaf", 1, depth) for depth in range(MAX_DEPTH)]
    assert answers == [{"ndarray": None, "leaf": ("leaf", 1)}] * MAX_DEPTH
    assert [stem for stem, _ in log] == ["leaf"]


def test_a_module_read_first_at_the_deepest_level_is_shared_only_when_it_imports_nothing_of_the_project(
        tmp_path):
    pkg = chain(tmp_path)
    log: list[tuple[str, int]] = []
    modules = walker(log)
    deepest = MAX_DEPTH - 1
    assert modules.names(pkg / "m0.py", "leaf", 1, deepest) == {"ndarray": None, "leaf": ("leaf", 1)}
    assert modules.names(pkg / "m0.py", "leaf", 1, 0) == {"ndarray": None, "leaf": ("leaf", 1)}
    assert log == [("leaf", MAX_DEPTH)]
    # m1 imports m2: what it binds depends on how deep it is read
    shallow = modules.names(pkg / "m0.py", "m1", 1, 0)
    deep = modules.names(pkg / "m0.py", "m1", 1, deepest)
    assert shallow["v2"] == ("m2", 2) and deep["v2"] is None
    assert ("m1", 1) in log and ("m1", MAX_DEPTH) in log


def test_a_module_that_gains_a_project_import_is_walked_again_per_depth(tmp_path):
    pkg = chain(tmp_path)
    log: list[tuple[str, int]] = []
    modules = walker(log)
    assert modules.names(pkg / "m0.py", "leaf", 1, 0)["leaf"] == ("leaf", 1)
    leaf = pkg / "leaf.py"
    leaf.write_text("from .m3 import v3\nleaf = 10\n")
    stat = leaf.stat()

    os.utime(leaf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert modules.names(pkg / "m0.py", "leaf", 1, 0) == {"v3": ("m3", 3), "leaf": ("leaf", 10)}
    assert modules.names(pkg / "m0.py", "leaf", 1, MAX_DEPTH - 1) == {"v3": None,
                                                                       "leaf": ("leaf", 10)}
