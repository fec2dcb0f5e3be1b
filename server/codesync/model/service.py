"""The model for a long-running process (the language server): which model a project's
settings ask for, said once when there is none, loaded on first use and kept, run on its
own thread with a time limit and a cancel flag."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from ..analysis.findings import Finding
from ..config import Settings
from .locate import ModelSpec, ModelUnavailable, resolve
from .rewrite import Outcome, Rewriter, eligible

TIME_LIMIT = 20.0  # seconds for one rewrite, model loading included


class ModelService:
    def __init__(self, log: Callable[[str], None], time_limit: float = TIME_LIMIT) -> None:
        self._log = log
        self.time_limit = time_limit
        self._said: set[str] = set()
        self._broken: set[ModelSpec] = set()
        self._specs: dict[tuple[bool, str | None], ModelSpec | None] = {}
        self._lock = threading.Lock()
        self.rewriter = Rewriter()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="codesync-model")

    def _say_once(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self._log(f"codesync: {message}")

    def spec(self, settings: Settings) -> ModelSpec | None:
        """The model these settings ask for, or None (said once, with how to enable it).
        Cheap: nothing is loaded, the default base is assembled only when enabled."""
        key = (settings.model_enable, settings.model_path, settings.model_adapter)
        with self._lock:
            if key not in self._specs:
                try:
                    self._specs[key] = resolve(settings.model_enable, settings.model_path,
                                               settings.model_adapter)
                except (ModelUnavailable, OSError, ValueError) as exc:
                    self._say_once(str(exc))
                    self._specs[key] = None
            spec = self._specs[key]
        return None if spec in self._broken else spec

    def offers(self, settings: Settings, finding: Finding) -> bool:
        return not finding.fixes and eligible(finding) and self.spec(settings) is not None

    def submit(self, spec: ModelSpec, project, source: str, path: str, finding: Finding,
               cancelled: threading.Event) -> Future[Outcome]:
        """Run one rewrite on the model thread (one at a time: the model is not shared)."""
        deadline = time.monotonic() + self.time_limit
        return self._executor.submit(self._run, spec, project, source, path, finding,
                                     deadline, cancelled)

    def _run(self, spec: ModelSpec, project, source: str, path: str, finding: Finding,
             deadline: float, cancelled: threading.Event) -> Outcome:
        if cancelled.is_set():
            return Outcome(stopped=True)
        try:
            return self.rewriter.rewrite(spec, project, source, path, finding,
                                         deadline=deadline, cancelled=cancelled.is_set)
        except ModelUnavailable as exc:
            self._broken.add(spec)
            self._say_once(f"model rewrites are off: {exc}")
            return Outcome()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
