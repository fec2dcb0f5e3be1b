"""The stdio transport: codesync's own message loop in place of ``pygls.io_.run_async``.

pygls (2.1) reads a header line with ``readline`` and then ``read(Content-Length)``: a length
of 10**12 is allocated at once (MemoryError ends the server), and after one malformed header
the next body, which ends without a line break, swallows the following header, and so every
later message is lost. A request whose parameters do not validate (a negative position) is
logged and never answered. Here:

* frames are cut from a byte buffer; a frame larger than :data:`MAX_CONTENT_LENGTH` or with a
  malformed header is rejected with a log line, and reading resumes at the next
  ``Content-Length`` header (a valid JSON body never contains a raw ``Content-Length: N\\r\\n``,
  so a header inside bytes that were meant to be a body shows that the length lied);
* every request is answered: a body that is not JSON gets a ``ParseError`` (id null), a message
  that is not JSON-RPC an ``InvalidRequest``, parameters that do not validate
  ``InvalidParams``, a request after ``shutdown`` ``InvalidRequest``;
* the server exits when the client process named in ``initialize`` (``processId``) is gone.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter

from .. import PARENT_AT_START

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer
    from pygls.protocol import JsonRPCProtocol

logger = logging.getLogger(__name__)

# The largest message accepted. An editor sends a whole document in didOpen (and, with full
# sync, in didChange); codesync skips files over a few MB anyway, so 64 MB leaves room for any
# real message while bounding what one header can make the server allocate.
MAX_CONTENT_LENGTH = 64 * 1024 * 1024
# Headers are a line or two; a header block longer than this is garbage.
MAX_HEADER_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024
PARENT_POLL_SECONDS = 1.0

HEADER_END = b"\r\n\r\n"
# Where a message starts. Never inside a valid JSON body: the "\r\n" could only be whitespace
# between JSON tokens, and ``Content-Length: N`` is no JSON outside a string.
HEADER_START = re.compile(rb"content-length[ \t]{0,8}:[ \t]{0,8}\d{1,20}[ \t]{0,8}\r\n",
                          re.IGNORECASE)
# A match ends at most this far after where it starts (for rescanning across chunks).
HEADER_START_SPAN = 64
_NAME = b"content-length"
# The beginning of such a header, cut off by the end of what has arrived so far.
PARTIAL_HEADER = re.compile(
    b"(?:" + b"|".join(re.escape(_NAME[:size]) for size in range(1, len(_NAME)))
    + rb"|content-length[ \t]{0,8}(?::[ \t]{0,8}(?:\d{1,20}[ \t]{0,8}\r?)?)?)\Z",
    re.IGNORECASE)


class HeaderError(ValueError):
    """A header block that announces no usable message."""


def content_length(header: bytes, limit: int = MAX_CONTENT_LENGTH) -> int:
    """The ``Content-Length`` of a header block (without its final blank line)."""
    length: int | None = None
    for line in header.split(b"\r\n"):
        name, colon, value = line.partition(b":")
        if not colon:
            raise HeaderError(f"malformed header line {line[:80]!r}")
        if name.strip().lower() != b"content-length":
            continue  # Content-Type and unknown headers carry nothing codesync needs
        value = value.strip()
        if not value.isdigit() or len(value) > 20:
            raise HeaderError(f"malformed Content-Length {value[:80]!r}")
        length = int(value)
    if length is None:
        raise HeaderError("no Content-Length header")
    if length > limit:
        raise HeaderError(f"Content-Length {length} is over the limit of {limit} bytes")
    return length


class Framer:
    """Cuts message bodies out of the bytes read, resynchronising after garbage."""

    def __init__(self, limit: int = MAX_CONTENT_LENGTH,
                 report: Callable[[str], None] = logger.warning) -> None:
        self.buffer = bytearray()
        self.limit = limit
        self.report = report
        self._scanned = 0  # how far a pending body has been searched for a message start

    def feed(self, data: bytes) -> None:
        self.buffer += data

    def unread(self, data: bytes) -> None:
        """Put bytes back in front of the buffer (a message found inside a bad body)."""
        self.buffer[:0] = data
        self._scanned = 0

    def messages(self) -> Iterator[bytes]:
        """The bodies complete so far. A message inside a body (its length lied) is put back
        and comes next; the bytes before it come as a body of their own (not JSON)."""
        while (body := self.next_body()) is not None:
            found = HEADER_START.search(body)
            if found is not None:
                self.report(f"a message began {found.start()} bytes into a body")
                self.unread(body[found.start():])
                body = body[:found.start()]
            yield body

    def next_body(self) -> bytes | None:
        """The next complete body, or None until more bytes arrive."""
        while (end := self.buffer.find(HEADER_END)) >= 0:
            start = _last_header_start(self.buffer[:end + 2])
            if start > 0 and self.buffer[start - 2:start] != b"\r\n":
                self.report(f"skipped {start} bytes before a message header")
                del self.buffer[:start]  # garbage ran into a header: keep the header
                self._scanned = 0
                continue
            try:
                length = content_length(bytes(self.buffer[:end]), self.limit)
            except HeaderError as exc:
                self._skip_header(end, str(exc))
                continue
            size = len(self.buffer)
            body = self._body(end + len(HEADER_END), length)
            if body is not None:
                return body
            if len(self.buffer) == size:
                return None  # the body is still coming
        self._trim()
        return None

    def _skip_header(self, end: int, reason: str) -> None:
        start = _last_header_start(self.buffer[:end + 2])
        if start > 0:  # garbage, then a header: keep the header
            self.report(f"skipped {start} bytes before a message header")
            del self.buffer[:start]
        else:
            self.report(f"rejected a message header: {reason}")
            del self.buffer[:end + len(HEADER_END)]
        self._scanned = 0

    def _body(self, start: int, length: int) -> bytes | None:
        need = start + length
        if len(self.buffer) >= need:
            cut = self._body_end(start, need)
            if cut is None:
                return None
            body = bytes(self.buffer[start:cut])
            del self.buffer[:cut]
            self._scanned = 0
            return body
        found = HEADER_START.search(self.buffer, max(start, self._scanned - HEADER_START_SPAN))
        self._scanned = len(self.buffer)
        if found is not None:  # the length lied: a new message began inside the body
            self.report(f"Content-Length {length} overran into the next message; dropped "
                        f"{found.start() - start} bytes")
            del self.buffer[:found.start()]
            self._scanned = 0
        return None

    def _body_end(self, start: int, need: int) -> int | None:
        """Where a complete body ends: before a header that starts inside it (its length was
        short), or None while the bytes after it may still turn out to be such a header."""
        window = max(start, need - HEADER_START_SPAN)
        found = HEADER_START.search(self.buffer, window, need + HEADER_START_SPAN)
        if found is not None and found.start() < need:
            return found.start()
        if len(self.buffer) < need + HEADER_START_SPAN:
            partial = PARTIAL_HEADER.search(self.buffer, window)
            if partial is not None and partial.start() < need:
                return None
        return need

    def _trim(self) -> None:
        """No header end yet: keep the buffer from growing on garbage without one."""
        if len(self.buffer) <= MAX_HEADER_BYTES:
            return
        start = _last_header_start(self.buffer)
        keep = start if start > 0 else len(self.buffer) - HEADER_START_SPAN
        self.report(f"skipped {keep} bytes without a message header")
        del self.buffer[:keep]
        self._scanned = 0


def _last_header_start(data: bytes | bytearray) -> int:
    last = -1
    for match in HEADER_START.finditer(data):
        last = match.start()
    return last


# answering ----------------------------------------------------------------------------------
def dispatch(body: bytes, protocol: JsonRPCProtocol) -> None:
    """Hand one body to pygls, answering whatever pygls would drop without an answer."""
    try:
        data = json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        logger.warning("a message that is no JSON: %s", exc)
        _answer_error(protocol, None, types.ErrorCodes.ParseError, f"Parse error: {exc}")
        return
    if not isinstance(data, dict) or data.get("jsonrpc") != "2.0" or not _valid_id(data):
        _answer_error(protocol, _request_id(data), types.ErrorCodes.InvalidRequest,
                      "Invalid request: not a JSON-RPC 2.0 message")
        return
    if _before_initialize(protocol, data):
        if "id" in data and "method" in data:
            _answer_error(protocol, data["id"], types.ErrorCodes.ServerNotInitialized,
                          f"{data['method']}: the server is not initialized yet")
        return  # a notification before initialize is dropped, as the protocol asks
    if data.get("method") == types.INITIALIZE:
        protocol._codesync_initialize_seen = True  # type: ignore[attr-defined]
    if _after_shutdown(protocol, data):
        _answer_error(protocol, data["id"], types.ErrorCodes.InvalidRequest,
                      f"{data['method']}: the server is shutting down")
        return
    try:
        message = protocol.structure_message(data)
    except Exception as exc:  # noqa: BLE001 - pygls wraps every failure; answer it
        _reject(protocol, data, exc)
        return
    protocol.handle_message(message)


def _valid_id(data: dict[str, Any]) -> bool:
    msg_id = data.get("id")
    return "id" not in data or (isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool))


def _request_id(data: Any) -> int | str | None:
    if isinstance(data, dict) and "method" in data and _valid_id(data):
        return data.get("id")
    return None


def _before_initialize(protocol: JsonRPCProtocol, data: dict[str, Any]) -> bool:
    """A message other than ``initialize``, ``exit`` or a response before ``initialize``."""
    if getattr(protocol, "_codesync_initialize_seen", False) or "method" not in data:
        return False
    return data["method"] not in (types.INITIALIZE, types.EXIT)


def _after_shutdown(protocol: JsonRPCProtocol, data: dict[str, Any]) -> bool:
    is_request = "id" in data and "method" in data
    return is_request and data["method"] != types.EXIT and getattr(protocol, "_shutdown", False)


def _reject(protocol: JsonRPCProtocol, data: dict[str, Any], exc: Exception) -> None:
    method = data.get("method", "a response")
    detail = _why(exc)
    logger.warning("%s: %s", method, detail)
    msg_id = data.get("id")
    if msg_id is None or "method" not in data:
        return  # a notification or a response: there is nobody to answer
    code = exc.code if isinstance(exc, JsonRpcException) else types.ErrorCodes.InternalError
    _answer_error(protocol, msg_id, code, f"{method}: {detail}")


def _why(exc: Exception) -> str:
    """What is wrong, e.g. "invalid params at $.params.position: Position.line should be in
    range [0:2147483647], but was -1."."""
    cause = exc.__cause__
    if not isinstance(cause, cattrs.BaseValidationError):
        return str(exc) or type(exc).__name__
    where = cattrs.transform_error(cause)[0].rpartition(" @ ")[2]
    leaf: BaseException = cause
    while getattr(leaf, "exceptions", None):  # the first failure, innermost
        leaf = leaf.exceptions[0]  # type: ignore[attr-defined]
    return f"invalid params at {where}: {leaf}"


