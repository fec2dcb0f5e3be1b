"""PCBench cases for tests: the full dev file when it sits beside the checkout, else a sample.

The sample (tests/data/pcbench_sample.jsonl) holds records written for these tests in PCBench's
schema, so a fresh clone with nothing beside it runs the same tests.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from codesync_build.dataset import PCBENCH

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pcbench_sample.jsonl"


def pcbench_cases_path(tmp_path: Path) -> Path:
    """A gzipped JSONL of PCBench-like cases: the real dev set when present, else the sample."""
    if PCBENCH.is_file():
        return PCBENCH
    packed = tmp_path / "pcbench_sample.jsonl.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    return packed
