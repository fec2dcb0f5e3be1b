from __future__ import annotations

import textwrap

import pytest

SHIM = """
    import warnings
    from . import _impl

    __all__ = ["matrix"]

    def __getattr__(name):
        if name not in __all__:
            raise AttributeError(f"lib.old has no attribute {name}")
        warnings.warn(f"Please use `{name}` from `lib`; `lib.old` is deprecated.",
                      DeprecationWarning, stacklevel=2)
        return getattr(_impl, name)
    """
IMPL = "class matrix:\n    pass\n"
V1 = {"lib/__init__.py": "from ._impl import matrix\n", "lib/_impl.py": IMPL,
      "lib/old.py": "from ._impl import matrix\n"}
V2 = {**V1, "lib/old.py": SHIM}
TABLE = textwrap.dedent("""
    __deprecated_attrs__ = {}
    _names = [("float", "use `float`")]
    __deprecated_attrs__.update({n: (float, "`lib.{n}` is a deprecated alias; {h}".format(n=n, h=h))
                                 for n, h in _names})

    def __getattr__(attr):
        try:
            value, message = __deprecated_attrs__[attr]
        except KeyError:
            raise AttributeError(attr)
        return value
    """)


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2, "2.1": V2})


def test_a_name_a_closed_getattr_serves_with_a_warning_is_deprecated(judge):
    [finding] = judge("from lib.old import matrix\n", "2.1", "1.0")
    assert (finding.code, finding.changed_in) == ("CS201", "2.0")
    assert "`lib.old.matrix` is deprecated since 2.0" in finding.message
    assert "; use `matrix` from `lib`" in finding.message


def test_the_same_name_from_its_new_home_is_fine(judge):
    assert judge("from lib import matrix\n", "2.1", "1.0") == []


def test_a_name_in_a_deprecation_table_is_deprecated(judge_releases):
    judge = judge_releases({"1.0": {"lib/__init__.py": "def kept():\n    pass\n"},
                            "2.0": {"lib/__init__.py": "def kept():\n    pass\n" + TABLE}})
    [finding] = judge("import lib\nlib.float(1)\n", "2.0")
    assert finding.code == "CS201" and "`lib.float` is a deprecated alias; use `float`" in \
        finding.message


def test_the_import_moves_to_the_package_that_has_the_name(judge_releases, tmp_path):
    from codesync.analysis.checker import Checker, VersionContext
    from codesync.fixes.apply import fix_source
    from helpers.fakelib import make_knowledge

    knowledge = make_knowledge(tmp_path, "lib", {"1.0": V1, "2.0": V2})
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    source = "from lib.old import matrix as m\nx = m()\n"
    assert fix_source(checker, source, "t.py")[0] == "from lib import matrix as m\nx = m()\n"
    several = "from lib.old import matrix, other\n"  # one name of several: left to a person
    assert fix_source(checker, several, "t.py")[0] == several


def test_a_module_that_warns_on_every_access_serves_each_name_deprecated(tmp_path):
    """The record of a dynamic module may carry a deprecation for every name it serves (a
    private module renamed, its ``__getattr__`` warning for all): judged here on such a record."""
    from dataclasses import replace

    from codesync.analysis.checker import Checker, VersionContext
    from codesync.knowledge.model import Deprecation
    from helpers.fakelib import make_knowledge

    shim = "def __getattr__(name):\n    return getattr(_impl, name)\n"
    v2 = {"lib/__init__.py": "from ._impl import matrix\n", "lib/_impl.py": IMPL,
          "lib/old.py": "from . import _impl\n" + shim}
    knowledge = make_knowledge(tmp_path, "lib", {"1.0": V1, "2.0": v2})
    record = Deprecation("lib.old is deprecated and has been renamed to lib._impl.", form="warn")

    plain = knowledge.definition

    def definition(dist, version, path):  # the record as the extractor would give it
        found = plain(dist, version, path)
        if path == "lib.old" and version == "2.0" and found is not None:
            return replace(found, deprecated=record)
        return found

    knowledge.definition = definition
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    [finding] = checker.check_source("import lib.old\nlib.old.matrix()\n", "t.py").findings
    assert finding.code == "CS201" and finding.evidence.deprecation.replacement == "lib.matrix"
    assert checker.check_source("import lib.old\nlib.old._secret\n", "t.py").findings == []
