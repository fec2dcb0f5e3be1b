"""Which releases an untracked distribution needs for a project's history."""

from __future__ import annotations

import io

import pytest

from codesync.engine.build import KnowledgeBuilder
from codesync.engine.on_demand import fetch_history, history_releases
from codesync.knowledge import textform

PUBLISHED = ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.3", "1.2.0", "1.2.1", "2.0.0rc1",
             "2.0.0", "2.0.4", "2.1.0", "2.1.1", "2.1.2"]


def test_installed_and_baseline_with_their_neighbours_and_the_lines_between():
    releases = history_releases(["2.1.1", "1.0.1"], PUBLISHED)
    assert releases == ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "2.1.1",
                        "2.1.2"]


def test_stored_releases_are_left_out_and_the_cap_keeps_the_nearest_lines():
    assert history_releases(["2.1.1"], PUBLISHED, stored={"2.1.0"}) == ["2.1.1", "2.1.2"]
    capped = history_releases(["2.1.1", "1.0.1"], PUBLISHED, limit=7)
    assert capped == ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "2.1.0", "2.1.1", "2.1.2"]  # 1.2: farthest
    assert history_releases(["9.9"], PUBLISHED) == []


@pytest.mark.network
@pytest.mark.slow
def test_fetch_history_of_a_real_untracked_distribution(tmp_path):
    builder = KnowledgeBuilder(root=tmp_path / "api", jobs=1, stream=io.StringIO())
    results = fetch_history("iniconfig", ["1.1.1", "2.0.0"], builder=builder)
    assert {r.info.status for r in results} == {"ok"}, [r.info.reason for r in results]
    stored = [r["version"] for r in textform.read_meta(tmp_path / "api", "iniconfig")["releases"]]
    assert stored == ["1.1.0", "1.1.1", "2.0.0"]
    assert textform.read_meta(tmp_path / "api", "iniconfig")["import_names"] == ["iniconfig"]
    assert fetch_history("iniconfig", ["1.1.1", "2.0.0"], builder=builder) == []  # all stored
