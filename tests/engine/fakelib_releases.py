"""``fakelib`` in three releases (1.0, 1.1, 2.0): every change kind and deprecation form.

1.1 deprecates, 2.0 removes. Each public function is about one thing, so a test can name it:

    core.old_func     warnings.warn (since, removal, replacement in the message)
    core.new_func     added in 1.1 (the replacement: old_func "renamed" to new_func)
    core.compute      default changed, parameter added, parameter deprecated by a guarded warn
                      (1.1); required parameter added, deprecated parameter removed (2.0)
    core.resize       positional parameter renamed (same place, kind and default)
    core.reorder      positional parameters reordered (2.0)
    core.kwonly       positional -> keyword-only (2.0);  core.back: keyword-only -> positional
    core.moved        definition moved to a private module, same public name (2.0)
    core.pep702_func  PEP 702 ``@deprecated("...")``
    core.doc_dep      ``.. deprecated::`` directive in the docstring
    core.doc_param    ``.. deprecated::`` under a parameter in the Parameters section
    core.dispatched   numpy style: dispatcher decorator, warning in the body
    core.msg_var      message held in a local variable
    core.cat_kw       ``warnings.warn(message=..., category=FutureWarning)``
    core.early_since  message names a version older than the release it appears in
    Frame.append      pandas-style FutureWarning in a method, replacement fakelib.concat
    Frame.to_csv      pandas ``@deprecate_kwarg`` rename (line_terminator -> lineterminator)
    Frame.drop        pandas ``@deprecate_nonkeyword_arguments``
    plotting.*        matplotlib ``_api.rename_parameter`` / ``make_keyword_only`` /
                      ``delete_parameter`` / ``deprecated`` / ``warn_deprecated``
    estimators.*      scikit-learn: constructor parameter deprecated in ``fit``,
                      ``@deprecated`` class
    fakelib (2.0)     module ``__getattr__`` with an ``__expired_functions__`` table

Noise that must not show up as changes: ``class Frame(object)`` -> ``class Frame:`` and a
``setup.py`` that only 1.0 ships.
"""

INIT = '''
from .core import *
from .frame import Frame
from . import plotting, estimators
'''

INIT_2_0 = INIT + '''
__expired_functions__ = {"old_func": "old_func was removed in 2.0, use new_func instead"}

def __getattr__(name):
    raise AttributeError(name)
'''

CORE_1_0 = '''
import warnings

__all__ = ["old_func", "compute", "resize", "reorder", "kwonly", "back", "moved",
           "pep702_func", "doc_dep", "doc_param", "dispatched", "msg_var", "cat_kw",
           "early_since"]

def old_func(x):
    pass

def compute(a, b, c=1, mode="fast", legacy=None):
    pass

def resize(shape, refcheck=True):
    pass

def reorder(a, b, c):
    pass

def kwonly(a, b=1):
    pass

def back(a, *, b=1):
    pass

def moved(x):
    pass

def pep702_func(x):
    pass

def doc_dep(a):
    """Do a thing."""

def doc_param(a, b=None):
    """Do a thing.

    Parameters
    ----------
    a : int
        The a.
    b : int, optional
        The b.
    """

def _dispatcher(ar1, ar2=None):
    return (ar1, ar2)

@array_function_dispatch(_dispatcher)
def dispatched(ar1, ar2=None):
    pass

def msg_var(x):
    pass

def cat_kw(x):
    pass

def early_since(x):
    pass
'''

CORE_1_1 = '''
import warnings
from typing_extensions import deprecated
from ._compat import array_function_dispatch

__all__ = ["old_func", "new_func", "compute", "resize", "reorder", "kwonly", "back", "moved",
           "pep702_func", "doc_dep", "doc_param", "dispatched", "msg_var", "cat_kw",
           "early_since"]

def old_func(x):
    warnings.warn("old_func is deprecated since version 1.1 and will be removed in 2.0; "
                  "use new_func instead", DeprecationWarning, stacklevel=2)

def new_func(x):
    pass

def compute(a, b, c=1, mode="auto", legacy=None, d=None):
    if legacy is not None:
        warnings.warn("the legacy argument is deprecated", FutureWarning)

def resize(new_shape, refcheck=True):
    pass

def reorder(a, b, c):
    pass

def kwonly(a, b=1):
    pass

def back(a, *, b=1):
    pass

def moved(x):
    pass

@deprecated("pep702_func is deprecated, use new_func instead")
def pep702_func(x):
    pass

def doc_dep(a):
    """Do a thing.

    .. deprecated:: 1.1
        ``doc_dep`` will be removed in 2.0. Please use `new_func` instead.
    """

def doc_param(a, b=None):
    """Do a thing.

    Parameters
    ----------
    a : int
        The a.
    b : int, optional
        The b.

        .. deprecated:: 1.1
            ``b`` is ignored.
    """

def _dispatcher(ar1, ar2=None):
    return (ar1, ar2)

@array_function_dispatch(_dispatcher)
def dispatched(ar1, ar2=None):
    warnings.warn("`dispatched` is deprecated. Use `fakelib.new_func` instead.",
                  DeprecationWarning, stacklevel=2)

def msg_var(x):
    msg = "msg_var is deprecated as of 1.1 and will be removed in 2.0"
    warnings.warn(msg, DeprecationWarning)

def cat_kw(x):
    warnings.warn(message="cat_kw is deprecated, use new_func instead", category=FutureWarning)

def early_since(x):
    warnings.warn("early_since has been deprecated since 0.9", DeprecationWarning)
'''

