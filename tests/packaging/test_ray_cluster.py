"""``--engine ray --address HOST:PORT`` against a cluster started the way the README says
(``ray start --head``), with current Ray's token authentication on: the token that
``ray get-auth-token --generate`` wrote is found and sent. A HOME of its own keeps the token
(and the cluster) away from the user's."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="ray is not installed (pip install -e '.[scale]')")

pytestmark = pytest.mark.slow

CLIENT = """
import posixpath, sys
from codesync.engine.executors import RayExecutor
executor = RayExecutor(sys.argv[1])
print(sorted(o.value or o.error for o in executor.run(posixpath.basename, ["a/one", "b/two"])))
executor.close()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ray_cli() -> str:
    found = Path(sys.executable).with_name("ray")
    return str(found) if found.exists() else shutil.which("ray") or pytest.skip("no ray command")


@pytest.fixture
def token_cluster(tmp_path: Path):
    """A head node on 127.0.0.1 with token authentication; stopped with its own processes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    env["HOME"] = str(tmp_path / "home")
    ray = _ray_cli()
    subprocess.run([ray, "get-auth-token", "--generate"], env=env, check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    head = subprocess.Popen([ray, "start", "--head", "--block", "--node-ip-address", "127.0.0.1",
                             "--port", str(port), "--num-cpus", "1", "--include-dashboard",
                             "false", "--disable-usage-stats"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(port, head)
        yield f"127.0.0.1:{port}", env
    finally:
        head.terminate()  # --block: the command stops the processes it started
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()


def _wait_for(port: int, head: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(f"ray start exited: {head.stdout.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail("the Ray head did not open its port")


def test_an_address_reaches_a_token_authenticated_cluster(token_cluster) -> None:
    address, env = token_cluster
    done = subprocess.run([sys.executable, "-c", CLIENT, address], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "['one', 'two']"
