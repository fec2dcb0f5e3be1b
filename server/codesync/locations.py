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
    """The user cache, created on first use. When it cannot be written (a read-only home, a
    file in its place), a private folder in the temporary directory serves, with a warning."""
    base = os.environ.get("CODESYNC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "codesync")
    wanted = Path(base)
    if _writable_dir(wanted):
        return wanted
    fallback = Path(tempfile.gettempdir()) / f"codesync-cache-{_user_id()}"
    if _writable_dir(fallback):
        if str(wanted) not in _warned:
            _warned.add(str(wanted))
            print(f"codesync: cannot write the cache {wanted}; using {fallback} instead "
                  f"(set CODESYNC_CACHE to choose another)", file=sys.stderr)
        return fallback
    raise CacheError(f"no writable cache folder: neither {wanted} nor {fallback} can be written; "
                     f"set CODESYNC_CACHE to a writable folder")


def _writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


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


def local_layer_dir() -> Path:
    """The user-local knowledge layer: one database per user cache, shared by every install."""
    return cache_dir() / "local"


def downloads_dir() -> Path:
    return cache_dir() / "downloads"
