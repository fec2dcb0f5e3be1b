"""A hostile checkout runs nothing and changes nothing another project is told.

Each command is run as a user runs it, from inside the checkout: the checkout plants modules
Python would run if the checkout's folder (or its ``.venv``) ever reached an import path, and
an interpreter that would run if it were started. Every planted thing leaves a marker file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codesync.config import Settings
from codesync.project import Project

PLANT = "import pathlib; pathlib.Path({marker!r}, {name!r}).write_text('ran')\n"
SITE = ".venv/lib/python3.11/site-packages"


def plant_checkout(root: Path, markers: Path) -> None:
    """The checkout: runnable code wherever Python might look, and a release of an untracked
    distribution in its .venv so that fetching and site-packages reads both happen."""
    def plant(relative: str, name: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PLANT.format(marker=str(markers), name=name))

    for folder in ("", f"{SITE}/"):
        tag = "venv-" if folder else ""
        plant(f"{folder}pip/__init__.py", f"{tag}pip")
        plant(f"{folder}pip/__main__.py", f"{tag}pip-main")
        plant(f"{folder}setuptools/__init__.py", f"{tag}setuptools")
        plant(f"{folder}sitecustomize.py", f"{tag}sitecustomize")
        plant(f"{folder}usercustomize.py", f"{tag}usercustomize")
    (root / SITE / "evil.pth").write_text(
        f"import pathlib; pathlib.Path({str(markers)!r}, 'pth').write_text('ran')\n")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text(f"#!/bin/sh\ntouch {markers}/interpreter\necho '[]'\n")
    python.chmod(0o755)
    release = root / SITE / "plantlib"
    release.mkdir(parents=True)
    (release / "__init__.py").write_text("def go(x):\n    pass\n")
    info = root / SITE / "plantlib-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plantlib\nVersion: 0.3\n")
    (info / "RECORD").write_text("plantlib/__init__.py,,\n")
    (root / "pyproject.toml").write_text(
        '[tool.codesync]\nfetch = true\ntarget = { fakelib = "2.0" }\n')
    (root / "main.py").write_text("import plantlib\nimport fakelib\nplantlib.go(1, 2)\n"
                                  "fakelib.old_func(1)\n")


@pytest.fixture()
def hostile(tmp_path: Path, fake_knowledge_root: Path) -> tuple[Path, Path, dict[str, str]]:
    checkout, markers = tmp_path / "checkout", tmp_path / "markers"
    markers.mkdir()
    plant_checkout(checkout, markers)
    pip_conf = tmp_path / "pip.conf"  # the user's pip settings: an index that refuses at once
    pip_conf.write_text("[global]\nindex-url = http://127.0.0.1:9/simple\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env.update(CODESYNC_KNOWLEDGE=str(fake_knowledge_root), CODESYNC_CACHE=str(tmp_path / "cache"),
               PIP_CONFIG_FILE=str(pip_conf), PYTHONNOUSERSITE="1")
    return checkout, markers, env


def codesync(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    # -P: as the console script runs, without the working directory on the import path
    return subprocess.run([sys.executable, "-P", "-m", "codesync.cli", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["check", "."], ["check", "--versions", "."],
                                  ["fix", "--diff", "."], ["fix", "."],
                                  ["check", "--fetch", "main.py"],
                                  ["explain", "fakelib.old_func"], ["knowledge", "list"],
                                  ["knowledge", "add", "plantlib==0.3"]])
def test_no_command_runs_what_the_checkout_plants(hostile, args):
    checkout, markers, env = hostile
    result = codesync(args, checkout, env)
    assert result.returncode in (0, 1), result.stderr
    assert sorted(p.name for p in markers.iterdir()) == [], result.stderr
    assert "Traceback" not in result.stderr


def test_the_language_server_runs_nothing_the_checkout_plants(hostile):
    checkout, markers, env = hostile
    uri = (checkout / "main.py").as_uri()
    messages = [
        {"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {},
                                                     "rootUri": checkout.as_uri()}},
        {"method": "initialized", "params": {}},
        {"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1,
            "text": (checkout / "main.py").read_text()}}},
    ]
    process = subprocess.Popen([sys.executable, "-P", "-m", "codesync.cli", "serve"],
                               cwd=checkout, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for message in messages:
            _send(process, message)
        published = _next(process, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri and m["params"]["diagnostics"])
        assert any(d["code"] == "CS101" for d in published["params"]["diagnostics"])
        _send(process, {"id": 3, "method": "shutdown"})
        _response(process, 3)
        _send(process, {"method": "exit"})
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert sorted(p.name for p in markers.iterdir()) == []


def _send(process: subprocess.Popen, message: dict) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


def _response(process: subprocess.Popen, msg_id: int) -> dict:
    return _next(process, lambda m: m.get("id") == msg_id and "method" not in m)


def _next(process: subprocess.Popen, wanted, timeout: float = 60) -> dict:
    """The first message from the server that ``wanted`` accepts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = process.stdout.read(1)
            assert byte, "the server closed its output"
            header += byte
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        message = json.loads(process.stdout.read(length))
        if wanted(message):
            return message
    raise AssertionError("the server never sent the message waited for")


# a fake release in one project never reaches another -----------------------------------
EVIL = ("import warnings\n\n"
        "def load(path, sep=',', squeeze=None):\n"
        "    warnings.warn('load is deprecated, use fakelib.evil_load', FutureWarning)\n\n"
        "def evil_load(path):\n"
        "    pass\n")


def _planted(findings) -> bool:
    """What only the planted release says: `load` deprecated."""
    return any(f.code == "CS201" and "fakelib.load" in f.message for f in findings)


