"""`--fetch`: a target release missing from the knowledge is fetched from the index."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from codesync.engine.fetch import FetchError, project_files

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def index_reachable():
    if os.environ.get("CODESYNC_OFFLINE"):
        pytest.skip("CODESYNC_OFFLINE is set")
    try:
        project_files("requests")
    except FetchError as exc:
        pytest.skip(f"package index unreachable: {exc}")


def test_check_fetches_an_unknown_target(index_reachable, tmp_path):
    (tmp_path / "main.py").write_text(
        "import requests\ns = requests.Session()\ns.get_adapter('https://x').get_connection('u')\n"
        "requests.get('https://x', timeout=1)\n")
    env = {**os.environ, "CODESYNC_CACHE": str(tmp_path / "cache")}
    env.pop("VIRTUAL_ENV", None)
    args = [sys.executable, "-m", "codesync.cli", "check", "main.py", "--format", "json",
            "--target", "requests==2.28.1"]
    without = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    codes = [f["code"] for f in json.loads(without.stdout)["findings"]]
    assert codes == ["CS301"], without.stdout  # unknown release, reported once
    fetched = subprocess.run(args + ["--fetch"], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=300)
    data = json.loads(fetched.stdout)
    assert all(f["code"] != "CS301" for f in data["findings"]), fetched.stdout
    stored = tmp_path / "cache" / "local-knowledge" / "api" / "requests" / "releases.json"
    assert "2.28.1" in stored.read_text()
