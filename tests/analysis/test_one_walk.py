"""One walk that learns and records at once (analysis/one_walk.py) must record exactly the
sites of the two walks (learn, then record): on snippets for each way a fact can be read
before it is final, and on files of real packages with an oracle that types every library
value it meets (so that most reads of facts matter)."""

from __future__ import annotations

import ast
import dataclasses
import textwrap
from pathlib import Path

import pytest
from test_body_effects import REAL_FILES, TypingOracle, _package_files

from codesync.analysis.one_walk import OneWalk, collect_sites, module_names
from codesync.analysis.symbols import SiteCollector
from codesync.analysis.values import UserClass


def canon(value):
    """A comparable form of sites (nodes by position, classes of the file by their node)."""
    if isinstance(value, UserClass):
        return ("class", value.node.lineno, value.node.col_offset, canon(value.base))
    if isinstance(value, ast.AST):
        return (type(value).__name__, getattr(value, "lineno", None),
                getattr(value, "col_offset", None), getattr(value, "end_col_offset", None))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(canon(getattr(value, f.name))
                                         for f in dataclasses.fields(value)))
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    return value


def both(source: str) -> tuple[list, list]:
    """(sites of the one walk, sites of the two walks)."""
    tree = ast.parse(source)
    collector = SiteCollector(TypingOracle(), source=source)
    two = SiteCollector(TypingOracle(), source=source)._walked(tree).sites
    return canon(collect_sites(collector, tree)), canon(two)


def one_walk_of(source: str) -> OneWalk:
    walk = OneWalk(TypingOracle(), None, source=source)
    walk.visit(ast.parse(source))
    return walk


def same(source: str) -> list:
    source = textwrap.dedent(source)
    one, two = both(source)
    assert one == two
    return one


FORWARD_METHOD = """
    import lib
    class Frame:
        def use(self):
            self.make().run(1)
        def make(self):
            return lib.build()
"""


def test_a_method_called_above_its_definition_is_walked_again():
    sites = same(FORWARD_METHOD)
    assert any(site[2][0] == "BoundMember" and site[2][2] == "run" for site in sites)
    walk = one_walk_of(textwrap.dedent(FORWARD_METHOD))
    dirty = [unit.node.name for unit in walk.units if not walk.held(unit.reads)]
    assert dirty == ["use"]
    assert walk.sites_again() is not None  # one unit again, not the whole second walk


def test_a_call_of_a_method_defined_below_that_gives_nothing_known_holds():
    """Calling it gives an unknown value before and after its definition: nothing to redo
    (while taking the method itself as a value is read in full)."""
    source = textwrap.dedent("""
        import lib
        class Frame:
            def use(self):
                self.make().run(1)
                lib.keep(self.make, self.other())
            def make(self):
                return 1
            def other(self):
                return lib.build()
    """)
    same(source)
    walk = one_walk_of(source)
    reads = {(kind, name) for unit in walk.units for kind, _, name, _ in unit.reads}
    assert {(5, "make"), (2, "make"), (5, "other")} <= reads
    assert [u.node.name for u in walk.units if not walk.held(u.reads)] == ["use"]
    walk = one_walk_of(source.replace("lib.keep(self.make, self.other())", "pass"))
    assert all(walk.held(unit.reads) for unit in walk.units)


def test_kept_sites_are_the_one_walks_own_when_nothing_read_early():
    source = textwrap.dedent("""
        import lib
        def make():
            return lib.build()
        def use():
            make().run(1)
    """)
    walk = one_walk_of(source)
    assert walk.sites_again() is walk.sites


def test_a_function_called_above_its_definition():
    same("""
        import lib
        def use():
            return later().run(1)
        def later():
            return lib.build()
        use().go()
    """)


def test_a_read_outside_every_function_runs_the_second_walk():
    source = textwrap.dedent("""
        import lib
        class Box:
            made = None
        box = Box()
        box.frame.run(1)
        box.frame = lib.build()
    """)
    same(source)
    walk = one_walk_of(source)
    assert not walk.held(walk.outside) and walk.sites_again() is None


