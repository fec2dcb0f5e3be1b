"""Bytes in, bytes out: sources are decoded as CPython decodes them and written back in their
own encoding, BOM and newlines, with every byte outside the edits unchanged."""

from __future__ import annotations

import ast
import codecs
import encodings.aliases
import os
import stat

import pytest

from codesync.source_text import (
    UndecodableSource,
    UnencodableEdit,
    decode_source,
    encode_source,
    read_source,
    writable_path,
    write_source,
)

SAMPLES = "é€жα中üشאก°"  # each text codec holding more than ASCII holds one


def _ascii_compatible(name: str) -> bool:
    """A codec a coding cookie can name and Python source can be written in: a text
    encoding under which ASCII source is its own bytes."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    if not getattr(info, "_is_text_encoding", True):
        return False
    probe = "# -*- coding: x -*-\nx = [1, 'a']\n"
    try:
        return probe.encode(name) == probe.encode("ascii") and \
            probe.encode("ascii").decode(name) == probe
    except (UnicodeError, LookupError):
        return False


COOKIE_CODECS = sorted({n for n in {*encodings.aliases.aliases.values(),
                                    *encodings.aliases.aliases} if _ascii_compatible(n)})


def test_codec_list_is_broad() -> None:
    assert len(COOKIE_CODECS) > 100
    assert {"latin_1", "cp1252", "shift_jis", "euc_jp", "gb18030", "koi8_r"} <= set(COOKIE_CODECS)


def _sample(codec: str) -> str | None:
    for char in SAMPLES:
        try:
            if char.encode(codec).decode(codec) == char:
                return char
        except UnicodeError:
            continue
    return None


@pytest.mark.parametrize("codec", COOKIE_CODECS)
def test_every_cookie_codec_round_trips_outside_the_edit(codec: str) -> None:
    char = _sample(codec)
    if char is None:
        pytest.skip(f"{codec} holds none of {SAMPLES!r}: only ASCII, nothing to test beyond it")
    text = f"# -*- coding: {codec} -*-\nname = 'caf{char}'\r\nold_call(name)\n# {char}{char}\n"
    data = text.encode(codec)
    source = decode_source(data)
    # the text is what CPython compiles from the bytes
    assert source.text == text
    assert ast.literal_eval(ast.parse(data).body[0].value) == f"caf{char}"
    new = source.text.replace("old_call", "new_call")
    written = encode_source(source, new)
    assert written == data.replace(b"old_call", b"new_call")


def test_non_ascii_compatible_codecs_are_undecodable_as_for_cpython() -> None:
    data = "# coding: utf-16\nx = 1\n".encode("ascii")
    with pytest.raises(UndecodableSource):
        decode_source(data)
    with pytest.raises(UndecodableSource):
        decode_source(b"# coding: rot13\nx = 1\n")  # not a text encoding
    with pytest.raises(UndecodableSource):
        decode_source(b"# coding: no-such-codec\nx = 1\n")


def test_latin1_cookie_keeps_its_bytes() -> None:
    data = b'# -*- coding: latin-1 -*-\ns = "caf\xe9"\nold(s)\n'
    source = decode_source(data)
    assert '"café"' in source.text
    assert encode_source(source, source.text.replace("old", "new")) == data.replace(b"old", b"new")


def test_cookie_on_second_line_and_not_on_third() -> None:
    second = b'#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = "\x80"\n'
    assert '"€"' in decode_source(second).text
    third = b'#!/usr/bin/env python\n\n# coding: cp1252\ns = "\x80"\n'
    with pytest.raises(UndecodableSource):  # not a cookie there: UTF-8, and 0x80 is invalid
        decode_source(third)


def test_non_utf8_without_cookie_is_undecodable_not_replaced() -> None:
    with pytest.raises(UndecodableSource, match="not valid UTF-8"):
        decode_source(b's = "caf\xe9"\n')


def test_bom_is_not_text_and_is_written_back() -> None:
    data = b"\xef\xbb\xbfimport numpy as np\r\nnp.old(1)\r\n"
    source = decode_source(data)
    assert source.bom and not source.text.startswith("\ufeff")
    ast.parse(source.text)  # no E999 for a BOM: CPython accepts it
    assert encode_source(source, source.text.replace("old", "new")) == data.replace(b"old", b"new")


def test_bom_with_another_cookie_is_undecodable() -> None:
    with pytest.raises(UndecodableSource):
        decode_source(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_kept_and_given_to_inserted_lines(newline: str) -> None:
    text = newline.join(["import a", "a.old(1)", "x = 2", ""])
    source = decode_source(text.encode())
    assert source.newline == newline
    new = source.text.replace("import a", "import a\nimport b")
    assert encode_source(source, new) == newline.join(
        ["import a", "import b", "a.old(1)", "x = 2", ""]).encode()


def test_mixed_newlines_are_left_as_they_are() -> None:
    data = b"a = 1\r\nb = 2\nc = 3\r"
    source = decode_source(data)
    assert source.newline is None
    assert encode_source(source, source.text.replace("b = 2", "b = 3")) == \
        b"a = 1\r\nb = 3\nc = 3\r"


def test_an_edit_the_encoding_cannot_hold_is_refused() -> None:
    source = decode_source(b"# coding: latin-1\nx = old()\n")
    with pytest.raises(UnencodableEdit):
        encode_source(source, source.text.replace("old", "новый"))


def test_a_stateful_codec_round_trips_or_refuses() -> None:
    codec = "iso2022_jp"
    text = f"# coding: {codec}\ns = '日本'\nold(s)\nt = '語'\n"
    data = text.encode(codec)
    source = decode_source(data)
    try:
        written = encode_source(source, source.text.replace("old", "new"))
    except UnencodableEdit:
        return  # refused: never a file with other bytes changed
    assert written == data.replace(b"old", b"new")


def test_read_source_refuses_a_fifo(tmp_path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="FIFO"):
        read_source(fifo, 1000)


def test_write_source_is_atomic_and_keeps_the_mode(tmp_path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"x = 1\n")
    path.chmod(0o751)
    write_source(path, b"x = 2\n")
    assert path.read_bytes() == b"x = 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]  # no temporary file left


def test_writable_path_refuses_a_link_out_of_the_project(tmp_path) -> None:
    root, outside = tmp_path / "project", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (outside / "lib.py").write_text("x = 1\n")
    (root / "inner.py").write_text("x = 1\n")
    (root / "out.py").symlink_to(outside / "lib.py")
    (root / "in.py").symlink_to(root / "inner.py")
    assert writable_path(root / "out.py", root) is None
    assert writable_path(root / "in.py", root) == (root / "inner.py").resolve()
