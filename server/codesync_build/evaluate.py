"""CODESYNCBENCH-style evaluation of any local GGUF on held-out API updates.

Three tasks from the evaluation split (APIs never trained on): error correction (the
legacy call -> a fix), code completion (the updated call's callee is given, the model
writes the arguments) and multiple choice (which of two calls is valid at the target).
A rewrite is scored by the proof the editor applies (parses, nothing left to report,
arguments kept, names exist), by exact and AST match with the proven label, and by the
paper's BLEU-4, ROUGE-L and relative edit distance. Rows: base and tuned, each with and
without the change record in the prompt.
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.findings import Finding
from codesync.analysis.positions import LineIndex
from codesync.model.generate import Generator
from codesync.model.grammar import in_language
from codesync.model.locate import ModelSpec, ModelUnavailable, resolve
from codesync.model.prompt import EXAMPLE, split_output
from codesync.model.proof import Candidate, prove
from codesync.model.record import change_record
from codesync.model.rewrite import eligible

from .dataset import IMPORT_TO_DIST
from .metrics import bleu, edit_distance, rouge_l, same_ast

TASKS = ("correction", "completion", "choice")


@dataclass
class Scores:
    count: int = 0
    proven: int = 0
    exact: int = 0
    ast: int = 0
    bleu: list[float] = field(default_factory=list)
    rouge: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)  # multiple choice: other scorings
    apis: set[str] = field(default_factory=set)  # the held-out APIs the tasks called

    def share(self, hits: int) -> float | None:
        return round(hits / self.count, 3) if self.count else None

    def summary(self) -> dict:
        return {"tasks": self.count, "proven": self.share(self.proven),
                "exact": self.share(self.exact), "ast": self.share(self.ast),
                "bleu": _mean(self.bleu), "rouge_l": _mean(self.rouge),
                "edit_distance": _mean(self.edit),
                "median_s": round(statistics.median(self.seconds), 2) if self.seconds else None,
                "apis": len(self.apis),
                **{name: self.share(hits) for name, hits in self.others.items()}}


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def finding_for(sample: dict, knowledge) -> tuple[Finding, Checker] | None:
    dist = IMPORT_TO_DIST.get(sample["distribution"], sample["distribution"])
    checker = Checker(knowledge, VersionContext.of({dist: sample["target"]},
                                                   {dist: sample["baseline"]}))
    for finding in checker.check_source(sample["code"], sample["file"]).findings:
        node = finding.evidence.site
        if eligible(finding) and finding.api == sample["api"] and node is not None \
                and LineIndex(sample["code"]).text(node.node) == sample["legacy"]:
            return finding, checker
    return None


def _prompt(sample: dict, with_record: bool, tuned: bool) -> str:
    prompt = sample["prompt"] if with_record else sample["prompt_plain"]
    return prompt if tuned else f"{EXAMPLE}\n{prompt}"


def score_rewrite(text: str, sample: dict, found: tuple[Finding, Checker], scores: Scores) -> None:
    finding, checker = found
    imports, expression = split_output(text)
    site = finding.evidence.site
    verdict = prove(Candidate(imports, expression), site.node, site.receiver, sample["code"],
                    change_record(finding), checker,
                    lambda s: checker.check_source(s, sample["file"]).findings)
    label = sample["updated"]
    scores.count += 1
    if "api" in sample:
        scores.apis.add(sample["api"])
    scores.proven += verdict.ok
    scores.exact += expression.strip() == label
    scores.ast += same_ast(expression, label)
    scores.bleu.append(bleu(expression, label))
    scores.rouge.append(rouge_l(expression, label))
    scores.edit.append(edit_distance(expression, label))


def _callee_prefix(updated: str) -> str | None:
    cut = updated.find("(")
    return updated[: cut + 1] if cut > 0 else None


def spread_by_api(samples: list[dict]) -> list[dict]:
    """The samples in turn by API (round-robin: each API's first sample, in the order the APIs
    first appear, then each one's second, ...), so that the first N tasks call as many
    held-out APIs as the split holds, not the first few APIs' many call forms."""
    groups: dict[str, list[dict]] = {}
    for sample in samples:
        groups.setdefault(sample["api"], []).append(sample)
    spread: list[dict] = []
    for turn in range(max((len(g) for g in groups.values()), default=0)):
        spread.extend(group[turn] for group in groups.values() if turn < len(group))
    return spread


def chosen_tasks(samples: list[dict], knowledge, limit: int | None):
    """Up to ``limit`` samples, spread by API, that the checker still reports (with their
    finding): the tasks an evaluation row scores."""
    count = 0
    for sample in spread_by_api(samples):
        if limit is not None and count >= limit:
            return
        found = finding_for(sample, knowledge)
        if found is not None:
            count += 1
            yield sample, found


def run_tasks(generator: Generator, samples: list[dict], knowledge, with_record: bool,
              tuned: bool, limit: int | None) -> dict[str, dict]:
    results = {task: Scores() for task in TASKS}
    for sample, found in chosen_tasks(samples, knowledge, limit):
        prompt = _prompt(sample, with_record, tuned)
        budget = generator.budget(sample["legacy"])
        completion = generator.complete(prompt, max_tokens=budget)
        results["correction"].seconds.append(completion.seconds)
        score_rewrite(completion.text, sample, found, results["correction"])
        prefix = _callee_prefix(sample["updated"])
        if prefix is not None:
            rest = generator.complete(prompt + prefix, grammar=False, max_tokens=budget)
            line = prefix + rest.text.split("\n")[0]
            score_rewrite(line + "\n" if in_language(line + "\n") else line, sample, found,
                          results["completion"])
        _choice(generator, sample, prompt, results["choice"])
    return {task: scores.summary() for task, scores in results.items()}


NEUTRAL = "### Updated call\n"  # the prompt an option's own likelihood is measured after


def _choice(generator: Generator, sample: dict, prompt: str, scores: Scores) -> None:
    """Multiple choice by likelihood, not by a letter the model names (a 270M model names
    the same letter whatever the options). The options are the call valid at the target and
    the legacy call, each scored as the continuation of the prompt without the legacy call.
    The answer counted is the calibrated one: each option's log-likelihood in the prompt
    minus its log-likelihood after a bare ``### Updated call`` header, so that neither a
    shorter option (most fixes drop an argument) nor a commoner one wins by itself. The raw
    sum, the per-character mean and the "shorter option" rule are kept beside it."""
    question = choice_prompt(prompt)
    right, wrong = sample["updated"] + "\n", sample["legacy"] + "\n"
    full = {o: generator.loglikelihood(question, o) for o in (right, wrong)}
    alone = {o: generator.loglikelihood(NEUTRAL, o) for o in (right, wrong)}
    calibrated = full[right] - alone[right] > full[wrong] - alone[wrong]
    scores.count += 1
    if "api" in sample:
        scores.apis.add(sample["api"])
    scores.proven += calibrated
    scores.exact += calibrated
    _tally(scores, "choice_sum", full[right] > full[wrong])
    _tally(scores, "choice_per_char", full[right] / len(right) > full[wrong] / len(wrong))
    _tally(scores, "choice_shorter", len(right) < len(wrong))


def _tally(scores: Scores, name: str, hit: bool) -> None:
    scores.others[name] = scores.others.get(name, 0) + hit


def choice_prompt(prompt: str) -> str:
    """The prompt up to the legacy call, asking straight for the call valid at the target."""
    return prompt.rsplit("### Legacy call", 1)[0] + "### Updated call\n"


def evaluate(spec_base: ModelSpec, samples: list[dict], knowledge, limit: int = 40,
             adapter: Path | None = None, progress=print, base: bool = True) -> dict:
    """The four rows: base +/- change record (unless ``base`` is off), tuned +/- change
    record (when an adapter)."""
    rows: dict[str, dict] = {}
    variants = [("base", ModelSpec(spec_base.base, None, spec_base.assemble), False)] if base \
        else []
    if adapter is not None:
        variants.append(("tuned", ModelSpec(spec_base.base, adapter, spec_base.assemble), True))
    for name, spec, tuned in variants:
        generator = Generator(spec)
        for with_record in (False, True):
            label = f"{name}{' + change record' if with_record else ''}"
            apis = len({s["api"] for s in samples})
            progress(f"evaluating {label} on up to {limit} of {len(samples)} held-out samples "
                     f"spread over their {apis} APIs")
            rows[label] = run_tasks(generator, samples, knowledge, with_record, tuned, limit)
        del generator
    return rows


def render(rows: dict[str, dict]) -> str:
    lines = ["| model | task | tasks | APIs | proven | exact | AST | BLEU | ROUGE-L | edit dist. "
             "| median s |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, tasks in rows.items():
        for task, s in tasks.items():
            lines.append(f"| {label} | {task} | {s['tasks']} | {s.get('apis')} | {s['proven']} | "
                         f"{s['exact']} | "
                         f"{s['ast']} | {s['bleu']} | {s['rouge_l']} | {s['edit_distance']} | "
                         f"{s['median_s']} |")
    return "\n".join(lines)


def render_choice(rows: dict[str, dict]) -> str:
    """Multiple choice under each scoring (shares answered right)."""
    lines = ["| model | tasks | calibrated likelihood | raw likelihood | likelihood per character "
             "| shorter option |", "|---|---|---|---|---|---|"]
    for label, tasks in rows.items():
        s = tasks.get("choice", {})
        lines.append(f"| {label} | {s.get('tasks')} | {s.get('proven')} | {s.get('choice_sum')} "
                     f"| {s.get('choice_per_char')} | {s.get('choice_shorter')} |")
    return "\n".join(lines)


def run_eval_command(args) -> int:
    """``codesync model eval``."""
    from codesync.knowledge.store import open_knowledge
    from codesync.model.locate import shipped_adapter

    from .dataset import build_samples, default_cases, load_cases, read_sft

    try:
        spec = resolve(True, args.gguf)
    except ModelUnavailable as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 2
    knowledge = open_knowledge()
    if args.data is not None:
        samples = read_sft(args.data, "eval")
    else:
        built = build_samples(knowledge, load_cases(default_cases()), per_api=8)
        samples = [s.sft() for s in built if s.split == "eval"]
    samples = [s for s in samples if not args.dist or s["distribution"] in args.dist]
    adapter = None if args.no_adapter else (Path(args.adapter) if args.adapter else
                                            (shipped_adapter() if not args.gguf else None))
    rows = evaluate(spec, samples, knowledge, args.limit, adapter,
                    progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(rows, indent=1) if args.json else f"{render(rows)}\n\n{render_choice(rows)}")
    return 0


STRUCTURAL_FILE = "structural.jsonl"


def structural_cases(path: Path | None = None) -> list[dict]:
    """The fixed set of structural cases the exact fixer cannot do (knowledge/model)."""
    from codesync.model.locate import model_dir

    path = path or model_dir() / STRUCTURAL_FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def structural_finding(case: dict, knowledge) -> tuple[Finding, Checker] | None:
    checker = Checker(knowledge, VersionContext.of(case["target"], case["baseline"]))
    for finding in checker.check_source(case["code"], "case.py").findings:
        if finding.line == case["line"] and eligible(finding):
            return finding, checker
    return None


def prove_text(text: str, case: dict, found: tuple[Finding, Checker]) -> bool:
    finding, checker = found
    imports, expression = split_output(text)
    site = finding.evidence.site
    return prove(Candidate(imports, expression), site.node, site.receiver, case["code"],
                 change_record(finding), checker,
                 lambda s: checker.check_source(s, "case.py").findings).ok


def run_structural(spec: ModelSpec, cases: list[dict], knowledge, with_record: bool) -> dict:
    """Proven rewrites (up to three candidates, as in the editor) on the structural set."""
    from codesync.model.prompt import build_prompt, task_for
    from codesync.model.rewrite import SCHEDULE

    generator = Generator(spec)
    proven, correct, seconds, answers = 0, 0, [], {}
    for case in cases:
        found = structural_finding(case, knowledge)
        if found is None:
            continue
        task = task_for(found[0].evidence.site.node, case["code"])
        prompt = build_prompt(task, change_record(found[0]) if with_record else None,
                              example=spec.adapter is None)
        for temperature, seed in SCHEDULE:
            completion = generator.complete(prompt, temperature=temperature, seed=seed,
                                            max_tokens=generator.budget(task.legacy))
            seconds.append(completion.seconds)
            if prove_text(completion.text, case, found):
                proven += 1
                expression = split_output(completion.text)[1]
                correct += any(same_ast(expression, e) for e in case["expected"])
                answers[case["id"]] = expression
                break
    return {"cases": len(cases), "proven": proven, "expected_match": correct,
            "median_candidate_s": round(statistics.median(seconds), 2) if seconds else None,
            "answers": answers}
