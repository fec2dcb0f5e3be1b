"""The VS Code extension's code list and severity schema come from the package's registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_vscode_code_list_is_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_vscode_codes.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
