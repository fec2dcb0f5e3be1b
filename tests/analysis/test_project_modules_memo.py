"""A project module read at another depth, or through another chain of imports, is not walked
again when what its imports take answers as before (ProjectModules with ``queries``): the
names are the same as walking it every time, and a change to a file it reads still shows."""

from __future__ import annotations

import ast
import itertools
import os
import random
from pathlib import Path

from codesync.analysis.body_effects import import_froms
from codesync.analysis.project_modules import MAX_DEPTH, ProjectModules
from helpers.stand_in_walk import stand_in_modules


def imports_taken(tree: ast.Module) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(node.module or "", node.level, tuple(a.name for a in node.names))
            for node in import_froms(tree.body)]


def modules(log: list, memo: bool) -> ProjectModules:
    found = stand_in_modules(lambda path, depth: log.append((path.stem, depth)))
    if memo:
        found.queries, found.shareable = imports_taken, lambda names: True
    return found


def project(root: Path, seed: int) -> Path:
    """Eight modules importing each other at random (cycles included), values and names
    that are taken and names that are not."""
    rng = random.Random(seed)
    pkg = root / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    for n in range(8):
        lines = [f"from .m{rng.randrange(8)} import v{rng.randrange(8)}, w{rng.randrange(8)}"
                 for _ in range(rng.randrange(3))]
        lines += [f"v{n} = {n}", f"w{n} = {rng.randrange(3)}"]
        (pkg / f"m{n}.py").write_text("\n".join(lines) + "\n")
    return pkg


def answers(found: ProjectModules, pkg: Path) -> list:
    return [found.names(pkg / "__init__.py", f"m{n}", 1, depth)
            for n, depth in itertools.product(range(8), range(MAX_DEPTH))]


def test_names_are_those_of_a_walk_every_time(tmp_path):
    walked_once = walked_always = 0
    for seed in range(25):
        pkg = project(tmp_path / str(seed), seed)
        memo_log: list = []
        plain_log: list = []
        assert answers(modules(memo_log, True), pkg) == answers(modules(plain_log, False), pkg)
        walked_once += len(memo_log)
        walked_always += len(plain_log)
    assert walked_once < walked_always


def test_a_module_taking_the_same_names_at_two_depths_is_walked_once(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "top.py").write_text("from .mid import a\nt = 1\n")
    (pkg / "mid.py").write_text("from .leaf import x\na = 2\n")
    (pkg / "leaf.py").write_text("x = 3\ny = 4\n")
    log: list = []
    found = modules(log, True)
    shallow = found.names(pkg / "__init__.py", "top", 1, 0)
    deep = found.names(pkg / "__init__.py", "top", 1, 1)
    assert shallow == deep == {"a": ("mid", 2), "t": ("top", 1)}
    assert [stem for stem, _ in log].count("top") == 1


def test_a_changed_file_below_is_read_again(tmp_path):
    pkg = project(tmp_path, 3)
    log: list = []
    found = modules(log, True)
    before = answers(found, pkg)
    target = pkg / "m5.py"
    target.write_text("v5 = 'changed'\nw5 = 0\n")
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = answers(found, pkg)
    assert after == answers(modules([], False), pkg)
    assert after != before
