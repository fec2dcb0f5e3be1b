"""Where a knowledge build's tasks run: the local process pool (the default) or a Ray cluster.

Both executors take a function and its jobs and yield one ``Outcome`` per job, in completion
order: the value, or the error of its last attempt. A task that raised (a worker that crashed,
a node that was lost), or whose value ``retry`` asks to try again (a transient download
failure), is submitted again up to ``retries`` times; every outcome says how many attempts it
took, so no job is ever lost or silently retried. Ray is imported only when asked for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ENGINES = ("local", "ray")
DEFAULT_RETRIES = 2


class EngineError(Exception):
    """The engine asked for cannot be used (Ray not installed, cluster unreachable)."""


@dataclass
class Outcome:
    job: Any
    value: Any = None
    error: str = ""  # the last attempt's exception, when no attempt produced a value
    attempts: int = 1


Retry = Callable[[Any], bool]


class Executor(Protocol):
    name: str

    def run(self, fn: Callable[[Any], Any], jobs: list, retry: Retry | None = None) -> Iterator[Outcome]:
        ...

    def close(self) -> None:
        ...


def make_executor(engine: str = "local", workers: int | None = None, address: str | None = None,
                  retries: int = DEFAULT_RETRIES) -> Executor:
    """``local``: a process pool of ``workers``; ``ray``: the cluster at ``address``, else a
    local Ray with ``workers`` CPUs (or the one this process already started)."""
    if engine == "local":
        return LocalExecutor(workers, retries)
    if engine == "ray":
        return RayExecutor(address, workers, retries)
    raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")


def _describe(exc: BaseException) -> str:
    """``Type: message`` on one line; a Ray task error names the exception the task raised."""
    cause = getattr(exc, "cause", None)  # RayTaskError wraps the task's own exception
    if isinstance(cause, BaseException):
        exc = cause
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


class LocalExecutor:
    """A ``ProcessPoolExecutor``. A worker that dies breaks the whole pool and fails every
    task in it, so those tasks run again each in a pool of its own: the one that kills its
    worker fails alone, the others come back with their values."""

    name = "local"

    def __init__(self, workers: int | None = None, retries: int = DEFAULT_RETRIES) -> None:
        self.workers = max(1, workers or (os.cpu_count() or 1))
        self.retries = retries

    def run(self, fn: Callable[[Any], Any], jobs: list, retry: Retry | None = None) -> Iterator[Outcome]:
        if not jobs:
            return
        size = min(self.workers, len(jobs))
        pool = ProcessPoolExecutor(max_workers=size)
        pending: dict[Future, tuple[Any, int]] = {}
        isolated: list[tuple[Any, int]] = []

        def submit(job: Any, attempt: int) -> None:
            nonlocal pool
            try:
                pending[pool.submit(fn, job)] = (job, attempt)
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=size)
                pending[pool.submit(fn, job)] = (job, attempt)

        try:
            for job in jobs:
                submit(job, 1)
            while pending:
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in finished:
                    job, attempt = pending.pop(future)
                    outcome = _outcome(job, attempt, future.result)
                    if _broken(outcome):
                        isolated.append((job, attempt + 1))
                    elif attempt <= self.retries and _should_retry(outcome, retry):
                        submit(job, attempt + 1)
                    else:
                        yield outcome
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        for job, attempt in isolated:
            yield self._alone(fn, job, attempt, retry)

    def _alone(self, fn: Callable[[Any], Any], job: Any, attempt: int,
               retry: Retry | None) -> Outcome:
        """The job in a pool of its own, with up to ``retries`` attempts more."""
        last = attempt + self.retries
        while True:
            with ProcessPoolExecutor(max_workers=1) as pool:
                outcome = _outcome(job, attempt, pool.submit(fn, job).result)
            if attempt >= last or not _should_retry(outcome, retry):
                return outcome
            attempt += 1

    def close(self) -> None:
        pass


def _broken(outcome: Outcome) -> bool:
    return outcome.error.startswith(BrokenProcessPool.__name__)


def _outcome(job: Any, attempt: int, get: Callable[[], Any]) -> Outcome:
    """The task's value, or the exception getting it raised (the task's own, a crashed
    worker's, a lost node's: Ray's ``RayTaskError``, ``WorkerCrashedError``, ...)."""
    try:
        return Outcome(job, value=get(), attempts=attempt)
    except Exception as exc:  # noqa: BLE001 - whatever failed is reported with the job
        return Outcome(job, error=_describe(exc), attempts=attempt)


def _should_retry(outcome: Outcome, retry: Retry | None) -> bool:
    if outcome.error:
        return True
    return retry is not None and retry(outcome.value)


