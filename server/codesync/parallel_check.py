"""``codesync check`` over many files in a process pool.

Each worker builds its own project (one knowledge connection per worker) once, with the
environment this process read (forked workers), then checks the files it is sent; reports come back in the order of the file list, so the output equals
one process's. What a check learns across files is per process and never changes a finding
(project modules are read per module whatever the order, see analysis/project_modules.py),
so the split of files between workers does not show. The knowledge database is opened (and,
on the first run of a checkout, built with its progress bar) before the workers start.
Progress lines and notices of the workers are passed on once each. The files are taken as
they are when first read, for the whole run (``Checker.for_batch``).

Small inputs are checked in this process: a pool costs more to start than they take.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .analysis.releases import ReleaseChooser
from .environment import Environment
from .project import FileReport, Project

Read = Callable[[Path, list], "str | None"]  # the CLI's reader: text, or None with a reason
# below this a worker's start-up outweighs its share (tests lower it)
MIN_BYTES_PER_WORKER = int(os.environ.get("CODESYNC_MIN_BYTES_PER_WORKER", 512_000))
BATCH_BYTES = min(256_000, MIN_BYTES_PER_WORKER)  # files sent to a worker at once
# a check allocates a syntax tree's worth of objects per file and keeps few: the collector's
# default pace (every 700 allocations, the old generations scanned often) cost ~10 % of a run
BATCH_GC_THRESHOLD = (50_000, 20, 100)

_worker: dict = {}  # in a worker: its project, and the reader


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)


def check_files(project: Project, files: list[Path], read: Read, skipped: list,
                jobs: int | None, make_project: Callable[[], Project]) -> list[FileReport]:
    """Reports for the files that could be read, in order; unread ones go to ``skipped``.
    ``make_project`` builds a worker's project (picklable: a module-level function)."""
    jobs = jobs if jobs and jobs > 0 else default_jobs()
    jobs = min(jobs, max(1, _total_bytes(files) // MIN_BYTES_PER_WORKER))
    if jobs == 1:
        project.checker().for_batch()
        threshold = gc.get_threshold()
        _pace_collector()
        try:
            return _in_process(project, files, read, skipped)
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)
    project.knowledge  # noqa: B018 - built or opened once, before the workers need it
    forked = sys.platform == "linux"
    context = multiprocessing.get_context("fork" if forked else "spawn")
    # a forked worker takes the environment read here instead of reading it again (~0.15 s)
    environment = project.environment if forked else None
    reports: list[FileReport] = []
    seen: set[str] = set()
    chooser = project.checker().releases
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                             initargs=(make_project, read, environment)) as pool:
        for outcome, choices in pool.map(_check_batch, _batches(files, jobs)):
            _adopt(chooser, choices)
            for path, report, why, lines in outcome:
                for line in lines:
                    if line not in seen:
                        seen.add(line)
                        print(f"codesync: {line}", file=sys.stderr, flush=True)
                if report is None:
                    skipped.append((path, why))
                else:
                    reports.append(report)
    return reports


def _adopt(chooser: ReleaseChooser, choices: tuple[dict, dict, dict]) -> None:
    """The release choices a worker made, so that the project reports them as if it had
    checked the files itself (``--versions``, the JSON output's ``versions``)."""
    made, unknown, unknown_baselines = choices
    for key, choice in made.items():
        if chooser._choices.get(key) is None:
            chooser._choices[key] = choice
    chooser.unknown.update(unknown)
    chooser.unknown_baselines.update(unknown_baselines)


def _in_process(project: Project, files: list[Path], read: Read,
                skipped: list) -> list[FileReport]:
    reports = []
    for path in files:
        source = read(path, skipped)
        if source is not None:
            reports.append(project.check_source(source, str(path)))
            _checked()
    return reports


def _total_bytes(files: list[Path]) -> int:
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def _batches(files: list[Path], jobs: int) -> Iterator[list[Path]]:
    """Runs of neighbouring files (a package's modules import each other: a worker that
    checks them together walks those modules once), large at first and smaller towards the
    end so that the workers finish together: each takes a share of what is left."""
    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    left = sum(sizes)
    batch: list[Path] = []
    size = 0
    for path, bytes_ in zip(files, sizes):
        batch.append(path)
        size += bytes_
        if size >= max(BATCH_BYTES, left // (2 * jobs)):
            yield batch
            left -= size
            batch, size = [], 0
    if batch:
        yield batch


def _start_worker(make_project: Callable[[], Project], read: Read,
                  environment: Environment | None) -> None:
    project = make_project()
    if environment is not None:
        project.adopt_environment(environment)
    lines: list[str] = []
    project.on_progress = lines.append
    project.build_progress = None
    project.checker().for_batch()
    _worker.update(project=project, read=read, lines=lines)
    _pace_collector()


def _pace_collector() -> None:
    """A batch of checks: what is alive now stays (modules, the knowledge) and is no longer
    scanned for cycles, and the collector runs less often (the command ends soon after)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)


def _checked() -> None:
    """A file was checked: what it left alive (its tree, until the next file's replaces it;
    what the check learned for later files) is not scanned for cycles again. Scans of the
    young objects otherwise grew with everything the checks kept since the last one (tens of
    ms each, ~5 % of a run) and found almost nothing (~13 objects in cycles per file)."""
    gc.freeze()


def _check_batch(paths: list[Path]) -> tuple[list[tuple], tuple[dict, dict, dict]]:
    """Per file: its path, its report (or None and why it was skipped), and the progress
    lines and notices the worker gathered meanwhile; and the release choices made so far."""
    project: Project = _worker["project"]
    out = []
    for path in paths:
        skipped: list[tuple[str, str]] = []
        source = _worker["read"](path, skipped)
        report = project.check_source(source, str(path)) if source is not None else None
        _checked()
        if report is not None:
            for finding in report.findings:
                finding.evidence = None  # syntax trees stay in the worker
        lines = [*_worker["lines"], *project.drain_notices()]
        _worker["lines"].clear()
        out.append((str(path), report, skipped[0][1] if skipped else None, lines))
    chooser = project.checker().releases
    return out, (dict(chooser._choices), dict(chooser.unknown), dict(chooser.unknown_baselines))
