"""The real-code corpus in its short mode (scripts/bench_realcode.py --short), run for real.

The releases come from the package index through pip; the test is skipped when it cannot be
reached (or CODESYNC_OFFLINE is set). It checks that the script ran every short case and wrote
well-formed results, not what the numbers are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench_realcode.py"

pytestmark = [pytest.mark.network, pytest.mark.slow]


@pytest.fixture(scope="module")
def short_run(tmp_path_factory, shipped_database) -> tuple[dict, subprocess.CompletedProcess]:
    if os.environ.get("CODESYNC_OFFLINE"):
        pytest.skip("CODESYNC_OFFLINE is set")
    from helpers.caches import seed_cache

    work = tmp_path_factory.mktemp("realcode")
    cache = seed_cache(work / "cache", shipped_database)
    out = work / "results.json"
    env = {**os.environ, "CODESYNC_CACHE": str(cache)}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([sys.executable, str(SCRIPT), "--short", "--json", str(out)],
                          env=env, capture_output=True, text=True, timeout=900)
    if not out.exists():
        pytest.fail(f"no results written (exit {done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(out.read_text())
    errors = [c["error"] for c in data["cases"] if c["error"]]
    if errors and all("cannot download" in e for e in errors):
        pytest.skip(f"package index unreachable through pip: {errors[0]}")
    return data, done


def test_short_mode_runs_every_short_case(short_run):
    data, done = short_run
    assert done.returncode == 0, done.stderr[-3000:]
    assert 1 <= len(data["cases"]) <= 5
    assert all(c["error"] is None for c in data["cases"]), data["cases"]
    assert data["totals"]["cases"] == len(data["cases"])
    assert "| **total**" in done.stdout


def test_short_mode_results_are_well_formed(short_run):
    data, _ = short_run
    totals = data["totals"]
    api = 0
    for case in data["cases"]:
        assert case["files"], case["id"]
        for f in case["files"]:
            assert sorted(f["flagged"] + f["missed"]) == sorted(set(f["flagged"] + f["missed"]))
            assert len(f["flagged"]) + len(f["missed"]) == f["api_lines"]
            assert set(f["fixed_same"] + f["fixed_accepted"]) <= set(f["flagged"] + f["missed"])
            assert not set(f["fixed_same"]) & set(f["fixed_accepted"])
            for finding in f["false_alarms"] + f["after_findings"]:
                assert {"line", "code", "api", "message"} <= finding.keys()
            api += f["api_lines"]
    assert totals["api_lines"] == api
    assert totals["recall"] is None or 0.0 <= totals["recall"] <= 1.0
    assert totals["flagged"] <= totals["api_lines"]
