"""Class members of a stored release, kept on disk between runs.

``Knowledge.class_members_of`` reads every definition row of a distribution to list each
public class's members (a few hundred milliseconds for pandas or numpy), on the first check
of every process. The answer depends only on the layer database's content and on the code
that computes it, so it is kept in the user cache under a key naming both: the layer file
(real path, size, modification time), the distribution and release, and the bytes of the
modules that compute it. ``interpreter_names`` keeps names that only the interpreter decides
(the members of standard-library classes) the same way. A file that cannot be read or written
is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..locations import class_members_dir

CACHE_FORMAT = "1"
# the oldest entries are removed beyond these (an entry per release and layer content:
# 20-200 kB for most distributions, a few MB for the largest)
MAX_FILES = 512
MAX_BYTES = 128 * 1024 * 1024
# the modules whose code decides the answer: an edit to either names new entries
_CODE_MODULES = ("codesync.knowledge.store", "codesync.knowledge.model")
_code_digests: dict[tuple[str, ...], str] = {}

Members = dict[str, frozenset[str]]


def entry_key(layer: Path, dist: str, version_key: str) -> str | None:
    """The name of a release's entry, or None when the layer or the code cannot be named."""
    code = _code()
    if not code:
        return None
    try:
        info = os.stat(layer)
        real = os.path.realpath(layer)
    except OSError:
        return None
    text = "\0".join([CACHE_FORMAT, code, real, str(info.st_size), str(info.st_mtime_ns),
                      dist, version_key])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def interpreter_names(label: str, compute: Callable[[], frozenset[str]],
                      depends_on: tuple[str, ...]) -> frozenset[str]:
    """Names that only this interpreter (its version and standard library) and the code of
    the modules ``depends_on`` decide, such as the members of the standard library's
    classes: computed once, then read from disk by every later process."""
    code = _code(depends_on)
    text = "\0".join([CACHE_FORMAT, label, code, sys.version, sys.platform,
                      os.path.realpath(sys.prefix)])
    key = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    found = load(key) if code else None
    if found is not None and label in found:
        return found[label]
    names = compute()
    if code:
        store(key, {label: names})
    return names


def load(key: str) -> Members | None:
    try:
        data = json.loads((class_members_dir() / f"{key}.json").read_text(encoding="utf-8"))
        members = {path: frozenset(names) for path, names in data.items()
                   if isinstance(names, list)}
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return members if len(members) == len(data) else None


def store(key: str, members: Members) -> None:
    """Write an entry whole (a temporary file moved into place), then keep the folder small."""
    try:
        folder = class_members_dir()
        folder.mkdir(mode=0o700, exist_ok=True)
        text = json.dumps({path: sorted(names) for path, names in members.items()},
                          separators=(",", ":"))
        import tempfile  # only a process that writes an entry needs it

        handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, folder / f"{key}.json")
        finally:
            Path(tmp).unlink(missing_ok=True)
        _trim(folder)
    except OSError:
        return


def _trim(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.json"):
        try:
            info = path.stat()
        except OSError:
            continue
        entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)  # newest first: kept
    total = 0
    for count, (_, size, path) in enumerate(entries):
        total += size
        if count >= MAX_FILES or total > MAX_BYTES:
            path.unlink(missing_ok=True)


def _code(modules: tuple[str, ...] = _CODE_MODULES) -> str:
    """A digest of the computing modules' source ('' when one cannot be read)."""
    if modules not in _code_digests:
        digest = hashlib.sha256()
        try:
            for name in modules:
                digest.update(Path(sys.modules[name].__file__ or "").read_bytes())
            _code_digests[modules] = digest.hexdigest()
        except (KeyError, OSError, TypeError):
            _code_digests[modules] = ""
    return _code_digests[modules]
