"""CS101 for a module name no stored release defines, on a library of the test's own."""

from __future__ import annotations

import json

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.knowledge.store import Knowledge, build_database
from helpers.fakelib import write_history

V1 = {"lib/__init__.py": """
    from . import graph
    from .graph import Graph

    def layout(g):
        pass
    """,
      "lib/graph.py": "class Graph:\n    def nodes(self):\n        pass\n\n"
                      "    def setup(self):\n        self.hook = print\n\n\n"
                      "class Lazy:\n    def __getattr__(self, name):\n        return name\n",
      "lib/lazy.py": "import importlib\n\ndef __getattr__(name):\n"
                     "    return importlib.import_module('lib.' + name)\n",
      "lib/_private.py": "def helper():\n    pass\n"}
V2 = {**V1, "lib/__init__.py": V1["lib/__init__.py"] + "\n    def drawing(g):\n        pass\n"}


def _knowledge(tmp_path, wheel: str) -> Knowledge:
    root = tmp_path / "api"
    write_history(root, "lib", {"1.0": V1, "2.0": V2})
    releases = root / "lib" / "releases.json"
    data = json.loads(releases.read_text(encoding="utf-8"))
    for release in data["releases"]:
        release["source"] = f"lib-{release['version']}-{wheel}.whl"
    releases.write_text(json.dumps(data), encoding="utf-8")
    build_database([root], tmp_path / "knowledge.db")
    return Knowledge(tmp_path / "knowledge.db")


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    knowledge = _knowledge(tmp_path_factory.mktemp("pure"), "py3-none-any")

    def run(source: str, target: str = "2.0") -> list:
        versions = VersionContext.of({"lib": target}, {})
        return Checker(knowledge, versions).check_source(source, "t.py").findings
    return run


@pytest.mark.parametrize("source, line", [
    ("import lib\nlib.pygraph_layout(1)\n", 2),                  # a call on the package
    ("from lib import pygraph_layout\n", 1),                     # an import of the name
    ("from lib.oldgraph import Graph\n", 1),                     # a module that never was
    ("import lib.oldgraph\n", 1),                                # imported whole
    ("import lib\nlib.oldgraph.Graph()\n", 2),                   # read through the package
    ("import lib\nlib.Graph().nodes_iter()\n", 2),               # a method the class never had
])
def test_a_name_no_stored_release_defines_is_reported(judge, source, line):
    [finding] = judge(source)
    assert (finding.code, finding.line) == ("CS101", line)
    assert "does not exist in lib 2.0, nor in any stored release since 1.0" in finding.message
    assert finding.changed_in is None


@pytest.mark.parametrize("source", [
    "import lib\nlib.layout(1)\nlib.graph.Graph().nodes()\n",   # there
    "import lib\nlib.drawing(1)\n",                            # added later: not this rule's
    "import lib.lazy\nlib.lazy.anything()\n",                  # a module __getattr__ may serve it
    "import lib\nlib._private.gone()\n",                       # private modules are not complete
    "import lib\nlib.__version__\n",                           # dunders may be set by the import system
    "import lib\ntry:\n    lib.pygraph_layout(1)\nexcept AttributeError:\n    pass\n",
    "from lib.graph import gcd\n",                            # a value of a submodule: may be unrecorded
    "import lib\nlib.Graph().hook()\n",                      # set on self by a method
    "import lib\nprint(lib.Graph().nodes_list)\n",           # read, not called: may be set elsewhere
    "from lib.graph import Lazy\nLazy().anything()\n",       # a class __getattr__ may serve it
])
def test_absence_that_proves_nothing_is_not_reported(judge, source):
    assert judge(source, "1.0" if "drawing" in source else "2.0") == []


def test_a_release_built_for_a_platform_may_hold_compiled_modules_the_record_lacks(tmp_path):
    knowledge = _knowledge(tmp_path, "cp312-cp312-manylinux_2_17_x86_64")
    versions = VersionContext.of({"lib": "2.0"}, {})
    checker = Checker(knowledge, versions)
    assert checker.check_source("from lib import etree\nimport lib.etree\n", "t.py").findings == []
