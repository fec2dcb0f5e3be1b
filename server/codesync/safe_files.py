"""Reading files a checkout controls without being held, flooded or tricked by them.

A project (or a ``.venv`` in it) can hold FIFOs that block a reader forever, symlinks to
``/dev/zero`` that never end, symlink loops, and unreadable files. Every read of a file whose
name came from a checkout goes through :func:`read_regular_bytes`: it opens without blocking,
checks on the open descriptor that the file is a regular one, and never reads past the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(OSError):
    """A file that is not read, with the reason a person can act on in ``str()``."""

    def __str__(self) -> str:
        return str(self.strerror or super().__str__())


def describe_kind(mode: int) -> str:
    """The kind of a non-regular file, as a message names it."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes.

    Raises :class:`UnreadableFile` otherwise (a FIFO, device or socket; a symlink loop; too
    large; no permission), without blocking and without reading more than ``limit + 1`` bytes
    even when the file grows while it is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(exc.errno, "a symlink loop") from exc
        raise UnreadableFile(exc.errno, f"cannot read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(errno.EINVAL, describe_kind(info.st_mode))
        if info.st_size > limit:
            raise UnreadableFile(errno.EFBIG, _too_large(limit))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(errno.EFBIG, _too_large(limit))
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as exc:
        raise UnreadableFile(exc.errno, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def is_regular_file(path: str | Path) -> bool:
    """True for a regular file (following symlinks); False for anything else or a loop."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _too_large(limit: int) -> str:
    if limit >= 1_000_000:
        return f"larger than {limit // 1_000_000} MB (generated or minified code?)"
    return f"larger than {limit} bytes"
