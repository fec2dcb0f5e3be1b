"""Fuzz codesync's documents: generated sources and incremental edits, with every character
``str.splitlines`` breaks at, in every position encoding; after each edit the document's text
equals what a plain reference implementation of LSP edits makes of the client's text. And the
transport's framing: garbage of any kind before a message never loses the message.

``CODESYNC_FUZZ_DEEP=1`` runs 10,000 examples (a few minutes); by default 1,000.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace import PositionCodec

from codesync.lsp.documents import LspTextDocument, LspWorkspace, lsp_lines
from codesync.lsp.transport import Framer

DEEP = os.environ.get("CODESYNC_FUZZ_DEEP") == "1"
EXAMPLES = 10_000 if DEEP else 1_000
URI = "file:///fuzz/module.py"
ENCODINGS = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16,
             types.PositionEncodingKind.Utf32]
# Every character str.splitlines breaks at; only the first three are LSP line breaks.
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
          "\u2029"]
TEXT = st.lists(st.one_of(st.sampled_from(BREAKS), st.sampled_from(list("ab #=(é😋\t")),
                          st.characters(exclude_categories=("Cs",))), max_size=40).map("".join)


# the reference: a client's view of LSP edits, character by character -----------------------
def reference_line_starts(text: str) -> list[tuple[int, int]]:
    """(start, end of text) of each line: breaks at "\\r\\n", "\\r" and "\\n" only."""
    lines, start, index = [], 0, 0
    while index < len(text):
        char = text[index]
        width = 2 if text[index:index + 2] == "\r\n" else 1 if char in "\r\n" else 0
        if width:
            lines.append((start, index))
            start = index + width
        index += width or 1
    lines.append((start, len(text)))
    return lines


def units(char: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(char.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf16:
        return len(char.encode("utf-16-le")) // 2
    return 1


def reference_offset(text: str, line: int, character: int, encoding: str) -> int:
    """Past the last line: the end; past a line's end: that end; inside a character: after it."""
    lines = reference_line_starts(text)
    if line >= len(lines):
        return len(text)
    index, end = lines[line]
    count = 0
    while index < end and count < character:
        count += units(text[index], encoding)
        index += 1
    return index


def reference_apply(text: str, edit: tuple[int, int, int, int, str], encoding: str) -> str:
    start_line, start_char, end_line, end_char, new_text = edit
    start = reference_offset(text, start_line, start_char, encoding)
    end = reference_offset(text, end_line, end_char, encoding)
    start, end = sorted((start, end))
    return text[:start] + new_text + text[end:]


# the generated edits -------------------------------------------------------------------------
EDIT = st.tuples(st.integers(0, 12), st.integers(0, 14), st.integers(0, 12), st.integers(0, 14),
                 TEXT)
WHOLE = st.tuples(TEXT)  # now and then the client sends the whole text


def change(edit: tuple) -> types.TextDocumentContentChangeEvent:
    if len(edit) == 1:
        return types.TextDocumentContentChangeWholeDocument(text=edit[0])
    start_line, start_char, end_line, end_char, text = edit
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=start_line, character=start_char),
                          end=types.Position(line=end_line, character=end_char)),
        text=text)


def open_document(source: str, encoding: str) -> tuple[LspWorkspace, LspTextDocument]:
    workspace = LspWorkspace(None, position_encoding=encoding)
    workspace.put_text_document(types.TextDocumentItem(uri=URI, language_id="python",
                                                       version=0, text=source))
    document = workspace.get_text_document(URI)
    assert isinstance(document, LspTextDocument)
    return workspace, document


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, encoding=st.sampled_from(ENCODINGS),
       edits=st.lists(st.one_of(EDIT, EDIT, EDIT, WHOLE), max_size=25))
def test_document_text_follows_the_client(source: str, encoding: str, edits: list) -> None:
    workspace, document = open_document(source, encoding)
    expected = source
    for version, edit in enumerate(edits, start=1):
        workspace.update_text_document(
            types.VersionedTextDocumentIdentifier(uri=URI, version=version), change(edit))
        expected = edit[0] if len(edit) == 1 else reference_apply(expected, edit, encoding)
        assert document.source == expected
        assert document.version == version
    assert "".join(document.lines) == expected
    assert len(document.lines) == len(lsp_lines(expected))


@settings(max_examples=EXAMPLES // 4, deadline=None)
@given(source=TEXT, encoding=st.sampled_from(ENCODINGS), line=st.integers(0, 12),
       character=st.integers(0, 14))
def test_offsets_match_the_reference(source: str, encoding: str, line: int,
                                     character: int) -> None:
    _, document = open_document(source, encoding)
    position = types.Position(line=line, character=character)
    assert document.offset_at_position(position) == reference_offset(source, line, character,
                                                                     encoding)


def test_the_reference_splits_as_the_lsp_does() -> None:
    """The reference itself, on the characters the fuzzing is about."""
    text = "a\x0cb\u2028c\r\nd\re\nf\x85"
    assert [text[s:e] for s, e in reference_line_starts(text)] == [
        "a\x0cb\u2028c", "d", "e", "f\x85"]
    assert reference_offset(text, 1, 0, "utf-16") == text.index("d")
    assert reference_offset("😋x", 0, 1, "utf-16") == 1  # inside the pair: after it
    assert PositionCodec("utf-16").client_num_units("😋") == 2


# framing -------------------------------------------------------------------------------------
def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


PIECES = [b"Content-Length: ", b"content-length:", b"Content-Length: 5", b"Content-Length: 99",
          b"Content-Length: 10000000000000", b"\r\n", b"\r\n\r\n", b"\r", b"\n", b"{", b"}",
          b"Content-Type: x", b"7", b": ", b"\x00", b'{"jsonrpc": "2.0"}']
GARBAGE = st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=12)),
                   max_size=8).map(b"".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(garbage=st.lists(GARBAGE, min_size=1, max_size=4), chunk=st.integers(1, 64))
def test_garbage_never_costs_the_next_message(garbage: list[bytes], chunk: int) -> None:
    """Every message that follows garbage arrives intact, however the bytes are chunked."""
    stream = b"".join(junk + frame({"n": index}) for index, junk in enumerate(garbage))
    framer = Framer(report=lambda reason: None)
    bodies = []
    for offset in range(0, len(stream), chunk):
        framer.feed(stream[offset:offset + chunk])
        bodies.extend(framer.messages())
    found = [json.loads(body) for body in bodies if body.startswith(b'{"n": ')]
    assert found == [{"n": index} for index in range(len(garbage))]
