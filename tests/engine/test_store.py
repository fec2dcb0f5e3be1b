"""The committed text form (intervals, determinism) and the SQLite store built from it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from codesync.knowledge import textform
from codesync.knowledge.model import Definition, Deprecation, Param
from codesync.knowledge.store import Knowledge, KnowledgeError, build_database
from helpers.fakelib import make_knowledge, write_history

from .fakelib_releases import RELEASES


def read_lines(path) -> list:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_text_form_round_trip(tmp_path):
    snapshots = write_history(tmp_path, "fakelib", RELEASES)
    loaded = textform.load(tmp_path, "fakelib")
    assert loaded.ordered_versions() == ["1.0", "1.1", "2.0"]
    assert loaded.import_names == ["fakelib"]
    for version, snap in snapshots.items():
        assert loaded.exports[version] == snap.exports
        assert set(loaded.definitions[version]) == set(snap.definitions)
        for path, definition in snap.definitions.items():
            again = Definition.from_json(path, json.loads(loaded.definitions[version][path]))
            assert again == definition, path


def test_unchanged_records_are_one_interval(tmp_path):
    write_history(tmp_path, "fakelib", RELEASES)
    exports = read_lines(tmp_path / "fakelib" / "exports.jsonl")
    assert ["fakelib.resize", "fakelib.core.resize", "1.0", "2.0"] in exports
    assert ["fakelib.old_func", "fakelib.core.old_func", "1.0", "1.1"] in exports
    assert [r for r in exports if r[0] == "fakelib.moved"] == [
        ["fakelib.moved", "fakelib.core.moved", "1.0", "1.1"],
        ["fakelib.moved", "fakelib._impl.moved", "2.0", "2.0"]]
    definitions = read_lines(tmp_path / "fakelib" / "definitions.jsonl")
    resize = [(r["first"], r["last"]) for r in definitions if r["path"] == "fakelib.core.resize"]
    assert resize == [("1.0", "1.0"), ("1.1", "2.0")]
    keys = [(r["path"], r["first"]) for r in definitions]
    assert len(keys) == len(set(keys))


def test_text_form_is_deterministic(tmp_path):
    write_history(tmp_path / "a", "fakelib", RELEASES)
    # releases stored in another order, twice over
    reordered = {v: RELEASES[v] for v in ("2.0", "1.0", "1.1")}
    write_history(tmp_path / "b", "fakelib", reordered)
    write_history(tmp_path / "b", "fakelib", reordered)
    for name in ("releases.json", "exports.jsonl", "definitions.jsonl"):
        assert (tmp_path / "a" / "fakelib" / name).read_bytes() == \
            (tmp_path / "b" / "fakelib" / name).read_bytes(), name


def test_text_form_is_sorted(tmp_path):
    write_history(tmp_path, "fakelib", RELEASES)
    exports = read_lines(tmp_path / "fakelib" / "exports.jsonl")
    assert [r[0] for r in exports] == sorted(r[0] for r in exports)
    definitions = read_lines(tmp_path / "fakelib" / "definitions.jsonl")
    assert [r["path"] for r in definitions] == sorted(r["path"] for r in definitions)


def test_adding_a_release_is_a_small_diff(tmp_path):
    history = textform.DistributionHistory("tiny", import_names=["tiny"])

    def put(version, definitions):
        history.put(textform.ReleaseInfo(version), {"tiny.f": "tiny.f"}, definitions)
        textform.save(history, tmp_path)
        return (tmp_path / "tiny" / "definitions.jsonl").read_text().splitlines()

    f = Definition("tiny.f", "function", params=[Param("a", "a")])
    before = put("1.0", {"tiny.f": f})
    after = put("1.1", {"tiny.f": f})
    assert len(before) == len(after) == 1
    assert json.loads(after[0])["last"] == "1.1"


def test_version_order_is_numeric(tmp_path):
    releases = {v: {"vlib/__init__.py": f"def f{v.replace('.', '_')}(): pass\n"}
                for v in ("1.10.0", "1.9.0", "1.2.0", "2.0.0rc1", "2.0.0")}
    knowledge = make_knowledge(tmp_path, "vlib", releases)
    assert knowledge.versions("vlib") == ["1.2.0", "1.9.0", "1.10.0", "2.0.0rc1", "2.0.0"]


def test_release_lookup(fakelib_knowledge):
    assert fakelib_knowledge.release_index("fakelib", "1.1") == 1
    assert not fakelib_knowledge.has_release("fakelib", "1.5")
    assert fakelib_knowledge.definition("fakelib", "1.5", "fakelib.core.compute") is None
    assert fakelib_knowledge.export("fakelib", "1.5", "fakelib.compute") is None
    assert fakelib_knowledge.versions("nosuchlib") == []


def test_release_lookup_normalises_spelling(tmp_path):
    knowledge = make_knowledge(tmp_path, "vlib", {
        "2.0.0rc1": {"vlib/__init__.py": "def f(): pass\n"},
        "2.0.0.post1": {"vlib/__init__.py": "def f(): pass\n"}})
    assert knowledge.release_index("vlib", "2.0.0-RC1") == 0
    assert knowledge.release_index("vlib", "2.0.0-post1") == 1
    assert knowledge.definition("vlib", "2.0.0.RC1", "vlib.f") is not None


def test_release_lookup_ignores_trailing_zeros(fakelib_knowledge):
    assert fakelib_knowledge.release_index("fakelib", "1.1.0") == 1
    assert fakelib_knowledge.has_release("fakelib", "2.0.0")


def test_distribution_names_and_import_names(tmp_path):
    knowledge = make_knowledge(tmp_path, "Fake_Lib", {"1.0": {"fakelib/__init__.py": "def f(): pass\n"}},
                               import_names=["fakelib"])
    assert knowledge.distributions() == ["fake-lib"]
    assert knowledge.distributions_for_import("fakelib") == ["fake-lib"]
    assert knowledge.versions("FAKE.LIB") == ["1.0"]
    assert knowledge.export("fake_lib", "1.0", "fakelib.f") == "fakelib.f"


def test_history_queries(fakelib_knowledge):
    exports = fakelib_knowledge.export_history("fakelib", "fakelib.moved")
    assert [(t, i.first, i.last) for t, i in exports] == [
        ("fakelib.core.moved", "1.0", "1.1"), ("fakelib._impl.moved", "2.0", "2.0")]
    definitions = fakelib_knowledge.definition_history("fakelib", "fakelib.core.compute")
    assert [(i.first, i.last) for _, i in definitions] == [("1.0", "1.0"), ("1.1", "1.1"), ("2.0", "2.0")]


def test_later_roots_win(tmp_path):
    shipped, local = tmp_path / "shipped", tmp_path / "local"
    write_history(shipped, "fakelib", {"1.0": {"fakelib/__init__.py": "def f(a): pass\n"}})
    write_history(local, "fakelib", {"1.0": {"fakelib/__init__.py": "def f(a, b): pass\n"},
                                     "2.0": {"fakelib/__init__.py": "def f(a, b, c): pass\n"}})
    write_history(shipped, "otherlib", {"0.1": {"otherlib/__init__.py": "x = 1\n"}})
    db = tmp_path / "k.db"
    build_database([shipped, local], db)
    knowledge = Knowledge(db)
    assert knowledge.distributions() == ["fakelib", "otherlib"]
    assert knowledge.versions("fakelib") == ["1.0", "2.0"]
    assert [p.name for p in knowledge.definition("fakelib", "1.0", "fakelib.f").params] == ["a", "b"]


def test_rebuilding_the_database_replaces_it(tmp_path):
    root, db = tmp_path / "api", tmp_path / "k.db"
    write_history(root, "fakelib", {"1.0": {"fakelib/__init__.py": "def f(): pass\n"}})
    build_database([root], db)
    write_history(root, "fakelib", {"1.0": {"fakelib/__init__.py": "def f(): pass\n"},
                                    "1.1": {"fakelib/__init__.py": "def g(): pass\n"}})
    build_database([root], db)
    assert Knowledge(db).versions("fakelib") == ["1.0", "1.1"]
    assert not list(tmp_path.glob("*.tmp"))


def test_unreadable_database_raises_knowledge_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(KnowledgeError):
        Knowledge(bad).versions("fakelib")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(KnowledgeError):
        Knowledge(empty).distributions()


def test_database_is_read_only(fakelib_knowledge):
    with pytest.raises(sqlite3.OperationalError):
        fakelib_knowledge.db.execute("DELETE FROM releases")


def test_definition_json_round_trip():
    definition = Definition(
        path="m.f", kind="function",
        params=[Param("a", "p"), Param("b", "a", "1"), Param("args", "v"), Param("c", "k", "None"),
                Param("kw", "w")],
        returns="m.C", deprecated=Deprecation("gone", "1.0", "2.0", "m.g", "warn"),
        param_deprecations={"b": Deprecation("b is old", form="decorator")},
        extra_keywords={"old": "b"}, positional_limit=1, decorated=True, dynamic=True,
        expired={"x": "gone"}, attributes=["z", "y"])
    again = Definition.from_json("m.f", json.loads(json.dumps(definition.to_json())))
    assert again.to_json() == definition.to_json()
    assert again.render_signature() == "f(a, /, b=1, *args, c=None, **kw)"
    assert Definition("m.g", "function", params=[Param("a", "a"), Param("b", "k")]).render_signature() \
        == "g(a, *, b)"
