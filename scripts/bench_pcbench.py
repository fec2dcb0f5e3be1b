"""Run the checker (and the exact fixer) over PCBench cases and report detection and repair.

    python scripts/bench_pcbench.py [--data PATH] [--library NAME ...] [--limit N]
                                    [--write-docs] [--errors FILE]

Each case is checked with baseline = old_version and target = new_version; a case is
predicted incompatible when an error-level finding (removed, incompatible-call,
meaning-changed) is reported. Metrics: precision/recall/F1 per case and per API (macro:
an API counts as one unit, its cases averaged), per library, recall on the cases that still
run but changed meaning, cases per second through the library API, and the repair rate.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from _docs import update_section  # noqa: E402
from codesync.analysis.checker import Checker, VersionContext  # noqa: E402
from codesync.analysis.findings import DEFAULT_SEVERITY  # noqa: E402
from codesync.fixes.apply import fix_source  # noqa: E402
from codesync.knowledge.store import open_knowledge  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "pcbench" / "dev.jsonl.gz"
IMPORT_TO_DIST = {"PIL": "pillow", "sklearn": "scikit-learn"}


def load_cases(path: Path, libraries: set[str], limit: int | None) -> list[dict]:
    cases = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            if libraries and case["library"] not in libraries:
                continue
            cases.append(case)
    return cases[:limit] if limit else cases


def is_error(finding) -> bool:
    return DEFAULT_SEVERITY[finding.kind] == "error"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(cases: list[dict], repair: bool) -> dict:
    knowledge = open_knowledge()
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for case in cases:
        groups[(case["library"], case["old_version"], case["new_version"])].append(case)
    outcomes = []
    unknown_groups = []
    started = time.perf_counter()
    for (library, old, new), members in sorted(groups.items()):
        dist = IMPORT_TO_DIST.get(library, library)
        versions = VersionContext.of({dist: new}, {dist: old})
        checker = Checker(knowledge, versions)
        missing = [v for v in (old, new) if not knowledge.has_release(dist, v)]
        if missing:
            unknown_groups.append(f"{dist} {' '.join(missing)}")
        for case in members:
            result = checker.check_source(case["code"], case["file"])
            errors = [f for f in result.findings if is_error(f)]
            outcome = {"case": case, "predicted": bool(errors), "findings": errors,
                       "syntax_error": result.syntax_error}
            outcomes.append(outcome)
    elapsed = time.perf_counter() - started
    repair_stats = measure_repair(knowledge, outcomes) if repair else None
    return {"outcomes": outcomes, "seconds": elapsed, "unknown": unknown_groups,
            "repair": repair_stats}


def measure_repair(knowledge, outcomes: list[dict]) -> dict:
    """Share of incompatible cases where the fix yields code that checks clean."""
    attempted = repaired = 0
    for outcome in outcomes:
        case = outcome["case"]
        if case["compatible"]:
            continue
        attempted += 1
        dist = IMPORT_TO_DIST.get(case["library"], case["library"])
        versions = VersionContext.of({dist: case["new_version"]}, {dist: case["old_version"]})
        fixed, _ = fix_source(Checker(knowledge, versions), case["code"], case["file"])
        if fixed == case["code"]:
            continue
        after = Checker(knowledge, VersionContext.of({dist: case["new_version"]}))
        result = after.check_source(fixed, case["file"])
        clean = result.syntax_error is None and not any(is_error(f) for f in result.findings)
        meaning = Checker(knowledge, versions).check_source(fixed, case["file"]).findings
        kept = not any(f.kind == "meaning-changed" for f in meaning)
        if clean and kept and bindings_preserved(knowledge, dist, case, fixed):
            repaired += 1
    return {"attempted": attempted, "repaired": repaired,
            "rate": repaired / attempted if attempted else 0.0}


def _call_bindings(knowledge, dist: str, version: str, source: str) -> list[dict[str, str]] | None:
    """For each library call in order: argument source text -> parameter it binds to (a call
    whose callee cannot be resolved at this release counts as binding nothing)."""
    import ast

    from codesync.analysis.positions import LineIndex

    checker = Checker(knowledge, VersionContext.of({dist: version}))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    index = LineIndex(source)
    calls = []
    for site in checker.sites(tree):
        if site.kind != "call" or checker.lookup.distribution_of(site.target) != dist:
            continue
        definition = checker.lookup.find(site.target, dist, version).definition
        signature = checker.lookup.call_signature(definition, dist, version) if definition else None
        binding = signature.bind(site.shape) if signature else None
        if binding is None or not binding.ok:
            calls.append({})
            continue
        mapping = {index.text(arg): name for arg, name in zip(site.node.args, binding.positional)}
        mapping.update({index.text(k.value): binding.keywords[k.arg] for k in site.node.keywords
                        if k.arg in binding.keywords})
        calls.append(mapping)
    return calls


def bindings_preserved(knowledge, dist: str, case: dict, fixed: str) -> bool:
    """Every argument the fixed code still passes reaches the parameter it reached at the
    baseline (or that parameter's new name when it was renamed)."""
    before = _call_bindings(knowledge, dist, case["old_version"], case["code"])
    after = _call_bindings(knowledge, dist, case["new_version"], fixed)
    if before is None or after is None:
        return False
    if len(before) != len(after):  # a chained call typed at one release only: drop the empties
        before, after = [c for c in before if c], [c for c in after if c]
        if len(before) != len(after):
            return False
    for old, new in zip(before, after):
        for text, param in new.items():
            previous = old.get(text)
            if previous is not None and previous != param and previous in new.values():
                return False
    return True


def summarise(report: dict) -> dict:
    outcomes = report["outcomes"]
    counts = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn per library
    per_api: dict[str, list] = defaultdict(lambda: [0, 0, 0, 0])
    hard_total = hard_hit = 0
    for outcome in outcomes:
        case = outcome["case"]
        positive = not case["compatible"]
        predicted = outcome["predicted"]
        slot = 0 if positive and predicted else 1 if predicted else 2 if positive else 3
        counts[case["library"]][slot] += 1
        counts["*"][slot] += 1
        per_api[f"{case['library']}:{case['api']}"][slot] += 1
        if positive and case["runnable"]:
            hard_total += 1
            hard_hit += predicted
    macro = [prf(tp, fp, fn) for tp, fp, fn, _ in per_api.values()]
    macro_p = sum(m[0] for m in macro) / len(macro) if macro else 0
    macro_r = sum(m[1] for m in macro) / len(macro) if macro else 0
    macro_f = sum(m[2] for m in macro) / len(macro) if macro else 0
    return {
        "cases": len(outcomes), "apis": len(per_api),
        "per_case": prf(*counts["*"][:3]), "per_api": (macro_p, macro_r, macro_f),
        "hard_recall": hard_hit / hard_total if hard_total else 1.0, "hard_total": hard_total,
        "per_library": {lib: (c, prf(*c[:3])) for lib, c in sorted(counts.items()) if lib != "*"},
        "cases_per_second": len(outcomes) / report["seconds"] if report["seconds"] else 0,
        "unknown": report["unknown"], "repair": report["repair"],
    }


def render(summary: dict) -> str:
    p, r, f = summary["per_case"]
    mp, mr, mf = summary["per_api"]
    lines = [
        f"Cases: {summary['cases']} ({summary['apis']} APIs); "
        f"{summary['cases_per_second']:.0f} cases/s through the library API.",
        "",
        "| scope | precision | recall | F1 |",
        "|---|---|---|---|",
        f"| per case | {p:.4f} | {r:.4f} | {f:.4f} |",
        f"| per API (macro) | {mp:.4f} | {mr:.4f} | {mf:.4f} |",
        f"| still runs, meaning changed ({summary['hard_total']} cases) | | "
        f"{summary['hard_recall']:.4f} | |",
        "",
        "| library | cases | TP | FP | FN | TN | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lib, (c, (lp, lr, lf)) in summary["per_library"].items():
        lines.append(f"| {lib} | {sum(c)} | {c[0]} | {c[1]} | {c[2]} | {c[3]} | {lp:.3f} | {lr:.3f} | {lf:.3f} |")
    if summary["repair"]:
        rep = summary["repair"]
        lines += ["", f"Repair: {rep['repaired']}/{rep['attempted']} incompatible cases fixed to "
                      f"code that checks clean under the target ({rep['rate']:.4f})."]
    if summary["unknown"]:
        lines += ["", "Releases missing from the knowledge: " + "; ".join(summary["unknown"])]
    return "\n".join(lines)


def write_errors(report: dict, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for outcome in report["outcomes"]:
            case = outcome["case"]
            positive = not case["compatible"]
            if positive == outcome["predicted"]:
                continue
            handle.write(json.dumps({
                "id": case["id"], "kind": "FN" if positive else "FP", "runnable": case["runnable"],
                "code": case["code"], "findings": [f.message for f in outcome["findings"]],
                "syntax_error": outcome["syntax_error"]}) + "\n")


def update_docs(text: str) -> None:
    update_section("pcbench", "PCBench detection and repair", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--library", action="append", default=[])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-repair", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--errors", type=Path, default=None, help="write misclassified cases here")
    args = parser.parse_args()
    cases = load_cases(args.data, set(args.library), args.limit)
    report = run(cases, repair=not args.no_repair)
    summary = summarise(report)
    text = render(summary)
    print(text)
    if args.errors:
        write_errors(report, args.errors)
    if args.write_docs:
        update_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
