"""A user's Python source as bytes on disk and as text, the way CPython reads it.

Decoding follows :func:`tokenize.detect_encoding`: a UTF-8 BOM, else a PEP 263 coding cookie
in the first two lines, else UTF-8; the BOM is not part of the text (CPython does not see it).
Newlines are kept as they are in the file (no translation), so positions and bytes agree.

Encoding back is the inverse, and refuses rather than loses: a file whose bytes do not come
back from their own text is never written, nor a new text that the file's encoding cannot
hold, nor one whose unedited lines would not be the bytes they were (a stateful codec).
"""

from __future__ import annotations

import codecs
import difflib
import io
import os
import re
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .safe_files import read_regular_bytes

BOM_ENCODING = "utf-8-sig"
LINES = re.compile(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)")
BARE_LF = re.compile(r"(?<!\r)\n")


class UndecodableSource(ValueError):
    """A file that CPython could not read as source either (bad cookie, invalid bytes)."""


class UnencodableEdit(ValueError):
    """A new text the file's encoding cannot hold without changing other bytes."""


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str  # a name codecs knows; "utf-8-sig" when the file starts with a BOM
    data: bytes  # the bytes read, BOM included

    @property
    def bom(self) -> bool:
        return self.encoding == BOM_ENCODING

    @property
    def newline(self) -> str | None:
        """The file's one newline sequence, or None when it has none or mixes them."""
        crlf = self.text.count("\r\n")
        cr = self.text.count("\r") - crlf
        lf = self.text.count("\n") - crlf
        kinds = [nl for nl, n in (("\r\n", crlf), ("\r", cr), ("\n", lf)) if n]
        return kinds[0] if len(kinds) == 1 else None


def decode_source(data: bytes) -> SourceText:
    """The text CPython would compile from ``data``; :class:`UndecodableSource` if none."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise UndecodableSource(_reason(exc)) from exc
    return SourceText(text, encoding, data)


def read_source(path: str | Path, limit: int) -> SourceText:
    """Decode a user's file (read through :func:`read_regular_bytes`: regular files only, at
    most ``limit`` bytes). Raises ``UnreadableFile`` or :class:`UndecodableSource`."""
    return decode_source(read_regular_bytes(path, limit))


def encode_source(source: SourceText, new_text: str) -> bytes:
    """``new_text`` in the file's encoding, BOM and newlines kept: inserted bare ``\\n`` take
    the file's newline when it has one kind. Raises :class:`UnencodableEdit` when the result
    would not decode back to the text, or when a line outside the edits changes its bytes."""
    new_text = _with_newline(new_text, source.newline)
    before = _line_bytes(source.text, source.encoding)
    if before is None or b"".join(before) != source.data:
        raise UnencodableEdit(f"its bytes do not round-trip through {source.encoding}")
    after = _line_bytes(new_text, source.encoding)
    if after is None:
        raise UnencodableEdit(f"the new text cannot be written in {source.encoding}")
    data = b"".join(after)
    try:
        if data.decode(source.encoding) != new_text:
            raise UnencodableEdit(f"the new text does not round-trip through {source.encoding}")
    except UnicodeDecodeError as exc:
        raise UnencodableEdit(_reason(exc)) from exc
    if not _unedited_lines_kept(source.text, new_text, before, after):
        raise UnencodableEdit(f"{source.encoding} would change lines outside the edits")
    return data


def _with_newline(text: str, newline: str | None) -> str:
    if newline == "\r\n":
        return BARE_LF.sub("\r\n", text)
    if newline == "\r":
        return text.replace("\r\n", "\r").replace("\n", "\r")
    return text


def _line_bytes(text: str, encoding: str) -> list[bytes] | None:
    """The bytes of each line as an incremental encoder writes them (the last chunk holds
    what a stateful codec flushes at the end)."""
    encoder = codecs.getincrementalencoder(encoding)("strict")
    try:
        chunks = [encoder.encode(line) for line in LINES.split(text)]
        chunks[-1] += encoder.encode("", final=True)
    except (UnicodeEncodeError, LookupError):
        return None
    return chunks


def _unedited_lines_kept(old: str, new: str, before: list[bytes], after: list[bytes]) -> bool:
    """Every line the edits left alone is written with the bytes it was read with (the last
    chunk is left out: it also holds a stateful codec's final reset)."""
    old_lines, new_lines = LINES.split(old), LINES.split(new)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal" and any(before[i] != after[j1 + i - i1] for i in range(i1, i2)
                                  if i < len(before) - 1 and j1 + i - i1 < len(after) - 1):
            return False
    return True


def write_source(path: Path, data: bytes) -> None:
    """Replace ``path``'s bytes atomically: a temporary file in the same folder, the file's
    mode kept, renamed over it (a reader sees the old file or the new one, never a part)."""
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".codesync",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def writable_path(path: Path, root: Path) -> Path | None:
    """Where writing ``path`` lands (symlinks resolved), or None when that is outside
    ``root``: a link in a checkout must not make the tool write someone else's file."""
    try:
        target = path.resolve(strict=True)
        inside = root.resolve()
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(inside) else None


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid {exc.encoding} (byte {exc.object[exc.start]:#04x} at offset {exc.start})"
    if isinstance(exc, SyntaxError):
        message = str(exc.msg if exc.msg else exc)
        return message.replace("invalid or missing encoding declaration",
                               "not valid UTF-8 and no coding declaration says what it is")
    return str(exc)
