"""Read the Python sources out of a release archive, treating it as untrusted input.

Only ``.py``/``.pyi`` members are read; absolute paths, ``..`` components, links, oversized
members and archives with too many members are refused. Nothing is written to disk.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 200_000
MAX_SOURCE_FILES = 60_000
MAX_TOTAL_SOURCE_BYTES = 800 * 1024 * 1024
SOURCE_SUFFIXES = (".py", ".pyi")


class ArchiveError(Exception):
    """The archive cannot be read safely."""


@dataclass
class SourceFile:
    path: str  # relative, posix
    text: str


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


def read_sources(data_or_path: bytes | str,
                 suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> list[SourceFile]:
    """All Python sources of a wheel, zip or tar archive (given as bytes or a file path);
    ``suffixes`` picks other kinds (``.pyx``)."""
    raw = data_or_path
    if isinstance(raw, str):
        with open(raw, "rb") as handle:
            raw = handle.read()
    try:
        if raw[:4] == b"PK\x03\x04" or raw[:4] == b"PK\x05\x06":
            return list(_zip_sources(zipfile.ZipFile(io.BytesIO(raw)), suffixes))
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:*") as tar:
            return list(_tar_sources(tar, suffixes))
    except ArchiveError:
        raise
    except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ArchiveError(f"not a readable archive: {exc}") from exc


def _zip_sources(archive: zipfile.ZipFile,
                 suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> Iterator[SourceFile]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"too many members ({len(infos)})")
    total = 0
    count = 0
    for info in infos:
        name = safe_member_name(info.filename)
        if name is None or info.is_dir() or not wanted(name, suffixes):
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            continue
        count += 1
        total += info.file_size
        if count > MAX_SOURCE_FILES or total > MAX_TOTAL_SOURCE_BYTES:
            raise ArchiveError("too much source in the archive")
        try:
            yield SourceFile(name, decode(archive.read(info)))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise ArchiveError(f"corrupt member {name}: {exc}") from exc


def _tar_sources(tar: tarfile.TarFile,
                 suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> Iterator[SourceFile]:
    total = 0
    count = 0
    members = 0
    for member in tar:
        members += 1
        if members > MAX_MEMBERS:
            raise ArchiveError("too many members")
        name = safe_member_name(member.name)
        if name is None or not member.isfile() or not wanted(name, suffixes):
            continue
        if member.size > MAX_MEMBER_BYTES:
            continue
        count += 1
        total += member.size
        if count > MAX_SOURCE_FILES or total > MAX_TOTAL_SOURCE_BYTES:
            raise ArchiveError("too much source in the archive")
        handle = tar.extractfile(member)
        if handle is not None:
            yield SourceFile(name, decode(handle.read()))


def zip_sources_from_ranges(size: int, read_range) -> list[SourceFile]:
    """Sources of a remote zip fetched piecewise: ``read_range(start, end)`` returns bytes.

    Reads the central directory, then only the byte spans that hold ``.py`` members, merged
    into a few large requests. Used for multi-hundred-megabyte wheels (tensorflow, torch).
    """
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
    directory = read_range(cd_offset, cd_offset + cd_size)
    # the directory alone, closed by an end record that points at it, is a zip that zipfile
    # can list; header offsets still refer to the remote file
    end_record = bytearray(tail[eocd: eocd + 22])
    end_record[12:16] = len(directory).to_bytes(4, "little")
    end_record[16:20] = (0).to_bytes(4, "little")
    end_record[20:22] = (0).to_bytes(2, "little")
    fake = io.BytesIO(directory + bytes(end_record))
    try:
        entries = zipfile.ZipFile(fake).infolist()
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"bad central directory: {exc}") from exc
    if len(entries) > MAX_MEMBERS:
        raise ArchiveError("too many members")
    entries.sort(key=lambda e: e.header_offset)
    offsets = [e.header_offset for e in entries] + [cd_offset]
    spans: list[tuple[int, int, list]] = []
    for i, entry in enumerate(entries):
        name = safe_member_name(entry.filename)
        if name is None or not wanted(name) or entry.file_size > MAX_MEMBER_BYTES:
            continue
        start, end = entry.header_offset, offsets[i + 1]
        if spans and start - spans[-1][1] < (1 << 20):
            spans[-1] = (spans[-1][0], end, spans[-1][2] + [(entry, name)])
        else:
            spans.append((start, end, [(entry, name)]))
    files: list[SourceFile] = []
    for start, end, members in spans:
        blob = read_range(start, end)
        for entry, name in members:
            files.append(SourceFile(name, decode(_member_bytes(blob, entry.header_offset - start, entry))))
    return files


def _member_bytes(blob: bytes, offset: int, entry: zipfile.ZipInfo) -> bytes:
    header = blob[offset: offset + 30]
    if header[:4] != b"PK\x03\x04":
        raise ArchiveError(f"bad local header for {entry.filename}")
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    start = offset + 30 + name_len + extra_len
    data = blob[start: start + entry.compress_size]
    if entry.compress_type == zipfile.ZIP_STORED:
        return data
    if entry.compress_type == zipfile.ZIP_DEFLATED:
        return zlib.decompress(data, -15)
    raise ArchiveError(f"unsupported compression for {entry.filename}")
