from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": """
    import warnings
    from . import _impl

    def old(x):
        pass

    def kept(x):
        pass

    class Box:
        def shrink(self):
            pass
    """, "lib/_impl.py": "def helper():\n    pass\n"}
V15 = {**V1, "lib/__init__.py": V1["lib/__init__.py"].replace(
    "def old(x):\n        pass",
    "def old(x):\n        warnings.warn('old is deprecated, use kept', DeprecationWarning)")}
V2 = {"lib/__init__.py": """
    from . import _impl

    def kept(x):
        pass

    class Box:
        pass
    """, "lib/_impl.py": "pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "1.5": V15, "2.0": V2})


def test_a_removed_function_names_the_release_and_the_replacement(judge):
    [finding] = judge("import lib\nlib.old(1)\n", "2.0", "1.0")
    assert (finding.code, finding.changed_in) == ("CS101", "2.0")
    assert "`lib.old` was removed in lib 2.0" in finding.message
    assert "use `lib.kept`" in finding.message
    assert (finding.line, finding.column, finding.end_column) == (2, 4, 7)  # the name only


def test_a_removed_method_of_a_known_class(judge):
    [finding] = judge("import lib\nlib.Box().shrink()\n", "2.0")
    assert finding.kind == "removed" and finding.api == "lib.Box.shrink"


@pytest.mark.parametrize("source", [
    "import lib\nlib.kept(1)\n",                    # still there
    "import lib\nlib.Box().__repr__()\n",           # dunders come from object
    "import lib\nlib._impl.helper()\n",             # private modules are not tracked in full
])
def test_absence_that_proves_nothing_is_not_reported(judge, source):
    assert judge(source, "2.0", "1.0") == []


def test_a_module_dunder_is_never_called_removed(judge_releases):
    judge = judge_releases({"1.0": {"lib/__init__.py": "__version__ = '1.0'\n"},
                            "2.0": {"lib/__init__.py": "def helper():\n    pass\n"}})
    assert judge("import lib\nprint(lib.__version__)\n", "2.0", "1.0") == []
