"""Training and evaluation data from the knowledge, CODESYNC-style.

Legacy code comes from PCBench's incompatible snippets (real call forms, each written for
one release and checked against the next). The updated code is what the exact fixer or a
curated recipe makes of the call, re-checked clean: so every label is proven. Samples are
split by API (no API in both train and evaluation) and written as SFT records (prompt with
and without the change record, completion) and preference records (chosen = updated,
rejected = legacy) for ORPO/DPO.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.findings import Finding, Fix
from codesync.analysis.positions import LineIndex
from codesync.fixes.apply import apply_edits, attach_fixes
from codesync.knowledge.model import Definition
from codesync.model.prompt import Task, build_prompt, task_for
from codesync.model.record import ChangeRecord, change_record
from codesync.model.rewrite import eligible

from .templates import variants

IMPORT_TO_DIST = {"PIL": "pillow", "sklearn": "scikit-learn"}
PCBENCH = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "pcbench" / "dev.jsonl.gz"
EVAL_SHARE = 0.2  # of the APIs


@dataclass
class Sample:
    api: str
    distribution: str
    kind: str
    split: str
    legacy: str
    updated: str
    source: str  # exact, recipe
    prompt: str
    prompt_plain: str  # without the change record
    case: str  # where the legacy code came from
    code: str = ""  # the whole legacy snippet, to check a rewrite again
    file: str = ""
    baseline: str = ""
    target: str = ""

    def sft(self) -> dict:
        return {**asdict(self), "completion": self.updated + "\n"}

    def preference(self) -> dict:
        return {"prompt": self.prompt, "chosen": self.updated + "\n",
                "rejected": self.legacy + "\n", "api": self.api, "split": self.split}


def split_of(api: str, share: float = EVAL_SHARE) -> str:
    """A stable split by API: the same API always lands on the same side."""
    digest = int(hashlib.sha1(api.encode()).hexdigest()[:8], 16)
    return "eval" if digest % 1000 < share * 1000 else "train"


# records written in PCBench's schema for the tests and the smoke build: a fresh clone has no
# ../shared beside it
SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "pcbench_sample.jsonl"


def default_cases() -> Path:
    """The PCBench dev set when it sits beside the checkout, else the committed sample."""
    return PCBENCH if PCBENCH.is_file() else SAMPLE


def load_cases(path: Path = PCBENCH, libraries: set[str] | None = None) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            if not case["compatible"] and (not libraries or case["library"] in libraries):
                yield case


def _checkers(knowledge) -> dict:
    cache: dict[tuple[str, str, str], Checker] = {}

    def checker_for(case: dict) -> tuple[Checker, str]:
        dist = IMPORT_TO_DIST.get(case["library"], case["library"])
        key = (dist, case["old_version"], case["new_version"])
        if key not in cache:
            cache[key] = Checker(knowledge, VersionContext.of({dist: key[2]}, {dist: key[1]}))
        return cache[key], dist

    return checker_for


def build_samples(knowledge, cases: Iterator[dict], per_api: int = 12,
                  limit: int | None = None, variants_per_api: int = 0) -> list[Sample]:
    """Proven legacy -> updated pairs, at most ``per_api`` per API (distinct legacy calls),
    then up to ``variants_per_api`` more per API from templated contexts of the same calls
    (distinct prompts)."""
    checker_for = _checkers(knowledge)
    samples: list[Sample] = []
    seen: dict[str, set[str]] = defaultdict(set)
    kept: dict[str, list[dict]] = defaultdict(list)  # API -> cases that gave a pair
    for case in cases:
        if limit is not None and len(samples) >= limit:
            break
        if len(seen[case["api"]]) >= per_api:
            continue
        checker, _dist = checker_for(case)
        for sample in _samples_of(checker, case):
            if sample.legacy not in seen[sample.api] and len(seen[sample.api]) < per_api:
                seen[sample.api].add(sample.legacy)
                samples.append(sample)
                kept[sample.api].append(case)
    if variants_per_api:
        samples.extend(_variant_samples(checker_for, kept, samples, variants_per_api))
    return samples


def _variant_samples(checker_for, kept: dict[str, list[dict]], samples: list[Sample],
                     per_api: int) -> Iterator[Sample]:
    """Pairs from templated contexts of the calls that gave a pair (same API, same split),
    taking the forms in turn so that one form does not fill an API's share."""
    prompts = {s.prompt_plain for s in samples}
    for api, cases in kept.items():
        by_form: dict[str, list[Sample]] = defaultdict(list)
        for case in cases:
            checker, _dist = checker_for(case)
            for variant in variant_cases(checker, case, api):
                form = variant["id"].rsplit("~", 1)[-1]
                by_form[form].extend(s for s in _samples_of(checker, variant) if s.api == api)
        made = 0
        for sample in _in_turn(list(by_form.values())):
            if made < per_api and sample.prompt_plain not in prompts:
                prompts.add(sample.prompt_plain)
                made += 1
                yield sample


