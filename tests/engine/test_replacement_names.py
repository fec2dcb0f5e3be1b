"""The replacement a deprecation text names: an API or parameter, never a word of prose."""

from __future__ import annotations

import pytest

from codesync.engine.deprecations import replacement_name


@pytest.mark.parametrize(("text", "expected"), [
    ("msort is deprecated, use np.sort(a, axis=0) instead", "np.sort"),
    ("'closed' is deprecated, use 'inclusive' instead", "inclusive"),
    ("renamed to :func:`scipy.integrate.simpson`", "scipy.integrate.simpson"),
    ("Function plot is deprecated. Use one of the class methods instead.", None),
    ("Deprecated; use them directly.", None),
    ("past_key_values is deprecated and will be removed in 6.0.0. Use 6.0.0 style.", None),
    # several replacements: which one takes an old name's place is not said
    ("The old_a and old_b arguments are deprecated. Instead use new_a and new_b.", None),
    ("'how' is deprecated, use `first` or `last` instead", None),
    ("deprecated; please use np.sort, or np.argsort", None),
    ("use concat() instead, and pass ignore_index", "concat"),
    # what follows "instead" is no second name (networkx 2.6-2.8's to_numpy_matrix)
    ("Use to_numpy_array instead, e.g. np.asmatrix(to_numpy_array(G, **kwargs))",
     "to_numpy_array"),
])
def test_replacement_names(text, expected):
    assert replacement_name(text) == expected


def test_a_function_named_like_a_word_is_still_a_replacement():
    text = "`alltrue` is deprecated as of NumPy 1.25.0. Please use `all` instead."
    assert replacement_name(text) == "all"


def test_one_warning_over_two_parameters_naming_two_replacements_gives_no_rename():
    """A rename is a fix: giving both old parameters the first new name would be wrong for
    the second, so a deprecation with several replacements names none."""
    from helpers.fakelib import snapshot

    files = {"fakelib/__init__.py": '''
        import warnings

        class Joint:
            def __init__(self, parent_point=None, child_point=None, parent_pos=None,
                         child_pos=None):
                if parent_pos is not None or child_pos is not None:
                    warnings.warn("The parent_pos and child_pos arguments are deprecated. "
                                  "Instead use parent_point and child_point.",
                                  DeprecationWarning)
    '''}
    init = snapshot(files).definitions["fakelib.Joint.__init__"]
    assert set(init.param_deprecations) == {"parent_pos", "child_pos"}
    assert all(d.replacement is None for d in init.param_deprecations.values())
