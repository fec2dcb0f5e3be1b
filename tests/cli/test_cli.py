"""The command line, run as a user runs it, against the fake library's knowledge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STALE = "import fakelib as fl\nfl.old_func(1)\nfl.shifted(1, 2)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codesync]\ntarget = { fakelib = "2.0" }\nbaseline = { fakelib = "1.0" }\n')
    (tmp_path / "main.py").write_text(STALE)
    (tmp_path / "clean.py").write_text("import fakelib as fl\nfl.new_func(1)\n")
    return tmp_path


def run(args: list[str], knowledge_root: Path, cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(knowledge_root), "CODESYNC_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "codesync.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_text_output_and_exit_code(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    result = run(["check", "."], fake_knowledge_root, cache, project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("main.py:2:4: CS101") for line in lines), result.stdout
    assert any(":3:15: CS103 [*]" in line for line in lines)  # on the argument that moved
    assert lines[-1].startswith("Found 2 problems in 2 files")


def test_check_clean_file_exits_zero(project, fake_knowledge_root, tmp_path_factory):
    result = run(["check", "clean.py"], fake_knowledge_root, tmp_path_factory.mktemp("c"), project)
    assert result.returncode == 0 and "All checks passed" in result.stdout


def test_json_and_sarif(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    data = json.loads(run(["check", "main.py", "--format", "json"], fake_knowledge_root, cache,
                          project).stdout)
    first = data["findings"][0]
    assert {"path", "line", "column", "end_line", "end_column", "code", "kind", "severity",
            "message", "api", "distribution", "target_version", "baseline_version",
            "changed_in", "fixes"} <= set(first)
    assert first["kind"] == "removed" and first["changed_in"] == "2.0"
    sarif = json.loads(run(["check", "main.py", "--format", "sarif"], fake_knowledge_root,
                           cache, project).stdout)
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CS101", "CS103"]


def test_github_annotations(project, fake_knowledge_root, tmp_path_factory):
    (project / "odd, name.py").write_text("import fakelib as fl\nfl.old_func(1)\n")
    result = run(["check", ".", "--format", "github"], fake_knowledge_root,
                 tmp_path_factory.mktemp("cache"), project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=main.py,line=2,col=4,endLine=2,endColumn=")
    assert ",title=codesync CS101::`fakelib.old_func` " in lines[0]
    assert any(line.startswith("::error file=main.py,line=3,col=15,") for line in lines)
    # the workflow-command escapes: a comma in a file name would end the property
    assert any(line.startswith("::error file=odd%2C name.py,line=2,") for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_target_on_the_command_line_overrides_config(project, fake_knowledge_root, tmp_path_factory):
    result = run(["check", "main.py", "--target", "fakelib==1.0"], fake_knowledge_root,
                 tmp_path_factory.mktemp("c"), project)
    assert result.returncode == 0, result.stdout


def test_usage_errors_exit_2(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    assert run(["check", "--target", "fakelib>=2"], fake_knowledge_root, cache, project).returncode == 2
    assert run(["check", "missing.py"], fake_knowledge_root, cache, project).returncode == 2
    assert run(["check", "--format", "xml"], fake_knowledge_root, cache, project).returncode == 2


def test_fix_diff_then_write(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    diff = run(["fix", "main.py", "--diff"], fake_knowledge_root, cache, project)
    assert "+fl.shifted(1, b=2)" in diff.stdout
    assert (project / "main.py").read_text() == STALE
    fixed = run(["fix", "main.py"], fake_knowledge_root, cache, project)
    assert (project / "main.py").read_text() == (
        "import fakelib as fl\nfl.new_func(1)\nfl.shifted(1, b=2)\n")
    assert fixed.returncode == 0 and "0 errors left" in fixed.stderr
    (project / "other.py").write_text("import fakelib as fl\nfl.load('p', squeeze=True)\n")
    unfixable = run(["fix", "other.py"], fake_knowledge_root, cache, project)
    assert unfixable.returncode == 1 and "1 error left" in unfixable.stderr


def test_malformed_python_does_not_crash(project, fake_knowledge_root, tmp_path_factory):
    (project / "broken.py").write_text("def f(:\n")
    result = run(["check", "broken.py"], fake_knowledge_root, tmp_path_factory.mktemp("c"), project)
    assert result.returncode == 1 and "E999 cannot parse" in result.stdout  # like ruff


def test_explain(fake_knowledge_root, tmp_path_factory, tmp_path):
    cache = tmp_path_factory.mktemp("c")
    result = run(["explain", "fakelib.old_func", "--json"], fake_knowledge_root, cache, tmp_path)
    history = json.loads(result.stdout)
    assert history["present"] == [{"first": "1.0", "last": "1.5"}]
    [deprecation] = history["deprecations"]
    assert deprecation["since"] == "1.5" and deprecation["removed_in"] == "2.0"
    assert deprecation["replacement"] == "fakelib.new_func"
    text = run(["explain", "fakelib.shifted"], fake_knowledge_root, cache, tmp_path).stdout
    assert "shifted(a, c=None, b=None)" in text
    missing = run(["explain", "fakelib.nothing"], fake_knowledge_root, cache, tmp_path)
    assert missing.returncode == 1 and "not a public API" in missing.stderr


def test_unparseable_and_skipped_files_are_not_a_clean_pass(project, fake_knowledge_root,
                                                             tmp_path_factory, monkeypatch):
    (project / "broken.py").write_text("def f(:\n    pass\n")
    result = run(["check", "broken.py", "clean.py"], fake_knowledge_root,
                 tmp_path_factory.mktemp("c"), project)
    assert result.returncode == 1, result.stdout
    assert "broken.py: E999 cannot parse" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Found 1 problem in 2 files")
    big = project / "big.py"
    big.write_bytes(b"x = 1\n" * (1024 * 1024))  # 6 MB: over the size limit
    result = run(["check", "big.py", "clean.py"], fake_knowledge_root,
                 tmp_path_factory.mktemp("c"), project)
    assert "big.py: skipped: larger than" in result.stdout
    assert result.stdout.splitlines()[-1] == "All checks passed (2 files, 1 skipped)."


def test_an_internal_error_exits_2_not_1(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    (project / "cfg.py").write_text("import fakelib as fl\n")
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(fake_knowledge_root), "CODESYNC_CACHE": str(cache),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
    code = ("import sys, codesync.commands as c\n"
            "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
            "c.run_check = boom\nfrom codesync.cli import main\nsys.exit(main(['check', 'cfg.py']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "internal error: RuntimeError: boom" in result.stderr


def test_a_closed_pipe_ends_quietly(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    for i in range(600):  # ~180 KB of output: more than a pipe holds
        (project / f"m{i}.py").write_text(STALE)
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(fake_knowledge_root), "CODESYNC_CACHE": str(cache)}
    result = subprocess.run(f"{sys.executable} -m codesync.cli check . | head -1", shell=True,
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.stdout.count("\n") == 1


def test_ignore_and_severity_on_the_command_line(project, fake_knowledge_root, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    result = run(["check", "main.py", "--ignore", "CS103", "--severity", "removed=warning",
                  "--format", "json"], fake_knowledge_root, cache, project)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("CS101", "warning")]
    assert result.returncode == 0  # no error-level finding left
    bad = run(["check", "main.py", "--severity", "CS101"], fake_knowledge_root, cache, project)
    assert bad.returncode == 2 and "CODE=LEVEL" in bad.stderr
    unknown = run(["check", "main.py", "--ignore", "CS999"], fake_knowledge_root, cache, project)
    assert unknown.returncode == 2 and "unknown code 'CS999'" in unknown.stderr
