"""A release a user's cache holds from an older extractor than the shipped releases around it
is left out (and so obtained again): read by older rules, it would say that the names those
rules missed were removed at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesync.knowledge import textform
from codesync.knowledge.local import LocalLayer
from codesync.knowledge.store import Knowledge, build_database
from helpers.fakelib import snapshot

NEW = {"lay/__init__.py": "from other import rule\n__all__ = ['rule', 'keep']\n\ndef keep(a):\n    pass\n"}
OLD_READ = {"lay/__init__.py": "def keep(a):\n    pass\n"}  # what older rules made of it


def _history(dist: str, releases: dict[str, dict], extractor: int,
             origin: str = "") -> textform.DistributionHistory:
    history = textform.DistributionHistory(dist, import_names=[dist])
    for version, files in releases.items():
        snap = snapshot(files, [dist])
        history.put(textform.ReleaseInfo(version, apis=len(snap.exports), extractor=extractor,
                                         origin=origin), snap.exports, snap.definitions)
    history.published = list(releases)
    return history


@pytest.fixture()
def shipped(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    textform.save(_history("lay", {"1.0.0": NEW, "1.0.4": NEW}, extractor=11), tmp_path / "api")
    build_database([tmp_path / "api"], tmp_path / "shipped.db")
    return tmp_path / "shipped.db"


def _add_local(version: str, files: dict, extractor: int) -> Path:
    snap = snapshot(files, ["lay"])
    info = textform.ReleaseInfo(version, apis=len(snap.exports), extractor=extractor,
                                origin="fetched")
    local = LocalLayer()
    local.add("lay", ["lay"], [version], [textform.NewRelease(info, snap.exports,
                                                              snap.definitions)])
    return local.path


def test_a_cached_release_from_an_older_extractor_is_left_out(shipped):
    local = _add_local("1.0.2", OLD_READ, extractor=10)
    knowledge = Knowledge(shipped, local)
    assert knowledge.versions("lay") == ["1.0.0", "1.0.4"]
    assert knowledge.neighbours("lay", "1.0.2") == ("1.0.0", "1.0.4")


def test_a_cached_release_from_the_same_extractor_is_used(shipped):
    local = _add_local("1.0.2", NEW, extractor=11)
    assert Knowledge(shipped, local).versions("lay") == ["1.0.0", "1.0.2", "1.0.4"]
