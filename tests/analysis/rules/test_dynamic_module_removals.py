"""Names a module's expiry table retires, in every spelling and every use, with the advice
the table gives (numpy 2's shape: a table of messages and an open ``__getattr__``)."""

from __future__ import annotations

import textwrap

import pytest

OPEN_GETATTR = textwrap.dedent("""
    __expired_attributes__ = {
        "NaN": "Use `nan` instead.",
        "Source": "It's still available as `lib.io.Source`.",
        "tables": "Access them explicitly instead.",
    }

    def __getattr__(attr):
        if attr == "extra":
            import lib.extra as extra
            return extra
        if attr in __expired_attributes__:
            raise AttributeError(__expired_attributes__[attr])
        return _lazy(attr)
    """)
V1 = {"lib/__init__.py": "from ._values import nan, NaN, NAN, Nan_x\nfrom .io import Source\n"
                         "tables = {'a': 1}\nfrom .errors import Warned\n",
      "lib/_values.py": "nan = float('nan')\nNaN = NAN = nan\nNan_x = 2.0\n",
      "lib/io.py": "class Source:\n    pass\n",
      "lib/errors.py": "class Warned(UserWarning):\n    pass\n"}
V2 = {"lib/__init__.py": "from ._values import nan\n" + OPEN_GETATTR,
      "lib/_values.py": "nan = float('nan')\n", "lib/io.py": "class Source:\n    pass\n",
      "lib/errors.py": "class Warned(UserWarning):\n    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_another_spelling_of_a_listed_name_is_removed_with_it(judge):
    [finding] = judge("import lib\nx = lib.NAN\n", "2.0", "1.0")
    assert finding.code == "CS101" and "use `nan` instead" in finding.message
    assert finding.evidence.deprecation.replacement == "lib.nan"


def test_a_name_the_table_does_not_list_in_any_spelling_is_left_alone(judge):
    # Nan_x folds to another name; the open __getattr__ may serve it
    assert judge("import lib\nx = lib.Nan_x\n", "2.0", "1.0") == []


def test_a_member_called_on_a_removed_name_is_that_name_removed(judge):
    [finding] = judge("import lib\nfor k in lib.tables.keys():\n    pass\n", "2.0", "1.0")
    assert finding.code == "CS101" and finding.api == "lib.tables"
    assert (finding.line, finding.column, finding.end_column) == (2, 9, 19)


def test_a_table_that_moves_the_name_names_its_new_module(judge):
    [finding] = judge("import lib\ns = lib.Source()\n", "2.0", "1.0")
    assert "still available as `lib.io.Source`" in finding.message
    assert finding.evidence.deprecation.replacement == "lib.io.Source"


def test_a_removed_name_whose_object_lives_on_elsewhere_advises_that_path(judge_releases):
    errors = "class Warned(UserWarning):\n    pass\n"
    judge = judge_releases({"1.0": {"lib/__init__.py": "from .errors import Warned\n",
                                    "lib/errors.py": errors},
                            "2.0": {"lib/__init__.py": "", "lib/errors.py": errors}})
    [finding] = judge("import lib\nw = lib.Warned\n", "2.0", "1.0")
    assert finding.code == "CS101" and "use `lib.errors.Warned`" in finding.message
