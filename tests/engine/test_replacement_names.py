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
])
def test_replacement_names(text, expected):
    assert replacement_name(text) == expected


def test_a_function_named_like_a_word_is_still_a_replacement():
    text = "`alltrue` is deprecated as of NumPy 1.25.0. Please use `all` instead."
    assert replacement_name(text) == "all"
