"""The server survives what a broken or hostile client sends, over real stdio: line breaks
only the LSP counts, positions that do not exist, headers that lie or are garbage, and a client
process that has gone away."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.workspace import PositionCodec, Workspace

from codesync.lsp.convert import Positions
from codesync.lsp.documents import CodesyncProtocol, LspTextDocument
from codesync.lsp.transport import MAX_CONTENT_LENGTH, Framer, process_alive

from .conftest import SERVER
from .helpers import TIMEOUT, insert_line, open_document

# Characters str.splitlines breaks at that the LSP does not count as line breaks.
NOT_LINE_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
STALE_CALL = "out = df.append(df)\n"  # CS101 in the pandas2 project


def _cs101_lines(params: types.PublishDiagnosticsParams) -> list[int]:
    return [d.range.start.line for d in params.diagnostics if d.code == "CS101"]


# line breaks ------------------------------------------------------------------------------
async def test_edits_after_characters_that_are_no_line_breaks(start, workspace: Path) -> None:
    """One incremental edit below a comment holding each character lands where the client
    put it (pygls's own documents apply it one line too early)."""
    client = await start()
    for index, char in enumerate(NOT_LINE_BREAKS):
        text = f"import pandas as pd\n# one{char}two\ndf = pd.DataFrame()\n"
        uri = open_document(client, workspace / "pandas2" / f"breaks_{index}.py", text)
        await client.published.wait(uri, lambda p: p.version == 1)
        insert_line(client, uri, 3, STALE_CALL, version=2)  # after `df = ...`: line 3
        published = await client.published.wait(uri, lambda p: p.version == 2)
        assert _cs101_lines(published) == [3], repr(char)


# positions --------------------------------------------------------------------------------
def _position(line: int, character: int) -> types.Position:
    """Any position, negative ones too (lsprotocol refuses to build those; the wire does not)."""
    position = types.Position(line=0, character=0)
    object.__setattr__(position, "line", line)
    object.__setattr__(position, "character", character)
    return position


def _hover(uri: str, line: int, character: int) -> types.HoverParams:
    return types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri),
                             position=_position(line, character))


def _code_action(uri: str, line: int, character: int) -> types.CodeActionParams:
    at = _position(line, character)
    return types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                  range=types.Range(start=at, end=at),
                                  context=types.CodeActionContext(diagnostics=[]))


async def _request(client, method: str, params: Any) -> Any:
    return await asyncio.wait_for(client.protocol.send_request_async(method, params), TIMEOUT)


@pytest.mark.parametrize("method, params", [(types.TEXT_DOCUMENT_HOVER, _hover),
                                            (types.TEXT_DOCUMENT_CODE_ACTION, _code_action)])
async def test_every_position_is_answered(start, workspace: Path, method: str,
                                          params: Any) -> None:
    client = await start()
    uri = open_document(client, workspace / "pandas2" / "code.py")
    await client.published.wait(uri)
    for line, character in [(-1, 0), (0, -5), (-2**31, -1)]:
        with pytest.raises(JsonRpcException) as raised:
            await _request(client, method, params(uri, line, character))
        assert raised.value.code == types.ErrorCodes.InvalidParams
        assert "invalid params at $.params." in raised.value.message
    for line, character in [(0, 10_000), (10_000, 0), (2**31 - 1, 2**31 - 1)]:
        await _request(client, method, params(uri, line, character))  # answered: null or a list
    assert (await _request(client, method, params(uri, 3, 11))) is not None  # still working


# headers ----------------------------------------------------------------------------------
def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(msg_id: int, method: str, params: Any = None) -> bytes:
    return frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})


def initialize(msg_id: int = 1, process_id: int | None = None) -> bytes:
    return request(msg_id, "initialize", {"processId": process_id, "capabilities": {},
                                          "rootUri": None})


