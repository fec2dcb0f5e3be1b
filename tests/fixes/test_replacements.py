"""Replacements the change data spells out: call templates in deprecation texts, keywords
that take a value, replacements whose parameters match by name, and import lines."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import attach_fixes, fix_source
from helpers.fakelib import make_knowledge

V1 = '''
import warnings

def simps(y, x=None, dx=1.0, axis=-1, even=_NoValue):
    warnings.warn("'lib.simps' is deprecated in favour of 'lib.simpson'", DeprecationWarning)

def simpson(y, *, x=None, dx=1.0, axis=-1):
    pass

def trapz(y, x=None, dx=1.0, axis=-1, even="avg"):
    warnings.warn("trapz is deprecated, use trapezoid", DeprecationWarning)

def trapezoid(y, x=None, dx=1.0, axis=-1):
    pass

def product(a, axis=None):
    warnings.warn("product is deprecated, use prod instead", DeprecationWarning)

def prod(a, axis=None):
    pass

def read(path, sep=",", delim_whitespace=False):
    if delim_whitespace:
        warnings.warn("The 'delim_whitespace' keyword is deprecated. Use ``sep='\\\\s+'`` instead",
                      FutureWarning)

def plot(data):
    warnings.warn("plot is deprecated. Use one of the class methods instead.", DeprecationWarning)
'''
V2 = '''
def simpson(y, *, x=None, dx=1.0, axis=-1):
    pass

def trapezoid(y, x=None, dx=1.0, axis=-1):
    pass

def prod(a, axis=None):
    pass

def read(path, sep=",", delim_whitespace=False):
    pass
'''


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("repl"), "lib",
                          {"1.0": {"lib/__init__.py": V1}, "2.0": {"lib/__init__.py": V2}})


def _checker(knowledge, target: str = "2.0") -> Checker:
    return Checker(knowledge, VersionContext.of({"lib": target}, {"lib": "1.0"}))


def fixed(knowledge, source: str, target: str = "2.0") -> str:
    return fix_source(_checker(knowledge, target), source, "t.py")[0]


def findings(knowledge, source: str, target: str = "2.0"):
    return attach_fixes(_checker(knowledge, target).check_source(source, "t.py").findings, source)


def test_a_replacement_is_called_by_parameter_name(knowledge):
    assert fixed(knowledge, "import lib\nv = lib.simps(y, x)\n") == \
        "import lib\nv = lib.simpson(y, x=x)\n"


def test_a_dropped_parameter_with_a_real_default_blocks_the_rewrite(knowledge):
    # trapz's `even="avg"` decided something trapezoid cannot be told
    source = "import lib\nv = lib.trapz(y, x)\n"
    assert fixed(knowledge, source) == source


def test_the_keyword_value_the_text_names_replaces_a_flag(knowledge):
    source = "import lib\na = lib.read(p, delim_whitespace=True)\nb = lib.read(p, delim_whitespace=False)\n"
    assert fixed(knowledge, source, target="1.0") == source.replace(
        "delim_whitespace=True", "sep=r'\\s+'")
    [first, _] = findings(knowledge, source, target="1.0")
    assert "use `sep=r'\\s+'`" in first.message


def test_an_import_is_reported_once_and_rewritten_with_its_uses(knowledge):
    source = "from lib import simps\nv = simps(y, x)\nw = simps(y)\n"
    [finding] = findings(knowledge, source)
    assert finding.line == 1 and "(2 uses in this file)" in finding.message
    assert fixed(knowledge, source) == "from lib import simpson\nv = simpson(y, x=x)\nw = simpson(y)\n"


def test_an_aliased_import_keeps_its_alias(knowledge):
    source = "from lib import product as p\nv = p(a)\nw = p(b, 0)\n"
    assert [f.line for f in findings(knowledge, source, target="1.0")] == [1]
    assert fixed(knowledge, source) == "from lib import prod as p\nv = p(a)\nw = p(b, 0)\n"


def test_an_import_whose_name_is_used_in_ways_not_understood_is_not_rewritten(knowledge):
    source = "from lib import simps\nsimps = simps\n"
    assert fixed(knowledge, source) == source


def test_a_sentence_that_names_no_api_is_no_replacement(knowledge):
    [finding] = findings(knowledge, "import lib\nlib.plot(d)\n")
    assert "use `" not in finding.message and finding.fixes == []


TABLES_V1 = '''
class float64:
    pass

__deprecated_attrs__ = {"float": (float, "`lib.float` is a deprecated alias. To silence this "
                                  "warning, use `float` by itself. Doing this will not modify "
                                  "any behavior and is safe.")}

def __getattr__(attr):
    try:
        value, message = __deprecated_attrs__[attr]
    except KeyError:
        raise AttributeError(attr)
    return value
'''
TABLES_V2 = '''
class float64:
    pass

__expired_attributes__ = {"double": "Use `float64` instead.",
                          "single": "`lib.single` was a deprecated alias for `float64`."}

def __getattr__(attr):
    if attr in __expired_attributes__:
        raise AttributeError(__expired_attributes__[attr])
    raise AttributeError(attr)
'''


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("tables"), "lib", {
        "1.0": {"lib/__init__.py": TABLES_V1 + "double = float64\nsingle = float64\n"},
        "2.0": {"lib/__init__.py": TABLES_V2}})


def test_a_removed_alias_of_a_builtin_becomes_the_builtin(tables):
    source = "import lib\nx = lib.zeros(dtype=lib.float)\ny = lib.float(3)\n"
    assert fixed(tables, source) == "import lib\nx = lib.zeros(dtype=float)\ny = float(3)\n"


def test_the_builtin_is_not_used_where_the_file_rebinds_its_name(tables):
    source = "import lib\nfloat = None\nx = lib.float\n"
    assert fixed(tables, source) == source


def test_an_expiry_tables_replacement_is_applied(tables):
    source = "import lib\nx = lib.double\ny = lib.double(1)\n"
    assert fixed(tables, source) == "import lib\nx = lib.float64\ny = lib.float64(1)\n"


def test_the_class_an_expired_alias_was_an_alias_for_is_used(tables):
    source = "import lib\nx = lib.single\n"
    assert fixed(tables, source) == "import lib\nx = lib.float64\n"


EXPRESSION_V1 = '''
inf = float("inf")
NINF = -inf
HALF_INF = inf / 2
'''
EXPRESSION_V2 = '''
inf = float("inf")
__expired_attributes__ = {"NINF": "Use `-lib.inf` instead.",
                          "HALF_INF": "Use `lib.inf / 2` instead.",
                          "GONE_CALL": "Use `-lib.make()` instead.",
                          "ELSEWHERE": "Use `-lib.sub.inf` instead."}

def __getattr__(attr):
    if attr in __expired_attributes__:
        raise AttributeError(__expired_attributes__[attr])
    raise AttributeError(attr)
'''


@pytest.fixture(scope="module")
def expressions(tmp_path_factory):
    v1 = EXPRESSION_V1 + "def make():\n    return 1\nGONE_CALL = -make()\nELSEWHERE = -inf\n"
    sub = "inf = float('inf')\n"
    return make_knowledge(tmp_path_factory.mktemp("expressions"), "lib", {
        "1.0": {"lib/__init__.py": v1, "lib/sub.py": sub},
        "2.0": {"lib/__init__.py": EXPRESSION_V2 + "def make():\n    return 1\n", "lib/sub.py": sub}})


@pytest.mark.parametrize(("before", "after"), [
    ("import lib\nx = lib.NINF\n", "import lib\nx = -lib.inf\n"),
    ("import lib as L\nf(L.NINF, key=L.NINF)\n", "import lib as L\nf(-L.inf, key=-L.inf)\n"),
    ("import lib\nx = lib.NINF ** 2\n", "import lib\nx = (-lib.inf) ** 2\n"),
    ("import lib\nx = -lib.NINF\n", "import lib\nx = -(-lib.inf)\n"),
    ("import lib\nx = lib.NINF.real\n", "import lib\nx = (-lib.inf).real\n"),
    ("import lib\nx = 1 - lib.HALF_INF\n", "import lib\nx = 1 - (lib.inf / 2)\n"),
    ("import lib\nx = [lib.HALF_INF, 0]\n", "import lib\nx = [lib.inf / 2, 0]\n"),
])
def test_a_removed_value_becomes_the_expression_its_table_gives(expressions, before, after):
    assert fixed(expressions, before) == after
    compile(after, "t.py", "exec")


@pytest.mark.parametrize("source", [
    "import lib\nx = lib.GONE_CALL\n",  # a call in the expression: nothing proves what it takes
    "import lib\nx = lib.ELSEWHERE\n",  # a name of another module, which the file may not import
    "from lib import NINF\nx = NINF\n",  # an expression cannot be imported
])
def test_an_expression_the_fix_cannot_spell_safely_is_not_applied(expressions, source):
    assert fixed(expressions, source) == source
    assert any(f.kind == "removed" for f in findings(expressions, source))
