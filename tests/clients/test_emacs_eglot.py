"""Emacs with eglot, as docs/editors.md sets it up, driven in batch mode against
``codesync serve``: the diagnostics arrive and ``M-x eglot-code-actions`` RET applies the
preferred (exact) fix. The workspace is a folder with no VCS one level below the project's
``.venv``, so the environment must be found above it. Skips where Emacs or eglot is absent
(Debian: ``apt-get install emacs-nox elpa-eglot`` on Emacs 28; eglot is built into 29)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lsp.test_environment import FakeVenv

DRIVER = Path(__file__).with_name("eglot_drive.el")
CODE = "import pandas as pd\n\ndf = pd.DataFrame()\ndf.to_csv('a.csv', line_terminator='\\n')\n"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def emacs() -> str:
    found = shutil.which("emacs")
    if found is None:
        pytest.skip("emacs is not installed (apt-get install emacs-nox elpa-eglot)")
    probe = subprocess.run([found, "--batch", "--eval",
                            "(progn (require 'package) (package-initialize) (require 'eglot))"],
                           capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip("eglot is not available to this Emacs (Emacs 28: apt-get install elpa-eglot)")
    return found


def test_eglot_shows_the_finding_and_applies_the_preferred_fix(emacs, tmp_path: Path,
                                                             seeded_cache: Path) -> None:
    app = tmp_path / "proj" / "app"
    app.mkdir(parents=True)
    (app / "code.py").write_text(CODE)
    FakeVenv(tmp_path / "proj" / ".venv").install("pandas", "2.2.3")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(CODESYNC_CACHE=str(seeded_cache),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run([emacs, "--batch", "-l", str(DRIVER), "code.py"], cwd=app, env=env,
                          capture_output=True, text=True, timeout=600)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-4000:]
    assert "DIAG 4 eglot-error: codesync [CS102]: `DataFrame.to_csv()` got an unexpected " \
           "keyword argument 'line_terminator'" in out
    assert "(installed: 2.2.3)" in out  # the .venv above the workspace folder
    if "QUICKFIX-RETURNS" in out:  # eglot 1.9: the quickfix command lists, never applies
        assert "QUICKFIX-RETURNS (\"Rename `line_terminator` to `lineterminator`\"" in out
    assert (app / "code.py").read_text() == CODE  # the buffer is edited, not saved
    assert "lineterminator='\\\\n')" in out.split("TEXT ", 1)[1]