class RawServer:
    """The server on a pipe, written to byte by byte."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def send(self, data: bytes) -> None:
        self.process.stdin.write(data)
        await self.process.stdin.drain()

    async def message(self) -> dict[str, Any]:
        header = await self.process.stdout.readuntil(b"\r\n\r\n")
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(await self.process.stdout.readexactly(length))

    async def response(self, msg_id: int | None) -> dict[str, Any]:
        async def find() -> dict[str, Any]:
            while "id" not in (message := await self.message()) or message["id"] != msg_id:
                pass
            return message
        return await asyncio.wait_for(find(), TIMEOUT)

    async def exited(self, timeout: float = TIMEOUT) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout)


@pytest_asyncio.fixture()
async def raw(server_env: dict[str, str]) -> AsyncIterator[RawServer]:
    process = await asyncio.create_subprocess_exec(
        *SERVER, env=server_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, limit=2**24)
    yield RawServer(process)
    if process.returncode is None:
        process.kill()
        await process.wait()


GARBAGE = {
    "huge length": b"Content-Length: 1000000000000\r\n\r\n{}",
    "length over the cap": b"Content-Length: 67108865\r\n\r\n" + b"x" * 1000,
    "letters for a length": b"Content-Length: abc\r\n\r\n{}",
    "negative length": b"Content-Length: -5\r\n\r\n{}",
    "no length": b"Content-Type: application/json\r\n\r\n{}",
    "no header at all": b'{"jsonrpc": "2.0", "id": 8, "method": "shutdown"}',
    "bare line": b"hello\n",
    "binary": bytes(range(256)) * 8,
    "length shorter than the body": b'Content-Length: 3\r\n\r\n{"jsonrpc": "2.0"}',
    "length longer than the body": b'Content-Length: 5000\r\n\r\n{"jsonrpc": "2.0"}',
}


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
async def test_garbage_is_rejected_and_the_next_request_answered(raw: RawServer,
                                                                 garbage: bytes) -> None:
    await raw.send(garbage + initialize(1))
    assert "capabilities" in (await raw.response(1))["result"]
    await raw.send(garbage + request(2, types.SHUTDOWN))
    assert (await raw.response(2))["result"] is None
    await raw.send(frame({"jsonrpc": "2.0", "method": types.EXIT}))
    assert await raw.exited() == 0


async def test_bodies_that_are_no_requests_are_answered(raw: RawServer) -> None:
    await raw.send(initialize(1))
    await raw.response(1)
    body = b"{not json"
    await raw.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert (await raw.response(None))["error"]["code"] == types.ErrorCodes.ParseError
    await raw.send(frame({"jsonrpc": "1.0", "id": 5, "method": "shutdown"}))
    assert (await raw.response(5))["error"]["code"] == types.ErrorCodes.InvalidRequest
    await raw.send(request(6, types.SHUTDOWN) + request(7, types.TEXT_DOCUMENT_HOVER, {}))
    assert (await raw.response(7))["error"]["code"] == types.ErrorCodes.InvalidRequest


async def test_random_bytes_never_kill_the_server(raw: RawServer) -> None:
    rng = random.Random(12)
    pieces = [b"Content-Length: ", b"\r\n", b"\r\n\r\n", b"{", b'"id": 3', b"99999999999"]
    for _ in range(200):
        await raw.send(rng.choice(pieces) if rng.random() < 0.5 else rng.randbytes(20))
    await raw.send(b"\r\n\r\n" + initialize(1000))
    assert "capabilities" in (await raw.response(1000))["result"]


# the parent process -----------------------------------------------------------------------
def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


async def test_exits_when_the_client_process_is_gone(raw: RawServer) -> None:
    await raw.send(initialize(1, process_id=_dead_pid()))
    await raw.response(1)
    await raw.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    assert await raw.exited(timeout=10) is not None  # stdin is still open


async def test_exits_when_the_client_process_dies_later(raw: RawServer) -> None:
    client = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        await raw.send(initialize(1, process_id=client.pid))
        await raw.response(1)
        await asyncio.sleep(2.5)
        assert raw.process.returncode is None  # alive while the client is
    finally:
        client.kill()
        client.wait()
    assert await raw.exited(timeout=10) is not None


# many edits through the real server --------------------------------------------------------
JUNK = list("ab #=()é😋\t") + NOT_LINE_BREAKS
EDITS = 300


class ClientText:
    """The client's document as lines of [text, line break]; comment lines are the ones
    the random edits may touch, so the code stays valid Python."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.stale = ["out = df.append(df)", "\n"]
        self.lines = [["import pandas as pd", "\n"], ["df = pd.DataFrame()", "\r\n"],
                      self.stale, ["", ""]]

    @property
    def text(self) -> str:
        return "".join(text + brk for text, brk in self.lines)

    def stale_line(self) -> int:
        return next(i for i, line in enumerate(self.lines) if line is self.stale)

    def junk(self) -> str:
        return "".join(self.rng.choice(JUNK) for _ in range(self.rng.randint(0, 8)))

    def comments(self) -> list[int]:
        return [i for i, (text, _) in enumerate(self.lines) if text.startswith("#")]

    def edit(self) -> types.TextDocumentContentChangePartial:
        """One random edit, applied here and returned for the server."""
        comments = self.comments()
        kind = self.rng.choice(["insert", "append", "delete", "replace"] if comments
                               else ["insert"])
        if kind == "insert":
            at = self.rng.randint(2, len(self.lines) - 1)
            line = ["# " + self.junk(), self.rng.choice(["\n", "\r\n", "\r"])]
            self.lines.insert(at, line)
            return _change(at, 0, at, 0, "".join(line))
        at = self.rng.choice(comments)
        if kind == "delete":
            del self.lines[at]
            return _change(at, 0, at + 1, 0, "")
        text = self.lines[at][0]
        start = self.rng.randint(2, len(text)) if kind == "replace" else len(text)
        end = self.rng.randint(start, len(text))
        new = self.junk()
        self.lines[at][0] = text[:start] + new + text[end:]
        if kind == "append":  # past the end of the line: the server clamps to its end
            return _change(at, 10_000, at, 10_000, new)
        return _change(at, _utf16(text[:start]), at, _utf16(text[:end]), new)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _change(start_line: int, start: int, end_line: int, end: int,
            text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=start_line, character=start),
                          end=types.Position(line=end_line, character=end)), text=text)


