"""Walks that record no sites skip function bodies that change nothing outside them
(analysis/body_effects.py). Skipping must never show: the facts the first walk learns, the
sites the second records and a project module's names are the same as when every body is
walked. Checked on snippets, one per way a body reaches outside itself, and on the files of
real packages with an oracle that types every library value it meets."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import textwrap
import warnings
from pathlib import Path

import pytest

from codesync.analysis import flow_definitions
from codesync.analysis.body_effects import body_effects, import_froms
from codesync.analysis.symbols import SiteCollector
from codesync.analysis.values import BoundMember, Instance, Ref, UserClass


class TypingOracle:
    """Types whatever it can: every call of a library path or member gives an instance."""

    def call_result(self, target, call=None):
        name = target.path if isinstance(target, Ref) else f"{target.instance.class_path}.{target.name}"
        return Instance("lib", name, name)

    def attribute_type(self, target):
        return self.call_result(target) if isinstance(target, BoundMember) else None

    def iteration_result(self, target):
        return self.call_result(target) if len(str(target)) % 3 == 0 else None

    def is_library(self, top_level):
        return not top_level.startswith("_")

    def likely_instance(self, members, tops):
        return Instance("lib", "lib.Likely", "lib.Likely", tuple(sorted(members)))


def canon(value, seen=None):
    """A comparable form of facts, values and sites (nodes by position)."""
    if isinstance(value, UserClass):
        return ("class", value.node.lineno, value.node.col_offset, canon(value.base))
    if isinstance(value, ast.AST):
        return (type(value).__name__, getattr(value, "lineno", None),
                getattr(value, "col_offset", None))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(canon(getattr(value, f.name))
                                         for f in dataclasses.fields(value) if f.name != "guards"))
    if isinstance(value, dict):
        return sorted((canon(k), canon(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    return value


def walk(source: str, monkeypatch, gated: bool):
    """(facts learned, sites recorded, module names) of a source."""
    if not gated:
        monkeypatch.setattr(flow_definitions.DefinitionSteps, "_skips_body", lambda *a: False)
        monkeypatch.setattr(flow_definitions.DefinitionSteps, "_skips_class_body", lambda *a: False)
    tree = ast.parse(source)
    collector = SiteCollector(TypingOracle(), source=source)
    recorder = collector._walked(tree)
    facts = recorder.facts
    learned = (canon(dict(facts.returns)), canon(dict(facts.attributes)), canon(dict(facts.methods)))
    names = SiteCollector(TypingOracle(), body_lines=source.splitlines(keepends=True)).module_names(tree)
    monkeypatch.undo()
    return learned, canon(recorder.sites), canon(names)


def same_either_way(source: str, monkeypatch) -> tuple:
    source = textwrap.dedent(source)
    gated = walk(source, monkeypatch, gated=True)
    assert gated == walk(source, monkeypatch, gated=False)
    return gated


# one per way out of a body -----------------------------------------------------------------

def test_a_typed_return_is_learned(monkeypatch):
    learned, _, names = same_either_way("""
        import lib
        def early():
            return later().member()
        def later():
            return lib.make()
    """, monkeypatch)
    assert "later" in str(learned[0]) and "lib.make" in str(names)


def test_an_untyped_return_is_skipped_and_changes_nothing(monkeypatch):
    node = ast.parse("def f(a):\n    return a + 1\n").body[0]
    assert not body_effects(node, {}).returns_value
    same_either_way("""
        import lib
        def f(a):
            x = lib.make()
            return (x, a)
        y = f(1)
    """, monkeypatch)


def test_an_attribute_set_on_self_is_learned(monkeypatch):
    learned, sites, _ = same_either_way("""
        import lib
        class A:
            def use(self):
                self.frame.method(1)
            def setup(self):
                self.frame = lib.make()
    """, monkeypatch)
    assert "frame" in str(learned[1]) and "method" in str(sites)


@pytest.mark.parametrize("target", ["self.frame", "(self.frame, other)", "[*self.frame]"])
def test_attribute_targets_of_statements_keep_the_body(monkeypatch, target):
    learned, _, _ = same_either_way(f"""
        import lib
        class A:
            def setup(self, items):
                for {target} in lib.items():
                    pass
                with lib.opened() as self.handle:
                    pass
    """, monkeypatch)
    assert "handle" in str(learned[1])


def test_an_attribute_target_of_a_comprehension_keeps_the_body(monkeypatch):
    learned, _, _ = same_either_way("""
        import lib
        class A:
            def setup(self):
                [0 for self.frame in lib.items()]
            def use(self):
                self.frame.method()
    """, monkeypatch)
    assert "frame" in str(learned[1])
    bare = "[1for self.x in y]"  # a "for" right after a number is still the keyword
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        node = ast.parse(f"def f(self, y):\n    {bare}\n").body[0]
    assert not body_effects(node, {}).no_comprehension_for(bare)


def test_a_class_defined_in_a_body_keeps_it(monkeypatch):
    _, sites, _ = same_either_way("""
        import lib
        def use():
            class Local:
                def get(self):
                    return lib.make()
            Local().get().method()
    """, monkeypatch)
    assert "method" in str(sites)


def test_an_import_in_a_body_keeps_it(monkeypatch):
    _, sites, _ = same_either_way("""
        def load():
            import lib
            import functools
        def later(frame):
            frame.alpha
            frame.beta
            return frame.gamma()
        functools.partial(later, 1)
    """, monkeypatch)
    node = ast.parse("def f():\n    if x:\n        from . import y\n").body[0]
    assert body_effects(node, {}).imports


def test_a_nested_function_returns_for_itself(monkeypatch):
    tree = ast.parse("def f():\n    def g():\n        return lib.make()\n    g()\n")
    known: dict = {}
    outer = body_effects(tree.body[0], known)
    assert not outer.returns_value and known[tree.body[0].body[0]].returns_value


def test_a_method_body_is_skipped_by_a_walk_for_names_only(monkeypatch):
    _, _, names = same_either_way("""
        import lib
        class A(lib.Base):
            def run(self):
                return lib.make()
        value = A().run()
        frame = lib.make()
    """, monkeypatch)
    assert "frame" in str(names)


def test_from_imports_are_listed_in_source_order_at_every_depth():
    tree = ast.parse(textwrap.dedent("""
        from a import x
        def f():
            try:
                from b import y
            except ImportError:
                from c import z
            else:
                from d import w
            finally:
                from e import v
        class C:
            match q:
                case 1:
                    from f import u
    """))
    assert [node.module for node in import_froms(tree.body)] == list("abcdef")


# real files -------------------------------------------------------------------------------

def _package_files(name: str, limit: int) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return []
    files = sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.py"))
    return files[:: max(1, len(files) // limit)]


REAL_FILES = [path for package, limit in (("email", 20), ("asyncio", 20), ("unittest", 15),
                                          ("json", 5), ("logging", 3), ("codesync", 40),
                                          ("numpy", 40))
              for path in _package_files(package, limit)]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_files_give_the_same_facts_sites_and_names(monkeypatch, path):
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        ast.parse(source)
    except SyntaxError:
        pytest.skip("not today's Python")
    same_either_way(source, monkeypatch)
