"""Fetch a release's files from the package index without installing or running them.

The index is the one pip is configured with (``PIP_INDEX_URL``, ``pip config``), else pip's
own default. Files are listed through the simple API: PEP 691 JSON when the index offers it,
else the PEP 503 HTML page (a plain simple index, or what ``python -m http.server`` serves).
The listing is untrusted: an entry is used only when its file name is a plain name (no path,
no ``..``, no control characters) of a wheel or sdist of the requested distribution, and its
URL is http(s); the rest is skipped and named in the error when nothing usable remains.
Downloads stay inside ``downloads_dir()``, are capped in size and checked against their
sha256 when the index gives one. Any wheel is a good source, whatever its platform; an sdist
is downloaded directly, never prepared by pip. Large wheels are read piecewise with HTTP
range requests: only the ``.py`` members travel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from ..knowledge.versions import version_key
from ..locations import downloads_dir
from .archive import ArchiveError, SourceFile, read_sources, zip_sources_from_ranges
from .pip_config import configured_index_url, default_index_url

# The Accept header of a project page request: JSON preferred, HTML accepted (PEP 691).
JSON_ACCEPT = ("application/vnd.pypi.simple.v1+json, "
               "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1")
WHOLE_DOWNLOAD_LIMIT = 40 * 1024 * 1024
# The most one response may hold in memory: several times the largest sdists seen (a few
# hundred MB would already be unusual); a server streaming without end is cut off here.
MAX_RESPONSE_BYTES = 512 * 1024 * 1024
# File names longer than this cannot be created on common file systems.
MAX_FILENAME_LENGTH = 255
FILE_SUFFIXES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip", ".tar")
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tgz", ".tar.bz2")
# Seconds one socket operation may wait; a server that answers at all keeps it from firing,
# so each request also has an overall deadline (a slow drip of bytes is cut off there).
TIMEOUT = 60
PAGE_DEADLINE = 120
FILE_DEADLINE = 600
# An index page is parsed whole: even the largest projects' pages are a few tens of MB.
MAX_PAGE_BYTES = 64 * 1024 * 1024
USER_AGENT = "codesync-knowledge/0.1"
_READ_CHUNK = 1024 * 1024


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
    requires_python: str = ""


@dataclass
class Listing:
    """A project's page on the index: the usable files, the versions, and the entries
    skipped, each as (file name, reason)."""

    files: list[IndexFile]
    versions: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def index_url() -> str:
    """The simple-API base URL pip would use, read from pip's settings as data (nothing is run:
    see ``pip_config``)."""
    return (configured_index_url() or default_index_url()).rstrip("/")


# HTTP -------------------------------------------------------------------------------------

class _Body(bytes):
    """A response body with the URL it finally came from and its content type."""

    url: str = ""
    content_type: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) URLs only (urllib would also follow ftp)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-HTTP URL refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_command_deadline: float | None = None


def set_command_deadline(seconds: float | None) -> None:
    """Every download from now on ends by ``seconds`` from now (None: no overall limit)."""
    global _command_deadline
    _command_deadline = None if seconds is None else time.monotonic() + seconds


def _deadline(seconds: float) -> float:
    own = time.monotonic() + seconds
    return own if _command_deadline is None else min(own, _command_deadline)


def _get(url: str, headers: dict[str, str] | None = None, *, limit: int = MAX_RESPONSE_BYTES,
         seconds: float = FILE_DEADLINE) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    opener = urllib.request.build_opener(_HttpOnlyRedirects)  # per call: proxies as now set
    deadline = _deadline(seconds)
    try:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url.split('?')[0]}: the time allowed for downloads ran out")
        with opener.open(request, timeout=min(TIMEOUT, remaining)) as response:
            body = _Body(_read_capped(response, url, limit, deadline))
            body.url = response.geturl()
            body.content_type = response.headers.get("Content-Type", "")
            return body
    except (urllib.error.URLError, OSError, HTTPException, ValueError) as exc:
        raise FetchError(f"cannot read {url.split('?')[0]}: {exc}") from exc


def _read_capped(response: Any, url: str, limit: int, deadline: float) -> bytes:
    """The body, at most ``limit`` bytes, read by ``deadline`` (``read1`` returns what has
    arrived, so the clock is looked at however slowly the bytes come)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: {declared} bytes, over the {limit >> 20} MiB limit")
    parts, size = [], 0
    while chunk := response.read1(_READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: more than {limit >> 20} MiB, cut off")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: not received in time ({size} bytes so far), cut off")
        parts.append(chunk)
    return b"".join(parts)


