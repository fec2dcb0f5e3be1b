"""Where things live on disk: the ground floor every other module imports downward.

* The **shipped knowledge** travels with the package. An installed wheel carries it prebuilt
  in ``codesync/_shipped/`` (``knowledge.db`` beside ``recipes.toml`` and ``libraries.toml``);
  a source checkout has the committed text form in ``<checkout>/knowledge/``.
  ``CODESYNC_KNOWLEDGE`` names a text-form ``api`` folder that replaces both (tests, builds).
* The **user cache** (``CODESYNC_CACHE``, else ``$XDG_CACHE_HOME/codesync``) holds downloads,
  the database built from a checkout's text form, and the user-local knowledge layer: releases
  fetched, added or read from site-packages. Nothing is ever written into the package.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_DIR = PACKAGE_DIR / "_shipped"
PACKAGED_DATABASE = "knowledge.db"


class CacheError(OSError):
    """No folder can be written for the user cache."""


_warned: set[str] = set()


def cache_dir() -> Path:
    """The user cache, created on first use. Its content decides what every project is told,
    so it must be the user's own: a folder owned by someone else, writable by others, or a
    symlink in the temporary directory is refused. When the configured cache cannot be used,
    a private folder in the temporary directory serves, with a warning."""
    base = os.environ.get("CODESYNC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "codesync")
    wanted = Path(base)
    problem = _cache_problem(wanted, private=False)
    if problem is None:
        return wanted
    fallback = _private_temporary_cache()
    if str(wanted) not in _warned:
        _warned.add(str(wanted))
        print(f"codesync: cannot use the cache {wanted} ({problem}); using {fallback} instead "
              f"(set CODESYNC_CACHE to choose another)", file=sys.stderr)
    return fallback


def _cache_problem(path: Path, private: bool) -> str | None:
    """Why ``path`` must not be the cache (created when missing), or None."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be created: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode) and private:
        return "a symlink"
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder"
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return "owned by another user"
    if info.st_mode & (0o077 if private else 0o022):
        return "others may write to it" if info.st_mode & 0o022 else "others may read it"
    if not os.access(path, os.W_OK | os.X_OK):
        return "not writable"
    return None


def _private_temporary_cache() -> Path:
    """``$TMPDIR/codesync-cache-<uid>`` when it is this user's private folder (so later runs
    find what earlier ones kept); else a new folder with an unpredictable name."""
    named = Path(tempfile.gettempdir()) / f"codesync-cache-{_user_id()}"
    if _cache_problem(named, private=True) is None:
        return named
    try:
        return Path(tempfile.mkdtemp(prefix=f"codesync-cache-{_user_id()}-"))
    except OSError as exc:
        raise CacheError(f"no usable cache folder: neither the configured one nor one in "
                         f"{tempfile.gettempdir()} ({exc.strerror or exc}); set CODESYNC_CACHE "
                         f"to a writable folder of your own") from exc


def _user_id() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else os.environ.get("USERNAME", "user")


def packaged_database() -> Path | None:
    """The prebuilt shipped database of an installed wheel, when this is one."""
    if os.environ.get("CODESYNC_KNOWLEDGE"):
        return None
    path = PACKAGED_DIR / PACKAGED_DATABASE
    return path if path.is_file() else None


def shipped_text_root() -> Path | None:
    """The committed text form (``.../knowledge/api``) of a source checkout, if there is one."""
    env = os.environ.get("CODESYNC_KNOWLEDGE")
    if env:
        return Path(env)
    checkout = PACKAGE_DIR.parents[1] / "knowledge" / "api"
    return checkout if checkout.is_dir() else None


def shipped_data_dir() -> Path | None:
    """The folder holding recipes.toml, libraries.toml and the model beside the knowledge."""
    text_root = shipped_text_root()
    if text_root is not None:
        return text_root.parent
    return PACKAGED_DIR if PACKAGED_DIR.is_dir() else None


def recipes_file() -> Path | None:
    folder = shipped_data_dir()
    return folder / "recipes.toml" if folder else None


def libraries_file() -> Path | None:
    folder = shipped_data_dir()
    return folder / "libraries.toml" if folder else None


def shipped_stubs_dir() -> Path | None:
    """Types read from stub distributions, shipped per import name and release line
    (``knowledge/stubs``, ``_shipped/stubs`` in a wheel), when there are any."""
    folder = shipped_data_dir()
    stubs = folder / "stubs" if folder else None
    return stubs if stubs is not None and stubs.is_dir() else None


def local_layer_dir() -> Path:
    """The user-local knowledge layer: one database per user cache, shared by every install."""
    return cache_dir() / "local"


def environment_layer_dir(site_packages: list[Path]) -> Path:
    """The knowledge read from one environment's site-packages: a folder of its own per
    environment (keyed by its folders' real paths), never the shared user-local layer."""
    import hashlib

    key = "\0".join(os.path.realpath(p) for p in site_packages)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / "environments" / digest[:24]


def downloads_dir() -> Path:
    return cache_dir() / "downloads"


def stub_types_dir() -> Path:
    """Types read from stub packages, one file per package content (engine/stub_overlay.py)."""
    return cache_dir() / "stub-types"


def class_members_dir() -> Path:
    """Class members of stored releases, one file per layer content (knowledge/member_cache.py)."""
    return cache_dir() / "class-members"
