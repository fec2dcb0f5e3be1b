"""Knowledge layers: shipped and user-local releases merged per release, inference of unstored
patch releases from their neighbours, and concurrent writers and readers."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.version import Version

from codesync.analysis.checker import Checker
from codesync.analysis.releases import VersionContext
from codesync.knowledge.local import LocalLayer
from codesync.knowledge.store import Knowledge, build_database
from codesync.knowledge.versions import sort_key
from helpers.fakelib import add_local_release, write_history

V1 = {"lay/__init__.py": "def gone(x):\n    pass\n\ndef keep(a, b=1):\n    pass\n"}
V2 = {"lay/__init__.py": "def keep(a, *, b=1):\n    pass\n"}
V15 = {"lay/__init__.py": "def gone(x):\n    pass\n\ndef keep(a, b=1, c=2):\n    pass\n"}


@pytest.fixture()
def layers(tmp_path: Path, monkeypatch) -> tuple[Path, LocalLayer]:
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    shipped = tmp_path / "shipped.db"
    write_history(tmp_path / "api", "lay", {"1.0.0": V1, "2.0.0": V2})
    build_database([tmp_path / "api"], shipped)
    return shipped, LocalLayer()


def test_a_local_release_joins_the_shipped_history(layers):
    shipped, local = layers
    add_local_release("lay", "1.5.0", V15, origin="fetched")
    knowledge = Knowledge(shipped, local.path)
    assert knowledge.versions("lay") == ["1.0.0", "1.5.0", "2.0.0"]
    assert [r["origin"] for r in knowledge.release_rows("lay")] == ["shipped", "fetched",
                                                                   "shipped"]
    assert [p.name for p in knowledge.definition("lay", "1.5.0", "lay.keep").params] == ["a", "b", "c"]
    assert knowledge.definition("lay", "2.0.0", "lay.gone") is None
    history = [(i.first, i.last) for _, i in knowledge.definition_history("lay", "lay.gone")]
    assert history == [("1.0.0", "1.5.0")]  # one run across both layers


def test_a_site_packages_release_in_the_shared_layer_is_never_used(layers):
    """Older versions kept releases read from a project's site-packages in the shared layer;
    a checkout could plant one there, so such rows are ignored."""
    shipped, local = layers
    add_local_release("lay", "1.5.0", V15, origin="site-packages")
    knowledge = Knowledge(shipped, local.path)
    assert knowledge.versions("lay") == ["1.0.0", "2.0.0"]
    assert knowledge.neighbours("lay", "1.5.0") is None


def test_adding_a_release_never_moves_another(layers):
    shipped, local = layers
    add_local_release("lay", "3.0.0", V2)
    before = Knowledge(shipped, local.path)
    assert before.definition("lay", "3.0.0", "lay.keep") is not None
    add_local_release("lay", "0.5.0", V1)  # older than everything: intervals are rewritten
    assert before.definition("lay", "3.0.0", "lay.keep") is not None  # a reader opened before
    after = Knowledge(shipped, local.path)
    assert after.versions("lay") == ["0.5.0", "1.0.0", "2.0.0", "3.0.0"]


def test_a_release_held_twice_is_read_from_one_layer(layers):
    shipped, local = layers
    add_local_release("lay", "2.0.0", V15)  # same extractor version: the shipped one is kept
    knowledge = Knowledge(shipped, local.path)
    assert knowledge.stored_release("lay", "2.0.0").layer == "shipped"
    assert [p.name for p in knowledge.definition("lay", "2.0", "lay.keep").params] == ["a", "b"]


def test_neighbours_only_within_a_minor_line(layers):
    shipped, local = layers
    add_local_release("lay", "2.0.4", V2)
    knowledge = Knowledge(shipped, local.path)
    assert knowledge.neighbours("lay", "2.0.2") == ("2.0.0", "2.0.4")
    assert knowledge.neighbours("lay", "1.5.0") is None  # 1.0.0 and 2.0.0: other lines
    assert knowledge.neighbours("lay", "2.0.0") is None  # stored


def _check(knowledge: Knowledge, target: str, baseline: str | None = None) -> list:
    versions = VersionContext.of({"lay": target}, {"lay": baseline} if baseline else {})
    return Checker(knowledge, versions).check_source(
        "import lay\nlay.gone(1)\nlay.keep(1, 2)\n", "t.py").findings


def test_an_unstored_patch_release_is_checked_where_its_neighbours_agree(layers):
    shipped, local = layers
    # 2.0.4 brings `gone` back: for 2.0.2 the neighbours disagree on it, and agree on `keep`
    add_local_release("lay", "2.0.4", {"lay/__init__.py": V1["lay/__init__.py"].replace(
        "def keep(a, b=1)", "def keep(a, *, b=1)")})
    knowledge = Knowledge(shipped, local.path)
    findings = _check(knowledge, "2.0.2")
    assert [(f.line, f.code) for f in findings] == [(3, "CS102")]
    [finding] = findings
    assert finding.target_version == "2.0.2"
    assert "inferred from 2.0.0 and 2.0.4" in finding.message
    assert finding.inferred == "target 2.0.2 inferred from the stored 2.0.0 and 2.0.4"
    assert json.loads(json.dumps(finding.to_json()))["inferred"]


def test_an_unstored_release_without_neighbours_is_unknown(layers):
    shipped, local = layers
    knowledge = Knowledge(shipped, local.path if local.exists() else None)
    assert [f.code for f in _check(knowledge, "1.7.0")] == ["CS301"]


def test_sort_keys_order_like_pep_440():
    versions = ["0.0.1", "1", "1.0.0", "1.0.1.dev0", "1.0.1a1.dev2", "1.0.1a1", "1.0.1a1.post1",
                "1.0.1b2", "1.0.1rc1", "1.0.1", "1.0.1.post1.dev3", "1.0.1.post1", "1.0.9",
                "1.0.10", "1.9", "1.10", "10.0", "2023.1.1", "20230101", "1!0.1"]
    for a, b in itertools.product(versions, versions):
        assert (Version(a) < Version(b)) == (sort_key(a) < sort_key(b)), (a, b)
        assert (Version(a) == Version(b)) == (sort_key(a) == sort_key(b)), (a, b)


WRITER = textwrap.dedent('''
    import sys
    sys.path.insert(0, sys.argv[1])
    from helpers.fakelib import add_local_release
    for minor in range(int(sys.argv[3]), int(sys.argv[3]) + 4):
        body = "def f%d(x):\\n    pass\\n" % minor
        add_local_release("lay", "%s.%d.0" % (sys.argv[2], minor), {"lay/__init__.py": body})
''')

READER = textwrap.dedent('''
    import os, sys, time
    from codesync.knowledge.store import Knowledge
    from codesync.knowledge.local import LocalLayer
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and not os.path.exists(sys.argv[1]):
        layer = LocalLayer()
        if not layer.exists():
            continue
        knowledge = Knowledge(None, layer.path)
        for version in knowledge.versions("lay"):
            minor = int(version.split(".")[1])
            assert knowledge.definition("lay", version, "lay.f%d" % minor) is not None, version
            seen += 1
        knowledge.close()
    print(seen)
''')


def test_concurrent_writers_keep_every_release_and_readers_see_whole_ones(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CODESYNC_CACHE", str(cache))
    tests_dir = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "CODESYNC_CACHE": str(cache)}
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(stop)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, tests_dir, major, start], env=env,
                                stderr=subprocess.PIPE, text=True)
               for major, start in (("1", "0"), ("1", "4"), ("2", "0"))]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    stop.write_text("")
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    knowledge = Knowledge(None, LocalLayer().path)
    assert len(knowledge.versions("lay")) == 12  # 3 writers x 4 releases, none lost
    assert int(out) > 0
