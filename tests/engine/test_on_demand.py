"""Which releases an untracked distribution needs for a project's history."""

from __future__ import annotations

from codesync.engine.on_demand import history_releases

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
