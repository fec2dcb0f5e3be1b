"""The project's Python environment: which distributions are installed, at which versions.

Read from ``*.dist-info`` metadata on disk; library code is never imported, and no interpreter
is run unless the user allowed it (``--python`` on the command line, or the editor setting
``allowInterpreter``): its site-packages are found from ``pyvenv.cfg`` and the folder layout.
The interpreter is the one given, else the active virtualenv, else ``.venv``/``venv`` in the
project, else the running interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from packaging.utils import canonicalize_name


@dataclass
class Installed:
    name: str  # canonical distribution name
    version: str
    location: Path  # the site-packages folder
    dist_info: Path
    import_names: list[str] = field(default_factory=list)


@dataclass
class Environment:
    interpreter: str
    site_packages: list[Path]
    distributions: dict[str, Installed]  # canonical name -> installed
    import_map: dict[str, str]  # import name -> canonical distribution
    read_stamp: tuple = ()  # site-packages modification times when this was read

    def version_of(self, dist: str) -> str | None:
        found = self.distributions.get(canonicalize_name(dist))
        return found.version if found else None

    def current_stamp(self) -> tuple:
        """Changes when a distribution is installed, removed or upgraded (the metadata files
        too: pip writes METADATA after creating its folder)."""
        return _stamp(self.site_packages)


def find_interpreter(project_root: Path | None, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    venv = os.environ.get("VIRTUAL_ENV")
    if venv and Path(venv).exists():
        return str(_venv_python(Path(venv)))
    for name in (".venv", "venv"):
        candidate = (project_root or Path.cwd()) / name
        if (candidate / "pyvenv.cfg").exists():
            return str(_venv_python(candidate))
    return sys.executable


def _venv_python(venv: Path) -> Path:
    for relative in ("bin/python", "bin/python3", "Scripts/python.exe"):
        if (venv / relative).exists():
            return venv / relative
    return venv / "bin" / "python"


def site_packages_for(interpreter: str, allow_run: bool = False) -> list[Path]:
    """site-packages folders of an interpreter, found by reading its venv's ``pyvenv.cfg`` and
    the folder layout. The interpreter is only ever asked (run) when the user allowed it:
    a path named by a checkout may be any program."""
    path = Path(interpreter)
    venv = path.parent.parent
    found: list[Path] = []
    if (venv / "pyvenv.cfg").is_file():
        found = _layout(venv)
        config = _read_text(venv / "pyvenv.cfg")
        if "include-system-site-packages = true" in config.replace("\t", " ").lower():
            home = _config_value(config, "home")
            if home:
                found += _layout(Path(home).parent)
        if found:
            return found
    if _is_this_process(interpreter):
        return [Path(p) for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    if allow_run:
        return _ask_interpreter(interpreter)
    return _layout(path.resolve().parent.parent) if path.exists() else []


def _layout(prefix: Path) -> list[Path]:
    """The site-packages folders a Python installed under ``prefix`` would use."""
    patterns = ("lib/python3*/site-packages", "Lib/site-packages", "lib/python3/dist-packages",
                "local/lib/python3*/dist-packages")
    return [p for pattern in patterns for p in sorted(prefix.glob(pattern)) if p.is_dir()]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[:65536]
    except OSError:
        return ""


def _config_value(config: str, wanted: str) -> str | None:
    for line in config.splitlines():
        key, _, value = line.partition("=")
        if key.strip().lower() == wanted:
            return value.strip()
    return None


def _is_this_process(interpreter: str) -> bool:
    """Whether ``interpreter`` runs with this process's paths. A virtual environment's python
    links to its base interpreter's binary: where codesync runs in one (pipx, a project's
    venv), the base interpreter is the same file but has other site-packages."""
    return sys.prefix == sys.base_prefix and _same_file(interpreter, sys.executable)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def _ask_interpreter(interpreter: str) -> list[Path]:
    """Ask the interpreter for its path: runs it, so only for one the user allowed."""
    code = "import sys, json; print(json.dumps(sys.path))"
    try:
        # -I: no working directory, user site or PYTHON* variables on its path; run from the
        # filesystem root so nothing relative to the checkout is found either
        out = subprocess.run([interpreter, "-I", "-c", code], capture_output=True, text=True,
                             timeout=20, check=True, cwd=os.path.abspath(os.sep),
                             stdin=subprocess.DEVNULL).stdout
        paths = json.loads(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return []
    return [Path(p) for p in paths if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]


def read_environment(interpreter: str, allow_run: bool = False) -> Environment:
    folders = site_packages_for(interpreter, allow_run)
    distributions: dict[str, Installed] = {}
    import_map: dict[str, str] = {}
    for folder in folders:
        for dist_info in sorted(folder.glob("*.dist-info")) + sorted(folder.glob("*.egg-info")):
            installed = _read_dist_info(folder, dist_info)
            if installed is None or installed.name in distributions:
                continue
            distributions[installed.name] = installed
            for name in installed.import_names:
                import_map.setdefault(name, installed.name)
    return Environment(interpreter, folders, distributions, import_map, _stamp(folders))


def _read_dist_info(folder: Path, dist_info: Path) -> Installed | None:
    metadata = dist_info / ("METADATA" if dist_info.suffix == ".dist-info" else "PKG-INFO")
    if dist_info.suffix == ".egg-info" and dist_info.is_file():
        metadata = dist_info
    try:
        headers = HeaderParser().parsestr(
            _header_block(metadata.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return None
    name, version = headers.get("Name"), headers.get("Version")
    if not name or not version:
        return None
    installed = Installed(canonicalize_name(name), version.strip(), folder, dist_info)
    installed.import_names = _import_names(dist_info, name)
    return installed


# The headers end at the first empty line (each break CRLF, CR or LF, as the email parser
# splits them); the long description after it is most of the file and was parsed for nothing.
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
_END_OF_HEADERS = re.compile(rf"^{_BREAK}|{_BREAK}{_BREAK}")


def _header_block(text: str) -> str:
    found = _END_OF_HEADERS.search(text)
    return text if found is None else text[:found.end()]


def _import_names(dist_info: Path, name: str) -> list[str]:
    top_level = dist_info / "top_level.txt"
    if top_level.exists():
        names = [line.strip().replace("/", ".").split(".")[0]
                 for line in top_level.read_text(errors="replace").splitlines() if line.strip()]
        if names:
            return sorted(set(names))
    record = dist_info / "RECORD"
    names: set[str] = set()
    if record.exists():
        for line in record.read_text(errors="replace").splitlines():
            path = line.split(",", 1)[0]
            first = path.split("/", 1)[0]
            if first.endswith((".dist-info", ".data")) or first in ("..", "__pycache__"):
                continue
            if "/" in path and path.endswith((".py", ".pyi")) or first.endswith(".py"):
                names.add(first.removesuffix(".py"))
    return sorted(n for n in names if n.isidentifier()) or [name.replace("-", "_").lower()]


def _stamp(folders: list[Path]) -> tuple:
    stamps: list[float] = []
    for folder in folders:
        stamps.append(_mtime(folder))
        stamps.extend(_mtime(m) for m in sorted(folder.glob("*.dist-info/METADATA")))
    return tuple(stamps)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def installed_sources(installed: Installed):
    """The installed release's Python files, for offline extraction (read, never imported).

    A project's environment is untrusted input like an archive: only regular files inside its
    site-packages are read (no symlinked folders followed, no FIFOs or devices), each and all
    of them within the archive limits, under import names that are plain identifiers."""
    from .engine.archive import MAX_MEMBER_BYTES, MAX_TOTAL_SOURCE_BYTES, SourceFile, decode
    from .safe_files import UnreadableFile, read_regular_bytes

    budget = MAX_TOTAL_SOURCE_BYTES
    for relative in _installed_files(installed):
        try:
            data = read_regular_bytes(installed.location / relative, MAX_MEMBER_BYTES)
        except UnreadableFile:
            continue
        budget -= len(data)
        if budget < 0:
            raise ValueError(f"{installed.name} {installed.version}: its Python files exceed "
                             f"{MAX_TOTAL_SOURCE_BYTES >> 20} MB; not read")
        yield SourceFile(relative, decode(data))


def _installed_files(installed: Installed) -> list[str]:
    """Paths, relative to site-packages, of the release's ``.py``/``.pyi`` files."""
    from .engine.archive import MAX_SOURCE_FILES

    found: list[str] = []
    for name in installed.import_names:
        if not name.isidentifier():
            continue  # a name from a checkout's metadata: never a path
        package = installed.location / name
        if package.is_dir() and not package.is_symlink():
            for directory, subdirs, files in os.walk(package):  # symlinked folders not followed
                subdirs.sort()
                base = Path(directory).relative_to(installed.location).as_posix()
                found += [f"{base}/{f}" for f in sorted(files) if f.endswith((".py", ".pyi"))]
                if len(found) > MAX_SOURCE_FILES:
                    return found[:MAX_SOURCE_FILES]
        found += [f"{name}{suffix}" for suffix in (".py", ".pyi")
                  if (installed.location / f"{name}{suffix}").is_file()]
    return found


def record_digest(installed: Installed) -> str | None:
    """The sha256 of a release's RECORD (else METADATA): what its files were when read."""
    from .safe_files import UnreadableFile, read_regular_bytes

    for name in ("RECORD", "METADATA", "PKG-INFO"):
        try:
            data = read_regular_bytes(installed.dist_info / name, 64 * 1024 * 1024)
        except UnreadableFile:
            continue
        return hashlib.sha256(data).hexdigest()[:32]
    return None
