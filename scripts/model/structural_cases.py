"""The user's structural cases (knowledge/model/structural.jsonl), run as ``codesync fix
--model`` runs them: the finding's own fix (exact, template or recipe) when it has one, else
the rewriter (the record's candidates, then the model), for the four rows; ``by`` says which
wrote the first fix (exact, recipe, record or model).

    python scripts/model/structural_cases.py [--cases FILE] [--json OUT]

A case counts as fixed when the first fix offered parses to the same code as one of its
expected answers; ``proven`` counts any fix offered.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from heldout_structural import _rows  # noqa: E402

from codesync.config import Settings  # noqa: E402
from codesync.fixes.apply import apply_edits  # noqa: E402
from codesync.model.locate import model_dir  # noqa: E402
from codesync.model.rewrite import Rewriter, eligible  # noqa: E402
from codesync.project import Project  # noqa: E402

CASES = model_dir() / "structural.jsonl"


def evaluate(cases: list[dict], rows) -> dict:
    root = Path(tempfile.mkdtemp(prefix="codesync-structural-"))
    rewriter = Rewriter()
    report: dict = {"cases": len(cases), "rows": []}
    for label, spec, with_record in rows:
        proven, right, seconds, listing = 0, 0, [], []
        for case in cases:
            project = Project(root, Settings(target=case["target"], baseline=case["baseline"]))
            source = case["code"]
            found = [f for f in project.check_source(source, "case.py").findings
                     if f.line == case["line"] and (f.fixes or eligible(f))]
            if not found:
                listing.append({"id": case["id"], "by": None, "rewrite": None, "expected": False})
                continue
            fix, by = (found[0].fixes[0], found[0].fixes[0].source) if found[0].fixes else \
                _rewritten(rewriter, spec, project, source, found[0], with_record, seconds)
            written = _line(apply_edits(source, list(fix.edits)), case["line"]) if fix else None
            expected = written is not None and any(_same(written, e) for e in case["expected"])
            proven += fix is not None
            right += expected
            listing.append({"id": case["id"], "by": by, "rewrite": written, "expected": expected})
        report["rows"].append({
            "model": label, "proven": proven, "as_expected": right,
            "median_s_per_model_rewrite": round(statistics.median(seconds), 2) if seconds else None,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "cases": listing})
    return report


def _rewritten(rewriter, spec, project, source, finding, with_record, seconds):
    outcome = rewriter.rewrite(spec, project, source, "case.py", finding, with_record=with_record)
    seconds.append(outcome.seconds)
    by = "library" if outcome.from_library else "record" if outcome.from_record else "model"
    return (outcome.fixes[0], by) if outcome.fixes else (None, None)


def _line(source: str, line: int) -> str:
    """The rewritten statement's value (``frame = <this>``), or the statement itself."""
    text = source.splitlines()[line - 1].strip()
    try:
        statement = ast.parse(text).body[0]
    except (SyntaxError, IndexError):
        return text
    value = statement.value if isinstance(statement, (ast.Assign, ast.Expr)) else statement
    return ast.unparse(value)


def _same(written: str, expected: str) -> bool:
    """The same code, keywords in any order (``f(a=x, b=y)`` is ``f(b=y, a=x)``)."""
    try:
        return _canonical(written) == _canonical(expected)
    except SyntaxError:
        return False


def _canonical(text: str) -> str:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            node.keywords.sort(key=lambda k: k.arg or "")
    return ast.dump(tree)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--rows", default="",
                        help="only these rows, comma-separated (e.g. 'tuned + change record')")
    args = parser.parse_args(argv)
    started = time.monotonic()
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line]
    report = evaluate(cases, _rows(args.rows))
    report["seconds"] = round(time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    for row in report["rows"]:
        print({k: v for k, v in row.items() if k != "cases"})
        for case in row["cases"]:
            print("   ", case)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
