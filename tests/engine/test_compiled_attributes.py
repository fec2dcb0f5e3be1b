"""A class whose methods hand ``self`` to a function of a compiled module (numpy 2.4's
``finfo._init``: ``_populate_finfo_constants(self, dtype)``) may have any attribute: its
members are not all known, so none is taken for removed."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": "from fakelib.limits import Info, Plain\n",
    "fakelib/_ext/__init__.py": "",  # fakelib._ext._umath has no source: a compiled module
    "fakelib/helpers.py": "def describe(obj):\n    return repr(obj)\n",
    "fakelib/limits.py": '''
from fakelib._ext._umath import populate
from fakelib import helpers


class Info:
    def __init__(self, dtype):
        self.dtype = dtype
        populate(self, dtype)


class Plain:
    def __init__(self):
        self.size = 1
        helpers.describe(self)

    def contains(self, other):
        return populate(self, other)  # a result, not an effect on self
''',
}


def test_self_handed_to_a_compiled_function_leaves_the_members_open():
    snap = snapshot(FILES)
    assert snap.exports["fakelib.Info"] == "fakelib.limits.Info"
    assert not snap.definitions["fakelib.limits.Info"].members_complete


def test_self_handed_to_a_function_with_source_keeps_them_known():
    snap = snapshot(FILES)
    assert snap.definitions["fakelib.limits.Plain"].members_complete
