"""A module parsed for another file's import is not parsed again for its own check
(tree_cache.py): the check takes the tree, and finds what a fresh parse finds."""

from __future__ import annotations

import ast
import textwrap

from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.tree_cache import TreeCache

COMPAT = """\
    import fakelib as fl
    from . import app  # a cycle: app imports this module too

    FRAME = fl.load("x")

    def read(path):
        return fl.load(path)

    class Holder:
        def __init__(self):
            self.frame = fl.load("y")

        def grow(self):
            return self.frame.append(1)

    read("c").append(1)
    """
APP = """\
    from .compat import fl, read, FRAME

    fl.old_func(1)
    read("a").append(1)
    FRAME.append(1)
    """


def _project(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "compat.py").write_text(textwrap.dedent(COMPAT))
    (pkg / "app.py").write_text(textwrap.dedent(APP))
    return pkg


def _checker(knowledge, batch: bool = True) -> Checker:
    checker = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    if batch:
        checker.for_batch()
    return checker


def _findings(checker: Checker, path) -> list[tuple]:
    result = checker.check_source(path.read_text(), str(path))
    return [(f.line, f.column, f.code, f.message) for f in result.findings]


def _counting_parses(monkeypatch) -> list[int]:
    parsed: list[int] = []
    real = ast.parse

    def parse(source, *args, **kwargs):
        parsed.append(len(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", parse)
    return parsed


def test_a_module_walked_for_an_import_is_not_parsed_again_for_its_check(
        fake_knowledge, tmp_path, monkeypatch):
    pkg = _project(tmp_path)
    fresh = _checker(fake_knowledge)
    expected = [_findings(fresh, pkg / "app.py"), _findings(fresh, pkg / "compat.py")]
    fresh_again = _checker(fake_knowledge, batch=False)  # as the editor: no trees kept
    assert [_findings(fresh_again, pkg / "app.py"),
            _findings(fresh_again, pkg / "compat.py")] == expected

    checker = _checker(fake_knowledge)
    parsed = _counting_parses(monkeypatch)
    assert _findings(checker, pkg / "app.py") == expected[0]
    compat_size = len((pkg / "compat.py").read_text())
    assert parsed.count(compat_size) == 1  # parsed once, for app's import
    assert _findings(checker, pkg / "compat.py") == expected[1]
    assert parsed.count(compat_size) == 1  # its own check took that tree
    assert expected[1]  # the shared tree still gives the module's own findings
    assert not fresh_again.modules.trees._trees


def test_nothing_is_kept_until_a_check_asks():
    cache = TreeCache()
    tree = cache.parse("x = 1\n", "m.py")
    assert cache.take("x = 1\n") is None  # the language server parses elsewhere: none kept
    assert cache.parse("x = 1\n", "m.py") is not tree
    kept = cache.parse("x = 1\n", "m.py")
    assert cache.parse("x = 1\n", "m.py") is kept  # a walk at another depth
    assert cache.take("x = 1\n") is kept
    assert cache.take("x = 1\n") is None  # a file is checked once


def test_the_oldest_trees_make_room():
    cache = TreeCache(capacity=20)
    cache.take("")
    texts = [f"v{n} = {n}\n" for n in range(5)]  # 7 characters each: two fit
    trees = [cache.parse(text, "m.py") for text in texts]
    assert [cache.take(text) for text in texts] == [None, None, None, trees[3], trees[4]]
    assert cache.parse("x" * 30 + " = 1\n", "big.py") is not None
    assert cache.take("x" * 30 + " = 1\n") is None  # larger than the cache: never kept
