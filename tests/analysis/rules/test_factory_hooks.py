"""A module attribute's life through a ``__getattr__`` a factory makes (attrs'
``__author__``: a plain value, then served with a warning, then gone): the checker says
deprecated while the hook warns and removed once it no longer serves the name."""

from __future__ import annotations

import pytest

HOOK = """
    __all__ = ["__author__", "__version__", "define"]  # as attrs' lists them
    from lib._meta import _make_getattr
    __getattr__ = _make_getattr(__name__)
    def define(): pass
"""
META_WARNS = """
    def _make_getattr(mod_name):
        def __getattr__(name):
            if name not in ("__author__", "__version__"):
                raise AttributeError(name)
            import warnings
            if name != "__version__":
                warnings.warn(f"Accessing {mod_name}.{name} is deprecated", DeprecationWarning)
            return "x"
        return __getattr__
"""
META_CLOSED = """
    def _make_getattr(mod_name):
        def __getattr__(name):
            if name not in ("__version__",):
                raise AttributeError(name)
            return "1"
        return __getattr__
"""
RELEASES = {
    "1.0": {"lib/__init__.py": "__all__ = ['__author__', '__version__', 'define']\n"
                               "__author__ = 'me'\n__version__ = '1.0'\ndef define(): pass\n"},
    "2.0": {"lib/__init__.py": HOOK, "lib/_meta.py": META_WARNS},
    "3.0": {"lib/__init__.py": HOOK, "lib/_meta.py": META_CLOSED},
}
SOURCE = "import lib\nprint(lib.__author__, lib.__version__)\n"


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases(RELEASES)


def test_a_name_the_hook_serves_with_a_warning_is_deprecated(judge):
    [finding] = judge(SOURCE, "2.0", "1.0")
    assert finding.code == "CS201" and "lib.__author__" in finding.message


def test_a_name_the_hook_no_longer_serves_is_removed(judge):
    [finding] = judge(SOURCE, "3.0", "1.0")
    assert finding.code == "CS101" and "__author__" in finding.message
