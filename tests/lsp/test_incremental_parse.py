"""The server's parse after an edit (analysis/statement_parse.py) gives exactly the tree a
full ``ast.parse`` gives, positions included, or the same syntax error; statements an edit
left alone keep their nodes."""

from __future__ import annotations

import ast
import random

import pytest

from codesync.analysis.statement_parse import StatementParser

LINES = [
    "x = 1", "    x = 2", "def f(a):", "    return a", "class C:", "    y = 3",
    "@decorator", "if x:", "else:", "    pass", "", "# a comment", "    # indented comment",
    "s = '''", "'''", "t = (1,", "     2)", "u = 1 + \\", "    2", "a = 1; b = 2",
    "    a = 1; b = 2", "from __future__ import annotations", "y = [", "]", "try:",
    "except ValueError:", "    raise", "\tz = 4", "lambda: (", "v = f'{x}'",
]


def dump(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=True)


def outcome(parse, source: str) -> str:
    try:
        return dump(parse(source))
    except SyntaxError as exc:
        return f"error {type(exc).__name__} {exc.lineno}"


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_parse_as_a_full_parse(seed):
    rng = random.Random(seed)
    parser = StatementParser()
    lines = ["import os", "", "def g():", "    return os", ""] + [
        rng.choice(["x = 1", "def f(a):\n    return a", "", "class C:\n    y = 3"])
        for _ in range(30)]
    lines = "\n".join(lines).split("\n")
    parsed = 0
    good = list(lines)
    for _ in range(600):
        if rng.random() < 0.85:  # most edits keep the number of lines
            lines[rng.randrange(len(lines))] = rng.choice(LINES)
        elif rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES))
        elif len(lines) > 5:
            del lines[rng.randrange(len(lines))]
        source = "\n".join(lines) + "\n"
        expected = outcome(ast.parse, source)
        got = outcome(lambda s: parser.parse(s, "m.py"), source)
        if expected.startswith("error"):
            assert got.split(" ")[:2] == expected.split(" ")[:2], source
            if rng.random() < 0.9:
                lines = list(good)  # mostly back to a file that parses
        else:
            assert got == expected, source
            good = list(lines)
            parsed += 1
    assert parsed > 150, "many edits should leave the file parseable"


def test_statements_an_edit_left_alone_keep_their_nodes():
    parser = StatementParser()
    source = "import os\n\n\ndef f():\n    return 1\n\n\ndef g():\n    return 2\n"
    first = parser.parse(source, "m.py")
    second = parser.parse(source.replace("return 2", "return 3"), "m.py")
    assert second.body[:2] == first.body[:2] and second.body[2] is not first.body[2]
    assert dump(second) == dump(ast.parse(source.replace("return 2", "return 3")))
    third = parser.parse("# a new first line\n" + source, "m.py")  # everything moved down
    assert all(a is not b for a, b in zip(third.body, second.body))


@pytest.mark.parametrize("seed", range(3))
def test_edits_that_add_or_remove_lines_parse_as_a_full_parse(seed):
    """Lines added and removed anywhere: the tree equals a full parse, positions included,
    and statements below the edit keep their nodes (moved)."""
    rng = random.Random(100 + seed)
    parser = StatementParser()
    lines = "\n".join(["import os", "", "def g():", "    return os", ""] + [
        rng.choice(["x = 1", "def f(a):\n    return a", "", "class C:\n    y = 3"])
        for _ in range(30)]).split("\n")
    good, parsed, kept = list(lines), 0, 0
    previous = parser.parse("\n".join(lines) + "\n", "m.py")
    for _ in range(400):
        if rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES))
        elif len(lines) > 5:
            del lines[rng.randrange(len(lines))]
        source = "\n".join(lines) + "\n"
        expected = outcome(ast.parse, source)
        try:
            tree = parser.parse(source, "m.py")
        except SyntaxError as exc:
            assert expected.split(" ")[:2] == ["error", type(exc).__name__], source
            lines = list(good)
            parser.parse("\n".join(lines) + "\n", "m.py")
            continue
        assert dump(tree) == expected, source
        kept += bool(previous.body) and tree.body[-1] is previous.body[-1]
        previous, good = tree, list(lines)
        parsed += 1
    assert parsed > 150 and kept > 50


def test_a_line_added_moves_the_statements_below_with_their_nodes():
    parser = StatementParser()
    source = "import os\n\n\ndef f():\n    return 1\n\n\ndef g():\n    return 2\n"
    first = parser.parse(source, "m.py")
    edited = source.replace("    return 1\n", "    x = 0\n    return 1\n")
    second = parser.parse(edited, "m.py")
    assert second.body[0] is first.body[0] and second.body[2] is first.body[2]
    assert second.body[2].lineno == 9 and dump(second) == dump(ast.parse(edited))
    third = parser.parse(source, "m.py")  # and back up
    assert third.body[2] is first.body[2] and dump(third) == dump(ast.parse(source))
