"""From a finding to proven model fixes: prompt, a few candidates, the proof for each."""

from __future__ import annotations

import ast
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis.findings import (
    DEPRECATED,
    INCOMPATIBLE_CALL,
    MEANING_CHANGED,
    REMOVED,
    Finding,
    Fix,
)
from ..fixes.apply import apply_edits
from .advised import advised_candidates
from .forwarded import contradicts_the_library, forwarded_candidate
from .generate import Generator, Stopped
from .imports import rewrite_import
from .locate import ModelSpec
from .prompt import build_prompt, split_output, task_for
from .proof import TITLE, Candidate, Verdict, prove, refuse
from .record import change_record

ELIGIBLE = (REMOVED, INCOMPATIBLE_CALL, MEANING_CHANGED, DEPRECATED)
REWRITABLE = (ast.Call, ast.Attribute)
# greedy first, then two samples: "up to a few candidates"
SCHEDULE = ((0.0, 0), (0.7, 1), (0.9, 2))


@dataclass
class Outcome:
    fixes: list[Fix] = field(default_factory=list)
    tried: list[tuple[str, str]] = field(default_factory=list)  # (candidate, why refused)
    seconds: float = 0.0
    stopped: bool = False
    from_record: bool = False  # written from the change record alone, without the model
    from_library: bool = False  # of those, written from the library's own code (forwarded.py)


def eligible(finding: Finding) -> bool:
    """Calls, bare attribute uses (``np.NaN``) and names imported with ``from M import
    name`` (with their uses) that an exact fix did not cover."""
    site = finding.evidence.site
    node = getattr(site, "node", None)
    reachable = isinstance(node, REWRITABLE) or (
        isinstance(node, ast.alias) and bool(finding.evidence.uses))
    return finding.kind in ELIGIBLE and reachable \
        and not getattr(site, "partial", False)  # functools.partial(f, ...) is not f's call


