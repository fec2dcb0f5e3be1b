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


def _check(tmp_path, env, *extra):
    args = [sys.executable, "-m", "codesync.cli", "check", "main.py", "--format", "json", *extra]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    return json.loads(done.stdout), done.stderr


def _versions(data: dict) -> dict:
    return {row["distribution"]: row for row in data["versions"]}


def test_fetch_replaces_inference_for_target_and_baseline(index_reachable, tmp_path, seeded_cache):
    (tmp_path / "main.py").write_text(
        "import requests\ns = requests.Session()\ns.get_adapter('https://x').get_connection('u')\n"
        "requests.get('https://x', timeout=1)\n")
    env = {**os.environ, "CODESYNC_CACHE": str(seeded_cache)}
    env.pop("VIRTUAL_ENV", None)
    pins = ["--target", "requests==2.28.1", "--baseline", "requests==2.27.0"]
    inferred, _ = _check(tmp_path, env, *pins)
    row = _versions(inferred)["requests"]
    assert row["target"]["checked_against"] == ["2.28.0", "2.28.2"], inferred  # neighbours
    assert all(f["code"] != "CS301" for f in inferred["findings"])

    fetched, stderr = _check(tmp_path, env, *pins, "--fetch")
    row = _versions(fetched)["requests"]
    assert row["target"]["checked_against"] == ["2.28.1"], (fetched, stderr)
    listing = subprocess.run([sys.executable, "-m", "codesync.cli", "knowledge", "list", "--json"],
                             env=env, capture_output=True, text=True, timeout=300)
    requests_row = next(d for d in json.loads(listing.stdout)["distributions"]
                        if d["distribution"] == "requests")
    assert requests_row["origins"]["2.28.1"] == "fetched"
    assert requests_row["origins"]["2.28.0"] == "shipped"  # the shipped history is kept
    assert len(requests_row["releases"]) > 10


def test_unstored_baseline_is_fetched_not_ignored(index_reachable, tmp_path, seeded_cache):
    (tmp_path / "main.py").write_text("import requests\nrequests.get('https://x', timeout=1)\n")
    env = {**os.environ, "CODESYNC_CACHE": str(seeded_cache)}
    env.pop("VIRTUAL_ENV", None)
    pins = ["--target", "requests==2.32.3", "--baseline", "requests==2.19.1"]
    silent, stderr = _check(tmp_path, env, *pins)
    assert "baseline requests 2.19.1 is not in the knowledge" in stderr
    fetched, stderr = _check(tmp_path, env, *pins, "--fetch")
    assert _versions(fetched)["requests"]["baseline"]["checked_against"] == ["2.19.1"], stderr


def test_an_untracked_distribution_gets_a_history_when_fetching(index_reachable, tmp_path,
                                                                 monkeypatch, shipped_database):
    """termcolor is tracked by no layer; the project's .venv holds 2.3.0 and its code was
    written for 1.1.0. With fetching on, the installed release is read from site-packages and
    the releases that give it a history (the baseline, the first release of each line between)
    come from the index."""
    from codesync.config import Settings
    from codesync.knowledge.store import open_knowledge
    from codesync.project import Project
    from helpers.caches import seed_cache

    cache = seed_cache(tmp_path / "cache", shipped_database)
    monkeypatch.setenv("CODESYNC_CACHE", str(cache))
    site = tmp_path / "proj" / ".venv" / "lib" / "python3.11" / "site-packages"
    (site / "termcolor").mkdir(parents=True)
    (site / "termcolor" / "__init__.py").write_text("def colored(text, color=None):\n    pass\n")
    info = site / "termcolor-2.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: termcolor\nVersion: 2.3.0\n")
    (info / "RECORD").write_text("termcolor/__init__.py,,\n")
    (tmp_path / "proj" / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    project = Project(tmp_path / "proj", Settings(fetch=True, baseline={"termcolor": "1.1.0"}))
    project.check_source("import termcolor\ntermcolor.colored('x', 'red')\n", "t.py")
    # the reading of the .venv is that project's own evidence; the index's releases are shared
    assert "2.3.0" in project._environment_layer().stored("termcolor"), project.notices
    rows = open_knowledge().release_rows("termcolor")
    origins = {r["version"]: r["origin"] for r in rows}
    assert "site-packages" not in origins.values(), origins
    assert origins.get("1.1.0") == "fetched", (origins, project.notices)
    assert any(v.startswith("2.") and o == "fetched" for v, o in origins.items()), origins