class RayExecutor:
    """One Ray task per job (one CPU each). Connects to ``address`` (``ray start --head``'s,
    or ``auto``), or starts a local Ray, unless this process already did; shuts down only
    what it started. Workers of a Ray it starts or connects to get this copy of ``codesync``
    through the runtime environment, so a cluster needs nothing installed but Ray and
    codesync's dependencies; one the caller started needs ``runtime_env()`` at ``ray.init``
    (or codesync installed)."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None,
                 retries: int = DEFAULT_RETRIES) -> None:
        if address:
            _token_mode_for(address)
        self.ray = _import_ray()
        self.retries = retries
        self.started = False
        if not self.ray.is_initialized():
            self._connect(address, workers)

    def _connect(self, address: str | None, workers: int | None) -> None:
        options: dict[str, Any] = {"include_dashboard": False, "logging_level": "WARNING",
                                   "runtime_env": runtime_env()}
        if address:
            options["address"] = address
        else:  # "local": a new Ray of its own, even where another one runs or ran
            options["address"] = "local"
            options["num_cpus"] = max(1, workers or (os.cpu_count() or 1))
        try:
            self.ray.init(**options)
        except Exception as exc:  # noqa: BLE001 - Ray raises several kinds here
            raise EngineError(f"cannot start or reach Ray{f' at {address}' if address else ''}: "
                              f"{_describe(exc)}") from exc
        self.started = True

    def run(self, fn: Callable[[Any], Any], jobs: list, retry: Retry | None = None) -> Iterator[Outcome]:
        ray = self.ray
        # max_retries=0: retries are made (and counted) here, not hidden inside Ray
        task = ray.remote(num_cpus=1, max_retries=0)(fn)
        if not self.started:  # a Ray the caller started (with ``runtime_env()``, or where
            # codesync is installed): the same index as this process, per task
            task = task.options(runtime_env={"env_vars": runtime_env()["env_vars"]})
        pending: dict[Any, tuple[Any, int]] = {task.remote(job): (job, 1) for job in jobs}
        try:
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1)
                ref = ready[0]
                job, attempt = pending.pop(ref)
                outcome = _outcome(job, attempt, lambda r=ref: ray.get(r))
                if attempt <= self.retries and _should_retry(outcome, retry):
                    pending[task.remote(job)] = (job, attempt + 1)
                else:
                    yield outcome
        finally:
            for ref in pending:
                ray.cancel(ref, force=True)

    def close(self) -> None:
        if self.started and self.ray.is_initialized():
            self.ray.shutdown()
            self.started = False


def ray_token() -> str | None:
    """The token Ray's token authentication (Ray 2.52+) would send, where Ray looks for it:
    ``RAY_AUTH_TOKEN``, the file ``RAY_AUTH_TOKEN_PATH`` names, else ``~/.ray/auth_token``
    (what ``ray get-auth-token --generate`` writes)."""
    if os.environ.get("RAY_AUTH_TOKEN", "").strip():
        return os.environ["RAY_AUTH_TOKEN"].strip()
    named = os.environ.get("RAY_AUTH_TOKEN_PATH")
    path = Path(named) if named else Path.home() / ".ray" / "auth_token"
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _token_mode_for(address: str) -> None:
    """A client given a cluster's address (not ``auto``) does not learn that the cluster
    wants a token: with ``RAY_AUTH_MODE`` unset it connects unauthenticated and is refused.
    Where a token is at hand, token mode is asked for (an explicit ``RAY_AUTH_MODE`` wins)."""
    if address == "auto" or "RAY_AUTH_MODE" in os.environ or not ray_token():
        return
    os.environ["RAY_AUTH_MODE"] = "token"  # read when Ray loads its configuration
    raylet = sys.modules.get("ray._raylet")
    if raylet is not None:  # loaded already: reload it, as Ray itself does when it turns
        try:                # token mode on for a local cluster
            raylet.Config.initialize("")
        except Exception:  # noqa: BLE001, S110 - an older or newer Ray: the variable is set
            pass


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise EngineError("the ray engine needs Ray: python3 -m pip install 'codesync-lsp[scale]' "
                          "(or: python3 -m pip install ray)") from exc
    return ray


def runtime_env() -> dict[str, Any]:
    """The ``codesync`` package as a Ray ``py_modules`` entry, without a wheel's prebuilt
    database (workers only fetch and extract), and the index this process uses."""
    from .fetch import index_url

    package = Path(__file__).resolve().parents[1]
    return {"py_modules": [str(package)], "excludes": ["_shipped", "__pycache__"],
            "env_vars": {"PIP_INDEX_URL": index_url()}}
