"""CS201 on a name a module binds in a loop to a warning wrapper (scipy.signal's
``boxcar`` in 1.8-1.12): the call is reported, with the home the message names."""

from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "from .windows import boxcar\n",
      "lib/windows.py": "def boxcar(M, sym=True):\n    pass\n"}
V2 = {"lib/__init__.py": """
          import warnings
          from . import windows
          def deco(name):
              f = getattr(windows, name)
              def wrapped(*args, **kwargs):
                  warnings.warn(f"Importing {name} from 'lib' is deprecated. Please use "
                                f"'lib.windows.{name}' instead.", DeprecationWarning)
                  return f(*args, **kwargs)
              return wrapped
          for name in ("boxcar",):
              globals()[name] = deco(name)
      """,
      "lib/windows.py": V1["lib/windows.py"]}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_call_of_a_wrapped_name_is_deprecated(judge):
    [finding] = judge("import lib\nlib.boxcar(5)\n", "2.0", "1.0")
    assert finding.code == "CS201" and "lib.windows.boxcar" in finding.message
    assert judge("import lib.windows\nlib.windows.boxcar(5)\n", "2.0", "1.0") == []