def _in_turn(groups: list[list[Sample]]) -> Iterator[Sample]:
    for i in range(max((len(g) for g in groups), default=0)):
        yield from (g[i] for g in groups if i < len(g))


def variant_cases(checker: Checker, case: dict, api: str) -> Iterator[dict]:
    """The case's calls to ``api`` in each templated form, as cases of their own."""
    result = checker.check_source(case["code"], case["file"])
    if result.syntax_error:
        return
    for finding in result.findings:
        if finding.api == api and eligible(finding):
            for form, code in variants(finding, case["code"]):
                yield {**case, "code": code, "id": f"{case['id']}~{form}"}


def _samples_of(checker: Checker, case: dict) -> Iterator[Sample]:
    source = case["code"]
    result = checker.check_source(source, case["file"])
    if result.syntax_error:
        return
    findings = attach_fixes([f for f in result.findings if eligible(f)], source)
    for finding in findings:
        if not finding.fixes:
            continue
        updated = updated_call(finding, finding.fixes[0], source, checker, case["file"])
        if updated is None:
            continue
        node = finding.evidence.site.node
        task = task_for(node, source)
        record = change_record(finding)
        sample = _sample(finding, task, record, updated, finding.fixes[0].source, case["id"])
        sample.code, sample.file = source, case["file"]
        sample.baseline, sample.target = case["old_version"], case["new_version"]
        yield sample


def _sample(finding: Finding, task: Task, record: ChangeRecord, updated: str, source: str,
            case_id: str) -> Sample:
    return Sample(finding.api, finding.distribution, finding.kind, split_of(finding.api),
                  task.legacy, updated, source, build_prompt(task, record, example=False),
                  build_prompt(task, None, example=False), case_id)


def updated_call(finding: Finding, fix: Fix, source: str, checker: Checker,
                 path: str) -> str | None:
    """The call as the fix leaves it, if the fix stays inside the call, the result is one
    line, and the checker finds nothing left on it."""
    index = LineIndex(source)
    node = finding.evidence.site.node
    start = index.offset(*index.span(node)[:2])
    end = index.offset(*index.span(node)[2:])
    delta = 0
    for edit in fix.edits:
        a, b = index.offset(edit.line, edit.column), index.offset(edit.end_line, edit.end_column)
        if a < start or b > end:
            return None
        delta += len(edit.new_text) - (b - a)
    rewritten = apply_edits(source, list(fix.edits))
    updated = rewritten[start:end + delta]
    if "\n" in updated or not _parses(updated):
        return None
    line = node.lineno
    left = [f for f in checker.check_source(rewritten, path).findings if f.line == line
            and eligible(f)]
    return None if left else updated


def _parses(text: str) -> bool:
    try:
        ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    return True


def origin(case_id: str) -> str:
    """Where a sample's legacy code came from: pcbench, synthetic, or a templated form."""
    if "~" in case_id:
        return case_id.rsplit("~", 1)[1]
    return "synthetic" if case_id.startswith("synthetic/") else "pcbench"


def write_dataset(samples: list[Sample], folder: Path) -> dict[str, int]:
    """``sft_{train,eval}.jsonl`` and ``preference_{train,eval}.jsonl``; counts per file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for split in ("train", "eval"):
        chosen = [s for s in samples if s.split == split]
        for name, rows in ((f"sft_{split}", [s.sft() for s in chosen]),
                           (f"preference_{split}", [s.preference() for s in chosen])):
            with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
                handle.writelines(json.dumps(row, sort_keys=True) + "\n" for row in rows)
            counts[name] = len(rows)
    return counts


def read_sft(folder: Path, split: str) -> list[dict]:
    path = folder / f"sft_{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def signature_text(definition: Definition | None) -> str:
    return definition.render_signature() if definition is not None else "(absent)"
