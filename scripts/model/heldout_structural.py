"""The held-out structural set: removed or deprecated APIs of libraries the adapter was never
trained on, whose own deprecation texts say what replaces them, called as the older release
allowed, where neither the exact fixers nor the templates can write the rewrite.

    python scripts/model/heldout_structural.py build --data WORK/data [--out FILE] [--limit N]
    python scripts/model/heldout_structural.py eval [--cases FILE] [--limit N] [--json OUT]

``build`` writes the cases (knowledge/model/heldout_structural.jsonl by default): each names
its library's migration text and the code it advises. ``eval`` runs the rewriter as the editor
does (prompt, up to three candidates, the proof) for four rows (base, base + change record,
tuned, tuned + change record) in one process, and judges every proven rewrite against the
library's text: right when it uses what one advised snippet names and calls nothing new that
none names (``proof.ignores_advice``, the same reading the proof applies), wrong otherwise. The
proven rewrites are listed in the JSON output for a person to read.
"""

from __future__ import annotations

import argparse
import ast
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "server"))

from codesync.config import Settings  # noqa: E402
from codesync.fixes.apply import apply_edits  # noqa: E402
from codesync.fixes.templates import code_snippets  # noqa: E402
from codesync.knowledge.store import open_knowledge  # noqa: E402
from codesync.model.locate import ModelSpec, model_dir, resolve, shipped_adapter  # noqa: E402
from codesync.model.proof import as_call, ignores_advice  # noqa: E402
from codesync.model.record import change_record  # noqa: E402
from codesync.model.rewrite import Rewriter, eligible  # noqa: E402
from codesync.project import Project  # noqa: E402
from codesync_build.dataset import read_sft  # noqa: E402
from codesync_build.synthetic import changed_paths, public_name, snippets  # noqa: E402

CASES = model_dir() / "heldout_structural.jsonl"
PER_DISTRIBUTION = 6  # cases (3 APIs, two import forms) so no library decides the score


def trained_distributions(data: Path) -> set[str]:
    return {r["distribution"] for split in ("train", "eval") for r in read_sft(data, split)}


def build(data: Path, out: Path, limit: int) -> list[dict]:
    knowledge = open_knowledge()
    seen = trained_distributions(data)
    root = Path(tempfile.mkdtemp(prefix="codesync-heldout-"))
    cases: list[dict] = []
    for dist in sorted(set(knowledge.distributions()) - seen):
        made = 0
        for case in _candidates(knowledge, dist):
            if made >= PER_DISTRIBUTION or len(cases) >= limit:
                break
            if _structural(root, case):
                cases.append(case)
                made += 1
    out.write_text("".join(json.dumps(c, sort_keys=True) + "\n" for c in cases))
    return cases


def _candidates(knowledge, dist: str):
    versions = knowledge.versions(dist)
    for path in changed_paths(knowledge, dist):
        runs = knowledge.definition_history(dist, path)
        for old, interval in runs:
            advice = _advice(old)
            if old.kind not in ("function", "class") or old.params is None or not advice:
                continue
            after = versions.index(interval.last) + 1 if interval.last in versions else None
            target = versions[after] if after is not None and after < len(versions) \
                else interval.last
            name = public_name(knowledge, dist, path)
            advice = [a for a in advice if name and name.rsplit(".", 1)[-1] not in a]
            forms = dict(snippets(name, old.params, set())) if name and advice else {}
            for form, code in forms.items():  # called through `import M` and `from M import f`
                yield {"id": f"{dist}:{name}@{interval.last}->{target}#{form}",
                       "distribution": dist, "api": name, "form": form, "code": code,
                       "line": 5 if form == "dotted" else 1,
                       "target": {dist: target}, "baseline": {dist: interval.last},
                       "text": old.deprecated.message, "advice": advice}
            break


def _advice(definition) -> list[str]:
    if definition.deprecated is None:
        return []
    texts = [definition.deprecated.message, definition.deprecated.replacement or ""]
    return [s for text in texts for s in code_snippets(text) if _parses(s)]


