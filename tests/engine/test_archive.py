"""Release archives are untrusted: only .py/.pyi, no absolute or ``..`` paths, no links, caps."""

from __future__ import annotations

import io
import random
import tarfile
import zipfile

import pytest

from codesync.engine import archive
from codesync.engine.archive import (
    ArchiveError,
    read_sources,
    safe_member_name,
    zip_sources_from_ranges,
)


def make_zip(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)),
                        data.encode() if isinstance(data, str) else data,
                        compress_type=compression)
    return buffer.getvalue()


def add_tar_file(tar: tarfile.TarFile, name: str, data: bytes | str) -> None:
    payload = data.encode() if isinstance(data, str) else data
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))


def make_tar(build, mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        build(tar)
    return buffer.getvalue()


@pytest.mark.parametrize("name, expected", [
    ("pkg/mod.py", "pkg/mod.py"),
    ("./pkg/mod.py", "pkg/mod.py"),
    ("pkg//mod.py", "pkg/mod.py"),
    ("pkg/sub/../mod.py", "pkg/mod.py"),
    ("pkg\\mod.py", "pkg/mod.py"),
    ("..foo/mod.py", "..foo/mod.py"),
    ("/etc/passwd.py", None),
    ("../evil.py", None),
    ("pkg/../../evil.py", None),
    ("..", None),
    ("C:\\evil.py", None),
    ("c:evil.py", None),
    ("pkg\\..\\..\\evil.py", None),
])
def test_safe_member_name(name, expected):
    assert safe_member_name(name) == expected


def test_zip_reads_only_python_sources():
    data = make_zip({
        "pkg/__init__.py": "from .mod import f\n",
        "pkg/mod.py": "def f(): pass\n",
        "pkg/mod.pyi": "def f() -> None: ...\n",
        "pkg/_ext.so": b"\x7fELF" + bytes(100),
        "pkg/data.json": "{}",
        "pkg/README.txt": "hello",
        "pkg-1.0.dist-info/METADATA": "Name: pkg",
    })
    files = {f.path: f.text for f in read_sources(data)}
    assert files == {"pkg/__init__.py": "from .mod import f\n", "pkg/mod.py": "def f(): pass\n",
                     "pkg/mod.pyi": "def f() -> None: ...\n"}


def test_zip_refuses_absolute_and_parent_paths():
    data = make_zip({
        "/abs/evil.py": "x = 1\n",
        "../evil.py": "x = 1\n",
        "pkg/../../evil.py": "x = 1\n",
        "pkg/ok.py": "y = 2\n",
    })
    assert [f.path for f in read_sources(data)] == ["pkg/ok.py"]


def test_read_sources_from_a_path(tmp_path):
    target = tmp_path / "pkg-1.0-py3-none-any.whl"
    target.write_bytes(make_zip({"pkg/__init__.py": "x = 1\n"}))
    assert [f.path for f in read_sources(str(target))] == ["pkg/__init__.py"]


def test_latin1_member_is_decoded():
    data = make_zip({"pkg/old.py": "# caf\xe9\n".encode("latin-1")})
    assert read_sources(data)[0].text == "# café\n"


def test_tar_sdist_skips_links_devices_and_unsafe_paths():
    def build(tar):
        add_tar_file(tar, "pkg-1.0/pkg/__init__.py", "x = 1\n")
        add_tar_file(tar, "/abs/evil.py", "x = 1\n")
        add_tar_file(tar, "pkg-1.0/../../evil.py", "x = 1\n")
        link = tarfile.TarInfo("pkg-1.0/pkg/link.py")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
        hard = tarfile.TarInfo("pkg-1.0/pkg/hard.py")
        hard.type, hard.linkname = tarfile.LNKTYPE, "pkg-1.0/pkg/__init__.py"
        tar.addfile(hard)
        fifo = tarfile.TarInfo("pkg-1.0/pkg/fifo.py")
        fifo.type = tarfile.FIFOTYPE
        tar.addfile(fifo)
        folder = tarfile.TarInfo("pkg-1.0/pkg/dir.py")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        add_tar_file(tar, "pkg-1.0/PKG-INFO", "Name: pkg\n")

    for mode in ("w:gz", "w:bz2", "w"):
        files = read_sources(make_tar(build, mode))
        assert [(f.path, f.text) for f in files] == [("pkg-1.0/pkg/__init__.py", "x = 1\n")], mode


def test_oversized_members_are_ignored(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 64)
    big = "x = 1\n" * 100
    zipped = make_zip({"pkg/big.py": big, "pkg/small.py": "y = 2\n"})
    assert [f.path for f in read_sources(zipped)] == ["pkg/small.py"]

    def build(tar):
        add_tar_file(tar, "pkg/big.py", big)
        add_tar_file(tar, "pkg/small.py", "y = 2\n")

    assert [f.path for f in read_sources(make_tar(build))] == ["pkg/small.py"]


def test_too_many_members_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    members = {f"pkg/m{i}.txt": "x" for i in range(5)}
    with pytest.raises(ArchiveError):
        read_sources(make_zip(members))

    def build(tar):
        for i in range(5):
            add_tar_file(tar, f"pkg/m{i}.txt", "x")

    with pytest.raises(ArchiveError):
        read_sources(make_tar(build))


def test_too_much_source_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_SOURCE_FILES", 2)
    with pytest.raises(ArchiveError):
        read_sources(make_zip({f"pkg/m{i}.py": "x = 1\n" for i in range(3)}))
    monkeypatch.setattr(archive, "MAX_SOURCE_FILES", 100)
    monkeypatch.setattr(archive, "MAX_TOTAL_SOURCE_BYTES", 10)
    with pytest.raises(ArchiveError):
        read_sources(make_zip({"pkg/a.py": "x = 1\n", "pkg/b.py": "y = 2\n"}))


@pytest.mark.parametrize("data", [
    b"this is not an archive" * 10,
    b"",
    b"\x1f\x8b\x08\x00" + bytes(50),  # a gzip header and nothing valid after it
])
def test_unreadable_archive_raises_archive_error(data):
    with pytest.raises(ArchiveError):
        read_sources(data)


def test_corrupt_zip_member_raises_archive_error():
    content = "".join(f"value_{i} = {i * 7919 % 104729}\n" for i in range(3000))
    data = bytearray(make_zip({"pkg/__init__.py": content}))
    [info] = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    for i in range(middle, middle + 16):  # inside the deflated data only
        data[i] ^= 0xFF
    with pytest.raises(ArchiveError):
        read_sources(bytes(data))


@pytest.mark.parametrize("cut", ["truncated", "magic-only"])
def test_truncated_zip_raises_archive_error(cut):
    whole = make_zip({"pkg/__init__.py": "x = 1\n" * 200, "pkg/mod.py": "def f(): pass\n"})
    data = whole[: len(whole) // 2] if cut == "truncated" else b"PK\x03\x04" + bytes(100)
    with pytest.raises(ArchiveError):
        read_sources(data)


def test_truncated_tar_raises_archive_error():
    content = "".join(f"value_{i} = {i}\n" for i in range(5000))
    whole = make_tar(lambda tar: add_tar_file(tar, "pkg-1.0/pkg/__init__.py", content))
    with pytest.raises(ArchiveError):
        read_sources(whole[: len(whole) // 2])


# ranged reads of a remote zip ------------------------------------------------------------------

class RangeReader:
    """``read_range`` over bytes in memory, recording each request."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.requests: list[tuple[int, int]] = []

    def __call__(self, start: int, end: int) -> bytes:
        assert 0 <= start <= end <= len(self.data)
        self.requests.append((start, end))
        return self.data[start:end]

    @property
    def bytes_read(self) -> int:
        return sum(end - start for start, end in self.requests)


def wheel_with_big_binary() -> bytes:
    blob = random.Random(0).randbytes(3 * 1024 * 1024)  # incompressible
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pkg/__init__.py", "from .core import f\n" * 50, zipfile.ZIP_DEFLATED)
        zf.writestr("pkg/core.py", "def f(a, b=1):\n    pass\n", zipfile.ZIP_STORED)
        zf.writestr("pkg/_ext.so", blob, zipfile.ZIP_STORED)
        zf.writestr("pkg/stubs.pyi", "def f(a: int, b: int = ...) -> None: ...\n",
                    zipfile.ZIP_DEFLATED)
        zf.writestr("../evil.py", "x = 1\n", zipfile.ZIP_STORED)
        zf.writestr("pkg-1.0.dist-info/RECORD", "pkg/__init__.py,,\n", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_zip_sources_from_ranges_matches_whole_read():
    data = wheel_with_big_binary()
    reader = RangeReader(data)
    ranged = zip_sources_from_ranges(len(data), reader)
    whole = read_sources(data)
    assert [(f.path, f.text) for f in ranged] == [(f.path, f.text) for f in whole]
    assert [f.path for f in ranged] == ["pkg/__init__.py", "pkg/core.py", "pkg/stubs.pyi"]


def test_zip_sources_from_ranges_skips_the_binary():
    data = wheel_with_big_binary()
    reader = RangeReader(data)
    zip_sources_from_ranges(len(data), reader)
    assert reader.bytes_read < 256 * 1024  # the 3 MiB extension never travels
    assert len(reader.requests) <= 5  # tail, directory, and a few merged spans


def test_zip_sources_from_ranges_small_file():
    data = make_zip({"pkg/__init__.py": "x = 1\n", "pkg/a.py": "y = 2\n"})
    files = zip_sources_from_ranges(len(data), RangeReader(data))
    assert [(f.path, f.text) for f in files] == [("pkg/__init__.py", "x = 1\n"), ("pkg/a.py", "y = 2\n")]


def test_zip_sources_from_ranges_without_directory():
    data = b"no zip here" * 100
    with pytest.raises(ArchiveError):
        zip_sources_from_ranges(len(data), RangeReader(data))


def test_zip_sources_from_ranges_bad_local_header():
    data = bytearray(make_zip({"pkg/__init__.py": "x = 1\n"}, zipfile.ZIP_STORED))
    data[0:4] = b"XXXX"  # the member's local header no longer matches
    with pytest.raises(ArchiveError):
        zip_sources_from_ranges(len(data), RangeReader(bytes(data)))


# members that could inflate without bound ------------------------------------------------------

def test_bzip2_and_encrypted_zip_members_are_refused():
    data = make_zip({"pkg/a.py": "x = 1\n" * 100}, zipfile.ZIP_BZIP2)
    with pytest.raises(ArchiveError, match="unsupported compression"):
        read_sources(data)
    plain = bytearray(make_zip({"pkg/a.py": "x = 1\n"}))
    [info] = zipfile.ZipFile(io.BytesIO(bytes(plain))).infolist()
    central = plain.rfind(b"PK\x01\x02")
    for flags_at in (info.header_offset + 6, central + 8):  # local and central flag bits
        plain[flags_at] |= 0x1
    with pytest.raises(ArchiveError, match="encrypted"):
        read_sources(bytes(plain))


def _declared_size_patched(data: bytes, size: int) -> bytes:
    """The zip with its one member's uncompressed size (local and central) set to ``size``."""
    patched = bytearray(data)
    [info] = zipfile.ZipFile(io.BytesIO(data)).infolist()
    central = patched.rfind(b"PK\x01\x02")
    patched[info.header_offset + 22: info.header_offset + 26] = size.to_bytes(4, "little")
    patched[central + 24: central + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def test_ranged_member_larger_than_declared_is_refused():
    content = "x = 1\n" * 10_000
    data = _declared_size_patched(make_zip({"pkg/a.py": content}), 600)
    with pytest.raises(ArchiveError, match="inflates past its declared size"):
        zip_sources_from_ranges(len(data), RangeReader(data))
    with pytest.raises(ArchiveError):  # the whole-archive reader stops at the declared size too
        read_sources(data)


def test_ranged_member_with_a_wrong_crc_is_refused():
    data = bytearray(make_zip({"pkg/a.py": "x = 1\n" * 100}))
    central = data.rfind(b"PK\x01\x02")
    data[central + 16] ^= 0xFF
    with pytest.raises(ArchiveError, match="corrupt member"):
        zip_sources_from_ranges(len(data), RangeReader(bytes(data)))


def test_tar_xz_is_read():
    def build(tar):
        add_tar_file(tar, "pkg-1.0/pkg/__init__.py", "x = 1\n")

    assert [f.path for f in read_sources(make_tar(build, "w:xz"))] == ["pkg-1.0/pkg/__init__.py"]