CORE_2_0 = '''
from ._impl import moved

__all__ = ["new_func", "compute", "resize", "reorder", "kwonly", "back", "moved", "dispatched"]

def new_func(x):
    pass

def compute(a, b, c=1, mode="auto", d=None, *, e):
    pass

def resize(new_shape, refcheck=True):
    pass

def reorder(b, a, c):
    pass

def kwonly(a, *, b=1):
    pass

def back(a, b=1):
    pass

def dispatched(ar1, ar2=None):
    pass
'''

IMPL_2_0 = '''
def moved(x):
    pass
'''

FRAME_1_0 = '''
class Frame(object):
    def __init__(self, data=None, copy=False):
        pass

    def append(self, other, ignore_index=False):
        pass

    def to_csv(self, path, line_terminator=None):
        pass

    def drop(self, labels=None, axis=0, index=None):
        pass
'''

FRAME_1_1 = '''
import warnings
from ._decorators import deprecate_kwarg, deprecate_nonkeyword_arguments

class Frame(object):
    def __init__(self, data=None, copy=False):
        pass

    def append(self, other, ignore_index=False):
        warnings.warn(
            "The frame.append method is deprecated and will be removed from fakelib in a "
            "future version. Use fakelib.concat instead.", FutureWarning, stacklevel=2)

    @deprecate_kwarg(old_arg_name="line_terminator", new_arg_name="lineterminator")
    def to_csv(self, path, lineterminator=None):
        pass

    @deprecate_nonkeyword_arguments(version="2.0", allowed_args=["self", "labels"])
    def drop(self, labels=None, axis=0, index=None):
        pass
'''

FRAME_2_0 = '''
class Frame:
    def __init__(self, data=None, copy=False):
        pass

    def to_csv(self, path, lineterminator=None):
        pass

    def drop(self, labels=None, *, axis=0, index=None):
        pass
'''

PLOTTING_1_0 = '''
def rename(x, old=None):
    pass

def keyword(x, scalex=True, scaley=True):
    pass

def delete(x, extra=None):
    pass

def old_plot(x):
    pass

def new_plot(x):
    pass

def warn_dep(x):
    pass
'''

PLOTTING_1_1 = '''
from . import _api

@_api.rename_parameter("1.1", "old", "new")
def rename(x, new=None):
    pass

@_api.make_keyword_only("1.1", "scalex")
def keyword(x, scalex=True, scaley=True):
    pass

@_api.delete_parameter("1.1", "extra")
def delete(x, extra=None):
    pass

@_api.deprecated("1.1", alternative="new_plot")
def old_plot(x):
    pass

def new_plot(x):
    pass

def warn_dep(x):
    _api.warn_deprecated("1.1", message="warn_dep is deprecated", alternative="new_plot")
'''

PLOTTING_2_0 = '''
def rename(x, new=None):
    pass

def keyword(x, *, scalex=True, scaley=True):
    pass

def delete(x):
    pass

def new_plot(x):
    pass
'''

ESTIMATORS_1_0 = '''
class Encoder:
    def __init__(self, sparse=True):
        self.sparse = sparse

class OldEstimator:
    def __init__(self, alpha=1.0):
        pass
'''

ESTIMATORS_1_1 = '''
import warnings
from .utils import deprecated

class Encoder:
    def __init__(self, sparse="deprecated", sparse_output=True):
        self.sparse = sparse
        self.sparse_output = sparse_output

    def fit(self, X):
        if self.sparse != "deprecated":
            warnings.warn("`sparse` was renamed to `sparse_output` in version 1.1 and will be "
                          "removed in 1.3.", FutureWarning)
        return self

@deprecated("OldEstimator is deprecated in 1.1 and will be removed in 2.0. Use Encoder instead.")
class OldEstimator:
    def __init__(self, alpha=1.0):
        pass
'''

ESTIMATORS_2_0 = '''
class Encoder:
    def __init__(self, sparse_output=True):
        self.sparse_output = sparse_output

    def fit(self, X):
        return self
'''

SETUP_PY = '''
from setuptools import setup
def build_helper():
    pass
setup(name="fakelib")
'''

RELEASES = {
    "1.0": {
        "fakelib/__init__.py": INIT,
        "fakelib/core.py": CORE_1_0,
        "fakelib/frame.py": FRAME_1_0,
        "fakelib/plotting.py": PLOTTING_1_0,
        "fakelib/estimators.py": ESTIMATORS_1_0,
        "setup.py": SETUP_PY,
    },
    "1.1": {
        "fakelib/__init__.py": INIT,
        "fakelib/core.py": CORE_1_1,
        "fakelib/frame.py": FRAME_1_1,
        "fakelib/plotting.py": PLOTTING_1_1,
        "fakelib/estimators.py": ESTIMATORS_1_1,
        "fakelib/_api.py": "def deprecated(*args, **kwargs):\n    pass\n",
        "fakelib/utils.py": "def deprecated(extra=''):\n    pass\n",
    },
    "2.0": {
        "fakelib/__init__.py": INIT_2_0,
        "fakelib/core.py": CORE_2_0,
        "fakelib/_impl.py": IMPL_2_0,
        "fakelib/frame.py": FRAME_2_0,
        "fakelib/plotting.py": PLOTTING_2_0,
        "fakelib/estimators.py": ESTIMATORS_2_0,
    },
}
