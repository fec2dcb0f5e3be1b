"""The README's sample output is what the command it shows prints, column for column."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "codesync check examples/stale_project"


def readme_sample() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"```\n\$ {re.escape(COMMAND)}\n(.*?)```", text, re.S)
    assert block, f"the README shows no `$ {COMMAND}` block"
    return block.group(1).splitlines()


def test_readme_sample_output_is_what_the_example_prints(seeded_cache: Path) -> None:
    env = {**os.environ, "CODESYNC_CACHE": str(seeded_cache)}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run([sys.executable, "-m", "codesync.cli", *COMMAND.split()[1:]],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert readme_sample() == result.stdout.splitlines()
