"""A call through a likely receiver (a partial result) that fits the guessed class's member
at no stored release was written for another class the function may return: it is not
reported. One that fitted once is (the member changed under it)."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

SOURCE = '''
    class Space:
        def probability(self, condition, given=None):
            pass

    class ProductSpace(Space):
        def probability(self, condition{extra}):
            pass

    def space(x):
        if x.single:
            return x.space
        return ProductSpace(x)
    '''
V1 = {"lib/__init__.py": SOURCE.format(extra=", given=None")}
V2 = {"lib/__init__.py": SOURCE.format(extra="")}


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("fit"), "lib", {"1.0": V1, "2.0": V2})
    return Checker(knowledge, VersionContext.of({"lib": "2.0"}))


def _codes(checker: Checker, call: str) -> list[str]:
    source = f"import lib\nx = object()\nlib.space(x).probability({call})\n"
    return [f.code for f in checker.check_source(source, "t.py").findings]


def test_a_call_that_never_fit_the_guessed_class_is_not_reported(checker):
    assert _codes(checker, "1, 2, 3") == []


def test_a_call_that_fitted_an_earlier_release_is_reported_as_likely(checker):
    assert _codes(checker, "1, given=2") == ["CS203"]
