"""Special files, forged names, bad settings, damaged layers and a misbehaving client: each is
a clear message, never a hang, a flood or a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

STALE = "import fakelib as fl\nfl.old_func(1)\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[tool.codesync]\ntarget = { fakelib = "2.0" }\n')
    (root / "main.py").write_text(STALE)
    return root


def run(args: list[str], cwd: Path, knowledge: Path, cache: Path,
        timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(knowledge), "CODESYNC_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-P", "-m", "codesync.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


# files ------------------------------------------------------------------------------------
def test_special_files_are_skipped_with_a_reason(project, fake_knowledge_root, tmp_path):
    os.mkfifo(project / "pipe.py")
    (project / "zero.py").symlink_to("/dev/zero")
    (project / "loop_a.py").symlink_to("loop_b.py")
    (project / "loop_b.py").symlink_to("loop_a.py")
    result = run(["check", "."], project, fake_knowledge_root, tmp_path / "cache")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "main.py:2:4: CS101" in out
    assert "pipe.py: skipped: a named pipe (FIFO)" in out
    assert "zero.py: skipped: a device" in out
    assert "loop_a.py: skipped: a symlink loop" in out
    assert "Traceback" not in result.stderr


def test_a_symlink_loop_named_on_the_command_line_is_a_message(project, fake_knowledge_root,
                                                               tmp_path):
    (project / "a.py").symlink_to("b.py")
    (project / "b.py").symlink_to("a.py")
    result = run(["check", "a.py"], project, fake_knowledge_root, tmp_path / "cache")
    assert result.returncode == 0 and "a.py: skipped: a symlink loop" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_file_too_large_grows_nothing(project, fake_knowledge_root, tmp_path):
    with open(project / "huge.py", "wb") as out:
        out.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    result = run(["check", "."], project, fake_knowledge_root, tmp_path / "cache")
    assert "huge.py: skipped: larger than" in result.stdout, result.stdout


def test_file_names_cannot_forge_output_lines(project, fake_knowledge_root, tmp_path):
    forged = project / "x.py\nmain.py:9:9: CS101 forged.py"
    forged.write_text(STALE)
    result = run(["check", "."], project, fake_knowledge_root, tmp_path / "cache")
    lines = result.stdout.splitlines()
    assert not any(line.startswith("main.py:9:9") for line in lines), result.stdout
    assert any(line.startswith("x.py\\nmain.py:9:9: CS101 forged.py:2:4: CS101") for line in lines)


def test_a_bom_is_read_as_python_reads_it(project, fake_knowledge_root, tmp_path):
    (project / "main.py").write_bytes(b"\xef\xbb\xbf" + STALE.encode())
    result = run(["check", "main.py"], project, fake_knowledge_root, tmp_path / "cache")
    assert "main.py:2:4: CS101" in result.stdout and "E999" not in result.stdout


# settings and arguments -------------------------------------------------------------------
BAD_SETTINGS = {
    '[tool.codesync]\nfetch = "false"\n': "`fetch` must be true or false",
    '[tool.codesync]\ngit_baselines = 0\n': "`git_baselines` must be true or false",
    "[tool.codesync]\nignore = [[1]]\n": "`ignore` must be a list of codes",
    "tool = 5\n": "`tool` must be a table",
    "[tool.codesync]\nmodel = 3\n": "`model` must be a table",
    '[tool.codesync]\nseverity = { CS101 = [1] }\n': "severity of CS101 must be one of",
    f'[tool.codesync]\ntarget = {{ fakelib = "{"1" * 5000}" }}\n': "not a version",
    '[tool.codesync]\ntarget = { fakelib = true }\n': "a version must be a string",
}


@pytest.mark.parametrize("text, message", BAD_SETTINGS.items(), ids=range(len(BAD_SETTINGS)))
def test_bad_settings_name_the_key(project, fake_knowledge_root, tmp_path, text, message):
    (project / "pyproject.toml").write_text(text)
    result = run(["check", "."], project, fake_knowledge_root, tmp_path / "cache")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "pyproject.toml" in result.stderr and "Traceback" not in result.stderr


def test_a_pyproject_that_is_not_utf8_is_a_message(project, fake_knowledge_root, tmp_path):
    (project / "pyproject.toml").write_bytes(b"[tool.codesync]\n# caf\xe9\n")
    result = run(["check", "."], project, fake_knowledge_root, tmp_path / "cache")
    assert result.returncode == 2 and "not UTF-8" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["check", "--python", "/nonexistent/python", "."], "no such interpreter"),
    (["check", "--target", "fakelib==" + "9" * 5000, "."], "not a version"),
    (["serve", "--tcp", "nohost:notaport"], "--tcp expects HOST:PORT"),
    (["serve", "--tcp", "127.0.0.1:99999"], "--tcp expects HOST:PORT"),
])
def test_bad_arguments_are_usage_errors(project, fake_knowledge_root, tmp_path, args, message):
    result = run(args, project, fake_knowledge_root, tmp_path / "cache")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# the user-local layer ----------------------------------------------------------------------
def _local_layer_with_a_release(cache: Path) -> Path:
    from helpers.fakelib import add_local_release

    add_local_release("fakelib", "3.0", {"fakelib/__init__.py": "def new_func(x):\n    pass\n"})
    return cache / "local" / "knowledge.db"


DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1000]),
    "header overwritten": lambda p: p.write_bytes(b"\0" * 100 + p.read_bytes()[100:]),
    "replaced": lambda p: p.write_text("not a database"),
    "another sqlite file": lambda p: (p.unlink(), sqlite3.connect(p).execute(
        "CREATE TABLE t (x)").connection.commit()),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_an_unusable_local_layer_is_reported_on_every_run(project, fake_knowledge_root, tmp_path,
                                                          monkeypatch, damage):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(cache))
    layer = _local_layer_with_a_release(cache)
    for suffix in ("-wal", "-shm"):
        Path(f"{layer}{suffix}").unlink(missing_ok=True)
    damage(layer)
    for _ in range(2):
        result = run(["check", "."], project, fake_knowledge_root, cache)
        assert result.returncode == 1, result.stderr
        assert "user-local knowledge" in result.stderr and "cannot be used" in result.stderr
        assert "main.py:2:4: CS101" in result.stdout  # the shipped layer still serves


# the language server ----------------------------------------------------------------------
def _frame(message: dict) -> bytes:
    import json

    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read(process: subprocess.Popen) -> dict:
    import json

    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = process.stdout.read(1)
        assert byte, "the server closed its output"
        header += byte
    return json.loads(process.stdout.read(int(header.split(b":")[1].split(b"\r\n")[0])))


@pytest.fixture()
def server(server_env):
    process = subprocess.Popen([sys.executable, "-P", "-m", "codesync.cli", "serve"],
                               env=server_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def _send(process: subprocess.Popen, message: dict) -> None:
    process.stdin.write(_frame(message))
    process.stdin.flush()


INITIALIZE = {"id": 1, "method": "initialize",
              "params": {"processId": None, "capabilities": {}, "rootUri": None}}


def test_a_request_before_initialize_is_server_not_initialized(server):
    _send(server, {"id": 7, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}})
    answer = _read(server)
    assert answer["id"] == 7 and answer["error"]["code"] == -32002
    assert "Traceback" not in answer["error"]["message"]
    _send(server, INITIALIZE)
    assert "capabilities" in _read(server)["result"]


def test_exit_without_shutdown_exits_1(server):
    _send(server, INITIALIZE)
    _read(server)
    _send(server, {"method": "exit"})
    assert server.wait(timeout=30) == 1


def test_shutdown_then_exit_exits_0(server):
    _send(server, INITIALIZE)
    _read(server)
    _send(server, {"id": 2, "method": "shutdown"})
    assert _read(server)["id"] == 2
    _send(server, {"method": "exit"})
    assert server.wait(timeout=30) == 0


def test_without_a_process_id_the_server_leaves_with_its_parent(server_env, tmp_path):
    """processId null, and stdin held open by someone else: when the process that started
    the server is killed, the server goes too."""
    read_end, write_end = os.pipe()
    pid_file, answers = tmp_path / "server.pid", tmp_path / "answers"
    launcher = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time\n"
         f"p = subprocess.Popen([sys.executable, '-P', '-m', 'codesync.cli', 'serve'], "
         f"stdin={read_end}, stdout=open({str(answers)!r}, 'wb'), stderr=subprocess.DEVNULL)\n"
         f"open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
         "time.sleep(300)\n"],
        env=server_env, pass_fds=(read_end,))
    os.close(read_end)
    try:
        os.write(write_end, _frame(INITIALIZE))
        deadline = time.monotonic() + 60
        while not (answers.exists() and b"capabilities" in answers.read_bytes()):
            assert time.monotonic() < deadline, "the server never answered initialize"
            time.sleep(0.1)
        server_pid = int(pid_file.read_text())
        assert _alive(server_pid)
        launcher.kill()
        launcher.wait()
        deadline = time.monotonic() + 15
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(server_pid), "the server outlived the process that started it"
    finally:
        os.close(write_end)
        if launcher.poll() is None:
            launcher.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_a_local_layer_that_cannot_be_read_is_a_message(tmp_path, monkeypatch,
                                                         fake_knowledge_root):
    """A user-local folder with mode 000 (root reads it anyway, so the refusal is simulated
    where the knowledge looks for the layer)."""
    from codesync.config import Settings
    from codesync.knowledge import store
    from codesync.project import Project

    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    real_is_file = Path.is_file

    def refused(path: Path) -> bool:
        if path.parent.name == "local":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(store.Path, "is_file", refused)
    project = Project(tmp_path, Settings(target={"fakelib": "2.0"}))
    report = project.check_source(STALE, str(tmp_path / "t.py"))
    assert [f.code for f in report.findings] == ["CS101"]
    notices = project.drain_notices()
    assert any("user-local knowledge" in n and "Permission denied" in n for n in notices), notices
