"""The history service behind `codesync explain` and hover."""

from __future__ import annotations

from codesync.analysis.api_history import HistoryBuilder
from helpers.fakelib import make_knowledge


def test_a_function_that_becomes_a_forwarding_wrapper_is_one_change(tmp_path):
    knowledge = make_knowledge(tmp_path, "lib", {
        "1.0": {"lib/__init__.py": "def product(a, axis=None):\n    pass\n"},
        "2.0": {"lib/__init__.py": "def product(*args, **kwargs):\n    return prod(*args, **kwargs)\n"
                                   "\ndef prod(a, axis=None):\n    pass\n"}})
    changes = HistoryBuilder(knowledge).build("lib.product")["changes"]
    assert [(c["in"], c["kind"]) for c in changes] == [("2.0", "signature-forwarding")]
    assert all(c["after"] == "2.0" for c in changes)
