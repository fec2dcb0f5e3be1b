"""Import names read from a release's files when the policy leaves them open."""

from __future__ import annotations

import pytest

from codesync.engine.import_names import infer_import_names


@pytest.mark.parametrize(("paths", "names"), [
    (["yaml/__init__.py", "yaml/reader.py", "_yaml/__init__.py"], ["yaml"]),
    (["six.py"], ["six"]),
    (["bs4/__init__.py", "bs4/tests/__init__.py"], ["bs4"]),
    (["httpcore-0.0.1/httpcore/__init__.py", "httpcore-0.0.1/httpcore/api.py",
      "httpcore-0.0.1/setup.py"], ["httpcore"]),
    (["attrs-21.1.0/src/attr/__init__.py", "attrs-21.1.0/src/attrs/__init__.py",
      "attrs-21.1.0/tests/__init__.py", "attrs-21.1.0/conftest.py", "attrs-21.1.0/setup.py",
      "attrs-21.1.0/docs/conf.py"], ["attr", "attrs"]),
    (["six-1.16.0/six.py", "six-1.16.0/test_six.py", "six-1.16.0/setup.py"], ["six"]),
    (["dateutil/__init__.py", "dateutil/tz/__init__.py", "dateutil/tz/tz.py"], ["dateutil"]),
])
def test_top_level_packages_of_wheels_and_sdists(paths, names):
    assert infer_import_names(paths) == names
