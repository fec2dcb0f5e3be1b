"""Project modules are read once per project and read again when a file they come from
changes; what a module binds does not depend on the order files are checked in."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from helpers.stand_in_walk import stand_in_modules


def walker(log: list[Path]):
    """The stand-in collector, noting each module walked."""
    return stand_in_modules(lambda path, depth: log.append(path))


def package(root: Path) -> Path:
    pkg = root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import bee\nfrom .c import see\nay = 1\n")
    (pkg / "b.py").write_text("from .a import ay\nfrom .c import see\nbee = 2\n")
    (pkg / "c.py").write_text("from .d import dee\nsee = 3\n")
    (pkg / "d.py").write_text("from .a import ay\ndee = 4\n")
    for name in "wxyz":
        (pkg / f"{name}.py").write_text("from .a import ay\nfrom .b import bee\nfrom .d import dee\n")
    return pkg


def test_names_do_not_depend_on_the_order_of_importers(tmp_path):
    pkg = package(tmp_path)
    importers = [pkg / f"{name}.py" for name in "wxyz"] + [pkg / "a.py", pkg / "c.py"]
    modules_asked = [("a", 1), ("b", 1), ("d", 1), ("c", 1)]
    answers = set()
    for n, order in enumerate(itertools.islice(itertools.permutations(importers), 0, 720, 7)):
        modules = walker([])
        seen = []
        asked = modules_asked[n % 4:] + modules_asked[:n % 4]
        for importer in order:
            for module, level in asked:
                seen.append((importer.name, module, repr(modules.names(importer, module, level, 0))))
        answers.add(frozenset(seen))
    assert len(answers) == 1


def test_a_module_is_walked_once_and_again_after_a_change_below_it(tmp_path):
    pkg = package(tmp_path)
    log: list[Path] = []
    modules = walker(log)
    first = modules.names(pkg / "w.py", "c", 1, 0)
    assert first["see"] == ("c", 3) and first["dee"] == ("d", 4)
    walked = len(log)
    assert modules.names(pkg / "x.py", "c", 1, 0) == first
    assert len(log) == walked  # read once per project
    d = pkg / "d.py"
    d.write_text("from .a import ay\ndee = 40\n")
    os.utime(d, ns=(d.stat().st_atime_ns, d.stat().st_mtime_ns + 1_000_000_000))
    again = modules.names(pkg / "x.py", "c", 1, 0)
    assert again["dee"] == ("d", 40)  # c binds what d binds: read again after d changed
