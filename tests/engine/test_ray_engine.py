"""The Ray engine for real: a local Ray started here, real releases from the package index.

The same releases are built with the local process pool and with Ray; the text forms must be
byte-identical. A release that does not exist is reported, not lost.
Downloads go to the user cache (``CODESYNC_CACHE``, else the default), so reruns are quick.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest

from codesync.engine.build import KnowledgeBuilder
from codesync.engine.executors import RayExecutor

ray = pytest.importorskip("ray", reason="ray is not installed (pip install -e '.[scale]')")

pytestmark = [pytest.mark.network, pytest.mark.slow]

# small pure-Python releases, two of one distribution so history intervals are merged
RELEASES = ["six==1.15.0", "six==1.16.0", "idna==3.4", "idna==3.6", "itsdangerous==2.1.2"]
MISSING = "six==0.0.999"


@pytest.fixture(scope="module")
def local_ray():
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="WARNING")
    # this module's task functions travel by value: the workers cannot import tests/
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield ray
    ray.shutdown()


def _build(root: Path, engine: str) -> tuple[list, str]:
    stream = io.StringIO()
    builder = KnowledgeBuilder(root=root, jobs=2, stream=stream, engine=engine)
    return builder.run([*RELEASES, MISSING]), stream.getvalue()


def _text_form(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_ray_build_is_byte_identical_to_the_local_pool(local_ray, tmp_path):
    local_results, _ = _build(tmp_path / "local", "local")
    ray_results, log = _build(tmp_path / "ray", "ray")
    assert {r.info.status for r in local_results if r.job.version != "0.0.999"} == {"ok"}, \
        [(r.info.version, r.info.reason) for r in local_results]
    local, on_ray = _text_form(tmp_path / "local"), _text_form(tmp_path / "ray")
    assert sorted(local) == ["idna/definitions.jsonl", "idna/exports.jsonl", "idna/releases.json",
                             "itsdangerous/definitions.jsonl", "itsdangerous/exports.jsonl",
                             "itsdangerous/releases.json", "six/definitions.jsonl",
                             "six/exports.jsonl", "six/releases.json"]
    assert local == on_ray
    six = json.loads((tmp_path / "ray" / "six" / "releases.json").read_text())
    assert [r["version"] for r in six["releases"]] == ["1.15.0", "1.16.0"]
    # each release is one line of progress, then the failure is named again at the end
    for request in RELEASES:
        assert re.search(rf"^{re.escape(request)}: \d+ APIs", log, re.M), log


def test_a_failing_release_is_reported_not_lost(local_ray, tmp_path):
    results, log = _build(tmp_path / "api", "ray")
    assert len(results) == len(RELEASES) + 1
    missing = next(r for r in results if r.job.version == "0.0.999")
    assert missing.info.status == "failed"
    assert "failed: six==0.0.999 after 1 attempt: six==0.0.999 is not on the index" in log
    assert "0.0.999" not in (tmp_path / "api" / "six" / "releases.json").read_text()


def test_a_task_that_dies_is_retried_then_reported(local_ray):
    executor = RayExecutor(retries=1)
    outcomes = list(executor.run(_crash_on_odd, [1, 2, 3]))
    by_job = {o.job: o for o in outcomes}
    assert by_job[2].value == 4 and by_job[2].attempts == 1
    assert by_job[1].attempts == 2 and by_job[1].error == "ValueError: odd job 1"
    assert by_job[3].attempts == 2 and by_job[3].value is None
    assert "WorkerCrashedError" in by_job[3].error or "died" in by_job[3].error, by_job[3].error
    executor.close()
    assert ray.is_initialized(), "a Ray started by the caller is left running"


def _crash_on_odd(n: int) -> int:
    if n == 3:  # the worker process dies under the task
        os._exit(1)
    if n % 2:
        raise ValueError(f"odd job {n}")
    return n * 2
