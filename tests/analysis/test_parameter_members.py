"""The collector's one-scan reading of parameter members gives the answer of the reference
(``likely_types.members_used``) for every name whose members can tell a type, the only
answers it acts on; other names read as telling nothing."""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest

from codesync.analysis.likely_types import distinctive, members_used
from codesync.analysis.parameter_uses import _rebound, parameter_members

BODIES = [
    "frame.groupby('k').agg(x)\nframe.to_csv(path)\n",
    "frame.groupby('k')\nframe.to_csv(p)\nframe = frame.dropna()\n",
    "frame.groupby('k')\nframe.to_csv(p)\nfor frame in frames: pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\nif isinstance(frame, list): pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\nf = lambda: frame\n",
    "frame.groupby('k')\nframe.to_csv(p)\nwith open(p) as frame: pass\n",
    "frame.groupby('k')\nframe.to_csv(p)\ndel frame\n",
    "frame.append(1)\nframe.pop()\n",  # list members: not telling
    "other.frame.groupby('k')\nother.frame.to_csv(p)\n",
    "frame.groupby('k')\nseries.to_numpy()\nseries.value_counts()\nseries += 1\n",
    "x = frame.groupby('k').to_csv\nframe.merge(y)\nprint(frame.shape)\n",
    "",
]


@pytest.mark.parametrize("body", BODIES)
def test_agrees_with_the_reference_where_members_tell_a_type(body):
    names = {"frame", "series", "path", "other"}
    fast, reference = parameter_members(body, names), members_used(body, names)
    assert set(fast) == names
    for name in names:
        assert _telling(fast[name]) == _telling(reference[name]), name
        if _telling(reference[name]):
            assert fast[name] == reference[name]


def _telling(members: frozenset[str] | None) -> bool:
    """What the collector asks of an answer."""
    return bool(members) and distinctive(members)


# where each name stands, against the patterns tried everywhere -----------------------------

_REFERENCE = [re.compile(p) for p in (r"(?<![\w.=!<>])(\w+)(?=\s*(?:=(?!=)|:=|[-+*/|&%@^]=))",
                                      r"\bas(?=\s+(\w+))", r"\bdel(?=\s+(\w+))",
                                      r"\b(?:isinstance|hasattr|getattr|type)\((?=\s*(\w+))")]


def _reference_rebound(body: str) -> set[str]:
    found = {name for pattern in _REFERENCE for name in pattern.findall(body)}
    for clause in re.finditer(r"\bfor\b[^:\n]*", body):
        start = clause.start() + len("for")
        ins = list(re.compile(r"\bin\b").finditer(body, start, clause.end()))
        if ins:
            found.update(m.group() for m in re.compile(r"(?<![\w.])\w+").finditer(
                body, start, ins[-1].start()))
    return found


def _bodies() -> list[str]:
    bodies = []
    for path in sorted(Path(ast.__file__).parent.glob("[a-k]*.py"))[:40]:
        source = path.read_text(encoding="utf-8", errors="replace")
        lines = source.splitlines(keepends=True)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bodies.append("".join(lines[node.body[0].lineno - 1: node.end_lineno]))
    return bodies


def test_rebound_names_agree_with_the_patterns_on_real_bodies():
    bodies = _bodies()
    assert len(bodies) > 1000
    for body in bodies:
        names = set(re.findall(r"\w+", body)[:60])
        assert _rebound(body, names) == _reference_rebound(body) & names


def test_rebound_names_agree_with_the_patterns_on_random_text():
    pieces = ["x", "y", "xy", "é", " ", "\t", "\n", "=", "==", "+=", ":=", "!", "<", ".", "(",
              ")", ":", "as", "del", "for", "in", "type", "isinstance", "_", "1", ","]
    chooser = random.Random(23)
    for _ in range(30_000):
        body = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 14)))
        names = {"x", "y", "xy", "é", "_", "as", "in", "type", "x1"}
        assert _rebound(body, names) == _reference_rebound(body) & names, repr(body)