async def test_hundreds_of_random_edits_through_the_server(start, workspace: Path) -> None:
    client = await start()
    document = ClientText(random.Random(2026))
    uri = open_document(client, workspace / "pandas2" / "fuzzed.py", document.text)
    for version in range(2, EDITS + 2):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[document.edit()]))
        if version % 50 == 0 or version == EDITS + 1:
            published = await client.published.wait(uri, lambda p, v=version: p.version == v)
            assert _cs101_lines(published) == [document.stale_line()], document.text
    assert len(document.comments()) > 5
    assert any(char in document.text for char in NOT_LINE_BREAKS)
    hover = await _request(client, types.TEXT_DOCUMENT_HOVER,
                           _hover(uri, document.stale_line(), 11))
    assert "pandas.DataFrame.append" in hover.contents.value


# the pieces, in-process --------------------------------------------------------------------
def _bodies(data: bytes) -> tuple[list[bytes], list[str]]:
    reports: list[str] = []
    framer = Framer(report=reports.append)
    framer.feed(data)
    return list(framer.messages()), reports


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_the_framer_resynchronises(garbage: bytes) -> None:
    bodies, reports = _bodies(garbage + frame({"n": 1}) + garbage + frame({"n": 2}))
    parsed = [json.loads(b) for b in bodies if b.startswith(b'{"n"')]
    assert parsed == [{"n": 1}, {"n": 2}] and bodies[-1] == b'{"n": 2}'
    assert reports  # every rejection is said


def test_the_framer_keeps_valid_headers_whole() -> None:
    data = (b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
            b"content-length:  2\r\n\r\n{}")
    assert _bodies(data) == ([b"{}"], [])


def test_the_framer_never_buffers_a_rejected_length() -> None:
    framer = Framer(report=lambda reason: None)
    framer.feed(b"Content-Length: %d\r\n\r\n" % (MAX_CONTENT_LENGTH + 1))
    for _ in range(40):
        framer.feed(b"x" * 65536)
        assert framer.next_body() is None
    assert len(framer.buffer) <= 2 * 65536
    framer.feed(frame({"n": 3}))
    assert framer.next_body() == json.dumps({"n": 3}).encode()


def test_positions_clamp_what_does_not_exist() -> None:
    positions = Positions("ab\nc", PositionCodec())
    assert positions.from_client(_position(-1, -1)) == (1, 0)
    assert positions.from_client(_position(0, 99)) == (1, 2)
    assert positions.from_client(_position(99, 0)) == (2, 1)


def test_the_protocol_hands_out_lsp_documents() -> None:
    server = LanguageServer("t", "0", protocol_cls=CodesyncProtocol)
    server.protocol._workspace = Workspace(None)  # what pygls does in initialize
    assert isinstance(server.workspace.get_text_document("file:///a.py"), LspTextDocument)


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(_dead_pid())
