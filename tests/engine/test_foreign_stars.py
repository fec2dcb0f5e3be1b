"""Names a module binds through a star import of another distribution's module: read from
that distribution's stored knowledge at the release current when this one came out, so that
when the re-export stops the names are reported removed (old scipy's ``from numpy import *``)."""

from __future__ import annotations

from codesync.analysis.checker import Checker, VersionContext
from codesync.engine.build import Job, run_job
from codesync.engine.foreign_stars import ForeignNames
from codesync.knowledge import textform
from codesync.knowledge.store import Knowledge, build_database
from helpers.fakelib import write_history

# the other distribution: ``arraylib`` 1.0 has ones and zeros, 2.0 drops zeros, adds empty
ARRAYLIB = {
    "1.0": {"arraylib/__init__.py": '''
        from . import linalg
        __all__ = ["ones", "zeros", "linalg"]
        import os
        def ones(shape): pass
        def zeros(shape): pass
        def _private(): pass
    ''', "arraylib/linalg.py": "def solve(a, b): pass\n"},
    "2.0": {"arraylib/__init__.py": '''
        from . import linalg
        __all__ = ["ones", "empty", "linalg"]
        def ones(shape): pass
        def empty(shape): pass
    ''', "arraylib/linalg.py": "def solve(a, b): pass\n"},
}
UPLOADED = {"arraylib": {"1.0": "2015-01-01T00:00:00", "2.0": "2020-01-01T00:00:00"}}

# the distribution under test, over three eras of re-exporting arraylib's names
SCILIB = {
    "0.1": {"scilib/__init__.py": '''
        import arraylib as _num
        from arraylib import *
        __all__ = ["special"]
        __all__ += _num.__all__
        del linalg
        def special(x): pass
    '''},
    "0.5": {"scilib/__init__.py": '''
        import arraylib as np
        for _key in np.__all__:
            if _key.startswith("_"):
                continue
            _fun = getattr(np, _key)
            globals()[_key] = _fun
        del np
        def special(x): pass
    '''},
    "1.0": {"scilib/__init__.py": '''
        import importlib as _importlib
        submodules = ["stats"]
        def special(x): pass
        def __getattr__(name):
            if name in submodules:
                return _importlib.import_module(f"scilib.{name}")
            else:
                try:
                    return globals()[name]
                except KeyError:
                    raise AttributeError(name)
    ''', "scilib/stats.py": "def mean(x): pass\n"},
}
SCILIB_UPLOADED = {"0.1": "2016-01-01T00:00:00", "0.5": "2021-01-01T00:00:00",
                   "1.0": "2023-01-01T00:00:00"}


def _times(dist: str) -> dict[str, str]:
    return UPLOADED[dist]


def _foreign(tmp_path, uploaded: str) -> ForeignNames:
    root = tmp_path / "api"
    if not (root / "arraylib").exists():
        write_history(root, "arraylib", ARRAYLIB)
    return ForeignNames(root, uploaded, _times)


def _scilib(tmp_path, version: str):
    from codesync.engine.release import build_snapshot
    from helpers.fakelib import sources

    return build_snapshot(sources(SCILIB[version]), ["scilib"],
                          foreign=_foreign(tmp_path, SCILIB_UPLOADED[version]))


def test_a_star_import_of_another_distribution_gives_its_names_at_the_matching_release(tmp_path):
    exports = _scilib(tmp_path, "0.1").exports
    assert exports["scilib.ones"] == "arraylib.ones"
    assert exports["scilib.zeros"] == "arraylib.zeros"  # arraylib 1.0 was current in 2016
    assert "scilib.empty" not in exports
    assert "scilib.linalg" not in exports  # a submodule, and deleted
    assert "scilib._private" not in exports and "scilib.os" not in exports
    assert exports["scilib.special"] == "scilib.special"


def test_a_loop_over_another_modules_all_setting_globals_is_a_star_import(tmp_path):
    snap = _scilib(tmp_path, "0.5")
    assert snap.exports["scilib.ones"] == "arraylib.ones"
    assert snap.exports["scilib.empty"] == "arraylib.empty"  # arraylib 2.0 by 2021
    assert "scilib.zeros" not in snap.exports
    assert not snap.definitions["scilib"].dynamic  # the loop was read: nothing else is open


def test_without_stored_knowledge_or_upload_times_nothing_is_guessed(tmp_path):
    from codesync.engine.release import build_snapshot
    from helpers.fakelib import sources

    files = sources(SCILIB["0.1"])
    assert "scilib.ones" not in build_snapshot(files, ["scilib"]).exports
    no_times = ForeignNames(tmp_path / "api", "", _times)
    write_history(tmp_path / "api", "arraylib", ARRAYLIB)
    assert "scilib.ones" not in build_snapshot(files, ["scilib"], foreign=no_times).exports


def test_a_getattr_that_returns_only_globals_serves_a_closed_set(tmp_path):
    module = _scilib(tmp_path, "1.0").definitions["scilib"]
    assert module.dynamic and module.serves == ["stats"]


def test_names_the_module_stops_re_exporting_are_reported_removed(tmp_path):
    root = tmp_path / "api"
    write_history(root, "arraylib", ARRAYLIB)
    history = textform.DistributionHistory("scilib", import_names=["scilib"])
    for version in SCILIB:
        snap = _scilib(tmp_path, version)
        history.put(textform.ReleaseInfo(version), snap.exports, snap.definitions)
    history.published = list(SCILIB)
    textform.save(history, root)
    build_database([root], tmp_path / "k.db")
    knowledge = Knowledge(tmp_path / "k.db")
    try:
        versions = VersionContext.of({"scilib": "1.0"}, {"scilib": "0.5"})
        source = "import scilib\nscilib.ones(3)\nscilib.special(1)\n"
        findings = Checker(knowledge, versions).check_source(source, "t.py").findings
        assert [(f.line, f.kind) for f in findings] == [(2, "removed")]
        assert "1.0" in findings[0].message
    finally:
        knowledge.close()


def test_a_build_job_reads_the_other_distribution_from_its_knowledge_root(tmp_path, monkeypatch):
    from codesync.engine import build
    from helpers.fakelib import sources

    write_history(tmp_path / "api", "arraylib", ARRAYLIB)
    monkeypatch.setattr(build, "_upload_times", _times)
    monkeypatch.setattr("codesync.engine.fetch.fetch_sources",
                        lambda dist, version: (sources(SCILIB[version]), f"{dist}-{version}.whl"))
    job = Job("scilib", "0.1", ["scilib"], [], [], uploaded=SCILIB_UPLOADED["0.1"],
              knowledge_root=str(tmp_path / "api"))
    result = run_job(job)
    assert result.info.status == "ok", result.info.reason
    assert result.exports["scilib.ones"] == "arraylib.ones"
