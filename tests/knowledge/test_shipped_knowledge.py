"""The shipped knowledge answers the questions issue 2 names, from real releases."""

from __future__ import annotations

import pytest

from codesync.analysis.api_history import HistoryBuilder
from codesync.knowledge.store import open_knowledge


@pytest.fixture(scope="module")
def history():
    builder = HistoryBuilder(open_knowledge())
    return builder.build


def _change(h: dict, kind: str, parameter: str | None = None) -> dict:
    return next(c for c in h["changes"] if c["kind"] == kind and c.get("parameter") == parameter)


def _deprecation(h: dict, parameter: str | None = None) -> dict:
    return next(d for d in h["deprecations"] if d["parameter"] == parameter)


def test_dataframe_append(history):
    h = history("pandas.DataFrame.append")
    dep = _deprecation(h)
    assert dep["since"] == "1.4.0" and dep["removed_in"] == "2.0.0"
    assert dep["replacement"] == "pandas.concat"
    assert _change(h, "api-removed")["in"] == "2.0.0"


def test_to_csv_line_terminator(history):
    h = history("pandas.DataFrame.to_csv")
    dep = _deprecation(h, "line_terminator")
    assert dep["since"] == "1.5.0" and dep["removed_in"] == "2.0.0"
    assert dep["replacement"] == "lineterminator"


@pytest.mark.parametrize("parameter", ["squeeze", "prefix", "mangle_dupe_cols"])
def test_read_csv_parameters_removed(history, parameter):
    h = history("pandas.read_csv")
    assert _change(h, "parameter-removed", parameter)["in"] == "2.0.0"


def test_numpy_product(history):
    h = history("numpy.product")
    dep = _deprecation(h)
    assert dep["since"] == "1.25.0" and dep["removed_in"] == "2.0.0"
    assert dep["replacement"] == "numpy.prod"


def test_numpy_in1d(history):
    dep = _deprecation(history("numpy.in1d"))
    assert dep["since"] == "2.0.0" and dep["replacement"] == "numpy.isin"


def test_numpy_float_(history):
    assert _change(history("numpy.float_"), "api-removed")["in"] == "2.0.0"


def test_onehotencoder_sparse(history):
    h = history("sklearn.preprocessing.OneHotEncoder")
    dep = _deprecation(h, "sparse")
    assert dep["since"] == "1.2" and dep["replacement"] == "sparse_output"


def test_httpadapter_get_connection(history):
    dep = _deprecation(history("requests.adapters.HTTPAdapter.get_connection"))
    assert dep["since"].startswith("2.32") or "2.32" in dep["since"]
    assert dep["replacement"] == "requests.adapters.HTTPAdapter.get_connection_with_tls_context"
