"""The package index and its files are untrusted: a real HTTP index on 127.0.0.1 serves
hostile listings (paths, foreign names, non-HTTP URLs), a PEP 503 HTML-only index, and
archive bombs. Nothing may land outside the downloads folder, every refusal is a FetchError
or ArchiveError with a reason, and a bomb is stopped early with bounded memory.
"""

from __future__ import annotations

import bz2
import functools
import gzip
import hashlib
import io
import json
import struct
import tarfile
import threading
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from codesync.engine import archive, fetch
from codesync.engine.archive import ArchiveError, read_sources, zip_sources_from_ranges
from codesync.engine.fetch import FetchError

MiB = 1024 * 1024
WHEEL = "fakelib-1.0-py3-none-any.whl"


# a local index ------------------------------------------------------------------------------

class Routes:
    """What the routed handler serves: path -> (content type, body); requests are recorded."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []

    def add(self, path: str, body: bytes | str,
            content_type: str = "application/octet-stream") -> None:
        self.pages[path] = (content_type, body.encode() if isinstance(body, str) else body)

    def paths(self) -> list[str]:
        return [urlsplit(path).path for path, _ in self.requests]


def routed_handler(routes: Routes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            routes.requests.append((self.path, dict(self.headers)))
            page = routes.pages.get(urlsplit(self.path).path)
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", page[0])
            self.send_header("Content-Length", str(len(page[1])))
            self.end_headers()
            self.wfile.write(page[1])

        def log_message(self, *args) -> None:
            pass

    return Handler


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve(monkeypatch, tmp_path) -> Iterator[Callable[[Callable], str]]:
    """Starts an HTTP server on 127.0.0.1 with the given handler, points pip's index setting
    at its ``/simple`` and the user cache into ``tmp_path``; returns the server's URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(handler: Callable) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        url = f"http://127.0.0.1:{server.server_port}"
        monkeypatch.setenv("PIP_INDEX_URL", f"{url}/simple/")
        fetch.index_url.cache_clear()
        return url

    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
    fetch.index_url.cache_clear()


def wheel_bytes(name: str = "fakelib") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}/__init__.py", "def f(a, b=1): pass\n")
        zf.writestr(f"{name}-1.0.dist-info/METADATA", f"Name: {name}\n")
    return buffer.getvalue()


