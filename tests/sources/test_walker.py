"""One walker: the CLI and the language server's workspace scan check the same files."""

from __future__ import annotations

from pathlib import Path

from codesync.lsp.diagnostics import python_files as workspace_files
from codesync.sources import python_files


def test_cli_and_workspace_scan_see_the_same_files(tmp_path: Path) -> None:
    for relative in ("a.py", "pkg/b.py", "pkg/notes.txt", ".git/hooks/x.py", ".venv/lib/y.py",
                     "env2/lib/z.py", "node_modules/m.py", "build/gen.py", "src/__pycache__/c.py",
                     "docs/conf.py"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a venv by any name
    expected = [tmp_path / "a.py", tmp_path / "docs" / "conf.py", tmp_path / "pkg" / "b.py"]
    assert python_files([tmp_path]) == expected
    assert workspace_files([tmp_path]) == expected
    assert python_files([tmp_path], limit=2) == expected[:2]
    assert workspace_files([]) == []
