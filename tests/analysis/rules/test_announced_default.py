"""CS202 for a default the target release announces will change: the library warns while a
parameter holds its placeholder default (scikit-learn 1.2's ``n_init="warn"``), tested in
another method of the module or in a helper the functions call (scipy 1.11's ``_get_atol``);
a call that passes the parameter is silent; a warning that needs another argument given
or holding some literals is reported only where the call shows it."""

from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "from .cluster import KMeans, k_means\nfrom .solve import cg, gm\n",
      "lib/cluster.py": """
          class _Base:
              def __init__(self, n_init=10):
                  self.n_init = n_init
              def fit(self, X):
                  return self
          class KMeans(_Base):
              def __init__(self, n_clusters=8, *, n_init=10):
                  self.n_init = n_init
          def k_means(X, n_clusters, *, n_init=10):
              return KMeans(n_clusters, n_init=n_init).fit(X)
      """,
      "lib/solve.py": """
          def cg(A, b, tol=1e-5, atol=None):
              return A
          def gm(A, b, callback=None, callback_type=None):
              return A
      """}
V2 = {"lib/__init__.py": V1["lib/__init__.py"],
      "lib/cluster.py": """
          import warnings
          class _Base:
              def _check(self, X, default_n_init=None):
                  self._n_init = self.n_init
                  if self._n_init == "warn":
                      warnings.warn("The default value of `n_init` will change from 10 to "
                                    "'auto' in 3.0. Set the value of `n_init` explicitly",
                                    FutureWarning)
              def fit(self, X):
                  self._check(X, default_n_init=10)
                  return self
          class KMeans(_Base):
              def __init__(self, n_clusters=8, *, n_init="warn"):
                  self.n_init = n_init
          def k_means(X, n_clusters, *, n_init="warn"):
              return KMeans(n_clusters, n_init=n_init).fit(X)
          def other(X, mode="warn"):
              return X
      """,
      "lib/solve.py": """
          import warnings
          def _get_atol(tol, atol, name):
              if atol is None:
                  warnings.warn(f"{name} called without specifying `atol`. The default "
                                "value will change in a future release.", DeprecationWarning)
                  atol = "legacy"
              return atol
          def cg(A, b, tol=1e-5, atol=None):
              atol = _get_atol(tol, atol, "cg")
              return A
          def gm(A, b, callback=None, callback_type=None, limit=None):
              if callback_type is None:
                  if callback is not None:
                      warnings.warn("gm called without specifying `callback_type`. The "
                                    "default value will change in a future release.",
                                    DeprecationWarning)
              return A
      """,
      "lib/bins.py": """
          import warnings
          class Bins:
              def __init__(self, strategy="quantile", subsample="warn"):
                  self.strategy, self.subsample = strategy, subsample
              def fit(self, X):
                  if self.strategy in ("uniform", "kmeans") and self.subsample == "warn":
                      warnings.warn("In version 3.0 onwards, subsample=200_000 will be used "
                                    "by default. Set subsample explicitly", FutureWarning)
                  if len(X) > 3 and self.subsample == "warn":
                      warnings.warn("From 3.0 the default of subsample will change, for data",
                                    FutureWarning)
                  return self
      """}
RELEASES = {"1.0": V1, "2.0": V2}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases(RELEASES)


def test_a_call_leaving_the_placeholder_default_is_told(judge):
    [finding] = judge("import lib\nlib.KMeans(3)\n", "2.0", "1.0")
    assert finding.code == "CS202" and "`n_init`" in finding.message
    assert "will change from 10 to 'auto' in 3.0" in finding.message
    [finding] = judge("import lib\nlib.k_means([[1]], 3)\n", "2.0")
    assert finding.code == "CS202" and "`n_init`" in finding.message


def test_a_call_passing_the_parameter_is_silent(judge):
    assert judge("import lib\nlib.KMeans(3, n_init=10)\n", "2.0", "1.0") == []
    assert judge("import lib\nopts = {}\nlib.KMeans(3, **opts)\n", "2.0", "1.0") == []


def test_a_none_placeholder_reaches_the_callers_of_the_helper_that_warns(judge):
    [finding] = judge("import lib\nlib.cg(1, 2)\n", "2.0", "1.0")
    assert finding.code == "CS202" and "`atol`" in finding.message
    assert judge("import lib\nlib.cg(1, 2, atol=0)\n", "2.0", "1.0") == []


def test_a_notice_that_needs_another_argument_is_told_only_where_the_call_gives_it(judge):
    assert judge("import lib\nlib.gm(1, 2)\n", "2.0", "1.0") == []
    assert judge("import lib\nlib.gm(1, 2, callback=None)\n", "2.0", "1.0") == []
    [finding] = judge("import lib\nlib.gm(1, 2, callback=print)\n", "2.0", "1.0")
    assert "`callback_type`" in finding.message


def test_a_notice_that_needs_some_values_of_another_argument(judge):
    source = "from lib.bins import Bins\nBins({})\n"
    assert judge(source.format(""), "2.0") == []  # strategy="quantile" by default
    assert judge(source.format("strategy=mode"), "2.0") == []  # not known here
    [finding] = judge(source.format("strategy='kmeans'"), "2.0")
    assert "`subsample`" in finding.message and "200_000" in finding.message
    assert judge(source.format("strategy='kmeans', subsample=None"), "2.0") == []


def test_the_release_before_the_notice_is_silent(judge):
    assert judge("import lib\nlib.KMeans(3)\nlib.cg(1, 2)\n", "1.0") == []


@pytest.mark.parametrize(("call", "target", "told"), [
    ("KMeans(8)", "1.2.2", "n_init"),
    ("KMeans(8, n_init=10)", "1.2.2", None),
    ("KMeans(8)", "1.1.3", None),  # before the notice
    ("KMeans(8)", "1.4.2", None),  # the new default has arrived
    ("LinearSVC()", "1.3.2", "dual"),
])
def test_notices_in_the_shipped_knowledge(call, target, told):
    from codesync.analysis.checker import Checker, VersionContext
    from codesync.knowledge.store import open_knowledge

    source = f"from sklearn.cluster import KMeans\nfrom sklearn.svm import LinearSVC\n{call}\n"
    findings = Checker(open_knowledge(), VersionContext.of({"scikit-learn": target}, {})
                       ).check_source(source, "t.py").findings
    assert [f.code for f in findings] == (["CS202"] if told else []), findings
    assert not told or f"`{told}`" in findings[0].message
    assert not told or "{" not in findings[0].message  # the library's placeholders elided


def test_explain_lists_the_notice(tmp_path_factory):
    from codesync.analysis.api_history import HistoryBuilder
    from codesync.explain import render
    from helpers.fakelib import make_knowledge

    knowledge = make_knowledge(tmp_path_factory.mktemp("explain"), "lib", RELEASES)
    text = render(HistoryBuilder(knowledge).build("lib.KMeans"))
    assert "default of parameter `n_init` announced to change since 2.0" in text
