"""Class members are kept on disk between runs, keyed by the layer's content."""

from __future__ import annotations

import os
import shutil

from codesync.knowledge import member_cache
from codesync.knowledge.store import Knowledge
from helpers.fake_core import RELEASES


def _layer(tmp_path, fake_knowledge):
    db = tmp_path / "layer.db"
    shutil.copy2(fake_knowledge.layers["shipped"], db)
    return db


def _entries(cache):
    return sorted((cache / "class-members").glob("*.json"))


def test_a_later_run_reads_what_the_first_computed(tmp_path, monkeypatch, fake_knowledge):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    db = _layer(tmp_path, fake_knowledge)
    versions = list(RELEASES)
    first = Knowledge(db).class_members_of("fakelib", versions)
    assert any(first.values()) and len(_entries(tmp_path / "cache")) == len(versions)

    later = Knowledge(db)
    monkeypatch.setattr(later, "_scan_class_members", _no_scan)
    assert later.class_members_of("fakelib", versions) == first


def test_a_changed_layer_or_a_damaged_entry_is_computed_again(tmp_path, monkeypatch,
                                                             fake_knowledge):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    db = _layer(tmp_path, fake_knowledge)
    version = list(RELEASES)[-1]
    expected = Knowledge(db).class_members("fakelib", version)
    for entry in _entries(tmp_path / "cache"):
        entry.write_text("{not json")
    assert Knowledge(db).class_members("fakelib", version) == expected

    before = member_cache.entry_key(db, "fakelib", "k")
    stat = db.stat()
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert member_cache.entry_key(db, "fakelib", "k") != before
    assert Knowledge(db).class_members("fakelib", version) == expected
    assert len(_entries(tmp_path / "cache")) == 2  # one per content of the layer


def test_a_projects_environment_layer_is_never_kept(tmp_path, monkeypatch, fake_knowledge):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    db = _layer(tmp_path, fake_knowledge)
    environment = tmp_path / "environment.db"
    shutil.copy2(db, environment)
    knowledge = Knowledge(db, None, environment)
    version = list(RELEASES)[-1]
    key = knowledge.stored_release("fakelib", version).key
    knowledge._stored_class_members("fakelib", "environment", [(version, key)])
    assert not _entries(tmp_path / "cache")


def _no_scan(*args, **kwargs):
    raise AssertionError("scanned although every release was on disk")


def test_names_of_the_interpreter_are_computed_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    calls = []

    def compute():
        calls.append(1)
        return frozenset({"append", "keys"})

    depends = ("codesync.knowledge.store",)
    first = member_cache.interpreter_names("label", compute, depends)
    assert member_cache.interpreter_names("label", compute, depends) == first
    assert calls == [1]
    assert member_cache.interpreter_names("other", compute, depends) == first and calls == [1, 1]


def test_the_standard_library_members_read_back_are_those_computed(tmp_path, monkeypatch):
    from codesync.analysis import unique_members

    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    expected = unique_members._stdlib_members_now()
    monkeypatch.setattr(unique_members, "_stdlib_members", None)
    assert unique_members.stdlib_members() == expected
    monkeypatch.setattr(unique_members, "_stdlib_members", None)
    monkeypatch.setattr(unique_members, "_stdlib_members_now", _no_scan)
    assert unique_members.stdlib_members() == expected


def test_the_folder_keeps_the_newest_entries_within_its_bounds(tmp_path, monkeypatch):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(member_cache, "MAX_FILES", 3)
    for number in range(5):
        member_cache.store(f"key{number}", {"pkg.C": frozenset({"m"})})
        entry = tmp_path / "cache" / "class-members" / f"key{number}.json"
        os.utime(entry, (number, number))
    kept = sorted(p.stem for p in _entries(tmp_path / "cache"))
    assert len(kept) == 3 and "key4" in kept and member_cache.load("key4") == {
        "pkg.C": frozenset({"m"})}