def _parses(snippet: str) -> bool:
    """Code that names an API: a call or a dotted path, not a bare word or a value."""
    try:
        tree = ast.parse(snippet.lstrip("."), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(n, (ast.Call, ast.Attribute)) for n in ast.walk(tree))


def _structural(root: Path, case: dict) -> bool:
    """The checker reports the call and no exact fix or template rewrites it."""
    project = Project(root, Settings(target=case["target"], baseline=case["baseline"]))
    found = [f for f in project.check_source(case["code"], "case.py").findings
             if f.line == case["line"] and eligible(f)]
    return bool(found) and not found[0].fixes


# the evaluation ---------------------------------------------------------------------------
def evaluate(cases: list[dict], rows: list[tuple[str, ModelSpec, bool]]) -> dict:
    root = Path(tempfile.mkdtemp(prefix="codesync-heldout-"))
    rewriter = Rewriter()
    report: dict = {"cases": len(cases), "distributions": len({c["distribution"] for c in cases}),
                    "rows": []}
    for label, spec, with_record in rows:
        proven, wrong, seconds, proven_seconds, listing = 0, 0, [], [], []
        for case in cases:
            project = Project(root, Settings(target=case["target"], baseline=case["baseline"]))
            source = case["code"]
            found = [f for f in project.check_source(source, "case.py").findings
                     if f.line == case["line"] and eligible(f) and not f.fixes]
            if not found:
                continue
            outcome = rewriter.rewrite(spec, project, source, "case.py", found[0],
                                       with_record=with_record)
            seconds.append(outcome.seconds)
            if not outcome.fixes:
                continue
            proven += 1
            proven_seconds.append(outcome.seconds)
            rewritten = apply_edits(source, list(outcome.fixes[0].edits))
            written = _returned(rewritten)
            verdict = _judge(found[0], _returned(source), written)
            wrong += bool(verdict)
            listing.append({"id": case["id"], "rewrite": written, "wrong": verdict,
                            "by": "library" if outcome.from_library else
                            "record" if outcome.from_record else "model",
                            "seconds": round(outcome.seconds, 2)})
        report["rows"].append({
            "model": label, "proven": proven, "proven_share": round(proven / len(cases), 3),
            "wrong_offered": wrong, "median_s_per_rewrite": _median(seconds),
            "median_s_per_proven": _median(proven_seconds),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "rewrites": listing})
    return report


def _returned(source: str) -> str:
    """The code of the case's ``return`` (where the legacy call stands)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Return) and n.value]
    return ast.unparse(found[-1]) if found else ""


def _judge(finding, legacy: str, written: str) -> str:
    """"" when the rewrite does what the library's text advises, else why not."""
    try:
        expression = ast.parse(written, mode="eval").body
        call = ast.parse(legacy, mode="eval").body
    except SyntaxError:
        return "does not parse"
    record = change_record(finding)
    if not record.advice:
        return "no advice to judge by"
    return ignores_advice(expression, as_call(call), record)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _rows(only: str = "") -> list[tuple[str, ModelSpec, bool]]:
    """The four rows, or those ``only`` names (comma-separated labels)."""
    base = resolve(True, None)
    bare = ModelSpec(base.base, None, base.assemble)
    tuned = ModelSpec(base.base, shipped_adapter(), base.assemble)
    rows = [("base", bare, False), ("base + change record", bare, True),
            ("tuned", tuned, False), ("tuned + change record", tuned, True)]
    wanted = {label.strip() for label in only.split(",") if label.strip()}
    return [row for row in rows if not wanted or row[0] in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("build", "eval"))
    parser.add_argument("--data", type=Path, help="the build's dataset folder (WORK/data)")
    parser.add_argument("--out", type=Path, default=CASES)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--rows", default="",
                        help="only these rows, comma-separated (e.g. 'tuned + change record')")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.command == "build":
        cases = build(args.data, args.out, args.limit)
        print(f"{len(cases)} cases from {len({c['distribution'] for c in cases})} libraries "
              f"in {time.monotonic() - started:.0f} s -> {args.out}")
        return 0
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line][: args.limit]
    report = evaluate(cases, _rows(args.rows))
    report["seconds"] = round(time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    for row in report["rows"]:
        print({k: v for k, v in row.items() if k != "rewrites"})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
