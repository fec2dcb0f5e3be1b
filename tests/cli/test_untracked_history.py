"""A library whose early releases the knowledge lacks: messages bound the change, never guess."""

from __future__ import annotations

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

PLAIN = {"lib/__init__.py": "def product(a):\n    pass\n\ndef prod(a):\n    pass\n"}
WARNS = {"lib/__init__.py": """
    import warnings

    def product(a):
        warnings.warn("product is deprecated, use prod instead", DeprecationWarning)

    def prod(a):
        pass
    """}
CALL = "import lib\nlib.product([1])\n"


def _message(tmp_path, releases, published, target, baseline=None) -> str:
    knowledge = make_knowledge(tmp_path, "lib", releases, published=published)
    versions = VersionContext.of({"lib": target}, {"lib": baseline} if baseline else {})
    [finding] = Checker(knowledge, versions).check_source(CALL, "t.py").findings
    return finding.message


def test_only_the_installed_release_stored_bounds_the_deprecation(tmp_path):
    message = _message(tmp_path, {"3.2": WARNS}, ["2.0", "3.0", "3.2"], "3.2")
    assert "`lib.product` is deprecated by 3.2 " in message and "since" not in message


def test_a_baseline_with_unstored_releases_between_gives_the_range(tmp_path):
    message = _message(tmp_path, {"2.0": PLAIN, "3.2": WARNS}, ["2.0", "3.0", "3.2"], "3.2", "2.0")
    assert "`lib.product` is deprecated by 3.2, after 2.0 " in message
    assert "between" not in message and "since" not in message


def test_the_release_that_deprecated_it_is_named_when_stored(tmp_path):
    releases = {"2.0": PLAIN, "3.0": WARNS, "3.2": WARNS}
    message = _message(tmp_path, releases, ["2.0", "3.0", "3.2"], "3.2", "2.0")
    assert "`lib.product` is deprecated since 3.0 " in message


def test_fetching_a_baseline_brings_the_history_between(tmp_path, monkeypatch):
    """The target's release is already known (read from site-packages on an earlier run),
    so the dist has releases but is not tracked: the baseline comes with its history."""
    import codesync.engine.on_demand as on_demand
    import codesync.project as project_module
    from codesync.config import Settings
    from codesync.knowledge.store import Knowledge

    shipped = make_knowledge(tmp_path / "k", "lib", {"3.2": WARNS}, published=["2.0", "3.2"])
    local_only = Knowledge(None, shipped.layers["shipped"])
    asked: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(project_module, "_fetch_release", lambda dist, version: None)
    monkeypatch.setattr(on_demand, "fetch_history",
                        lambda dist, wanted: asked.append((dist, wanted)) or [])
    monkeypatch.setattr(project_module.Project, "_reload_knowledge", lambda self: None)
    settings = Settings(fetch=True, target={"lib": "3.2"}, baseline={"lib": "2.0"})
    project = project_module.Project(tmp_path, settings, knowledge=local_only)
    project.obtain_release("lib", "2.0")
    assert [(d, sorted(set(w))) for d, w in asked] == [("lib", ["2.0", "3.2"])]
    tracked = project_module.Project(tmp_path, settings, knowledge=shipped)
    tracked.obtain_release("lib", "2.0")
    assert len(asked) == 1  # a tracked distribution's releases come without on-demand history
