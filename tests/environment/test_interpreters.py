"""Which site-packages an interpreter named for the check stands for, found by reading."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from codesync.environment import site_packages_for


def _own_site_packages() -> set[Path]:
    return {Path(p) for p in sys.path
            if p.endswith(("site-packages", "dist-packages")) and p.startswith(sys.prefix)}


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs a virtual environment to run in")
def test_the_base_interpreter_of_our_own_venv_has_its_own_site_packages():
    # a venv's python links to the base interpreter's binary: the same file, other packages
    base = Path(os.path.realpath(sys.executable))
    found = site_packages_for(str(base))
    assert not set(found) & _own_site_packages()
    assert all(Path(p).is_relative_to(base.parent.parent) for p in found)


def test_our_own_interpreter_has_our_site_packages():
    found = set(site_packages_for(sys.executable))
    assert _own_site_packages() <= found