def _answer_error(protocol: JsonRPCProtocol, msg_id: int | str | None, code: int,
                  message: str) -> None:
    """A plain dict: pygls's response types leave out an id of None, which JSON-RPC requires
    (as null) when the request's id could not be read."""
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id,
                         "error": {"code": int(code), "message": message}})


# reading ------------------------------------------------------------------------------------
class StdinReader(threading.Thread):
    """Reads stdin on a daemon thread (a blocked read must never keep the process alive) and
    passes chunks to the event loop; b"" is the end. A small queue bounds what is read ahead."""

    def __init__(self, stdin: BinaryIO, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(name="codesync-stdin", daemon=True)
        self.stdin = stdin
        self.loop = loop
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=16)

    def run(self) -> None:
        read = self._read_function()
        data = b"x"
        while data:
            try:
                data = read(CHUNK_BYTES)
            except (OSError, ValueError):
                data = b""
            try:
                asyncio.run_coroutine_threadsafe(self.queue.put(data), self.loop).result()
            except RuntimeError:  # the loop is closed: the server is done
                return

    def _read_function(self) -> Callable[[int], bytes]:
        """``os.read`` on the descriptor: a daemon thread blocked inside a buffered reader
        holds its lock, and the interpreter aborts at exit waiting for it."""
        try:
            fd = self.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            return getattr(self.stdin, "read1", self.stdin.read)
        return lambda size: os.read(fd, size)

    def close(self) -> None:
        """From the loop: end reading now (whatever the thread is doing)."""
        while self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(b"")


