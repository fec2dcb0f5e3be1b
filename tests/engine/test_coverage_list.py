"""The coverage list: the rules that leave distributions out, the refresh from a ranking,
and the list committed in knowledge/libraries.toml."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from codesync.engine.policy import load_policies

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "refresh_coverage.py"


def _script():
    spec = importlib.util.spec_from_file_location("refresh_coverage", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_leave_out_stubs_tools_and_namespace_families():
    refresh = _script()
    for name in ("types-requests", "pandas-stubs", "pip", "setuptools", "ruff", "pytest-cov",
                 "google-auth", "opentelemetry-api", "boto3", "pydantic-core", "tzdata"):
        assert refresh.skip_reason(name), name
    for name in ("attrs", "pyyaml", "six", "typing-extensions", "pytest", "cryptography"):
        assert refresh.skip_reason(name) is None, name


def test_refresh_writes_the_block_and_keeps_the_curated_part(tmp_path):
    ranking = tmp_path / "ranking.tsv"
    ranking.write_text("name\tversion\trank\n"
                       "pip\t1\t1\nSix\t1\t2\ntypes-six\t1\t3\nnumpy\t1\t4\nPyYAML\t1\t5\n"
                       "unranked\t1\t\nattrs\t1\t6\n")
    libraries = tmp_path / "libraries.toml"
    curated = '[distributions.numpy]\nimport_names = ["numpy"]\n'
    libraries.write_text(curated)
    for _ in range(2):  # a second refresh replaces the block instead of adding another
        subprocess.run([sys.executable, str(SCRIPT), str(ranking), "--rank-column", "rank",
                        "--top", "3", "--libraries", str(libraries)], check=True,
                       capture_output=True)
    text = libraries.read_text()
    assert text.startswith(curated) and text.count("coverage list (generated") == 1
    policies = load_policies(libraries)
    assert list(policies) == ["numpy", "six", "pyyaml"]  # top 3 usable: numpy counts
    assert policies["six"].import_names == []  # read from each release's files
    assert "#   pip (rank 1): build, packaging" in text and "types-six (rank 3)" in text


def test_the_committed_list_tracks_at_least_100_distributions():
    policies = load_policies(ROOT / "knowledge" / "libraries.toml")
    assert len(policies) >= 100
