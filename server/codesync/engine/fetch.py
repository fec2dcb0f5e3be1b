"""Fetch a release's files from the package index without installing or running them.

The index is the one pip is configured with (``PIP_INDEX_URL``, ``pip config``), else pip's
own default. Files are listed through the simple API (PEP 691 JSON). Any wheel is a good
source, whatever its platform; an sdist is downloaded directly, never prepared by pip.
Large wheels are read piecewise with HTTP range requests: only the ``.py`` members travel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..locations import cache_dir, downloads_dir  # noqa: F401 - cache_dir: re-exported
from .archive import SourceFile, read_sources, zip_sources_from_ranges

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"
WHOLE_DOWNLOAD_LIMIT = 40 * 1024 * 1024
TIMEOUT = 120
USER_AGENT = "codesync-knowledge/0.1"


class FetchError(Exception):
    """The release could not be fetched."""


@dataclass(frozen=True)
class IndexFile:
    filename: str
    url: str
    size: int
    sha256: str
    upload_time: str
    yanked: bool


@functools.lru_cache(maxsize=1)
def index_url() -> str:
    """The simple-API base URL pip would use."""
    env = os.environ.get("PIP_INDEX_URL")
    if env:
        return env.rstrip("/")
    try:
        out = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True,
                             text=True, timeout=30).stdout
        for line in out.splitlines():
            key, _, value = line.partition("=")
            if key.strip().endswith("index-url") and not key.strip().endswith("extra-index-url"):
                return value.strip().strip("'\"").rstrip("/")
    except (OSError, subprocess.SubprocessError):
        pass
    from pip._internal.models.index import PyPI  # pip's own default, not a copy of it

    return PyPI.simple_url.rstrip("/")


def _get(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"cannot read {url.split('?')[0]}: {exc}") from exc


def project_files(distribution: str) -> tuple[list[IndexFile], list[str]]:
    """The index's files and versions for one project."""
    url = f"{index_url()}/{canonicalize_name(distribution)}/"
    data = json.loads(_get(url, {"Accept": JSON_ACCEPT}))
    files = [
        IndexFile(
            filename=f["filename"], url=f["url"], size=int(f.get("size") or 0),
            sha256=f.get("hashes", {}).get("sha256", ""), upload_time=f.get("upload-time") or "",
            yanked=bool(f.get("yanked")),
        )
        for f in data.get("files", [])
    ]
    versions = list(data.get("versions") or sorted({v for f in files if (v := file_version(f.filename))}))
    return files, versions


_WHEEL_RE = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$")
_SDIST_RE = re.compile(r"^(?P<name>.+)-(?P<version>[^-]+?)\.(tar\.gz|tar\.bz2|tgz|zip|tar)$")


def file_version(filename: str) -> str | None:
    match = _WHEEL_RE.match(filename) or _SDIST_RE.match(filename)
    return match.group("version") if match else None


def same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def choose_file(files: list[IndexFile], version: str) -> IndexFile | None:
    """The best source file for a release: a pure wheel, a binary wheel, then an sdist."""
    candidates = [f for f in files if (v := file_version(f.filename)) and same_version(v, version)]
    if not candidates:
        return None
    return max(candidates, key=_file_rank)


def _file_rank(f: IndexFile) -> tuple:
    name = f.filename
    if name.endswith(".whl"):
        match = _WHEEL_RE.match(name)
        plat = match.group("plat") if match else ""
        py = match.group("py") if match else ""
        pure = plat == "any"
        platform_rank = 3 if "x86_64" in plat and "linux" in plat else 2 if "amd64" in plat \
            else 1 if "x86_64" in plat else 0
        py_numbers = [int(n) for n in re.findall(r"cp3(\d+)", py)] or [0]
        return (2, pure, platform_rank, max(py_numbers), not f.yanked)
    rank = 1 if name.endswith((".tar.gz", ".zip", ".tgz", ".tar.bz2")) else 0
    return (rank, False, 0, 0, not f.yanked)


def fetch_sources(distribution: str, version: str, progress=None) -> tuple[list[SourceFile], str]:
    """The Python sources of one release, and the name of the file they came from."""
    files, _ = project_files(distribution)
    chosen = choose_file(files, version)
    if chosen is None:
        raise FetchError(f"{distribution}=={version}: no file on the index")
    if chosen.size > WHOLE_DOWNLOAD_LIMIT and chosen.filename.endswith(".whl"):
        return _ranged_wheel(chosen), chosen.filename
    return read_sources(_download(chosen)), chosen.filename


SDIST_SUFFIXES = (".tar.gz", ".zip", ".tgz", ".tar.bz2")


def fetch_cython_sources(distribution: str, version: str) -> list[SourceFile]:
    """The ``.pyx`` files of a release's sdist: what its compiled objects are written in.
    Empty when the release has no sdist."""
    files, _ = project_files(distribution)
    sdists = [f for f in files if f.filename.endswith(SDIST_SUFFIXES)
              and (v := file_version(f.filename)) and same_version(v, version)]
    if not sdists:
        return []
    chosen = max(sdists, key=lambda f: (not f.yanked, f.filename.endswith(".tar.gz")))
    return read_sources(_download(chosen), suffixes=(".pyx",))


def _download(f: IndexFile) -> bytes:
    target = downloads_dir() / f.filename
    if target.exists():
        data = target.read_bytes()
        if not f.sha256 or hashlib.sha256(data).hexdigest() == f.sha256:
            return data
    data = _get(f.url)
    if f.sha256 and hashlib.sha256(data).hexdigest() != f.sha256:
        raise FetchError(f"{f.filename}: checksum mismatch")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return data


def _ranged_wheel(f: IndexFile) -> list[SourceFile]:
    def read_range(start: int, end: int) -> bytes:
        data = _get(f.url, {"Range": f"bytes={start}-{end - 1}"})
        if len(data) != end - start:
            raise FetchError(f"{f.filename}: the server ignored a range request")
        return data

    return zip_sources_from_ranges(f.size, read_range)
