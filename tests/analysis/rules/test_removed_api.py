from __future__ import annotations

import textwrap

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


CLOSED_GETATTR = textwrap.dedent("""
    _moved = {"old_name": "use new_name"}

    def new_name():
        pass

    def __getattr__(name):
        if name in _moved:
            return new_name
        raise AttributeError(name)
    """)


def test_a_module_getattr_that_serves_a_closed_set_proves_other_names_gone(judge_releases):
    judge = judge_releases({"1.0": {"lib/__init__.py": "def gone():\n    pass\n" + CLOSED_GETATTR},
                            "2.0": {"lib/__init__.py": CLOSED_GETATTR}})
    [finding] = judge("import lib\nlib.gone()\n", "2.0", "1.0")
    assert (finding.code, finding.changed_in) == ("CS101", "2.0")
    assert judge("import lib\nlib.old_name()\n", "2.0", "1.0") == []  # it still serves this one


def test_a_module_getattr_that_serves_anything_proves_nothing(judge_releases):
    open_getattr = "def __getattr__(name):\n    return name\n"
    judge = judge_releases({"1.0": {"lib/__init__.py": "def gone():\n    pass\n" + open_getattr},
                            "2.0": {"lib/__init__.py": open_getattr}})
    assert judge("import lib\nlib.gone()\n", "2.0", "1.0") == []


EXPIRY = textwrap.dedent("""
    _aliases = [("float", "Use `float` by itself."), ("int", "Use `int` by itself.")]
    _msg = "module 'lib' has no attribute '{n}'. {hint}"
    __former_attrs__ = {n: _msg.format(n=n, hint=hint) for n, hint in _aliases}

    def __getattr__(attr):
        try:
            return _cache[attr]
        except KeyError:
            pass
        if attr in __former_attrs__:
            raise AttributeError(__former_attrs__[attr])
        raise AttributeError(attr)
    """)


def test_a_name_no_release_defined_but_the_expiry_table_lists_is_removed(judge_releases):
    # numpy's np.float: an alias of a builtin, never a definition of the library's own
    judge = judge_releases({"1.0": {"lib/__init__.py": "def kept():\n    pass\n"},
                            "2.0": {"lib/__init__.py": "def kept():\n    pass\n" + EXPIRY},
                            "2.1": {"lib/__init__.py": "def kept():\n    pass\n" + EXPIRY}})
    [finding] = judge("import lib\nlib.float(3)\n", "2.1")
    assert (finding.code, finding.changed_in) == ("CS101", "2.0")
    assert "use `float` by itself" in finding.message
    assert judge("import lib\nlib.complex(3)\n", "2.1") == []  # not listed: may be served


def test_a_removed_property_is_reported_when_the_class_sets_no_such_attribute(judge_releases):
    v1 = {"lib/__init__.py": """
        class Graph:
            @property
            def nodes(self):
                return 1

            node = nodes

            @property
            def size(self):
                return 2
        """}
    v2 = {"lib/__init__.py": """
        class Graph:
            def __init__(self):
                self.size = 2

            @property
            def nodes(self):
                return 1
        """}
    judge = judge_releases({"1.0": v1, "2.0": v2})
    [finding] = judge("import lib\ng = lib.Graph()\nprint(g.node)\n", "2.0", "1.0")
    assert finding.code == "CS101" and finding.api == "lib.Graph.node"
    assert judge("import lib\nprint(lib.Graph().size)\n", "2.0", "1.0") == []  # now set on self


def test_a_method_kept_as_a_class_attribute_alias_is_removed_when_called(judge_releases):
    v1 = {"lib/__init__.py": """
        class Canvas:
            def draw(self):
                pass

            def show(self):
                pass
        """}
    v2 = {"lib/__init__.py": v1["lib/__init__.py"].replace(
        "def show(self):\n                pass", "show = staticmethod(print)")}
    v3 = {"lib/__init__.py": "class Canvas:\n    def draw(self):\n        pass\n"}
    v3_set = {"lib/__init__.py": v3["lib/__init__.py"] + "\n    def setup(self):\n"
              "        self.show = self.draw\n"}
    judge = judge_releases({"1.0": v1, "2.0": v2, "3.0": v3})
    [finding] = judge("import lib\nlib.Canvas().show()\n", "3.0")
    assert finding.code == "CS101" and finding.api == "lib.Canvas.show"
    assert judge("import lib\nprint(lib.Canvas().show)\n", "3.0") == []  # a value read: may be set
    judge = judge_releases({"1.0": v1, "2.0": v2, "3.0": v3_set})
    assert judge("import lib\nlib.Canvas().show()\n", "3.0") == []  # set on self now


