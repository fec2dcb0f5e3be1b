"""Receivers reached by iteration: rows of ``iterrows()``, elements of annotated containers,
``zip``/``enumerate`` of them, comprehensions and subscripts."""

from __future__ import annotations

import textwrap

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

V1 = {"gridlib/__init__.py": """
    from typing import Iterable, Iterator, Tuple

    class Row:
        def drop(self):
            pass

        def keep(self):
            pass

    class Grid:
        def rows(self) -> Iterable[Tuple[str, Row]]:
            ...

        def cells(self) -> Iterator[Row]:
            ...

        def merge(self, other):
            pass

        def __getitem__(self, key) -> Row:
            ...

    def load(path) -> Grid:
        ...

    def make_row(data):
        return Row()

    def first_row(grid: Grid):
        return make_row(grid)
    """}
V2 = {"gridlib/__init__.py": V1["gridlib/__init__.py"]
      .replace("def drop(self):\n            pass\n", "")
      .replace("def merge(self, other):\n            pass\n", "pass\n")}


@pytest.fixture(scope="module")
def check(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("iter"), "gridlib",
                               {"1.0": V1, "2.0": V2})
    checker = Checker(knowledge, VersionContext.of({"gridlib": "2.0"}, {"gridlib": "1.0"}))

    def run(source: str, firm: bool = False) -> list[tuple[int, str]]:
        """(line, api) of the findings; ``firm``: leave out CS203, the guesses made from a
        member only one class family has (analysis/unique_members.py), not from the flow."""
        result = checker.check_source(textwrap.dedent(source), "t.py")
        return [(f.line, f.api) for f in result.findings if not (firm and f.code == "CS203")]

    return run


CASES = {
    "pairs from a method annotated to yield them": ("""\
        import gridlib
        grid = gridlib.load("x")
        for label, row in grid.rows():
            row.drop()
        """, [(4, "gridlib.Row.drop")]),
    "elements of an iterator result": ("""\
        import gridlib
        for row in gridlib.load("x").cells():
            row.drop()
        """, [(3, "gridlib.Row.drop")]),
    "enumerate and zip of them": ("""\
        import gridlib
        grid = gridlib.load("x")
        for i, (label, row) in enumerate(grid.rows()):
            row.drop()
        for a, b in zip(grid.cells(), grid.cells()):
            b.drop()
        """, [(4, "gridlib.Row.drop"), (6, "gridlib.Row.drop")]),
    "an annotated list parameter, in a loop, a comprehension and by index": ("""\
        import gridlib

        def combine(grids: list[gridlib.Grid]):
            for grid in grids:
                grid.merge(grid)
            merged = [g.merge(g) for g in grids]
            return grids[0].merge(grids[-1])
        """, [(5, "gridlib.Grid.merge"), (6, "gridlib.Grid.merge"), (7, "gridlib.Grid.merge")]),
    "a subscript through the library's __getitem__": ("""\
        import gridlib
        gridlib.load("x")["a"].drop()
        """, [(2, "gridlib.Row.drop")]),
    "unannotated library factories, read from their bodies": ("""\
        import gridlib
        gridlib.make_row(1).drop()
        gridlib.first_row(gridlib.load("x")).drop()
        """, [(2, "gridlib.Row.drop"), (3, "gridlib.Row.drop")]),
}

QUIET = {
    "an element the annotation leaves unknown": """\
        import gridlib
        for label, row in gridlib.load("x").rows():
            label.drop()
        """,
    "a tuple target of the wrong length": """\
        import gridlib
        for a, b, c in gridlib.load("x").rows():
            c.drop()
        """,
    "a user function named zip is not the builtin": """\
        import gridlib

        def zip(*args):
            return [1]

        for a, b in zip(gridlib.load("x").cells(), []):
            a.drop()
        """,
    "members that still exist": """\
        import gridlib
        for label, row in gridlib.load("x").rows():
            row.keep()
        """,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_iterated_receivers_are_typed(check, name):
    source, expected = CASES[name]
    assert check(source) == expected


@pytest.mark.parametrize("name", sorted(QUIET))
def test_what_iteration_leaves_open_stays_quiet(check, name):
    assert check(QUIET[name], firm=True) == []
