"""The server's incremental checks (sites an edit left alone are judged once, from a memo)
give what a full check gives, after random sequences of edits that keep the file parseable:
lines changed, inserted and deleted, so sites keep their text but move, or keep their place
but change."""

from __future__ import annotations

import ast
import random

from codesync.analysis.site_memo import SiteMemo
from codesync.config import Settings
from codesync.project import Project

HEADER = ["import fakelib as fl", "from fakelib import load, Frame", ""]
STATEMENTS = [
    "frame = load(path, sep=';')",
    "frame = load(path, squeeze=True)",
    "frame = frame.append(frame)",
    "frame.append(frame, ignore_index=True)",
    "fl.old_func(1)",
    "fl.new_func(2)",
    "fl.shifted(1, 2)",
    "fl.shifted(1, b=2)",
    "fl.renamed_kw(frame, line_terminator='x')",
    "fl.product(frame)",
    "value = fl.prod(frame, axis=0)",
    "head = frame.head(3).append(frame)",
    "limit = 1",
    "if limit:\n        fl.old_func(limit)",
    "try:\n        fl.product(1)\n    except AttributeError:\n        fl.prod(1)",
]


def render(functions: list[list[str]]) -> str:
    lines = list(HEADER)
    for n, body in enumerate(functions):
        lines += [f"def step_{n}(path):", "    frame = Frame()",
                  *("    " + statement for statement in body),
                  "    return frame" if n % 2 else "    return None", ""]
    return "\n".join(lines) + "\n"


def edit(functions: list[list[str]], rng: random.Random) -> None:
    """One random edit: a statement changed, inserted or removed (all lines below move), or
    a function added at the end."""
    body = rng.choice(functions)
    choice = rng.random()
    if choice < 0.4:
        body[rng.randrange(len(body))] = rng.choice(STATEMENTS)
    elif choice < 0.7:
        body.insert(rng.randrange(len(body) + 1), rng.choice(STATEMENTS))
    elif choice < 0.85 and len(body) > 1:
        del body[rng.randrange(len(body))]
    else:
        functions.append([rng.choice(STATEMENTS)])


def flat(report) -> list[tuple]:
    return [(f.line, f.column, f.end_line, f.end_column, f.kind, f.code, f.severity, f.message,
             f.api) for f in report.findings]


def test_random_edits_give_what_a_full_check_gives(tmp_path, fake_knowledge):
    settings = Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"})
    editing = Project(tmp_path, settings, knowledge=fake_knowledge)
    editing.checker().site_memo = SiteMemo()
    path = str(tmp_path / "module.py")
    rng = random.Random(23)
    for sequence in range(4):
        functions = [[rng.choice(STATEMENTS) for _ in range(rng.randint(1, 5))]
                     for _ in range(12)]
        for serial in range(25):
            edit(functions, rng)
            source = render(functions)
            ast.parse(source)  # every edit keeps the file parseable
            incremental = editing.check_source(source, path, with_fixes=False)
            full = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(
                source, path, with_fixes=False)
            assert full.findings, "the module should have findings"
            assert flat(incremental) == flat(full), (sequence, serial)