def sdist_bytes(version: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        payload = b"def g(x): pass\n"
        info = tarfile.TarInfo(f"fakelib-{version}/fakelib/__init__.py")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def downloads(tmp_path: Path) -> set[str]:
    folder = tmp_path / "cache" / "downloads"
    return files_under(folder) if folder.exists() else set()


# hostile JSON listings ----------------------------------------------------------------------

def hostile_entries(tmp_path: Path, base: str) -> list[dict]:
    """Entries that must all be skipped; the http ones point at a real wheel, so a name that
    got through would really be downloaded and written."""
    good_url = f"{base}/files/good.whl"
    names = [
        f"../../{WHEEL}", f"{tmp_path}/outside/{WHEEL}", f"sub/{WHEEL}", f"..\\..\\{WHEEL}",
        f"C:{WHEEL}", "fakelib-1.0-py3-none-any\n.whl", "fakelib\x00-1.0-py3-none-any.whl",
        f"fakelib-1.0-py3-none-{'a' * 300}.whl", "otherlib-1.0-py3-none-any.whl",
        "fakelib-1.0.exe", "..", "",
    ]
    entries = [{"filename": name, "url": good_url, "hashes": {}} for name in names]
    entries += [
        {"filename": WHEEL, "url": "file:///etc/passwd", "hashes": {}},
        {"filename": "fakelib-1.0.tar.gz", "url": f"ftp://127.0.0.1/{WHEEL}", "hashes": {}},
        {"filename": "fakelib-1.0.zip", "url": "https:///fakelib-1.0.zip", "hashes": {}},
        {"filename": "fakelib-1.0.tgz", "url": good_url, "hashes": {"sha256": "not-a-hash"}},
        {"filename": 7, "url": good_url}, "not an object", None,
    ]
    return entries


def json_page(files: list, versions: list[str] | None = None) -> str:
    page = {"meta": {"api-version": "1.1"}, "name": "fakelib", "files": files}
    if versions is not None:
        page["versions"] = versions
    return json.dumps(page)


@pytest.fixture
def hostile_index(serve, tmp_path) -> tuple[Routes, str]:
    routes = Routes()
    routes.add("/files/good.whl", wheel_bytes())
    base = serve(routed_handler(routes))
    return routes, base


def test_path_names_never_leave_the_downloads_folder(hostile_index, tmp_path):
    """Each of these names was joined onto the downloads folder and written where it led."""
    routes, base = hostile_index
    names = [f"../../{WHEEL}", f"{tmp_path}/outside/{WHEEL}", f"sub/{WHEEL}", f"..\\..\\{WHEEL}"]
    routes.add("/simple/fakelib/", json_page([{"filename": name, "url": f"{base}/files/good.whl"}
                                              for name in names]), "application/json")
    before = files_under(tmp_path)
    with pytest.raises(FetchError, match="no file on the index .*not a plain file name"):
        fetch.fetch_sources("fakelib", "1.0")
    assert files_under(tmp_path) == before
    assert "/files/good.whl" not in routes.paths()


def test_hostile_json_entries_are_all_skipped(hostile_index, tmp_path):
    routes, base = hostile_index
    routes.add("/simple/fakelib/", json_page(hostile_entries(tmp_path, base)),
               "application/vnd.pypi.simple.v1+json")
    before = files_under(tmp_path)
    with pytest.raises(FetchError) as caught:
        fetch.fetch_sources("fakelib", "1.0")
    message = str(caught.value)
    assert message.startswith("fakelib==1.0: no file on the index (entries skipped: ")
    assert "not a plain file name" in message and "and 9 more" in message
    listing = fetch.list_project("fakelib")
    reasons = "\n".join(reason for _, reason in listing.skipped)
    for expected in ("path separator", "(dots)", "control character", "longer than 255",
                     "a file of otherlib, not of fakelib", "not a wheel or sdist",
                     "'file' refused", "'ftp' refused", "URL without a host", "malformed sha256",
                     "no file name"):
        assert expected in reasons, expected
    assert listing.files == [] and len(listing.skipped) == 19
    assert files_under(tmp_path) == before  # nothing written anywhere, the cache included
    assert "/files/good.whl" not in routes.paths()  # and nothing downloaded


def test_a_good_entry_among_hostile_ones_is_used_and_kept_in_the_cache(hostile_index, tmp_path):
    routes, base = hostile_index
    good = {"filename": WHEEL, "url": "../../files/good.whl",  # relative to the page
            "hashes": {"sha256": hashlib.sha256(wheel_bytes()).hexdigest().upper()}}
    routes.add("/simple/fakelib/", json_page([*hostile_entries(tmp_path, base), good]),
               "application/vnd.pypi.simple.v1+json")
    before = files_under(tmp_path)
    sources, filename = fetch.fetch_sources("FakeLib", "1.0")
    assert filename == WHEEL
    assert [(s.path, s.text) for s in sources] == [("fakelib/__init__.py", "def f(a, b=1): pass\n")]
    assert files_under(tmp_path) - before == {f"cache/downloads/{WHEEL}"}
    assert routes.paths().count("/files/good.whl") == 1


def test_other_versions_are_not_taken_for_the_requested_one(hostile_index):
    routes, base = hostile_index
    entries = [{"filename": f"fakelib-{v}-py3-none-any.whl", "url": f"{base}/files/good.whl"}
               for v in ("1.0.1", "10", "2.0")]
    routes.add("/simple/fakelib/", json_page(entries), "application/json")
    with pytest.raises(FetchError, match=r"^fakelib==1\.0: no file on the index$"):
        fetch.fetch_sources("fakelib", "1.0")
    assert fetch.project_files("fakelib")[1] == ["1.0.1", "2.0", "10"]
    assert "/files/good.whl" not in routes.paths()


@pytest.mark.parametrize("content_type, body, expected", [
    ("application/vnd.pypi.simple.v1+json", "{not json", "not valid JSON"),
    ("application/vnd.pypi.simple.v1+json", "[1, 2]", "not a PEP 691 project page"),
    ("application/json", '{"files": {"a": 1}}', "not a PEP 691 project page"),
    ("text/plain", "hello", "neither JSON nor HTML"),
])
def test_a_broken_project_page_is_a_fetch_error(hostile_index, content_type, body, expected):
    routes, _ = hostile_index
    routes.add("/simple/fakelib/", body, content_type)
    with pytest.raises(FetchError, match=expected):
        fetch.fetch_sources("fakelib", "1.0")


def test_the_page_is_asked_for_as_json_or_html(hostile_index):
    routes, _ = hostile_index
    routes.add("/simple/fakelib/", json_page([]), "application/vnd.pypi.simple.v1+json")
    fetch.project_files("fakelib")
    accept = routes.requests[0][1]["Accept"]
    assert accept.startswith("application/vnd.pypi.simple.v1+json")
    assert "text/html" in accept


@pytest.mark.parametrize("target, expected", [
    ("ftp://127.0.0.1/fakelib/", "redirect to a non-HTTP URL refused"),
    ("file:///etc/passwd", "cannot read"),
])
def test_a_redirect_to_a_non_http_url_is_refused(serve, target, expected):
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    serve(Redirect)
    with pytest.raises(FetchError, match=expected):
        fetch.project_files("fakelib")


def test_download_target_refuses_anything_but_a_plain_name(tmp_path, monkeypatch):
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    assert fetch._download_target(WHEEL) == tmp_path / "cache" / "downloads" / WHEEL
    for name in (f"../{WHEEL}", f"/tmp/{WHEEL}", "..", ".", ""):
        with pytest.raises(FetchError, match="refused as a download name"):
            fetch._download_target(name)


# an HTML-only index (PEP 503) ---------------------------------------------------------------

def test_html_only_index_from_http_server(serve, tmp_path):
    """The directory listing of ``python -m http.server`` is a PEP 503 index."""
    project = tmp_path / "index" / "simple" / "fakelib"
    project.mkdir(parents=True)
    (project / WHEEL).write_bytes(wheel_bytes())
    (project / "fakelib-1.1.tar.gz").write_bytes(sdist_bytes("1.1"))
    (project / "notes").mkdir()  # listed as "notes/": skipped
    serve(functools.partial(QuietFiles, directory=str(tmp_path / "index")))

    files, versions = fetch.project_files("fakelib")
    assert sorted(f.filename for f in files) == [WHEEL, "fakelib-1.1.tar.gz"]
    assert versions == ["1.0", "1.1"]
    sources, filename = fetch.fetch_sources("fakelib", "1.0")
    assert filename == WHEEL and [s.path for s in sources] == ["fakelib/__init__.py"]
    sources, filename = fetch.fetch_sources("fakelib", "1.1")
    assert filename == "fakelib-1.1.tar.gz"
    assert [(s.path, s.text) for s in sources] == [
        ("fakelib-1.1/fakelib/__init__.py", "def g(x): pass\n")]
    # the listing gives no sha256: nothing could verify a cached copy later, so none is kept
    assert downloads(tmp_path) == set()


def test_pep503_page_with_hashes_yanked_and_requires_python(serve, tmp_path):
    routes = Routes()
    wheel = wheel_bytes()
    base = serve(routed_handler(routes))
    routes.add("/files/fakelib-1.0-py3-none-any.whl", wheel)
    routes.add("/files/fakelib-1.1-py3-none-any.whl", wheel)
    page = f"""<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.0"></head><body>
<a href="../../files/fakelib-1.0-py3-none-any.whl#sha256={hashlib.sha256(wheel).hexdigest()}"
   data-requires-python="&gt;=3.8">fakelib-1.0-py3-none-any.whl</a><br>
<a href="{base}/files/fakelib-1.1-py3-none-any.whl#sha256={'0' * 64}"
   data-yanked="">fakelib-1.1-py3-none-any.whl</a>
<a href="/files/fakelib-1.0-py3-none-any.whl">../../fakelib-1.2-py3-none-any.whl</a>
<a href="ftp://127.0.0.1/fakelib-1.3.tar.gz">fakelib-1.3.tar.gz</a>
<a name="no-href">nothing</a>
</body></html>"""
    routes.add("/simple/fakelib/", page, "text/html; charset=utf-8")

    listing = fetch.list_project("fakelib")
    first, second = listing.files
    assert first.url == f"{base}/files/fakelib-1.0-py3-none-any.whl"
    assert first.sha256 == hashlib.sha256(wheel).hexdigest()
    assert first.requires_python == ">=3.8" and not first.yanked
    assert second.yanked and second.sha256 == "0" * 64
    assert [name for name, _ in listing.skipped] == ["../../fakelib-1.2-py3-none-any.whl",
                                                     "fakelib-1.3.tar.gz"]
    assert "not a plain file name" in listing.skipped[0][1] and "'ftp'" in listing.skipped[1][1]
    assert listing.versions == ["1.0", "1.1"]

    sources, _ = fetch.fetch_sources("fakelib", "1.0")
    assert [s.text for s in sources] == ["def f(a, b=1): pass\n"]
    with pytest.raises(FetchError, match="checksum mismatch"):
        fetch.fetch_sources("fakelib", "1.1")
    with pytest.raises(FetchError, match=r"no file on the index \(entries skipped: .*not a plain"):
        fetch.fetch_sources("fakelib", "1.2")
    assert downloads(tmp_path) == {WHEEL}


# bombs --------------------------------------------------------------------------------------

def zip_of_one_payload(names: list[str], payload: bytes) -> bytes:
    """A zip whose members all hold ``payload``, deflated once and written for each member
    (building an 800 MiB bomb member by member would take seconds)."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflater.compress(payload) + deflater.flush()
    crc = zlib.crc32(payload)
    out, central = io.BytesIO(), []
    for name in names:
        raw, offset = name.encode(), out.tell()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed),
                              len(payload), len(raw), 0) + raw + packed)
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc,
                                   len(packed), len(payload), len(raw), 0, 0, 0, 0, 0, offset)
                       + raw)
    directory, start = b"".join(central), out.tell()
    out.write(directory)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(names), len(names),
                          len(directory), start, 0))
    return out.getvalue()


def tar_of_repeated_member(name: str, payload: bytes, count: int, compress: Callable) -> bytes:
    """A compressed tar holding ``count`` copies of one member: a multi-stream gzip/bzip2
    file (what gzip/bzip2 readers must accept) whose repeated stream is compressed once."""
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    padding = bytes(-len(payload) % 512)
    unit = compress(info.tobuf(tarfile.PAX_FORMAT) + payload + padding)
    return unit * count + compress(bytes(1024))


def measured(call: Callable[[], object]) -> tuple[BaseException | None, float, int]:
    """What ``call`` raised, its seconds, and its peak of traced memory."""
    tracemalloc.start()
    started = time.perf_counter()
    raised = None
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - returned for the test to judge
        raised = exc
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, seconds, peak


MEMBER = archive.MAX_MEMBER_BYTES  # under the member cap: the old reader read every one


def zip_bomb_of(members: int) -> bytes:
    return zip_of_one_payload([f"pkg/m{i:03}.py" for i in range(members)], b"\n" * MEMBER)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """240 MiB of source from 240 KB: under the total-source cap, so only the ratio stops it."""
    return zip_bomb_of(30)


def test_the_zip_bomb_of_the_issue_is_refused_before_inflating(monkeypatch):
    bomb = zip_bomb_of(100)  # 800 MiB from about 800 KB, as reported
    assert len(bomb) < MiB
    raised, seconds, peak = measured(lambda: read_sources(bomb))
    assert isinstance(raised, ArchiveError) and "too much source" in str(raised), raised
    assert peak < 8 * MiB and seconds < 2  # refused from the directory alone
    monkeypatch.setattr(archive, "MAX_TOTAL_SOURCE_BYTES", 1 << 40)  # then the ratio stops it
    raised, seconds, peak = measured(lambda: read_sources(bomb))
    assert isinstance(raised, ArchiveError) and "archive bomb" in str(raised), raised
    assert peak < 3 * archive.RATIO_FLOOR_BYTES and seconds < 10


def test_zip_bomb_is_refused_early_with_bounded_memory(zip_bomb):
    expanded = 30 * MEMBER
    assert len(zip_bomb) < MiB and expanded < archive.MAX_TOTAL_SOURCE_BYTES
    raised, seconds, peak = measured(lambda: read_sources(zip_bomb))
    assert isinstance(raised, ArchiveError) and "archive bomb" in str(raised), raised
    assert f"more than {archive.MAX_RATIO}:1" in str(raised)
    assert peak < expanded / 3, f"peak {peak >> 20} MiB"
    assert peak < 3 * archive.RATIO_FLOOR_BYTES
    assert seconds < 10


def test_the_zip_bomb_builder_makes_readable_zips():
    small = zip_of_one_payload(["pkg/a.py", "pkg/b.py"], b"x = 1\n" * 1000)
    assert [f.text for f in read_sources(small)] == ["x = 1\n" * 1000] * 2


def test_zip_bomb_read_by_ranges_is_refused(zip_bomb):
    raised, _, peak = measured(lambda: zip_sources_from_ranges(len(zip_bomb),
                                                               lambda s, e: zip_bomb[s:e]))
    assert isinstance(raised, ArchiveError) and "archive bomb" in str(raised), raised
    assert peak < 3 * archive.RATIO_FLOOR_BYTES


def test_ratio_cap_spares_an_ordinary_archive_above_the_floor(monkeypatch):
    monkeypatch.setattr(archive, "RATIO_FLOOR_BYTES", 64 * 1024)
    text = "".join(f"def f{i}(a, b={i * 7919 % 104729}): return a + {i}\n" for i in range(20000))
    files = read_sources(zip_of_one_payload(["pkg/a.py", "pkg/b.py"], text.encode()))
    assert [f.text for f in files] == [text, text]


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress], ids=["gz", "bz2"])
def test_tar_bomb_is_refused_early_with_bounded_memory(compress):
    count = 200  # 800 MiB of .py members, each under the member cap
    bomb = tar_of_repeated_member("pkg/filler.py", bytes(4 * MiB), count, compress)
    assert len(bomb) < 2 * MiB
    raised, seconds, peak = measured(lambda: read_sources(bomb))
    assert isinstance(raised, ArchiveError) and "archive bomb" in str(raised), raised
    assert peak < count * 4 * MiB / 8, f"peak {peak >> 20} MiB"
    assert peak < 3 * archive.RATIO_FLOOR_BYTES
    assert seconds < 10


def test_the_tar_bomb_builder_makes_readable_tars():
    small = tar_of_repeated_member("pkg/a.py", b"x = 1\n", 3, gzip.compress)
    assert [f.text for f in read_sources(small)] == ["x = 1\n"] * 3


def test_a_huge_tar_member_is_refused_from_its_header():
    """A 2 GiB member is refused when its header is read, before any of it is inflated."""
    info = tarfile.TarInfo("pkg/data.bin")
    info.size = 2048 * MiB
    block = gzip.compress(bytes(MiB))
    bomb = gzip.compress(info.tobuf()) + block * 2048 + gzip.compress(bytes(1024))
    raised, seconds, _ = measured(lambda: read_sources(bomb))
    assert isinstance(raised, ArchiveError) and "likely bomb" in str(raised), raised
    assert seconds < 2


def test_a_bomb_served_by_the_index_is_a_fetch_error(serve, zip_bomb, tmp_path):
    routes = Routes()
    base = serve(routed_handler(routes))
    routes.add("/files/bomb.whl", zip_bomb)
    routes.add("/simple/fakelib/", json_page([{"filename": WHEEL, "url": f"{base}/files/bomb.whl",
                                               "size": len(zip_bomb)}]), "application/json")
    with pytest.raises(FetchError, match=rf"^{WHEEL}: expands more than .*archive bomb"):
        fetch.fetch_sources("fakelib", "1.0")


# slow, huge and wrong answers ----------------------------------------------------------------

def dripping_handler(body: bytes, delay: float) -> type[BaseHTTPRequestHandler]:
    """Sends ``body`` one byte at a time, ``delay`` seconds apart: each read gets an answer, so
    only an overall deadline stops it."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(delay)
            except OSError:
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler


def test_a_slow_drip_is_cut_off_by_the_deadline(serve, monkeypatch):
    monkeypatch.setattr(fetch, "PAGE_DEADLINE", 1.5)
    serve(dripping_handler(json_page([]).encode() * 50, 0.2))
    started = time.monotonic()
    with pytest.raises(FetchError, match="not received in time"):
        fetch.list_project("fakelib")
    assert time.monotonic() - started < 6


def test_a_command_deadline_bounds_every_download(serve, monkeypatch):
    serve(dripping_handler(json_page([]).encode() * 50, 0.2))
    fetch.set_command_deadline(1.0)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError):
            fetch.list_project("fakelib")
        assert time.monotonic() - started < 6
    finally:
        fetch.set_command_deadline(None)