class Rewriter:
    """Owns the loaded model: loaded on first use, kept until the spec changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generator: Generator | None = None

    @property
    def loaded(self) -> bool:
        return self._generator is not None

    def generator(self, spec: ModelSpec) -> Generator:
        with self._lock:
            if self._generator is None or self._generator.spec != spec:
                self._generator = None  # free the old one before loading the next
                self._generator = Generator(spec)
            return self._generator

    def rewrite(self, spec: ModelSpec, project, source: str, path: str, finding: Finding, *,
                with_record: bool = True, candidates: int = len(SCHEDULE),
                deadline: float | None = None,
                cancelled: Callable[[], bool] | None = None) -> Outcome:
        """Proven fixes for ``finding``: every distinct candidate of the schedule that passes
        the proof, the likeliest first."""
        started = time.monotonic()
        outcome = Outcome()
        if not eligible(finding):
            return outcome
        if isinstance(finding.evidence.site.node, ast.alias):
            return self._rewrite_import(spec, project, source, path, finding, with_record,
                                        candidates, deadline, cancelled, started)
        site = finding.evidence.site
        record = change_record(finding)

        def check(text: str) -> list[Finding]:
            return project.check_source(text, path, with_fixes=False).findings

        def should_stop() -> bool:
            return bool(cancelled and cancelled()) or (
                deadline is not None and time.monotonic() > deadline)

        if with_record:  # what the record alone writes needs no model
            outcome.fixes = self._advised(finding, record, source, project, check, outcome,
                                          should_stop)
            if outcome.fixes or outcome.stopped:
                outcome.seconds = time.monotonic() - started
                outcome.from_record = bool(outcome.fixes)
                return outcome
        generator = self.generator(spec)
        # the shipped adapter learnt the format; a model without one gets a worked example
        task = task_for(site.node, source)
        prompt = build_prompt(task, record if with_record else None, example=spec.adapter is None)
        budget = generator.budget(task.legacy)

        seen: set[str] = set(key for key, _ in outcome.tried)
        proven: list[tuple[str, Fix]] = []
        for temperature, seed in SCHEDULE[:candidates]:
            try:
                completion = generator.complete(prompt, temperature=temperature, seed=seed,
                                                max_tokens=budget, should_stop=should_stop)
            except Stopped:
                outcome.stopped = True
                break
            imports, expression = split_output(completion.text)
            key = "\n".join([*imports, expression])
            if key in seen:
                continue
            seen.add(key)
            if should_stop():  # a proof takes a check of the file: not after a cancel
                outcome.stopped = True
                break
            verdict = _proven(Candidate(imports, expression), finding, source, record, project,
                              check)
            outcome.tried.append((key, verdict.reason))
            if verdict.ok and verdict.fix is not None:
                proven.append((completion.text, verdict.fix))
        outcome.fixes = _ranked(generator, prompt, proven)
        outcome.seconds = time.monotonic() - started
        return outcome

    @staticmethod
    def _advised(finding: Finding, record, source: str, project, check, outcome: Outcome,
                 should_stop: Callable[[], bool]) -> list[Fix]:
        proven: list[Fix] = []
        library = forwarded_candidate(finding, source)
        if library is not None:
            if should_stop():
                outcome.stopped = True
                return proven
            verdict = _proven(library, finding, source, record, project, check)
            outcome.tried.append((library.expression, verdict.reason))
            if verdict.ok and verdict.fix is not None:
                outcome.from_library = True
                return [verdict.fix]  # what the library itself does: nothing else is offered
        for candidate in advised_candidates(finding, record, source):
            if should_stop():  # each proof is a check of the file: none after a cancel
                outcome.stopped = True
                break
            verdict = _proven(candidate, finding, source, record, project, check)
            outcome.tried.append(("\n".join([*candidate.imports, candidate.expression]),
                                  verdict.reason))
            if verdict.ok and verdict.fix is not None:
                proven.append(verdict.fix)
        return proven

    def _rewrite_import(self, spec, project, source, path, finding, with_record, candidates,
                        deadline, cancelled, started) -> Outcome:
        outcome = Outcome()

        def check(text: str) -> list[Finding]:
            return project.check_source(text, path).findings

        def rewrite_use(text: str, use: Finding) -> Fix | None:
            done = self.rewrite(spec, project, text, path, use, with_record=with_record,
                                candidates=candidates, deadline=deadline, cancelled=cancelled)
            outcome.tried.extend(done.tried)
            outcome.stopped |= done.stopped
            if done.fixes:
                by_record.append(done.from_record)
                by_library.append(done.from_library)
            return done.fixes[0] if done.fixes else None

        by_record: list[bool] = []
        by_library: list[bool] = []
        fix = rewrite_import(source, finding, check, rewrite_use, TITLE)
        outcome.fixes.extend([fix] if fix is not None else [])
        outcome.from_record = fix is not None and all(by_record)
        outcome.from_library = fix is not None and bool(by_library) and all(by_library)
        outcome.seconds = time.monotonic() - started
        return outcome


def _proven(candidate: Candidate, finding: Finding, source: str, record, project,
            check: Callable[[str], list[Finding]]) -> Verdict:
    """The proof, after the library's own bodies: a call of a replacement whose body changes
    the legacy call is refused whoever wrote it (the model writes attrs' ``get_disabled()``
    for ``get_run_validators()`` as readily as the text advises it)."""
    reason = contradicts_the_library(candidate, finding, source)
    if reason:
        return refuse(reason)
    site = finding.evidence.site
    return prove(candidate, site.node, site.receiver, source, record, project.checker(), check)


def _ranked(generator: Generator, prompt: str, proven: list[tuple[str, Fix]]) -> list[Fix]:
    """Proven candidates, the likeliest under the model first (greedy's first on a tie)."""
    if len(proven) < 2:
        return [fix for _, fix in proven]
    scored = [(-generator.loglikelihood(prompt, text), i, fix)
              for i, (text, fix) in enumerate(proven)]
    return [fix for _, _, fix in sorted(scored, key=lambda s: (s[0], s[1]))]


def fix_with_model(rewriter: Rewriter, spec: ModelSpec, project, source: str,
                   path: str) -> tuple[str, list[Fix]]:
    """Exact and recipe fixes first, then one proven model rewrite per remaining finding."""
    from ..fixes.apply import fix_source

    current, applied = fix_source(project.checker(), source, path)
    attempted: set[tuple[str, str, str]] = set()
    while True:
        finding = _next_finding(project, current, path, attempted)
        if finding is None:
            return current, applied
        outcome = rewriter.rewrite(spec, project, current, path, finding)
        if outcome.fixes:
            current = apply_edits(current, list(outcome.fixes[0].edits))
            applied.append(outcome.fixes[0])


def _next_finding(project, source: str, path: str,
                  attempted: set[tuple[str, str, str]]) -> Finding | None:
    for finding in project.check_source(source, path).findings:
        if finding.fixes or not eligible(finding):
            continue
        key = (finding.code, finding.api, ast.unparse(finding.evidence.site.node))
        if key not in attempted:
            attempted.add(key)
            return finding
    return None
