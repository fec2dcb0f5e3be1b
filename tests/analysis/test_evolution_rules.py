"""Rules that need more of a library's story than one signature: keywords retired into
``**kwargs``, receivers documented as one of several classes, wrappers that copy another
function's documentation, and arguments a release refuses together."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import fix_source
from codesync.knowledge.store import Knowledge
from helpers.fakelib import make_knowledge

FRAMES_1 = '''
import warnings

def _generate(start, end, **kwargs):
    pass

def span(start, end=None, closed=None, **kwargs):
    return _generate(start, end, **kwargs)

class Shadow:
    def __init__(self, offset, alpha=None, patch_alpha=None, **kwargs):
        self._gc = kwargs

class Base:
    def repartition(self, divisions=None, npartitions=None):
        pass

class Frame(Base):
    def describe(self, percentiles=None):
        pass

class Series(Base):
    def describe(self, percentiles=None, include=None):
        pass

def make(data):
    """Wrap data.

    Returns
    -------
    lib.Frame or lib.Series
        What was made.
    """
    return _wrap(data)

def _wrap(data):
    pass

def read(path, sep=None, names=None, prefix=None, index_col=None):
    pass
'''

FRAMES_2 = FRAMES_1.replace('''def span(start, end=None, closed=None, **kwargs):
    return''', '''def span(start, end=None, closed=None, **kwargs):
    if closed is not None:
        warnings.warn("closed is deprecated, use inclusive", FutureWarning)
    return''').replace('''    def __init__(self, offset, alpha=None, patch_alpha=None, **kwargs):''', '''    def __init__(self, offset, alpha=None, patch_alpha=None, **kwargs):
        if patch_alpha is not None:
            warnings.warn("patch_alpha is deprecated", DeprecationWarning)''')

FRAMES_3 = FRAMES_1.replace('''def span(start, end=None, closed=None, **kwargs):''', '''def span(start, end=None, inclusive="both", **kwargs):''').replace(
    '''    def __init__(self, offset, alpha=None, patch_alpha=None, **kwargs):''',
    '''    def __init__(self, offset, alpha=None, **kwargs):''').replace(
    '''    def repartition(self, divisions=None, npartitions=None):''',
    '''    def repartition(self, npartitions=None, divisions=None):''').replace(
    '''    def describe(self, percentiles=None, include=None):''',
    '''    def describe(self, include=None, percentiles=None):''').replace(
    '''def read(path, sep=None, names=None, prefix=None, index_col=None):
    pass''', '''def read(path, sep=None, names=no_default, prefix=no_default, index_col=None):
    if names is not no_default and prefix is not no_default:
        raise ValueError("names and prefix are mutually exclusive")''')

PLOTS = '''
from ._api import _copy_docstring_and_deprecators
from .figure import Figure

def gcf():
    pass

@_copy_docstring_and_deprecators(Figure.colorbar)
def colorbar(mappable=None, **kwargs):
    ret = gcf().colorbar(mappable, **kwargs)
    return ret
'''

FIGURE = '''
class FigureBase:
    def colorbar(self, mappable, **kwargs):
        """Add a colorbar.

        Returns
        -------
        colorbar : `~.colorbar.Colorbar`
        """

class Figure(FigureBase):
    pass
'''


def _colorbar(signature: str) -> str:
    return f"class Colorbar:\n    def set_ticks(self, {signature}):\n        pass\n"


LAZY_1 = "def gone(x):\n    pass\n\ndef expired(x):\n    pass\n\ndef announced(x):\n    pass\n"
LAZY_15 = LAZY_1.replace("def announced(x):\n    pass", "def announced(x):\n    warnings.warn("
                         "'announced is deprecated and will be removed in 2.0', DeprecationWarning)")
LAZY_15 = "import warnings\n" + LAZY_15
LAZY_2 = '''
from ._expired import __expired_attributes__  # the table may live in another module (numpy 2)

def __getattr__(name):
    if name in __expired_attributes__:
        raise AttributeError(__expired_attributes__[name])
    return _load(name)
'''


def _release(frames: str, ticks: str, lazy: str = LAZY_1) -> dict[str, str]:
    return {"lib/__init__.py": "from .frames import *\nfrom . import plots, lazy\n",
            "lib/lazy.py": lazy,
            "lib/_expired.py": '__expired_attributes__ = {"expired": "use `kept` instead"}\n',
            "lib/frames.py": frames, "lib/plots.py": PLOTS, "lib/figure.py": FIGURE,
            "lib/colorbar.py": _colorbar(ticks),
            "lib/_api.py": "def _copy_docstring_and_deprecators(method):\n    pass\n"}


RELEASES = {
    "1.0": _release(FRAMES_1, "ticks, update_ticks=True"),
    "1.5": _release(FRAMES_2, "ticks, update_ticks=True", LAZY_15),
    "2.0": _release(FRAMES_3, "ticks, *, minor=False", LAZY_2),
}


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory) -> Knowledge:
    return make_knowledge(tmp_path_factory.mktemp("evo"), "lib", RELEASES)


def _checker(knowledge, baseline: str | None = "1.5", target: str = "2.0") -> Checker:
    return Checker(knowledge, VersionContext.of({"lib": target}, {"lib": baseline} if baseline else {}))


def findings(knowledge, source: str, baseline: str | None = "1.5"):
    return _checker(knowledge, baseline).check_source(source, "t.py").findings


def fixed(knowledge, source: str, baseline: str | None = "1.5") -> str:
    return fix_source(_checker(knowledge, baseline), source, "t.py")[0]


# keywords retired into **kwargs --------------------------------------------------------------
@pytest.mark.parametrize("baseline", ["1.5", "1.0", None])
def test_a_deprecated_then_removed_keyword_is_incompatible_even_with_kwargs(knowledge, baseline):
    [finding] = findings(knowledge, "import lib\nlib.span(1, closed=None)\n", baseline)
    assert finding.kind == "incompatible-call"
    assert "`closed` was deprecated, then removed in lib 2.0" in finding.message


def test_the_retired_keyword_is_dropped_when_it_held_its_default(knowledge):
    assert fixed(knowledge, "import lib\nlib.span(1, closed=None)\n") == "import lib\nlib.span(1)\n"
    # a real value follows the deprecation's advice; the default is not moved onto a parameter
    # whose values may mean something else
    assert fixed(knowledge, "import lib\nlib.span(1, closed='left')\n") == \
        "import lib\nlib.span(1, inclusive='left')\n"


def test_a_keyword_never_declared_is_left_to_kwargs(knowledge):
    assert findings(knowledge, "import lib\nlib.span(1, freq='D')\n") == []


def test_kwargs_that_are_only_stored_take_the_retired_name_silently(knowledge):
    assert findings(knowledge, "import lib\nlib.Shadow(1, patch_alpha=0.2)\n") == []


def test_forwarding_is_recorded_per_function(knowledge):
    assert knowledge.definition("lib", "2.0", "lib.frames.span").forwards_kwargs
    assert not knowledge.definition("lib", "2.0", "lib.frames.Shadow.__init__").forwards_kwargs


# receivers documented as one of several classes ----------------------------------------------
def test_a_union_receiver_checks_a_member_both_classes_share(knowledge):
    source = "import lib\nlib.make(1).repartition(None, 4)\n"
    [finding] = findings(knowledge, source)
    assert finding.kind == "meaning-changed"
    assert finding.api.endswith(".repartition")
    assert "|" not in finding.api


def test_a_union_receiver_whose_classes_disagree_is_not_checked(knowledge):
    assert findings(knowledge, "import lib\nlib.make(1).describe(None, None)\n") == []


def test_docstring_union_is_stored_as_alternatives(knowledge):
    returns = knowledge.definition("lib", "2.0", "lib.frames.make").returns
    assert set(returns.split("|")) == {"lib.frames.Frame", "lib.frames.Series"}


# wrappers that copy another function's documentation -----------------------------------------
def test_a_wrapper_returns_what_the_function_it_copies_documents(knowledge):
    source = "import lib.plots as plt\ncbar = plt.colorbar(1)\ncbar.set_ticks([1], True)\n"
    [finding] = findings(knowledge, source)
    assert finding.kind == "incompatible-call"
    assert finding.api == "lib.colorbar.Colorbar.set_ticks"


# arguments refused together ------------------------------------------------------------------
@pytest.mark.parametrize(("source", "expected"), [
    ("lib.read('p', names=None, prefix=None)", "lib.read('p')"),
    ("lib.read('p', ',', None, None, 0)", "lib.read('p', ',', index_col=0)"),
    ("lib.read('p', ',', None, prefix=None, index_col=0)", "lib.read('p', ',', index_col=0)"),
])
def test_arguments_refused_together_are_dropped_when_they_restate_defaults(knowledge, source, expected):
    before = f"import lib\n{source}\n"
    [finding] = findings(knowledge, before)
    assert "passing both `names` and `prefix`" in finding.message
    after = fixed(knowledge, before)
    assert after == f"import lib\n{expected}\n"
    assert [f for f in findings(knowledge, after) if f.severity == "error"] == []


def test_arguments_refused_together_with_real_values_are_not_rewritten(knowledge):
    source = "import lib\nlib.read('p', names=['a'], prefix='X')\n"
    assert fixed(knowledge, source) == source


# modules that answer missing names themselves ------------------------------------------------
def test_a_name_a_module_getattr_may_provide_is_not_called_removed(knowledge):
    assert findings(knowledge, "import lib.lazy\nlib.lazy.gone(1)\n", baseline=None) == []


def test_a_name_in_the_modules_expiry_table_is_removed_with_its_advice(knowledge):
    [finding] = findings(knowledge, "import lib.lazy\nlib.lazy.expired(1)\n", baseline=None)
    assert finding.kind == "removed" and "use `kept` instead" in finding.message


def test_a_deprecated_api_that_leaves_a_dynamic_module_is_removed(knowledge):
    [finding] = findings(knowledge, "import lib.lazy\nlib.lazy.announced(1)\n", baseline="1.0")
    assert finding.kind == "removed" and finding.changed_in == "2.0"
