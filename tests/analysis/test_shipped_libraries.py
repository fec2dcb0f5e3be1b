"""The stale calls of the issue's kinds, written here, judged against the shipped knowledge of
real releases (numpy, pandas, scipy, networkx as extracted from their published archives)."""

from __future__ import annotations

import textwrap

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.knowledge.store import Knowledge


@pytest.fixture(scope="module")
def knowledge(shipped_database):
    return Knowledge(shipped_database)


def judge(knowledge, targets: dict[str, str], source: str) -> list[tuple[int, str, str]]:
    checker = Checker(knowledge, VersionContext.of(targets, {}))
    result = checker.check_source(textwrap.dedent(source), "t.py")
    return [(f.line, f.code, f.api) for f in result.findings]


def test_numpy_builtin_aliases_deprecated_then_removed(knowledge):
    source = "import numpy as np\nx = np.zeros(3, dtype=np.float)\n"
    assert judge(knowledge, {"numpy": "1.22.0"}, source) == [(2, "CS201", "numpy.float")]
    assert judge(knowledge, {"numpy": "1.24.0"}, source) == [(2, "CS101", "numpy.float")]
    assert judge(knowledge, {"numpy": "1.19.5"}, source) == []


def test_a_module_served_by_getattr_with_a_warning(knowledge):
    source = "from scipy.sparse.csr import csr_matrix\n"
    [(line, code, api)] = judge(knowledge, {"scipy": "1.8.0"}, source)
    assert (line, code, api) == (1, "CS201", "scipy.sparse.csr.csr_matrix")
    assert judge(knowledge, {"scipy": "1.7.3"}, source) == []


def test_a_removed_property_alias(knowledge):
    source = "import networkx as nx\nG = nx.Graph()\nG.node[1]\n"
    assert judge(knowledge, {"networkx": "2.4"}, source) == [(3, "CS101", "networkx.Graph.node")]
    assert judge(knowledge, {"networkx": "2.3"}, source) == []


def test_rows_from_iterrows_and_items(knowledge):
    source = """\
        import pandas as pd

        def walk(frame: pd.DataFrame):
            for _, row in frame.iterrows():
                row.iteritems()
            for name, column in frame.items():
                column.iteritems()
        """
    assert judge(knowledge, {"pandas": "2.0.0"}, source) == [
        (5, "CS101", "pandas.Series.iteritems"), (7, "CS101", "pandas.Series.iteritems")]