def test_an_index_page_over_the_cap_is_refused_before_parsing(hostile_index, monkeypatch):
    routes, _ = hostile_index
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 64 * 1024)
    routes.add("/simple/fakelib/", json_page([]) + " " * (200 * 1024),
               "application/vnd.pypi.simple.v1+json")
    with pytest.raises(FetchError, match="limit|cut off"):
        fetch.list_project("fakelib")


def test_a_response_that_is_no_archive_is_never_cached(hostile_index, tmp_path):
    """A broken index answers HTML where the wheel should be; once fixed, the real wheel is
    read, not the cached error page."""
    routes, base = hostile_index
    wheel = wheel_bytes()
    routes.add("/simple/fakelib/", json_page([{"filename": WHEEL, "url": f"{base}/files/w.whl",
                                               "hashes": {}}]),
               "application/vnd.pypi.simple.v1+json")
    routes.add("/files/w.whl", "<html>maintenance</html>", "text/html")
    with pytest.raises(FetchError):
        fetch.fetch_sources("fakelib", "1.0")
    assert downloads(tmp_path) == set()
    routes.add("/files/w.whl", wheel)
    sources, _ = fetch.fetch_sources("fakelib", "1.0")
    assert [s.path for s in sources] == ["fakelib/__init__.py"]


