"""Read the Python sources out of a release archive, treating it as untrusted input.

Only ``.py``/``.pyi`` members are read (and, in a wheel, the Cython ``.pyx``/``.pxd`` files it
ships: the only statement of what its compiled modules have); absolute paths, ``..`` components, links, oversized
members and archives with too many members are refused. Nothing is written to disk.

Nothing is decompressed in one piece: members and tar streams are inflated in chunks through
a budget that refuses an archive once it expands past ``MAX_EXPANDED_BYTES`` or, beyond
``RATIO_FLOOR_BYTES``, more than ``MAX_RATIO`` times the compressed bytes consumed (a bomb
is stopped after a few tens of megabytes, not after it has filled memory).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

# A single source file above 8 MiB is generated data, not API: skipped, never read.
MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 200_000
MAX_SOURCE_FILES = 60_000
# All sources of one release, held in memory as text. The largest measured: torch 54 MiB,
# transformers 51 MiB, tensorflow 29 MiB of .py/.pyi; the cap leaves room for five times that.
MAX_TOTAL_SOURCE_BYTES = 256 * 1024 * 1024
# Everything inflated from one archive (a tar stream is inflated whole, skipped members too):
# bounds the time a hostile archive can cost to about a second of zlib.
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
# Measured: the sources of those wheels deflate 4.2-5.4:1, whole sdists (sympy, pandas) 4.6
# and 5.4:1; 100:1 only comes from filler such as runs of one byte (a deflate bomb reaches
# 1000:1, bzip2 far more). Below the floor the ratio is not judged, so small archives of
# repetitive files always pass, and a bomb is stopped after about that much.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 256 * 1024
SOURCE_SUFFIXES = (".py", ".pyi")
# Read from wheels only: an sdist's .pyx files are fetched on purpose (``cython = true``),
# where their layout (``random/mtrand/mtrand.pyx``) is not always the module's.
WHEEL_CYTHON_SUFFIXES = (".pyx", ".pxd")


class ArchiveError(Exception):
    """The archive cannot be read safely."""


@dataclass
class SourceFile:
    path: str  # relative, posix
    text: str


@dataclass
class _Budget:
    """Bytes inflated from one archive against the compressed bytes they came from."""

    archive_size: int
    expanded: int = 0
    compressed: int = 0

    def add(self, expanded: int, compressed: int = 0) -> None:
        self.expanded += expanded
        self.compressed += compressed
        if self.expanded > MAX_EXPANDED_BYTES:
            raise ArchiveError(f"expands to more than {MAX_EXPANDED_BYTES >> 20} MiB "
                               "(refused as a likely archive bomb)")
        # members may claim overlapping data: never credit more than the archive holds
        basis = max(1, min(self.compressed, self.archive_size))
        if self.expanded > RATIO_FLOOR_BYTES and self.expanded > MAX_RATIO * basis:
            raise ArchiveError(f"expands more than {MAX_RATIO}:1 ({self.expanded >> 20} MiB "
                               f"from {basis >> 10} KiB; refused as a likely archive bomb)")


def safe_member_name(name: str) -> str | None:
    """The normalised relative path, or None when the name must be refused."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    normalised = posixpath.normpath(name)
    if normalised.startswith("../") or normalised == ".." or "/../" in f"/{normalised}/":
        return None
    return normalised


