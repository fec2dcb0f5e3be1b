"""The command line's batch check in one process: what each file leaves alive is set aside
from the collector's scans (parallel_check._checked), and the reports stay those of plain
checks."""

from __future__ import annotations

import gc
from pathlib import Path

from codesync import parallel_check
from codesync.config import Settings
from codesync.project import Project

STALE = "import fakelib as fl\nfl.old_func(1)\nfl.shifted(1, 2)\n"


def _files(root: Path) -> list[Path]:
    files = []
    for n in range(4):
        path = root / f"m{n}.py"
        path.write_text(STALE * (n + 1) + "def f(a):\n    return fl.load(a)\n" * 50)
        files.append(path)
    return files


def _read(path: Path, skipped: list) -> str | None:
    return path.read_text()


def _project(root: Path, knowledge) -> Project:
    return Project(root, Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"}),
                   knowledge=knowledge)


def test_each_checked_file_is_set_aside_from_the_collectors_scans(
        tmp_path, fake_knowledge, monkeypatch):
    files = _files(tmp_path)
    plain = [_project(tmp_path, fake_knowledge).check_source(p.read_text(), str(p))
             for p in files]
    frozen: list[int] = []
    real_freeze = gc.freeze
    monkeypatch.setattr(parallel_check.gc, "freeze", lambda: (frozen.append(1), real_freeze()))
    threshold = gc.get_threshold()
    project = _project(tmp_path, fake_knowledge)
    reports = parallel_check.check_files(project, files, _read, [], 1, lambda: project)
    assert len(frozen) > len(files)  # once for the batch, then after every file
    assert [(r.path, [f.to_json() for f in r.findings]) for r in reports] == \
        [(r.path, [f.to_json() for f in r.findings]) for r in plain]
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0  # as it was after


def test_a_forked_worker_takes_the_environment_read_before(tmp_path, fake_knowledge, monkeypatch):
    import codesync.project as project_module

    parent = _project(tmp_path, fake_knowledge)
    environment = parent.environment
    monkeypatch.setattr(project_module, "read_environment",
                        lambda *args: (_ for _ in ()).throw(AssertionError("read again")))
    threshold = gc.get_threshold()
    try:
        parallel_check._start_worker(lambda: _project(tmp_path, fake_knowledge), _read,
                                     environment)
        worker = parallel_check._worker["project"]
        assert worker is not parent and worker.environment is environment
    finally:
        parallel_check._worker.clear()
        gc.unfreeze()
        gc.set_threshold(*threshold)
