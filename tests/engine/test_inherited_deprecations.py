"""A parameter deprecation warned by a callee in another module or class reaches the public
function that hands the parameter on: through ``super().__init__``, through a module helper
imported from elsewhere, and through a ``self`` attribute that the class's constructor sets."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from .ensemble import Boosting
        from .linear import Lars
    ''',
    "fakelib/_base.py": '''
        import warnings

        class BaseEnsemble:
            def __init__(self, estimator=None, base_estimator="deprecated"):
                self.estimator = estimator
                self.base_estimator = base_estimator

            def _validate(self):
                if self.base_estimator != "deprecated":
                    warnings.warn("`base_estimator` was renamed to `estimator`", FutureWarning)

        def _deprecate_normalize(normalize, estimator_name):
            if normalize != "deprecated":
                warnings.warn(f"'normalize' was deprecated in {estimator_name}", FutureWarning)
            return False
    ''',
    "fakelib/ensemble.py": '''
        from ._base import BaseEnsemble

        class Middle(BaseEnsemble):
            def __init__(self, estimator=None, *, base_estimator="deprecated"):
                super().__init__(estimator=estimator, base_estimator=base_estimator)

        class Boosting(Middle):
            def __init__(self, estimator=None, *, rate=1.0, base_estimator="deprecated"):
                super().__init__(estimator=estimator, base_estimator=base_estimator)
                self.rate = rate
    ''',
    "fakelib/linear.py": '''
        from ._base import _deprecate_normalize

        class Lars:
            def __init__(self, normalize="deprecated", copy=True):
                self.normalize = normalize
                self.copy = copy

            def fit(self, X, y):
                _deprecate_normalize(self.normalize, estimator_name="Lars")
                return self
    ''',
}


def test_deprecations_follow_the_parameters_handed_on():
    definitions = snapshot(FILES).definitions
    base = definitions["fakelib._base.BaseEnsemble.__init__"]
    assert set(base.param_deprecations) == {"base_estimator"}  # not `estimator`, the advice
    boosting = definitions["fakelib.ensemble.Boosting.__init__"]
    assert set(boosting.param_deprecations) == {"base_estimator"}
    assert boosting.param_deprecations["base_estimator"].replacement == "estimator"
    lars = definitions["fakelib.linear.Lars.__init__"]
    assert set(lars.param_deprecations) == {"normalize"}
    assert not definitions["fakelib.linear.Lars.fit"].param_deprecations


def test_a_default_change_notice_is_not_a_deprecated_parameter():
    files = {
        "fakelib/__init__.py": '''
            import warnings

            def _check_dual(dual):
                if dual == "warn":
                    warnings.warn("The default value of `dual` will change from `True` to "
                                  "'auto' in 1.5.", FutureWarning)
                    return True
                return dual

            class SVC:
                def __init__(self, dual="warn", tol=1e-4):
                    self.dual = dual

                def fit(self, X):
                    _check_dual(self.dual)

            def smooth(x, window=None):
                if window is None:
                    warnings.warn("The default of window will change to 5.", FutureWarning)
        ''',
    }
    definitions = snapshot(files).definitions
    assert not definitions["fakelib.SVC.__init__"].param_deprecations
    assert not definitions["fakelib.smooth"].param_deprecations


def test_a_warning_about_what_a_value_holds_does_not_travel():
    """``check(X)`` warns when ``X`` is a matrix (a deprecation of some inputs, scoped by its
    message where the checker reports it): it does not make ``X`` of ``fit``, which is always
    passed, or ``sample_weight``, which the message does not name, deprecated."""
    files = {
        "fakelib/__init__.py": '''
            import warnings
            from ._validation import check

            class Model:
                def fit(self, X, y=None, sample_weight=None):
                    check(X)
                    check(sample_weight)
        ''',
        "fakelib/_validation.py": '''
            import warnings
            import numpy as np

            def check(array, copy=False):
                if isinstance(array, np.matrix):
                    warnings.warn("np.matrix usage is deprecated", FutureWarning)
                return array
        ''',
    }
    definitions = snapshot(files).definitions
    assert not definitions["fakelib.Model.fit"].param_deprecations


def test_a_property_whose_getter_warns_is_deprecated():
    files = {
        "fakelib/__init__.py": '''
            import warnings

            class GroupBy:
                @property
                def grouper(self):
                    warnings.warn("GroupBy.grouper is deprecated", FutureWarning, stacklevel=2)
                    return self._grouper

                @property
                def ngroups(self):
                    if self._old:
                        warnings.warn("old mode is deprecated", FutureWarning)
                    return 3
        ''',
    }
    definitions = snapshot(files).definitions
    assert definitions["fakelib.GroupBy.grouper"].deprecated is not None
    plain = definitions.get("fakelib.GroupBy.ngroups")  # a plain property is folded away
    assert plain is None or plain.deprecated is None


def test_a_parameter_named_only_as_a_word_of_the_message_does_not_inherit():
    """A helper's warning about some values ("a string of single character colors") is not a
    deprecation of the caller's ``colors``, though the word is in its text; a message that
    names the parameter (quoted, ``name=``, next to "argument", or code-shaped) is."""
    files = {
        "fakelib/__init__.py": '''
            from ._colors import to_rgba, set_width, set_style, set_line_width, shift

            class Lines:
                def __init__(self, colors=None, width=None, style=None, line_width=None,
                             offset=None):
                    to_rgba(colors)
                    set_width(width)
                    set_style(style)
                    set_line_width(line_width)
                    shift(offset=offset)
        ''',
        "fakelib/_colors.py": '''
            import warnings

            def to_rgba(colors=None):
                if colors is not None:
                    warnings.warn("Using a string of single character colors as a color "
                                  "sequence is deprecated", DeprecationWarning)

            def set_width(width=None):
                if width is not None:
                    warnings.warn("The width argument is deprecated", DeprecationWarning)

            def set_style(style=None):
                if style is not None:
                    warnings.warn("Passing style= is deprecated; use the rc file",
                                  DeprecationWarning)

            def set_line_width(line_width=None):
                if line_width is not None:
                    warnings.warn("line_width was deprecated in 2.0", DeprecationWarning)

            def shift(offset=None):
                """Shift.

                Parameters
                ----------
                offset : int, optional
                    How far.

                    .. deprecated:: 1.1.0
                        You should add the offset to the index afterwards.
                """
        ''',
    }
    definitions = snapshot(files).definitions
    assert "colors" in definitions["fakelib._colors.to_rgba"].param_deprecations  # its own
    lines = definitions["fakelib.Lines.__init__"]
    # a parameter's docstring entry deprecates the parameter itself: a mention will do
    assert set(lines.param_deprecations) == {"width", "style", "line_width", "offset"}