def wanted(name: str, suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> bool:
    return name.endswith(suffixes)


def decode(data: bytes) -> str:
    for encoding in ("utf-8", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


_READ_ERRORS = (tarfile.TarError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError,
                OSError, ValueError)


def read_sources(data_or_path: bytes | str,
                 suffixes: tuple[str, ...] | None = None) -> list[SourceFile]:
    """All Python sources of a wheel, zip or tar archive (given as bytes or a file path), with
    a wheel's Cython files; ``suffixes`` picks exactly these kinds (``.pyx``)."""
    try:
        with _open_input(data_or_path) as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(0)
            magic = handle.read(6)
            handle.seek(0)
            budget = _Budget(size)
            if magic[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
                archive = zipfile.ZipFile(handle)
                chosen = suffixes or SOURCE_SUFFIXES + (
                    WHEEL_CYTHON_SUFFIXES if _is_wheel(archive) else ())
                return list(_zip_sources(archive, chosen, budget))
            return list(_tar_sources(_inflating(handle, magic, budget),
                                     suffixes or SOURCE_SUFFIXES, budget))
    except ArchiveError:
        raise
    except _READ_ERRORS as exc:
        raise ArchiveError(f"not a readable archive: {exc}") from exc


def _is_wheel(archive: zipfile.ZipFile) -> bool:
    return any(name.endswith(".dist-info/WHEEL") and name.count("/") == 1
               for name in archive.namelist())


def _open_input(data_or_path: bytes | str) -> BinaryIO:
    if isinstance(data_or_path, str):
        return open(data_or_path, "rb")
    return io.BytesIO(data_or_path)


def _zip_sources(archive: zipfile.ZipFile, suffixes: tuple[str, ...],
                 budget: _Budget) -> Iterator[SourceFile]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"too many members ({len(infos)})")
    chosen = []
    for info in infos:
        name = safe_member_name(info.filename)
        if name is None or info.is_dir() or not wanted(name, suffixes):
            continue
        if info.file_size <= MAX_MEMBER_BYTES:
            chosen.append((name, info))
    _check_totals(len(chosen), sum(info.file_size for _, info in chosen))
    for name, info in chosen:
        try:
            yield SourceFile(name, decode(_zip_member(archive, info, budget)))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise ArchiveError(f"corrupt member {name}: {exc}") from exc


def _check_totals(count: int, total: int) -> None:
    if count > MAX_SOURCE_FILES or total > MAX_TOTAL_SOURCE_BYTES:
        raise ArchiveError(f"too much source in the archive ({count} files, {total >> 20} MiB)")


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A member inflated chunk by chunk through the budget; zipfile stops at its declared size."""
    if info.flag_bits & 0x1:
        raise ArchiveError(f"encrypted member {info.filename}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # zipfile inflates bzip2/lzma reads without an output limit: not safe to read
        raise ArchiveError(f"unsupported compression for {info.filename}")
    budget.add(0, info.compress_size)
    parts = []
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK_BYTES):
            budget.add(len(chunk))
            parts.append(chunk)
    return b"".join(parts)


class _Counted:
    """A reader that counts the bytes read through it."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.count += len(data)
        return data


class _Metered:
    """The inflated side of a compressed stream: every read is charged to the budget."""

    def __init__(self, inflated: BinaryIO, source: _Counted, budget: _Budget) -> None:
        self.inflated, self.source, self.budget = inflated, source, budget

    def read(self, size: int = -1) -> bytes:
        data = self.inflated.read(size if 0 <= size <= CHUNK_BYTES else CHUNK_BYTES)
        self.budget.add(len(data), self.source.count - self.budget.compressed)
        return data


def _inflating(handle: BinaryIO, magic: bytes, budget: _Budget) -> _Metered:
    """The tar stream inside ``handle``, inflated by a reader that honours read sizes
    (tarfile's own stream mode inflates whole buffers without an output limit)."""
    source = _Counted(handle)
    inflated: BinaryIO
    if magic.startswith(b"\x1f\x8b"):
        inflated = gzip.GzipFile(fileobj=source, mode="rb")  # type: ignore[arg-type]
    elif magic.startswith(b"BZh"):
        inflated = bz2.BZ2File(source)  # type: ignore[arg-type]
    elif magic.startswith(b"\xfd7zXZ\x00"):
        inflated = lzma.LZMAFile(source)  # type: ignore[arg-type]
    else:
        inflated = source  # type: ignore[assignment]
    return _Metered(inflated, source, budget)


def _tar_sources(stream: _Metered, suffixes: tuple[str, ...],
                 budget: _Budget) -> Iterator[SourceFile]:
    total = 0
    count = 0
    members = 0
    tar = tarfile.open(fileobj=stream, mode="r|", bufsize=CHUNK_BYTES)  # type: ignore[call-overload]
    with tar:
        for member in tar:
            members += 1
            if members > MAX_MEMBERS:
                raise ArchiveError("too many members")
            if member.offset_data + member.size > MAX_EXPANDED_BYTES:  # known before inflating
                raise ArchiveError(f"member {member.name[:200]!r} would expand the archive past "
                                   f"{MAX_EXPANDED_BYTES >> 20} MiB (refused as a likely bomb)")
            name = safe_member_name(member.name)
            if name is None or not member.isfile() or not wanted(name, suffixes):
                continue
            if member.size > MAX_MEMBER_BYTES:
                continue
            count += 1
            total += member.size
            _check_totals(count, total)
            handle = tar.extractfile(member)
            if handle is not None:
                yield SourceFile(name, decode(handle.read()))


def zip_sources_from_ranges(size: int, read_range: Callable[[int, int], bytes]) -> list[SourceFile]:
    """Sources of a remote zip fetched piecewise: ``read_range(start, end)`` returns bytes.

    Reads the central directory, then only the byte spans that hold ``.py`` members, merged
    into a few large requests. Used for multi-hundred-megabyte wheels (tensorflow, torch).
    Members are inflated in chunks through the same budget as whole archives.
    """
    directory, cd_offset = _remote_directory(size, read_range)
    try:
        entries = zipfile.ZipFile(io.BytesIO(directory)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ArchiveError(f"bad central directory: {exc}") from exc
    if len(entries) > MAX_MEMBERS:
        raise ArchiveError("too many members")
    spans = _spans(entries, cd_offset)
    _check_totals(sum(len(m) for _, _, m in spans),
                  sum(e.file_size for _, _, m in spans for e, _ in m))
    budget = _Budget(size)
    files: list[SourceFile] = []
    for start, end, members in spans:
        blob = read_range(start, end)
        for entry, name in members:
            data = _member_bytes(blob, entry.header_offset - start, entry, budget)
            files.append(SourceFile(name, decode(data)))
    return files


def _remote_directory(size: int, read_range: Callable[[int, int], bytes]) -> tuple[bytes, int]:
    """The central directory of a remote zip, closed by an end record that points at it (a zip
    that zipfile can list; header offsets still refer to the remote file), and its offset."""
    tail_size = min(size, 1 << 16)
    tail = read_range(size - tail_size, size)
    eocd = tail.rfind(b"PK\x05\x06")
    if eocd < 0:
        raise ArchiveError("no end of central directory")
    cd_size = int.from_bytes(tail[eocd + 12: eocd + 16], "little")
    cd_offset = int.from_bytes(tail[eocd + 16: eocd + 20], "little")
    if cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
        locator = tail.rfind(b"PK\x06\x06")
        if locator < 0:
            raise ArchiveError("zip64 directory not found")
        cd_size = int.from_bytes(tail[locator + 40: locator + 48], "little")
        cd_offset = int.from_bytes(tail[locator + 48: locator + 56], "little")
    if cd_offset + cd_size > size:
        raise ArchiveError("central directory outside the file")
    directory = read_range(cd_offset, cd_offset + cd_size)
    end_record = bytearray(tail[eocd: eocd + 22])
    end_record[12:16] = len(directory).to_bytes(4, "little")
    end_record[16:20] = (0).to_bytes(4, "little")
    end_record[20:22] = (0).to_bytes(2, "little")
    return directory + bytes(end_record), cd_offset


def _spans(entries: list[zipfile.ZipInfo], cd_offset: int) -> list[tuple[int, int, list]]:
    """Byte spans holding the wanted members, neighbours less than 1 MiB apart merged; a
    member's span never runs further than its header, name, extra field and data can."""
    entries = sorted(entries, key=lambda e: e.header_offset)
    offsets = [e.header_offset for e in entries] + [cd_offset]
    spans: list[tuple[int, int, list]] = []
    for i, entry in enumerate(entries):
        name = safe_member_name(entry.filename)
        if name is None or not wanted(name) or entry.file_size > MAX_MEMBER_BYTES:
            continue
        start = entry.header_offset
        end = min(offsets[i + 1], start + 30 + 2 * 0xFFFF + entry.compress_size)
        if spans and start - spans[-1][1] < (1 << 20):
            spans[-1] = (spans[-1][0], end, spans[-1][2] + [(entry, name)])
        else:
            spans.append((start, end, [(entry, name)]))
    return spans


def _member_bytes(blob: bytes, offset: int, entry: zipfile.ZipInfo, budget: _Budget) -> bytes:
    header = blob[offset: offset + 30]
    if header[:4] != b"PK\x03\x04":
        raise ArchiveError(f"bad local header for {entry.filename}")
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    start = offset + 30 + name_len + extra_len
    data = blob[start: start + entry.compress_size]
    budget.add(0, entry.compress_size)
    if entry.compress_type == zipfile.ZIP_STORED:
        budget.add(len(data))
        result = data
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        result = _inflate(data, entry, budget)
    else:
        raise ArchiveError(f"unsupported compression for {entry.filename}")
    if len(result) != entry.file_size or zlib.crc32(result) != entry.CRC:
        raise ArchiveError(f"corrupt member {entry.filename}")
    return result


def _inflate(data: bytes, entry: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """Raw deflate data inflated in chunks, stopped as soon as it passes the declared size."""
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    size = 0
    try:
        while not inflater.eof:
            chunk = inflater.decompress(data, CHUNK_BYTES)
            data = inflater.unconsumed_tail
            if not chunk and not data:
                break
            size += len(chunk)
            if size > entry.file_size:
                raise ArchiveError(f"member {entry.filename} inflates past its declared size")
            budget.add(len(chunk))
            parts.append(chunk)
    except zlib.error as exc:
        raise ArchiveError(f"corrupt member {entry.filename}: {exc}") from exc
    return b"".join(parts)
