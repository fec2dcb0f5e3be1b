"""Names reached with ``getattr(module, "literal")`` are the module's attributes."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext


def _check(knowledge, source: str):
    versions = VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"})
    return Checker(knowledge, versions).check_source(source, "t.py").findings


def test_a_literal_getattr_of_a_removed_function_is_reported(fake_knowledge):
    findings = _check(fake_knowledge, "import fakelib\nf = getattr(fakelib, 'old_func')\n")
    assert [f.kind for f in findings] == ["removed"]
    assert findings[0].api == "fakelib.old_func"


def test_calling_it_is_reported_once(fake_knowledge):
    findings = _check(fake_knowledge, "import fakelib\ngetattr(fakelib, 'old_func')(1)\n")
    assert [f.kind for f in findings] == ["removed"]


@pytest.mark.parametrize("source", [
    "import fakelib\nf = getattr(fakelib, 'old_func', None)\n",   # a default: absence handled
    "import fakelib\nname = 'old_func'\nf = getattr(fakelib, name)\n",  # not a literal
])
def test_getattr_written_for_absence_or_unknown_names_is_quiet(fake_knowledge, source):
    assert _check(fake_knowledge, source) == []