def test_a_name_dropped_from_the_deprecation_table_is_removed(judge_releases):
    served = textwrap.dedent("""
        __deprecated_attrs__ = {"float": (float, "`lib.float` is an alias. Use `float` itself.")}

        def __getattr__(attr):
            try:
                value, message = __deprecated_attrs__[attr]
            except KeyError:
                pass
            else:
                return value
            raise AttributeError(attr)
        """)
    gone = served.replace('"float": (float, "`lib.float` is an alias. Use `float` itself.")', "")
    judge = judge_releases({"1.0": {"lib/__init__.py": served},
                            "2.0": {"lib/__init__.py": gone}})
    [finding] = judge("import lib\nlib.float(1)\n", "2.0")
    assert (finding.code, finding.changed_in) == ("CS101", "2.0")
    assert finding.message.endswith("; `lib.float` is an alias. Use `float` itself")
    [deprecated] = judge("import lib\nlib.float(1)\n", "1.0")
    assert deprecated.code == "CS201"


def test_a_name_dropped_from_all_but_still_imported_is_not_removed(judge_releases):
    judge = judge_releases({
        "1.0": {"lib/__init__.py": "", "lib/common.py": "from .inference import is_list\n",
                "lib/inference.py": "def is_list(x):\n    pass\n"},
        "2.0": {"lib/__init__.py": "", "lib/inference.py": "def is_list(x):\n    pass\n",
                "lib/common.py": "from .inference import is_list\n\n__all__ = ['other']\n\n"
                                 "def other():\n    pass\n"}})
    assert judge("from lib.common import is_list\n", "2.0", "1.0") == []


def test_a_removal_carries_the_advice_its_deprecation_gave_in_words(judge_releases):
    """The deprecation names no single replacement ("use one of the class methods ..."), so
    the removal repeats its advice rather than saying nothing."""
    deprecated = ("import warnings\n\nclass Display:\n    @classmethod\n"
                  "    def from_estimator(cls, est):\n        pass\n\n"
                  "def plot(est):\n    warnings.warn('plot is deprecated in 1.0 and will be "
                  "removed in 2.0. Use one of the class methods: Display.from_estimator or "
                  "Display.from_predictions.', FutureWarning)\n")
    removed = deprecated[:deprecated.index("def plot")]
    judge = judge_releases({"1.0": {"lib/__init__.py": deprecated},
                            "2.0": {"lib/__init__.py": removed}})
    [finding] = judge("import lib\nlib.plot(e)\n", "2.0", "1.0")
    assert finding.kind == "removed"
    assert finding.message.endswith("use one of the class methods: Display.from_estimator or "
                                    "Display.from_predictions")


def test_a_name_served_by_the_module_after_its_definition_went_is_removed_when_serving_stops(
        judge_releases):
    """1.0 defines OLD; 2.0 serves it from __getattr__ with a warning; 3.0 drops it: without a
    baseline the removal is dated 3.0, not 2.0, with the warning's advice."""
    served = ("import warnings\n\nNEW = 1\n_old = {'OLD': 1}\n\n"
              "def __getattr__(name):\n    if name in _old:\n"
              "        warnings.warn(f'{name} is deprecated and will be removed in 3. Use NEW "
              "instead', DeprecationWarning)\n        return _old[name]\n"
              "    raise AttributeError(name)\n")
    judge = judge_releases({"1.0": {"lib/__init__.py": "NEW = 1\nOLD = 1\n"},
                            "2.0": {"lib/__init__.py": served},
                            "3.0": {"lib/__init__.py": "NEW = 1\n"}})
    [finding] = judge("import lib\nx = lib.OLD\n", "3.0")
    assert finding.kind == "removed" and finding.changed_in == "3.0"
    assert "Use NEW instead" in finding.message
    [finding] = judge("import lib\nx = lib.OLD\n", "2.0")
    assert finding.kind == "deprecated"
