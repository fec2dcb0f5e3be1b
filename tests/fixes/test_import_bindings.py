"""Renames inside an import list keep the names other code relies on, in one edit; a
replacement that is another function is only suggested; a removed value the removal table
names a replacement for is replaced."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import attach_fixes, fix_source
from helpers.fakelib import make_knowledge

V1 = '''
Inf = float("inf")
NaN = float("nan")
inf = Inf
nan = NaN
pi = 3.14

def product(a, axis=None):
    pass

def prod(a, axis=None):
    pass

def in1d(ar1, ar2, invert=False):
    pass

def isin(element, test_elements, invert=False):
    pass
'''
V2 = '''
inf = float("inf")
nan = float("nan")
pi = 3.14

__expired_attributes__ = {"Inf": "Use `np.inf` instead.", "NaN": "Use `np.nan` instead.",
                          "product": "Use `np.prod` instead.",
                          "in1d": "Use `np.isin` instead."}

def __getattr__(attr):
    if attr in __expired_attributes__:
        raise AttributeError(__expired_attributes__[attr])
    raise AttributeError(attr)

def prod(a, axis=None):
    pass

def isin(element, test_elements, invert=False):
    pass
'''


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("bind"), "numlib",
                          {"1.0": {"numlib/__init__.py": V1}, "2.0": {"numlib/__init__.py": V2}})


def _checker(knowledge) -> Checker:
    return Checker(knowledge, VersionContext.of({"numlib": "2.0"}, {"numlib": "1.0"}))


def fixed(knowledge, source: str, path: str) -> str:
    return fix_source(_checker(knowledge), source, path)[0]


def test_a_script_renames_the_names(knowledge, tmp_path):
    source = "from numlib import (Inf, NaN, pi)\n"
    assert fixed(knowledge, source, str(tmp_path / "script.py")) == \
        "from numlib import (inf, nan, pi)\n"


def test_a_package_module_keeps_every_name_bound_in_one_edit(knowledge, tmp_path):
    (tmp_path / "__init__.py").write_text("")
    source = "from numlib import (Inf, NaN, pi)\n"
    path = str(tmp_path / "consts.py")
    findings = attach_fixes(_checker(knowledge).check_source(source, path).findings, source)
    assert len(findings) == 2
    assert findings[0].fixes[0] is findings[1].fixes[0]  # one fix for the whole list
    assert fixed(knowledge, source, path) == "from numlib import (inf as Inf, nan as NaN, pi)\n"


def test_a_name_listed_in_all_stays_bound(knowledge, tmp_path):
    source = "from numlib import Inf\n__all__ = ['Inf']\n"
    assert fixed(knowledge, source, str(tmp_path / "m.py")) == \
        "from numlib import inf as Inf\n__all__ = ['Inf']\n"


def test_a_name_used_in_ways_not_understood_stays_bound(knowledge, tmp_path):
    source = "from numlib import Inf\nvalues = {'x': Inf}\ny = globals()['Inf']\n"
    assert fixed(knowledge, source, str(tmp_path / "m.py")).startswith(
        "from numlib import inf as Inf\n")


def test_a_function_with_the_same_parameters_may_stay_bound(knowledge, tmp_path):
    (tmp_path / "__init__.py").write_text("")
    source = "from numlib import product\nv = product(a, 0)\n"
    assert fixed(knowledge, source, str(tmp_path / "m.py")) == \
        "from numlib import prod as product\nv = product(a, 0)\n"


def test_another_function_is_only_suggested(knowledge, tmp_path):
    source = "import numlib\nv = numlib.in1d(a, b)\n"
    path = str(tmp_path / "m.py")
    [finding] = attach_fixes(_checker(knowledge).check_source(source, path).findings, source)
    assert [f.source for f in finding.fixes] == ["suggested"]
    assert fixed(knowledge, source, path) == source