# the project page -------------------------------------------------------------------------

def project_files(distribution: str) -> tuple[list[IndexFile], list[str]]:
    """The index's usable files and versions for one project."""
    listing = list_project(distribution)
    return listing.files, listing.versions


def list_project(distribution: str) -> Listing:
    """The project's page on the index (JSON or HTML), each file validated."""
    page_url = f"{index_url()}/{canonicalize_name(distribution)}/"
    body = _get(page_url, {"Accept": JSON_ACCEPT}, limit=MAX_PAGE_BYTES, seconds=PAGE_DEADLINE)
    base = getattr(body, "url", "") or page_url
    if _page_kind(body, page_url) == "json":
        entries, versions = _json_page(body, page_url, base)
    else:
        entries, versions = _html_page(body, base), []
    listing = Listing([], [])
    for entry in entries:
        problem = file_problem(entry, distribution)
        if problem:
            listing.skipped.append((entry.filename, problem))
        else:
            listing.files.append(entry)
    listing.versions = versions or sorted(
        {v for f in listing.files if (v := file_version(f.filename))}, key=version_key)
    return listing


def _page_kind(body: bytes, page_url: str) -> str:
    content_type = getattr(body, "content_type", "").lower()
    if "json" in content_type:
        return "json"
    if "html" in content_type:
        return "html"
    start = body[:1024].lstrip()[:1]  # no content type given: judge by the first character
    if start in (b"{", b"<"):
        return "json" if start == b"{" else "html"
    raise FetchError(f"{page_url}: the index answered neither JSON nor HTML "
                     f"({content_type or 'no content type'})")


def _json_page(body: bytes, page_url: str, base: str) -> tuple[list[IndexFile], list[str]]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FetchError(f"{page_url}: the index page is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files", []), list):
        raise FetchError(f"{page_url}: the index page is not a PEP 691 project page")
    versions = data.get("versions")
    versions = [v for v in versions if isinstance(v, str)] if isinstance(versions, list) else []
    return [_json_entry(entry, base) for entry in data.get("files", [])], versions