def _venv_with(root: Path, dist: str, version: str, files: dict[str, str]) -> Path:
    site = root / SITE
    for relative, text in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text)
    info = site / f"{dist}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "RECORD").write_text("".join(f"{r},,\n" for r in files))
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    return info


@pytest.fixture()
def two_projects(tmp_path, monkeypatch, fake_knowledge_root) -> tuple[Path, Path]:
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    hostile, honest = tmp_path / "hostile", tmp_path / "honest"
    _venv_with(hostile, "fakelib", "1.7", {"fakelib/__init__.py": EVIL})
    honest.mkdir()
    return hostile, honest


SOURCE = "import fakelib\nfakelib.load('x')\n"


def test_a_release_read_from_a_checkout_is_that_project_s_evidence_only(two_projects):
    hostile, honest = two_projects
    planted = Project(hostile, Settings())
    findings = planted.check_source(SOURCE, str(hostile / "t.py")).findings
    assert _planted(findings)  # its own environment says so
    assert planted.knowledge.has_release("fakelib", "1.7")

    other = Project(honest, Settings(target={"fakelib": "1.7"}))
    assert not other.knowledge.has_release("fakelib", "1.7")
    assert other.knowledge.neighbours("fakelib", "1.6") is None  # no neighbour for inference
    report = other.check_source(SOURCE, str(honest / "t.py"))
    assert not _planted(report.findings)
    assert "evil" not in other.fix_source(SOURCE, str(honest / "t.py"))


def test_a_changed_release_under_the_same_version_is_read_again(two_projects):
    hostile, _ = two_projects
    first = Project(hostile, Settings())
    assert _planted(first.check_source(SOURCE, str(hostile / "t.py")).findings)
    site = hostile / SITE
    (site / "fakelib" / "__init__.py").write_text("def load(path, sep=','):\n    pass\n")
    (site / "fakelib-1.7.dist-info" / "RECORD").write_text("fakelib/__init__.py,sha256=new,40\n")
    again = Project(hostile, Settings())
    assert not _planted(again.check_source(SOURCE, str(hostile / "t.py")).findings)


# the cache --------------------------------------------------------------------------------
@pytest.fixture()
def unusable_cache(tmp_path, monkeypatch):
    from codesync import locations

    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache should be")
    monkeypatch.setenv("CODESYNC_CACHE", str(blocker / "codesync"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(locations.tempfile, "gettempdir", lambda: str(temporary))
    monkeypatch.setattr(locations.tempfile, "tempdir", str(temporary))
    return temporary / f"codesync-cache-{os.getuid()}"


def test_a_planted_symlink_for_the_fallback_cache_is_not_used(unusable_cache, tmp_path):
    from codesync.locations import cache_dir

    elsewhere = tmp_path / "planted"
    (elsewhere / "local").mkdir(parents=True)
    unusable_cache.symlink_to(elsewhere, target_is_directory=True)
    chosen = cache_dir()
    assert chosen != unusable_cache and not chosen.is_symlink()
    assert chosen.parent == unusable_cache.parent and chosen.name.startswith("codesync-cache-")
    assert oct(chosen.stat().st_mode & 0o777) == oct(0o700)


@pytest.mark.parametrize("mode", [0o777, 0o755, 0o770])
def test_a_fallback_cache_others_can_reach_is_not_used(unusable_cache, mode):
    from codesync.locations import cache_dir

    unusable_cache.mkdir()
    unusable_cache.chmod(mode)
    assert cache_dir() != unusable_cache


def test_a_fallback_cache_owned_by_someone_else_is_not_used(unusable_cache):
    from codesync.locations import cache_dir

    if os.getuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    unusable_cache.mkdir(mode=0o700)
    os.chown(unusable_cache, 65534, 65534)
    assert cache_dir() != unusable_cache


def test_the_users_own_private_fallback_is_kept_between_runs(unusable_cache):
    from codesync.locations import cache_dir

    assert cache_dir() == unusable_cache
    assert cache_dir() == unusable_cache
    assert oct(unusable_cache.stat().st_mode & 0o777) == oct(0o700)


def test_a_configured_cache_others_may_write_is_refused(tmp_path, monkeypatch, capsys):
    from codesync.locations import cache_dir

    open_to_all = tmp_path / "open_to_all"
    open_to_all.mkdir()
    open_to_all.chmod(0o777)
    monkeypatch.setenv("CODESYNC_CACHE", str(open_to_all))
    monkeypatch.setattr("codesync.locations.tempfile.tempdir", str(tmp_path))
    assert cache_dir() != open_to_all
    assert "others may write to it" in capsys.readouterr().err


def test_a_release_being_read_cannot_hang_flood_or_escape(tmp_path, monkeypatch,
                                                          fake_knowledge_root):
    """Inside a .venv release: a FIFO, a symlink to /dev/zero, a symlinked folder, a loop,
    and an import name that is a path. Only the release's own regular files are read."""
    from codesync.environment import installed_sources, read_environment

    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("SECRET = 1\n")
    root = tmp_path / "proj"
    info = _venv_with(root, "fakelib", "1.7", {"fakelib/__init__.py": "def f(x):\n    pass\n"})
    package = root / SITE / "fakelib"
    os.mkfifo(package / "pipe.py")
    (package / "zero.py").symlink_to("/dev/zero")
    (package / "linked").symlink_to(outside, target_is_directory=True)
    (package / "loop.py").symlink_to("loop.py")
    (info / "top_level.txt").write_text("fakelib\n../../outside\n")
    environment = read_environment(str(root / ".venv" / "bin" / "python"))
    installed = environment.distributions["fakelib"]
    read = [source.path for source in installed_sources(installed)]
    assert read == ["fakelib/__init__.py"]