async def read_messages(reader: StdinReader, protocol: JsonRPCProtocol) -> None:
    """Dispatch every message until the end of the input."""
    framer = Framer()
    while data := await reader.queue.get():
        framer.feed(data)
        for body in framer.messages():
            try:
                dispatch(body, protocol)
            except BrokenPipeError:
                raise  # the client is gone (as pygls: the server stops)
            except Exception:  # noqa: BLE001 - one bad message never ends the server
                logger.exception("unable to handle a message")


# the parent process -------------------------------------------------------------------------
def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (never signals it)."""
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x100000, False, pid)  # SYNCHRONIZE
    if not handle:
        return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        return kernel32.WaitForSingleObject(handle, 0) != 0  # WAIT_OBJECT_0: it has exited
    finally:
        kernel32.CloseHandle(handle)


class ParentWatch(threading.Thread):
    """Polls the client's process (``processId`` from initialize) and calls ``gone`` once
    when it has exited. Our own parent changing counts too (a reused pid then fools nobody)."""

    def __init__(self, pid: Callable[[], int | None], gone: Callable[[], None],
                 interval: float = PARENT_POLL_SECONDS, parent: int | None = None) -> None:
        super().__init__(name="codesync-parent-watch", daemon=True)
        self.pid = pid
        self.gone = gone
        self.interval = interval
        self.stopped = threading.Event()
        # the parent when the process started (imports can take seconds, and the parent may
        # be gone before this thread exists)
        self._parent = parent if parent is not None else PARENT_AT_START

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            pid = self.pid()
            if pid is not None and self._is_gone(pid):
                logger.warning("the client process %s is gone; exiting", pid)
                self.gone()
                return
            if pid is None and self._orphaned():
                logger.warning("the process that started the server is gone; exiting")
                self.gone()
                return

    def _orphaned(self) -> bool:
        """No ``processId`` given: the server's own parent (the client, or what it started the
        server through) is watched instead. When it dies the server is handed to another
        process, so its parent changes, even while something else holds stdin open."""
        if self._parent is None or sys.platform == "win32":
            return False
        return os.getppid() != self._parent

    def _is_gone(self, pid: int) -> bool:
        if pid == self._parent and sys.platform != "win32" and os.getppid() != pid:
            return True
        return not process_alive(pid)


# the server ---------------------------------------------------------------------------------
def serve_stdio(server: LanguageServer, stdin: BinaryIO | None = None,
                stdout: BinaryIO | None = None) -> int:
    """Run ``server`` on stdin/stdout until the input ends, ``exit`` or the client is gone.
    The exit status: 0 after ``shutdown`` then ``exit``, 1 for ``exit`` without ``shutdown``
    (as the protocol asks), 0 when the input ends or the client is gone."""
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    status = 0
    try:
        asyncio.run(_serve(server, stdin or sys.stdin.buffer))
    except BrokenPipeError:
        logger.error("the connection to the client is lost; shutting down")
    except KeyboardInterrupt:
        pass
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0
    finally:
        server.shutdown()
    return status


async def _serve(server: LanguageServer, stdin: BinaryIO) -> None:
    loop = asyncio.get_running_loop()
    reader = StdinReader(stdin, loop)

    def gone() -> None:
        _shut_down(server)
        reader.close()

    watch = ParentWatch(lambda: server.process_id, lambda: loop.call_soon_threadsafe(gone))
    reader.start()
    watch.start()
    try:
        await read_messages(reader, server.protocol)
    finally:
        watch.stopped.set()


def _shut_down(server: LanguageServer) -> None:
    """What the client's ``shutdown`` request would run (the client cannot send it now)."""
    handler = server.protocol.fm.features.get(types.SHUTDOWN)
    if handler is None:
        return
    try:
        handler(None)
    except Exception:  # noqa: BLE001 - exiting regardless
        logger.exception("shutting down failed")
