from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def write(data, line_terminator=None):\n    pass\n"}
V2 = {"lib/__init__.py": """
    from ._decorators import deprecate_kwarg

    @deprecate_kwarg(old_arg_name="line_terminator", new_arg_name="lineterminator")
    def write(data, lineterminator=None):
        pass
    """, "lib/_decorators.py": "def deprecate_kwarg(old_arg_name, new_arg_name):\n    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_an_old_keyword_behind_a_shim_is_reported_with_its_new_name(judge):
    [finding] = judge("import lib\nlib.write(1, line_terminator='x')\n", "2.0", "1.0")
    assert finding.code == "CS102"
    assert "`line_terminator` was renamed to `lineterminator`" in finding.message
    assert "shim still accepts it" in finding.message
    assert finding.evidence.renames == (("line_terminator", "lineterminator"),)


def test_the_new_keyword_is_quiet(judge):
    assert judge("import lib\nlib.write(1, lineterminator='x')\n", "2.0", "1.0") == []