def test_only_archives_matching_the_index_hash_are_cached(hostile_index, tmp_path):
    routes, base = hostile_index
    wheel = wheel_bytes()
    digest = hashlib.sha256(wheel).hexdigest()
    routes.add("/simple/fakelib/", json_page([{"filename": WHEEL, "url": f"{base}/files/w.whl",
                                               "hashes": {"sha256": digest}}]),
               "application/vnd.pypi.simple.v1+json")
    routes.add("/files/w.whl", wheel)
    fetch.fetch_sources("fakelib", "1.0")
    assert downloads(tmp_path) == {WHEEL}
    cached = tmp_path / "cache" / "downloads" / WHEEL
    cached.write_bytes(b"tampered")  # a cached copy that no longer matches is fetched again
    sources, _ = fetch.fetch_sources("fakelib", "1.0")
    assert [s.path for s in sources] == ["fakelib/__init__.py"]
    assert cached.read_bytes() == wheel


def test_pip_settings_are_read_as_data_in_pip_s_order(tmp_path, monkeypatch):
    from codesync.engine import pip_config

    user = tmp_path / "home" / ".config" / "pip" / "pip.conf"
    user.parent.mkdir(parents=True)
    user.write_text("[global]\nindex-url = http://user.example/simple\n")
    named = tmp_path / "named.conf"
    named.write_text("[global]\nindex-url = http://global.example/simple\n"
                     "[download]\nindex-url = http://named.example/simple\n")
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_DIRS": str(tmp_path / "none")}
    assert pip_config.configured_index_url(env) == "http://user.example/simple"
    assert pip_config.configured_index_url({**env, "PIP_CONFIG_FILE": str(named)}) == \
        "http://named.example/simple"
    assert pip_config.configured_index_url(
        {**env, "PIP_CONFIG_FILE": str(named), "PIP_INDEX_URL": "http://env.example/s"}) == \
        "http://env.example/s"
    import os

    assert pip_config.configured_index_url({**env, "PIP_CONFIG_FILE": os.devnull}) is None


def test_pip_s_default_is_read_from_its_source_never_from_the_working_folder(tmp_path,
                                                                              monkeypatch):
    from codesync.engine import pip_config

    planted = tmp_path / "pip"
    (planted / "_internal" / "models").mkdir(parents=True)
    marker = tmp_path / "ran"
    (planted / "__init__.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (planted / "_internal" / "models" / "index.py").write_text(
        "PyPI = PackageIndex('http://planted.example/', file_storage_domain='x')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # as `python -m` would put it
    monkeypatch.syspath_prepend("")
    url = pip_config.default_index_url()
    assert "planted" not in url and url.endswith("/simple")
    assert not marker.exists()
