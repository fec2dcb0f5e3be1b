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
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_DIR = PACKAGE_DIR / "_shipped"
PACKAGED_DATABASE = "knowledge.db"


def cache_dir() -> Path:
    """The user cache, created on first use."""
    base = os.environ.get("CODESYNC_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "codesync")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


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
