"""A batch check (``Checker.for_batch``, the command line) takes the project's modules as they
are when first read, for the whole run: found, stamped and walked once. A check for the editor
reads them again for each check, so an edit to an imported module shows at once."""

from __future__ import annotations

import os
from pathlib import Path

from codesync.analysis.checker import Checker, VersionContext
from helpers.stand_in_walk import stand_in_modules


def _package(root: Path) -> Path:
    pkg = root / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "m.py").write_text("v = 1\n")
    return pkg


def _edit(path: Path, text: str) -> None:
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later stamp


def _answers(snapshot: bool, pkg: Path) -> tuple[list, list]:
    log: list = []
    modules = stand_in_modules(lambda path, depth: log.append(path.stem))
    modules.snapshot = snapshot
    answers = []
    for text in (None, "v = 2\n"):
        if text:
            _edit(pkg / "m.py", text)
        modules.new_check()
        answers.append(modules.names(pkg / "__init__.py", "m", 1, 0))
    return answers, log


def test_the_editor_reads_an_edited_module_again_a_batch_does_not(tmp_path):
    answers, log = _answers(False, _package(tmp_path / "editor"))
    assert answers == [{"v": ("m", 1)}, {"v": ("m", 2)}] and log == ["m", "m"]
    answers, log = _answers(True, _package(tmp_path / "batch"))
    assert answers == [{"v": ("m", 1)}, {"v": ("m", 1)}] and log == ["m"]


def test_a_batch_checker_keeps_its_mode_when_the_knowledge_changes(fake_knowledge):
    checker = Checker(fake_knowledge, VersionContext.of({"fakelib": "2.0"}))
    assert not checker.modules.snapshot
    checker.for_batch()
    assert checker.modules.snapshot
    checker.replace_knowledge(fake_knowledge)
    assert checker.modules.snapshot