def _json_entry(entry: Any, base: str) -> IndexFile:
    if not isinstance(entry, dict):
        return IndexFile("", "", 0, "", "", False)
    hashes = entry.get("hashes")
    sha256 = hashes.get("sha256") if isinstance(hashes, dict) else None
    size = entry.get("size")
    return IndexFile(
        filename=_text(entry.get("filename")),
        url=_resolve(base, entry.get("url"))[0],
        size=size if isinstance(size, int) and size > 0 else 0,
        sha256=_text(sha256).lower(),
        upload_time=_text(entry.get("upload-time")),
        yanked=bool(entry.get("yanked")),
        requires_python=_text(entry.get("requires-python")),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _resolve(base: str, href: Any) -> tuple[str, str]:
    """The absolute URL of ``href`` without its fragment, and the fragment."""
    if not isinstance(href, str) or not href:
        return "", ""
    url, fragment = urldefrag(urljoin(base, href))
    return url, fragment


class _Anchors(HTMLParser):
    """The ``<a>`` elements of a PEP 503 page (attributes and text) and its ``<base href>``."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self._open: tuple[dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base" and (href := dict(attrs).get("href")):
            self.base = urljoin(self.base, href)
        elif tag == "a":
            self._close()
            self._open = (dict(attrs), [])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close()

    def _close(self) -> None:
        if self._open is not None:
            self.anchors.append((self._open[0], "".join(self._open[1]).strip()))
            self._open = None


def _html_page(body: bytes, base: str) -> list[IndexFile]:
    parser = _Anchors(base)
    parser.feed(body.decode("utf-8", "replace"))
    parser.close()
    return [_html_entry(attrs, text, parser.base) for attrs, text in parser.anchors
            if attrs.get("href")]


def _html_entry(attrs: dict[str, str | None], text: str, base: str) -> IndexFile:
    url, fragment = _resolve(base, attrs.get("href"))
    algorithm, _, digest = fragment.partition("=")
    filename = text or unquote(posixpath.basename(urlsplit(url).path))
    return IndexFile(filename=filename, url=url, size=0,
                     sha256=digest.lower() if algorithm == "sha256" else "", upload_time="",
                     yanked="data-yanked" in attrs,
                     requires_python=attrs.get("data-requires-python") or "")


# validating an entry ----------------------------------------------------------------------

def file_problem(f: IndexFile, distribution: str) -> str | None:
    """Why an index entry must not be used for ``distribution``, or None when it may."""
    return (_name_problem(f.filename) or _project_problem(f.filename, distribution)
            or _url_problem(f.url) or _hash_problem(f.sha256))


def _name_problem(name: str) -> str | None:
    if not name:
        return "no file name"
    if len(name) > MAX_FILENAME_LENGTH:
        return f"file name longer than {MAX_FILENAME_LENGTH} characters"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        return "control character in the file name"
    if any(c in name for c in "/\\:"):
        return "not a plain file name (path separator or drive)"
    if ".." in name or name.startswith("."):
        return "not a plain file name (dots)"
    if not name.endswith(FILE_SUFFIXES):
        return "not a wheel or sdist"
    return None


def _project_problem(name: str, distribution: str) -> str | None:
    parsed = split_filename(name)
    if parsed is None:
        return "not a wheel or sdist file name"
    if parsed[0] != canonicalize_name(distribution):
        return f"a file of {parsed[0]}, not of {canonicalize_name(distribution)}"
    return None


def _url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"URL scheme {parts.scheme or 'missing'!r} refused (http and https only)"
    if not parts.netloc:
        return "URL without a host"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "URL with spaces or control characters"
    return None


def _hash_problem(sha256: str) -> str | None:
    if sha256 and not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return "malformed sha256"
    return None


_WHEEL_RE = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$")
_SDIST_RE = re.compile(r"^(?P<name>.+)-(?P<version>[^-]+?)\.(tar\.gz|tar\.bz2|tgz|zip|tar)$")


def split_filename(filename: str) -> tuple[str, str] | None:
    """The canonical project name and the version of a wheel or sdist file name: packaging's
    parsers first, a looser pattern for legacy versions and old sdist suffixes."""
    try:
        if filename.endswith(".whl"):
            name, version, _, _ = parse_wheel_filename(filename)
            return name, str(version)
        if filename.endswith((".tar.gz", ".zip")):
            name, version = parse_sdist_filename(filename)
            return name, str(version)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        pass
    match = _WHEEL_RE.match(filename) or _SDIST_RE.match(filename)
    return (canonicalize_name(match.group("name")), match.group("version")) if match else None


def file_version(filename: str) -> str | None:
    match = _WHEEL_RE.match(filename) or _SDIST_RE.match(filename)
    return match.group("version") if match else None


def same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


# choosing and fetching --------------------------------------------------------------------

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


def _no_file(distribution: str, version: str, listing: Listing) -> FetchError:
    """The error for a release without a usable file, naming the entries skipped that may
    have been it (those naming the version; all of them when nothing was usable)."""
    message = f"{distribution}=={version}: no file on the index"
    skipped = [s for s in listing.skipped if version in s[0]] or (
        listing.skipped if not listing.files else [])
    if skipped:
        shown = "; ".join(f"{name[:100]!r}: {reason}" for name, reason in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        message += f" (entries skipped: {shown}{more})"
    return FetchError(message)


def fetch_sources(distribution: str, version: str,
                  progress: Any = None) -> tuple[list[SourceFile], str]:
    """The Python sources of one release, and the name of the file they came from."""
    listing = list_project(distribution)
    chosen = choose_file(listing.files, version)
    if chosen is None:
        raise _no_file(distribution, version, listing)
    try:
        if chosen.size > WHOLE_DOWNLOAD_LIMIT and chosen.filename.endswith(".whl"):
            return _ranged_wheel(chosen), chosen.filename
        data = _download(chosen)
        sources = read_sources(data)
        _keep_verified(chosen, data)
        return sources, chosen.filename
    except ArchiveError as exc:
        raise FetchError(f"{chosen.filename}: {exc}") from exc


def fetch_cython_sources(distribution: str, version: str) -> list[SourceFile]:
    """The ``.pyx`` files of a release's sdist: what its compiled objects are written in.
    Empty when the release has no sdist."""
    files = list_project(distribution).files
    sdists = [f for f in files if f.filename.endswith(SDIST_SUFFIXES)
              and (v := file_version(f.filename)) and same_version(v, version)]
    if not sdists:
        return []
    chosen = max(sdists, key=lambda f: (not f.yanked, f.filename.endswith(".tar.gz")))
    try:
        data = _download(chosen)
        sources = read_sources(data, suffixes=(".pyx",))
        _keep_verified(chosen, data)
        return sources
    except ArchiveError as exc:
        raise FetchError(f"{chosen.filename}: {exc}") from exc


def _download_target(filename: str) -> Path:
    """Where a download is kept: always a file directly inside the downloads folder."""
    folder = downloads_dir()
    problem = _name_problem(filename)
    target = folder / filename
    if problem or target.parent != folder or target.resolve().parent != folder.resolve():
        raise FetchError(f"{filename[:100]!r}: refused as a download name ({problem or 'outside'})")
    return target


def _download(f: IndexFile) -> bytes:
    """The file's bytes: from the downloads cache when a copy there has the index's sha256,
    else from the index, checked against that sha256 when the index gives one."""
    target = _download_target(f.filename)
    if f.sha256 and target.is_file() and not target.is_symlink():
        data = target.read_bytes()
        if hashlib.sha256(data).hexdigest() == f.sha256:
            return data
    if _url_problem(f.url):
        raise FetchError(f"{f.filename}: {_url_problem(f.url)}")
    data = _get(f.url)
    if f.sha256 and hashlib.sha256(data).hexdigest() != f.sha256:
        raise FetchError(f"{f.filename}: checksum mismatch")
    return data


def _keep_verified(f: IndexFile, data: bytes) -> None:
    """Caches a download that read as an archive and matches the index's sha256; a file the
    index gives no hash for is never cached (nothing could tell a wrong one later)."""
    if f.sha256 and hashlib.sha256(data).hexdigest() == f.sha256:
        _keep(_download_target(f.filename), data)


def _keep(target: Path, data: bytes) -> None:
    """Stores a download under its name, atomically; a cache that cannot be written only
    means the file is downloaded again next time."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".part", delete=False) as out:
            tmp = Path(out.name)
            out.write(data)
        tmp.replace(target)
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _ranged_wheel(f: IndexFile) -> list[SourceFile]:
    def read_range(start: int, end: int) -> bytes:
        data = _get(f.url, {"Range": f"bytes={start}-{end - 1}"})
        if len(data) != end - start:
            raise FetchError(f"{f.filename}: the server ignored a range request")
        return data

    return zip_sources_from_ranges(f.size, read_range)
