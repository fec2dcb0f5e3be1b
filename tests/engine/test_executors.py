"""The local executor for real: a process pool whose worker dies under a task."""

from __future__ import annotations

import os

import pytest

from codesync.engine.executors import EngineError, LocalExecutor, make_executor


def _work(n: int) -> int:
    if n == 3:  # the worker process dies under the task, breaking the pool
        os._exit(1)
    if n == 5:
        raise ValueError("five")
    return n * 10


def test_every_job_comes_back_once_with_its_attempts():
    outcomes = {o.job: o for o in LocalExecutor(workers=2, retries=1).run(_work, [1, 2, 3, 4, 5])}
    assert sorted(outcomes) == [1, 2, 3, 4, 5]
    # the job that kills its worker fails alone, after its own retry in a pool of its own
    assert outcomes[3].value is None and outcomes[3].attempts >= 2
    assert outcomes[3].error.startswith("BrokenProcessPool")
    assert outcomes[5].error == "ValueError: five" and outcomes[5].attempts >= 2
    for n in (1, 2, 4):  # others in the broken pool run again, and come back
        assert outcomes[n].value == n * 10 and not outcomes[n].error


def test_a_value_can_ask_for_another_attempt():
    seen = list(LocalExecutor(workers=1, retries=2).run(_work, [1], retry=lambda v: v == 10))
    assert [(o.value, o.attempts) for o in seen] == [(10, 3)]


def test_unknown_engine():
    with pytest.raises(EngineError):
        make_executor("spark")
