"""Code nested past the parser's limits is reported as such by check and fix, never a crash."""

from __future__ import annotations

import pytest

from codesync.fixes.apply import attach_fixes, fix_source, module_aliases

DEEP = {
    "unary minus": "x = " + "-" * 3000 + "1\n",
    "attribute chain": "x = a" + ".b" * 3000 + "\n",
    "plus chain": "x = " + "+".join(["1"] * 5000) + "\n",
    "nested lambdas": "x = " + "lambda: " * 500 + "1\n",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_fix_survives_deep_code(name, fake_knowledge):
    from codesync.analysis.checker import Checker, VersionContext

    source = "import fakelib as fl\nfl.old_func(1)\n" + DEEP[name]
    checker = Checker(fake_knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    fixed, applied = fix_source(checker, source, "t.py")
    assert fixed == source and applied == []
    assert checker.check_source(source, "t.py").syntax_error.startswith("too deeply nested")
    assert isinstance(module_aliases(source), dict)  # parses or not, never raises
    assert attach_fixes([], source) == []
