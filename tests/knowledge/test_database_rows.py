"""The first-run build's quick paths give the rows and verdicts of the careful ones."""

from __future__ import annotations

import copy
import json
import random

import pytest

from codesync.knowledge import database
from codesync.knowledge.definition_check import check_definition, plainly_valid

ROWS = [
    {"kind": "function", "params": [["a", "a"], ["b", "k", "None"], ["c", "w"]],
     "returns": "pandas.DataFrame", "deprecated": {"message": "gone", "form": "warn"}},
    {"kind": "class", "bases": ["base.Base"], "attributes": ["x"], "properties": ["y"],
     "members_complete": True, "dynamic": True, "serves": ["z"]},
    {"kind": "method", "params": [["self", "p"]], "overloads": [[["x", "a", None]]],
     "param_deprecations": {"x": {"message": "m"}}, "extra_keywords": {"old": "new"},
     "exclusive": [["a", "None", "b", "None"]], "positional_limit": 1, "method_kind": "classmethod"},
    {"kind": "module", "expired": {"n": "m"}, "deprecated_names": {"o": "m"}, "unlisted": ["u"],
     "yields": "(int,str)", "decorated": True, "forwards_kwargs": True, "decorator_kwargs": "kw"},
]
# values that may replace any field: the shapes damage and hand edits produce
ODD = [None, 0, 1.5, True, "", "text", [], ["a"], [1], [["a"]], [["a", 1]], [["a", "b", 2]],
       [["a", "b", "c", "d"]], {}, {"k": 1}, {"k": {}}, [[]], [None], "ab"]


def _passes(row: dict) -> bool:
    try:
        check_definition("pkg.f", copy.deepcopy(row))
    except (*database.DAMAGE, json.JSONDecodeError):
        return False
    return True


def _mutants(seed: int, count: int):
    rnd = random.Random(seed)
    for _ in range(count):
        row = copy.deepcopy(rnd.choice(ROWS))
        for _ in range(rnd.randint(1, 3)):
            key = rnd.choice([*row, "kind", "params", "bases", "unknown", "overloads"])
            if rnd.random() < 0.15:
                row.pop(key, None)
            else:
                row[key] = copy.deepcopy(rnd.choice(ODD))
        yield row


def test_rows_as_written_take_the_quick_path():
    assert all(plainly_valid(row) and _passes(row) for row in ROWS)


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_path_accepts_only_what_the_full_check_accepts(seed):
    quick = 0
    for row in _mutants(seed, 2000):
        if plainly_valid(row):
            quick += 1
            assert _passes(row), row
    assert quick  # some mutants stay well-formed, so the implication is exercised


def test_unknown_keys_get_the_full_check():
    assert not plainly_valid({**ROWS[0], "a_field_added_later": {"x": 1}})


LINES = ['{"a": 1}\n', '{"a": 1}', '  {"a": 1}\n', '{"a": 1} x\n', '{"a": 1}{"b": 2}\n', '1,2\n',
         '[1, 2]\r\n', '{"a": "\\u00e9"}\n', 'nope\n', '{"a": 1}  \n', '"text"\n', '{"a":\n']


@pytest.mark.parametrize("line", LINES)
def test_line_decoding_matches_json_loads(line):
    try:
        expected = ("ok", json.loads(line))
    except ValueError as exc:
        expected = ("error", type(exc))
    try:
        got = ("ok", database._loads(line))
    except ValueError as exc:
        got = ("error", type(exc))
    assert got == expected


@pytest.mark.parametrize("row", ROWS)
def test_stored_data_is_the_compact_json_without_the_interval(row):
    line = json.dumps({"path": 'p.q"r\\\\s', "first": "1.0", "last": "2.0", **row},
                      separators=(",", ":")) + "\n"
    parsed = json.loads(line)
    for key in ("path", "first", "last"):
        parsed.pop(key)
    assert database._stored_data(parsed, line) == json.dumps(row, separators=(",", ":"))
