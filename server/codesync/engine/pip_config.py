"""The package index pip would use, found without running anything.

Running ``python -m pip config list`` (as codesync once did) runs whatever ``pip`` the current
folder holds: ``-m`` puts the working directory first on the import path, so a checkout could
plant ``pip/__init__.py`` and both run code and answer with an index of its choosing. Instead
the same sources pip reads are read here as data: ``PIP_INDEX_URL``, then the configuration
files in pip's order (global, user, site, ``PIP_CONFIG_FILE``; later ones win, and a command's
own section over ``[global]``). With none set, pip's own default is read from the installed
pip's source text (parsed, never imported), found on the import path without the working
directory.
"""

from __future__ import annotations

import ast
import configparser
import importlib.machinery
import os
import sys
from pathlib import Path

# the sections whose index-url applies to a download, weakest first
_SECTIONS = ("global", "download", "install")


def configured_index_url(environ: dict[str, str] | None = None) -> str | None:
    """The index URL from pip's environment variable or configuration files, if any."""
    env = os.environ if environ is None else environ
    if env.get("PIP_INDEX_URL", "").strip():
        return env["PIP_INDEX_URL"].strip()
    found = None
    for path in config_files(env):
        found = _index_url_in(path) or found
    return found


def config_files(environ: dict[str, str] | None = None) -> list[Path]:
    """pip's configuration files on this platform, weakest first."""
    env = os.environ if environ is None else environ
    named = env.get("PIP_CONFIG_FILE", "")
    if named == os.devnull:
        return []
    files = _global_files(env) + _user_files(env) + [Path(sys.prefix) / _file_name()]
    if named:
        files.append(Path(named))
    return files


def default_index_url() -> str:
    """pip's own default simple index, read from the installed pip's source."""
    source = _pip_index_module()
    if source is not None:
        url = _first_package_index_url(source)
        if url:
            return url.rstrip("/") + "/simple"
    raise RuntimeError("pip's default index could not be read: set PIP_INDEX_URL "
                       "or an index-url in pip's configuration")


def _file_name() -> str:
    return "pip.ini" if sys.platform == "win32" else "pip.conf"


def _global_files(env: dict[str, str]) -> list[Path]:
    if sys.platform == "win32":
        program_data = env.get("PROGRAMDATA", r"C:\ProgramData")
        return [Path(program_data) / "pip" / "pip.ini"]
    dirs = env.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    files = [Path(d) / "pip" / "pip.conf" for d in dirs.split(os.pathsep) if d]
    if sys.platform == "darwin":
        files.insert(0, Path("/Library/Application Support/pip/pip.conf"))
    return [*files, Path("/etc/pip.conf")]


def _user_files(env: dict[str, str]) -> list[Path]:
    home = Path(env.get("HOME") or os.path.expanduser("~"))
    if sys.platform == "win32":
        appdata = env.get("APPDATA", str(home))
        return [Path(appdata) / "pip" / "pip.ini"]
    legacy = home / ".pip" / "pip.conf"
    if sys.platform == "darwin":
        return [legacy, home / "Library" / "Application Support" / "pip" / "pip.conf"]
    config_home = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    return [legacy, Path(config_home) / "pip" / "pip.conf"]


def _index_url_in(path: Path) -> str | None:
    parser = configparser.RawConfigParser()
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return None
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error):
        return None
    found = None
    for section in _SECTIONS:
        value = parser.get(section, "index-url", fallback=None)
        if value and value.strip():
            found = value.strip()
    return found


def _pip_index_module() -> str | None:
    """The text of pip's ``_internal/models/index.py``, found without importing pip and
    without looking in the working directory."""
    cwd = os.path.realpath(os.getcwd())
    search = [p for p in sys.path if p and os.path.realpath(p) != cwd]
    spec = importlib.machinery.PathFinder.find_spec("pip", search)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "_internal" / "models" / "index.py"
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


def _first_package_index_url(source: str) -> str | None:
    """The URL of the module's ``PyPI = PackageIndex("...", ...)`` assignment."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and any(isinstance(t, ast.Name) and t.id == "PyPI" for t in node.targets)
                and node.value.args and isinstance(node.value.args[0], ast.Constant)
                and isinstance(node.value.args[0].value, str)):
            return node.value.args[0].value
    return None
