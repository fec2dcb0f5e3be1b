"""Running git on an untrusted checkout without running anything the checkout chooses.

A repository's own config (`.git/config`, or a bare repository planted in the checkout) can name
programs: fsmonitor hooks, clean/smudge filters, textconv and external diff drivers, pagers, gpg.
The commands used here only read committed objects (`rev-parse`, `blame <commit>`, `cat-file`)
and never the working tree, never with textconv or filters, and the keys that could still start a
program are overridden on the command line, which wins over repository config.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

TIMEOUT = 5.0

SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "core.attributesFile=/dev/null",
    "core.untrackedCache=false",
    "diff.external=",
    "blame.ignoreRevsFile=",
    "log.showSignature=false",
    "gpg.program=false",
    "credential.helper=",
    "safe.bareRepository=explicit",
    "protocol.allow=never",
)


def safe_env() -> dict[str, str]:
    """The caller's environment without GIT_* redirections, plus settings that make git inert."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_LITERAL_PATHSPECS="1",
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        LC_ALL="C",
    )
    return env


class Git:
    """git in one folder, with inert settings and a timeout on every call."""

    def __init__(self, folder: Path, timeout: float = TIMEOUT) -> None:
        self.folder = folder
        self.timeout = timeout
        self.binary = shutil.which("git")
        self.env = safe_env()

    def command(self, args: Sequence[str]) -> list[str]:
        overrides = [part for item in SAFE_CONFIG for part in ("-c", item)]
        return [self.binary or "git", "--no-pager", *overrides, "-C", str(self.folder), *args]

    def run(
        self, args: Sequence[str], stdin: bytes = b"", timeout: float | None = None
    ) -> bytes | None:
        """stdout of a successful command, or None (git missing, error, timeout)."""
        if self.binary is None:
            return None
        try:
            done = subprocess.run(
                self.command(args),
                input=stdin,
                capture_output=True,
                timeout=timeout or self.timeout,
                env=self.env,
                cwd=self.folder,
                check=False,
            )
        except (OSError, subprocess.SubprocessError, ValueError):
            return None
        return done.stdout if done.returncode == 0 else None

    def batch(self, specs: Sequence[str], check_only: bool = False) -> dict[str, tuple[str, bytes]]:
        """`git cat-file --batch` on many objects in one process: spec -> (type, content); with
        `check_only`, content is the size as text. Missing objects are left out."""
        if not specs:
            return {}
        option = "--batch-check" if check_only else "--batch"
        specs = [spec for spec in specs if "\n" not in spec]
        data = "".join(f"{spec}\n" for spec in specs).encode("utf-8", "surrogateescape")
        out = self.run(["cat-file", option], stdin=data)
        return parse_batch(specs, out, check_only) if out is not None else {}


def parse_batch(specs: Sequence[str], out: bytes, check_only: bool) -> dict[str, tuple[str, bytes]]:
    found: dict[str, tuple[str, bytes]] = {}
    position = 0
    for spec in specs:
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split(b" ")
        position = end + 1
        if len(header) != 3 or header[-1] in (b"missing", b"ambiguous") or not header[2].isdigit():
            continue
        kind, size = header[1].decode("ascii", "replace"), int(header[2])
        if check_only:
            found[spec] = (kind, header[2])
            continue
        found[spec] = (kind, out[position : position + size])
        position += size + 1
    return found


def tree_entries(raw: bytes, oid_bytes: int) -> list[tuple[str, str, str]]:
    """Entries of a raw tree object: (mode, name, hex object id)."""
    entries = []
    position = 0
    while position < len(raw):
        space = raw.find(b" ", position)
        nul = raw.find(b"\0", space)
        if space < 0 or nul < 0:
            break
        oid = raw[nul + 1 : nul + 1 + oid_bytes].hex()
        mode = raw[position:space].decode("ascii", "replace")
        entries.append((mode, raw[space + 1 : nul].decode("utf-8", "surrogateescape"), oid))
        position = nul + 1 + oid_bytes
    return entries
