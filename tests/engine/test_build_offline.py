"""``codesync knowledge add`` end to end without the network: a fake index and fake fetches.

The worker pool is replaced by an inline executor, so the build's planning, storing, resuming
and reporting run for real in this process.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from concurrent.futures import Future
from pathlib import Path

import pytest

from codesync import cli, locations
from codesync.engine import build, executors, fetch
from codesync.engine.archive import SourceFile
from codesync.engine.fetch import FetchError, IndexFile
from codesync.engine.policy import LibraryPolicy, load_policies, select_versions
from codesync.explain import HistoryBuilder
from codesync.knowledge import textform
from codesync.knowledge.store import Knowledge, build_database

from .fakelib_releases import RELEASES

PUBLISHED = {"1.0": "2020-01-01T00:00:00Z", "1.1": "2020-06-01T00:00:00Z",
             "1.2": "2020-09-01T00:00:00Z", "2.0": "2021-01-01T00:00:00Z",
             "2.1rc1": "2021-03-01T00:00:00Z"}
BROKEN = {"fakelib/__init__.py": "from .good import *\n", "fakelib/good.py": "def ok(a): pass\n",
          "fakelib/bad.py": "def broken(:\n    pass\n"}


class InlineExecutor:
    """A ProcessPoolExecutor stand-in that runs each job when it is submitted."""

    def __init__(self, max_workers=None):
        self.max_workers = max_workers

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def shutdown(self, wait=True, cancel_futures=False):
        pass

    def submit(self, fn, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed back like a real pool would
            future.set_exception(exc)
        return future


@pytest.fixture
def fake_index(monkeypatch):
    """Index and fetch replaced; returns the list of (dist, version) fetched."""
    fetched: list[tuple[str, str]] = []

    def fake_fetch(distribution, version, progress=None):
        fetched.append((distribution, version))
        if version == "1.2":
            raise FetchError(f"{distribution}=={version}: no file on the index")
        if version == "2.1rc1":
            raise RuntimeError("extractor exploded\nsecond line")
        files = RELEASES.get(version) or BROKEN
        return ([SourceFile(p, textwrap.dedent(t)) for p, t in files.items()],
                f"{distribution}-{version}-py3-none-any.whl")

    monkeypatch.setattr(build, "published_versions", lambda dist: dict(PUBLISHED))
    monkeypatch.setattr(fetch, "fetch_sources", fake_fetch)
    monkeypatch.setattr(executors, "ProcessPoolExecutor", InlineExecutor)
    return fetched


def builder_for(root: Path, **kwargs) -> tuple[build.KnowledgeBuilder, io.StringIO]:
    stream = io.StringIO()
    return build.KnowledgeBuilder(root=root, jobs=2, stream=stream, **kwargs), stream


def open_db(root: Path, tmp_path: Path) -> Knowledge:
    db = tmp_path / "built.db"
    build_database([root], db)
    return Knowledge(db)


def test_add_stores_releases_and_history(fake_index, tmp_path):
    root = tmp_path / "api"
    builder, stream = builder_for(root)
    results = builder.run(["fakelib==1.0", "fakelib==1.1", "fakelib==2.0"])
    assert sorted(r.info.version for r in results) == ["1.0", "1.1", "2.0"]
    assert {r.info.status for r in results} == {"ok"}
    meta = textform.read_meta(root, "fakelib")
    assert [r["version"] for r in meta["releases"]] == ["1.0", "1.1", "2.0"]
    assert meta["published"] == ["1.0", "1.1", "1.2", "2.0"]  # final releases only
    assert meta["releases"][0]["source"] == "fakelib-1.0-py3-none-any.whl"
    lines = stream.getvalue().splitlines()
    assert any(line.startswith("fakelib==1.1: ") and " APIs, 19 deprecations" in line for line in lines)

    knowledge = open_db(root, tmp_path)
    history = HistoryBuilder(knowledge).build("fakelib.old_func")
    # 1.2 is published but not stored: the removal is placed honestly
    assert [(c["in"], c["kind"]) for c in history["changes"]] == [
        ("1.1", "api-deprecated"), ("between 1.1 and 2.0", "api-removed")]


def test_add_is_resumable(fake_index, tmp_path):
    root = tmp_path / "api"
    builder_for(root)[0].run(["fakelib==1.0", "fakelib==1.1"])
    assert len(fake_index) == 2
    builder, stream = builder_for(root)
    assert builder.run(["fakelib==1.0", "fakelib==1.1"]) == []
    assert "nothing to do" in stream.getvalue()
    assert len(fake_index) == 2  # nothing fetched again
    builder.run(["fakelib==1.1", "fakelib==2.0"])
    assert fake_index[-1] == ("fakelib", "2.0") and len(fake_index) == 3
    assert [r["version"] for r in textform.read_meta(root, "fakelib")["releases"]] == ["1.0", "1.1", "2.0"]


def test_rebuild_fetches_again(fake_index, tmp_path):
    root = tmp_path / "api"
    builder_for(root)[0].run(["fakelib==1.0"])
    builder_for(root)[0].run(["fakelib==1.0"], rebuild=True)
    assert fake_index == [("fakelib", "1.0"), ("fakelib", "1.0")]


def test_failed_releases_are_reported_not_stored(fake_index, tmp_path):
    root = tmp_path / "api"
    builder, stream = builder_for(root)
    results = {r.info.version: r.info for r in builder.run(["fakelib==1.0", "fakelib==1.2", "fakelib==2.1rc1"])}
    assert results["1.2"].status == "failed" and "no file on the index" in results["1.2"].reason
    assert results["2.1rc1"].status == "failed"
    assert results["2.1rc1"].reason == "RuntimeError: extractor exploded"
    assert results["1.0"].status == "ok"  # one bad release never aborts the build
    assert [r["version"] for r in textform.read_meta(root, "fakelib")["releases"]] == ["1.0"]
    assert "fakelib==1.2: FAILED (" in stream.getvalue()


def test_partial_release_is_stored_with_reason(fake_index, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "published_versions", lambda dist: {"3.0": "2022-01-01"})
    root = tmp_path / "api"
    builder, stream = builder_for(root)
    [result] = builder.run(["fakelib==3.0"])
    assert result.info.status == "partial"
    assert "fakelib/bad.py" in result.info.reason
    [stored] = textform.read_meta(root, "fakelib")["releases"]
    assert (stored["status"], stored["version"]) == ("partial", "3.0")
    assert "[partial: " in stream.getvalue()


def test_unknown_version_is_reported_not_fetched(fake_index, tmp_path):
    builder, stream = builder_for(tmp_path / "api")
    results = builder.run(["fakelib==9.9", "fakelib==1.0"])
    assert {r.info.version: r.info.status for r in results} == {"9.9": "failed", "1.0": "ok"}
    assert fake_index == [("fakelib", "1.0")]
    assert "failed: fakelib==9.9 after 1 attempt: fakelib==9.9 is not on the index" \
        in stream.getvalue()


def test_distribution_alone_follows_the_policy(fake_index, tmp_path):
    (tmp_path / "libraries.toml").write_text(textwrap.dedent('''
        [distributions.fakelib]
        import_names = ["fakelib"]
        since = "2020-03-01"
        extra = ["1.0"]
    '''))
    builder, _ = builder_for(tmp_path / "api")
    jobs, _ = builder.plan(["fakelib"])
    # 1.0 by `extra` (its line opened before `since`); lines 1.1, 1.2 and 2.0; no pre-releases
    assert [j.version for j in jobs] == ["1.0", "1.1", "1.2", "2.0"]
    assert {tuple(j.import_names) for j in jobs} == {("fakelib",)}


def test_update_plans_only_newer_releases(fake_index, tmp_path):
    root = tmp_path / "api"
    builder, _ = builder_for(root)
    builder.run(["fakelib==1.1"])
    jobs, _ = builder.plan(["fakelib"], only_new=True)
    assert [j.version for j in jobs] == ["1.2", "2.0"]


def test_update_finds_releases_published_since_the_last_build(fake_index, monkeypatch, tmp_path):
    root = tmp_path / "api"
    builder, _ = builder_for(root)
    builder.run(["fakelib==1.0", "fakelib==2.0"])
    # a patch on an old line, published after the last build; 1.1 was known then and skipped
    monkeypatch.setattr(build, "published_versions",
                        lambda dist: {**PUBLISHED, "1.3": "2021-05-01T00:00:00Z"})
    jobs, _ = builder.plan(["fakelib"], only_new=True)
    assert [j.version for j in jobs] == ["1.3"]


def test_empty_import_names_take_the_release_top_level_packages(fake_index, tmp_path):
    (tmp_path / "libraries.toml").write_text("[distributions.fakelib]\nimport_names = []\n")
    builder, _ = builder_for(tmp_path / "api")
    assert builder.policy("fakelib").import_names == []
    results = builder.run(["fakelib==1.0", "fakelib==2.0"])
    assert {r.info.status for r in results} == {"ok"}
    assert textform.read_meta(tmp_path / "api", "fakelib")["import_names"] == ["fakelib"]


def test_cli_knowledge_add(fake_index, tmp_path, capsys):
    root = tmp_path / "api"
    assert cli.main(["knowledge", "add", "fakelib==1.0", "fakelib==2.0", "--root", str(root),
                     "--jobs", "1"]) == 0
    assert "2 releases stored, 0 failed" in capsys.readouterr().err
    assert cli.main(["knowledge", "add", "fakelib==1.2", "--root", str(root)]) == 1


# policy -----------------------------------------------------------------------------------

def test_select_versions_first_and_last_of_each_minor_line():
    published = {
        "0.9.0": "2018-01-01", "0.9.5": "2019-06-01",      # line opened before `since`
        "1.0.0": "2019-02-01", "1.0.1": "2019-03-01", "1.0.2": "2019-04-01",
        "1.1.0rc1": "2019-05-01", "1.1.0": "2019-06-01",
        "1.2.1": "2020-01-01", "1.2.3": "2020-02-01",     # line without an x.y.0
        "2.0.0": "2021-01-01", "2.0.1.dev0": "2021-02-01", "not-a-version": "2021-03-01",
    }
    policy = LibraryPolicy("fakelib", ["fakelib"], since="2019-01-01", extra=["0.9.5", "7.0"])
    assert select_versions(policy, published) == [
        "0.9.5", "1.0.0", "1.0.2", "1.1.0", "1.2.1", "1.2.3", "2.0.0"]
    assert select_versions(LibraryPolicy("fakelib", ["fakelib"], min_minor="1.2"), published) == [
        "1.2.1", "1.2.3", "2.0.0"]
    assert select_versions(policy, {}) == []


def test_load_policies(tmp_path):
    path = tmp_path / "libraries.toml"
    path.write_text(textwrap.dedent('''
        [defaults]
        since = "2020-01-01"

        [distributions.scikit-learn]
        import_names = ["sklearn"]
        extra = [1.2]
        exclude = ["sklearn.externals"]

        [distributions.fake-lib]
        since = "2021-01-01"
        note = "small"
    '''))
    policies = load_policies(path)
    assert policies["scikit-learn"].import_names == ["sklearn"]
    assert policies["scikit-learn"].since == "2020-01-01"
    assert policies["scikit-learn"].extra == ["1.2"]
    assert policies["scikit-learn"].exclude == ["sklearn.externals"]
    assert policies["fake-lib"].import_names == ["fake_lib"]
    assert policies["fake-lib"].since == "2021-01-01"
    assert load_policies(tmp_path / "missing.toml") == {}


# fetch, against a fake index ----------------------------------------------------------------

def wheel_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("fakelib/__init__.py", "def f(a): pass\n")
        zf.writestr("fakelib-1.0.dist-info/METADATA", "Name: fakelib\n")
    return buffer.getvalue()


@pytest.fixture
def fake_http(monkeypatch, tmp_path):
    """``fetch._get`` served from memory; returns the list of requests made."""
    wheel = wheel_bytes()
    index = {
        "meta": {"api-version": "1.1"},
        "versions": ["1.0", "1.1"],
        "files": [
            {"filename": "fakelib-1.0.tar.gz", "url": "https://files.example/fakelib-1.0.tar.gz",
             "hashes": {}, "size": 10, "upload-time": "2020-01-01T00:00:00Z"},
            {"filename": "fakelib-1.0-py3-none-any.whl", "url": "https://files.example/w.whl",
             "hashes": {"sha256": hashlib.sha256(wheel).hexdigest()}, "size": len(wheel),
             "upload-time": "2020-01-02T00:00:00Z"},
            {"filename": "fakelib-1.1-py3-none-any.whl", "url": "https://files.example/bad.whl",
             "hashes": {"sha256": "0" * 64}, "size": len(wheel), "upload-time": "2020-06-01",
             "yanked": "broken"},
        ],
    }
    requests: list[tuple[str, dict]] = []

    def fake_get(url, headers=None, **_limits):
        requests.append((url, dict(headers or {})))
        if url.endswith("/fakelib/"):
            assert headers["Accept"] == fetch.JSON_ACCEPT
            return json.dumps(index).encode()
        if url.endswith(".whl"):
            if headers and "Range" in headers:
                start, end = headers["Range"].removeprefix("bytes=").split("-")
                return wheel[int(start): int(end) + 1]
            return wheel
        raise FetchError(f"cannot read {url}")

    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PIP_INDEX_URL", "https://index.example/simple/")
    fetch.index_url.cache_clear()
    monkeypatch.setattr(fetch, "_get", fake_get)
    yield requests
    fetch.index_url.cache_clear()


def test_fetch_sources_prefers_the_wheel_and_caches_it(fake_http, tmp_path):
    sources, filename = fetch.fetch_sources("FakeLib", "1.0")
    assert filename == "fakelib-1.0-py3-none-any.whl"
    assert [s.path for s in sources] == ["fakelib/__init__.py"]
    assert fake_http[0][0] == "https://index.example/simple/fakelib/"
    assert (tmp_path / "cache" / "downloads" / filename).exists()
    downloads = [u for u, _ in fake_http if u.endswith(".whl")]
    fetch.fetch_sources("fakelib", "1.0")
    assert [u for u, _ in fake_http if u.endswith(".whl")] == downloads  # served from the cache


def test_fetch_checksum_mismatch(fake_http):
    with pytest.raises(FetchError, match="checksum"):
        fetch.fetch_sources("fakelib", "1.1")


def test_fetch_unknown_version(fake_http):
    with pytest.raises(FetchError, match="no file"):
        fetch.fetch_sources("fakelib", "3.0")


def test_large_wheels_are_read_by_ranges(fake_http, monkeypatch):
    monkeypatch.setattr(fetch, "WHOLE_DOWNLOAD_LIMIT", 10)
    sources, _ = fetch.fetch_sources("fakelib", "1.0")
    assert [s.text for s in sources] == ["def f(a): pass\n"]
    assert all("Range" in h for u, h in fake_http if u.endswith(".whl"))


def test_published_versions_from_the_index(fake_http):
    assert build.published_versions("fakelib") == {"1.0": "2020-01-01T00:00:00Z",
                                                   "1.1": "2020-06-01"}


@pytest.mark.parametrize("filename, version", [
    ("requests-2.31.0-py3-none-any.whl", "2.31.0"),
    ("numpy-1.7.2.tar.gz", "1.7.2"),
    ("scikit_learn-1.2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "1.2.0"),
    ("pkg-1.0-1-py2.py3-none-any.whl", "1.0"),  # build tag
    ("python-dateutil-2.8.2.zip", "2.8.2"),
    ("README.txt", None),
])
def test_file_version(filename, version):
    assert fetch.file_version(filename) == version


def test_choose_file_ranking():
    def f(name, yanked=False):
        return IndexFile(name, f"https://x/{name}", 1, "", "", yanked)

    files = [f("pkg-1.0.tar.gz"), f("pkg-1.0-cp39-cp39-win_amd64.whl"),
             f("pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"),
             f("pkg-1.0-cp312-cp312-macosx_11_0_arm64.whl"), f("pkg-1.1-py3-none-any.whl")]
    assert fetch.choose_file(files, "1.0").filename == "pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"
    assert fetch.choose_file(files + [f("pkg-1.0-py3-none-any.whl")], "1.0").filename == \
        "pkg-1.0-py3-none-any.whl"
    assert fetch.choose_file([f("pkg-1.0.tar.gz")], "1.0.0").filename == "pkg-1.0.tar.gz"
    assert fetch.choose_file(files, "2.0") is None


def test_cache_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "c"))
    assert locations.cache_dir() == tmp_path / "c"
    assert (tmp_path / "c").is_dir()


# the explain and list commands over a knowledge root -----------------------------------------

@pytest.fixture
def shipped(monkeypatch, tmp_path):
    from helpers.fakelib import write_history

    root = tmp_path / "knowledge" / "api"
    write_history(root, "fakelib", RELEASES)
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    return root


def test_cli_explain_json(shipped, capsys):
    assert cli.main(["explain", "fakelib.old_func", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert history["distribution"] == "fakelib"
    assert history["releases_stored"] == ["1.0", "1.1", "2.0"]
    [record] = history["deprecations"]
    assert (record["since"], record["removed_in"], record["replacement"]) == (
        "1.1", "2.0", "fakelib.new_func")


def test_cli_explain_text(shipped, capsys):
    assert cli.main(["explain", "fakelib.Frame.to_csv", "--version", "1.0"]) == 0
    text = capsys.readouterr().out
    assert "fakelib.Frame.to_csv  (fakelib, method, defined as fakelib.frame.Frame.to_csv)" in text
    assert "parameter `line_terminator` deprecated since 1.1, removed in 2.0; replacement " \
        "`lineterminator`" in text
    assert "at 1.0: to_csv(path, line_terminator=None)" in text


def test_cli_explain_unknown(shipped, capsys):
    assert cli.main(["explain", "fakelib.no_such_thing"]) == 1
    assert "not a public API" in capsys.readouterr().err
    assert cli.main(["explain", "otherlib.thing"]) == 1
    assert cli.main(["explain", "fakelib.compute", "--version", "9.9"]) == 1


def test_cli_knowledge_list(shipped, capsys):
    assert cli.main(["knowledge", "list", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["distributions"]
    assert item["distribution"] == "fakelib"
    assert item["releases"] == ["1.0", "1.1", "2.0"]
    assert item["partial"] == []


def test_add_without_a_root_goes_to_the_user_local_layer(fake_index, tmp_path, monkeypatch):
    from codesync.knowledge.local import LocalLayer

    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    stream = io.StringIO()
    build.KnowledgeBuilder(jobs=2, stream=stream).run(["fakelib==1.0", "fakelib==2.0"])
    layer = LocalLayer()
    assert layer.path.is_relative_to(tmp_path / "cache")
    assert set(layer.stored("fakelib")) == {"1.0", "2.0"}
    knowledge = Knowledge(None, layer.path)
    assert [r["origin"] for r in knowledge.release_rows("fakelib")] == ["fetched", "fetched"]
    # a second run finds both stored in the layer and fetches nothing
    assert build.KnowledgeBuilder(jobs=2, stream=stream).run(["fakelib==1.0"]) == []


def test_update_of_the_user_local_layer_counts_the_shipped_releases(fake_index, shipped):
    builder = build.KnowledgeBuilder(jobs=1, stream=io.StringIO())
    jobs, _ = builder.plan(["fakelib"], only_new=True)
    # shipped: 1.0, 1.1, 2.0; the index also lists 1.2, which the shipped build never saw
    assert [j.version for j in jobs] == ["1.2"]
