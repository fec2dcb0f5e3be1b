"""What the checker says about names a library module imports from another distribution:
a name that moved from the library's own module to an import (sympy 1.2's
``sympy_parser.TokenError``, from ``tokenize``) still exists; a class one import-time branch
imports from an optional dependency and another branch stands in for is not judged by the
stand-in's signature; a value deprecation read from a bound and an early exit is reported."""

from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "from .parser import parse\nfrom .ground import Rational\n",
      "lib/tokens.py": "class TokenError(Exception):\n    pass\n",
      "lib/parser.py": """
          from lib.tokens import TokenError
          def parse(s, method="fast"):
              pass
      """,
      "lib/ground.py": """
          class Rational:
              def __init__(self, p, q=1):
                  pass
      """,
      "lib/dims.py": """
          class DimensionSystem:
              def extend(self, new):
                  return self
          base_dims = DimensionSystem()
      """,
      "lib/mks.py": "from lib.dims import base_dims\nmks_dims = base_dims.extend([])\n"}
V2 = {"lib/__init__.py": "from .parser import parse\nfrom .ground import Rational\n",
      "lib/parser.py": """
          from warnings import warn
          from tokenize import TokenError
          def parse(s, method="fast"):
              meth = method.lower()
              if meth not in ("fast", "fast-ds", "simplex"):
                  raise ValueError(method)
              if meth.startswith("fast"):
                  return s
              warn(f"method='{meth}' is deprecated", DeprecationWarning)
      """,
      "lib/ground.py": """
          import os
          class _Rational:
              def __init__(self, obj):
                  pass
          if os.environ.get("GROUND") == "gmpy":
              from gmpy2 import mpq as Rational
          else:
              Rational = _Rational
      """,
      "lib/dims.py": V1["lib/dims.py"],
      "lib/mks.py": "from lib.dims import base_dims\n__all__ = ['mks_dims']\nmks_dims = base_dims.extend([])\n"}
RELEASES = {"1.0": V1, "2.0": V2}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases(RELEASES)


def test_a_name_now_imported_from_another_distribution_is_not_removed(judge):
    source = "from lib.parser import TokenError\nimport lib.parser\nlib.parser.TokenError\n"
    assert judge(source, "2.0", "1.0") == []
    assert judge(source, "2.0") == []


def test_a_name_gone_altogether_is_still_removed(judge):
    [finding] = judge("from lib.tokens import TokenError\n", "2.0", "1.0")
    assert finding.code == "CS101"


def test_a_member_of_a_name_left_out_of_all_is_not_removed(judge):
    # ``base_dims`` is still bound in ``lib.mks``; only ``__all__`` leaves it out
    source = "from lib.mks import base_dims\nbase_dims.extend([1])\n"
    assert judge(source, "2.0", "1.0") == []
    assert judge(source, "2.0") == []


def test_a_stand_in_s_signature_does_not_judge_the_optional_dependency_s_class(judge):
    assert judge("import lib\nlib.Rational(1, 2)\n", "2.0", "1.0") == []


def test_the_values_left_after_a_bound_and_an_early_exit_are_deprecated(judge):
    [finding] = judge("import lib\nlib.parse('x', method='Simplex')\n", "2.0", "1.0")
    assert finding.code == "CS201" and "method='Simplex'" in finding.message
    assert judge("import lib\nlib.parse('x', method='fast-ds')\n", "2.0", "1.0") == []