def test_an_attribute_set_below_its_use():
    same("""
        import lib
        class Model:
            def predict(self, x):
                return self.coef_.dot(x)
            def fit(self, x):
                self.coef_ = lib.array(x)
                return self
        Model().fit(1).predict(2).sum()
    """)


def test_a_rewalked_function_that_binds_another_value_runs_the_second_walk():
    source = textwrap.dedent("""
        import lib
        def first():
            return second()
        def second():
            return lib.build()
        first().run(1)
    """)
    same(source)
    walk = one_walk_of(source)
    assert walk.sites_again() is None  # first's value changed: everything after may differ


def test_equal_values_holding_classes_of_the_file_are_not_trusted():
    """The second walk holds two objects per class (its own, and the facts' ones), so
    branches binding "the same" class of the file merge to unknown there."""
    source = textwrap.dedent("""
        import lib
        class Part:
            def go(self):
                return lib.build()
        class Whole:
            def __init__(self):
                self.part = Part()
        whole = Whole()
        if lib.flag:
            x = whole.part
        else:
            x = Part()
        x.go().run(1)
        items = [whole.part, Part()]
        lib.use(items)
    """)
    same(source)
    assert one_walk_of(source).compared_classes


def test_without_the_read_check_sites_differ(monkeypatch):
    """The check is what makes the one walk right (this fails if it always held)."""
    monkeypatch.setattr(OneWalk, "held", lambda self, reads: True)
    one, two = both(textwrap.dedent(FORWARD_METHOD))
    assert one != two


def _parsable_source(path: Path) -> str:
    """The file's text; the test is skipped where today's Python cannot parse it."""
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        ast.parse(source)
    except SyntaxError:
        pytest.skip("not today's Python")
    return source


@pytest.mark.parametrize("path", REAL_FILES + [p for package, limit in (
    ("scipy", 25), ("networkx", 15), ("sympy", 15)) for p in _package_files(package, limit)],
    ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_files_give_the_same_sites(path: Path):
    source = _parsable_source(path)
    one, two = both(source)
    assert one == two


def names_both(source: str) -> tuple:
    """(a project module's names from the one walk, from the two walks)."""
    tree, lines = ast.parse(source), source.splitlines(keepends=True)
    one = module_names(SiteCollector(TypingOracle(), body_lines=lines), tree)
    two = SiteCollector(TypingOracle(), body_lines=lines).module_names(tree)
    return canon(sorted(one.items())), canon(sorted(two.items()))


MODULE = """
        import lib
        def make():
            return later()
        def later():
            return lib.build()
        frame = make()
        early = lib.load()
        class Box:
            def get(self):
                return lib.build()
        box = Box().get()
"""


def test_a_module_s_names_from_one_walk(monkeypatch):
    one, two = names_both(textwrap.dedent(MODULE))
    assert one == two and ["early", ("Instance", "lib", "lib.load", "lib.load", [])] in one
    monkeypatch.setattr(OneWalk, "held", lambda self, reads: True)
    assert names_both(textwrap.dedent(MODULE))[0] != two  # ``make`` read ``later`` before it was defined


@pytest.mark.parametrize("path", REAL_FILES[::2], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_files_give_the_same_module_names(path: Path):
    source = _parsable_source(path)
    one, two = names_both(source)
    assert one == two


def test_real_files_read_facts_early_often():
    """The real files exercise the walking again (else the test above shows little)."""
    again = full = 0
    for path in REAL_FILES:
        source = path.read_text(encoding="utf-8", errors="replace")
        walk = OneWalk(TypingOracle(), None, source=source)
        walk.visit(ast.parse(source))
        sites = walk.sites_again()
        full += sites is None
        again += sites is not None and sites is not walk.sites
    assert again >= 5 and full >= 1

