"""Baselines: pins read from lock, requirements and pyproject files, today and per line."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from baseline_samples import (
    PDM_LOCK,
    PYLOCK,
    PYLOCK_DEV,
    pipfile_lock,
    poetry_lock,
    uv_lock,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codesync.baselines import LineBaselines, Pin, locks, project_pins
from codesync.baselines import git as git_module
from codesync.baselines.locks import lock_parser
from codesync.baselines.pins import collect_pins
from helpers.git_repo import Repo


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def versions(pins: dict[str, Pin]) -> dict[str, str]:
    return {name: pin.version for name, pin in pins.items()}


# --- lock files -------------------------------------------------------------------------------


def test_uv_lock_leaves_out_the_project_and_keeps_the_highest_fork(tmp_path: Path) -> None:
    pins = project_pins(write(tmp_path, {"uv.lock": uv_lock()}))
    assert versions(pins) == {
        "numpy": "1.24.4",
        "pandas": "1.5.3",
        "python-dateutil": "2.9.0.post0",
    }
    assert pins["pandas"] == Pin("1.5.3", "uv.lock")


def test_poetry_lock_leaves_out_directory_packages(tmp_path: Path) -> None:
    pins = project_pins(write(tmp_path, {"poetry.lock": poetry_lock()}))
    assert versions(pins) == {"numpy": "1.19.5", "pandas": "1.1.5"}
    assert pins["pandas"].source == "poetry.lock"


def test_pdm_lock_leaves_out_editable_packages(tmp_path: Path) -> None:
    pins = project_pins(write(tmp_path, {"pdm.lock": PDM_LOCK}))
    assert pins == {"requests": Pin("2.31.0", "pdm.lock")}


def test_pylock_and_named_pylocks(tmp_path: Path) -> None:
    pins = project_pins(write(tmp_path, {"pylock.toml": PYLOCK, "pylock.dev.toml": PYLOCK_DEV}))
    assert pins == {
        "attrs": Pin("23.2.0", "pylock.toml"),
        "pytest": Pin("8.1.1", "pylock.dev.toml"),
    }


def test_pipfile_lock_reads_default_and_develop(tmp_path: Path) -> None:
    pins = project_pins(write(tmp_path, {"Pipfile.lock": pipfile_lock()}))
    assert pins == {"flask": Pin("2.0.3", "Pipfile.lock"), "pytest": Pin("7.1.2", "Pipfile.lock")}


def test_lock_file_names() -> None:
    assert lock_parser("pylock.ci.toml") is lock_parser("pylock.toml")
    assert lock_parser("pylock..toml") is None
    assert lock_parser("Pipfile") is None


def big(lock: str, copies: int) -> str:
    """A lock past the full-parse limit: its packages again under many more names."""
    tables = lock.split("[[package]]")
    extra = [
        t.replace('name = "numpy"', f'name = "numpy{i}"')
        for i in range(copies)
        for t in tables[1:3]
    ]
    return "[[package]]".join(tables + extra)


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (locks.parse_uv_lock, uv_lock()),
        (locks.parse_poetry_lock, poetry_lock()),
        (locks.parse_pdm_lock, PDM_LOCK),
        (locks.parse_pylock, PYLOCK),
        (locks.parse_pylock, PYLOCK_DEV),
    ],
)
def test_large_locks_are_scanned_with_the_same_answer(
    parser: Callable[[str], dict[str, str]], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = parser(text)
    assert whole
    monkeypatch.setattr(locks, "FULL_PARSE_LIMIT", 0)
    assert parser(text) == whole


def test_a_real_size_uv_lock_is_scanned() -> None:
    large = big(uv_lock(), 600)
    assert len(large) > locks.FULL_PARSE_LIMIT
    pins = locks.parse_uv_lock(large)
    assert len(pins) == 3 + 600 and pins["numpy599"] == "1.24.4" and "myapp" not in pins
    assert pins == locks.highest(
        (t["name"], t["version"])
        for t in locks._tables(locks.tomllib.loads(large), "package")
        if "editable" not in t["source"]
    )


# --- requirements and pyproject -----------------------------------------------------------------

REQUIREMENTS = """\
# Production pins
--index-url https://pypi.org/simple
-r requirements/base.txt
-c constraints.txt
requests[socks,security]==2.28.1  # http
numpy==1.21.6 ; python_version < "3.8"
numpy==1.26.4 ; python_version >= "3.8"
cryptography==41.0.7 \\
    --hash=sha256:13f93ce9bea8016c253b34afc6bd6a75993e5c40672ed5405a9c832f0d4a00bc \\
    --hash=sha256:02f1e2d4a7c0e9e2f4a2f4f6e0b8b7c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7
django>=3.2,<4
scipy~=1.10.0
click==8.*
-e git+https://github.com/pallets/itsdangerous.git#egg=itsdangerous
attrs @ https://files.pythonhosted.org/packages/attrs-23.1.0-py3-none-any.whl
https://example.com/pkg-1.0.tar.gz
./libs/local
-r ../outside.txt
Legacy_Pkg===1.0.post1
odd===1.0-custom
not a requirement ==
"""

BASE = """\
-r ../requirements.txt
pyyaml==6.0.1
requests==2.31.0
"""


def test_requirements_syntax(tmp_path: Path) -> None:
    write(tmp_path, {"outside.txt": "evil==6.6.6\n"})
    root = write(
        tmp_path / "proj",
        {
            "requirements.txt": REQUIREMENTS,
            "requirements/base.txt": BASE,
            "constraints.txt": "urllib3==1.26.18\n",
        },
    )
    pins = project_pins(root)
    assert versions(pins) == {
        "pyyaml": "6.0.1",
        "requests": "2.31.0",
        "numpy": "1.26.4",
        "cryptography": "41.0.7",
        "legacy-pkg": "1.0.post1",
        "urllib3": "1.26.18",
    }
    assert pins["requests"].source == "requirements/base.txt:3"  # first written wins
    assert pins["legacy-pkg"].source == "requirements.txt:19"
    assert pins["numpy"].source == "requirements.txt:7"
    assert pins["cryptography"].source == "requirements.txt:8"
    assert pins["pyyaml"].source == "requirements/base.txt:2"
    assert pins["urllib3"].source == "constraints.txt:1"


def test_include_cycle_ends(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"requirements.txt": "-r a.txt\nx==1\n", "a.txt": "-r requirements.txt\ny==2\n"}
    )
    assert versions(project_pins(root)) == {"x": "1", "y": "2"}


def test_pyproject_exact_pins_only(tmp_path: Path) -> None:
    pyproject = """\
[project]
name = "app"
dependencies = [
  "pandas==1.5.3",
  "numpy>=1.24",
  "httpx[http2]==0.24.1; python_version >= '3.8'",
  "click",
]
"""
    pins = project_pins(write(tmp_path, {"pyproject.toml": pyproject}))
    assert pins == {
        "pandas": Pin("1.5.3", "pyproject.toml"),
        "httpx": Pin("0.24.1", "pyproject.toml"),
    }


def test_locks_win_over_requirements_over_pyproject(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "a"\ndependencies = ["pandas==1.0.0", "rich==13.0.0", "tqdm==4.0.0"]\n'
    )
    root = write(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "requirements.txt": "pandas==1.4.0\nrich==13.3.0\n",
            "requirements-dev.txt": "rich==12.0.0\nblack==23.1.0\n",
            "uv.lock": uv_lock(pandas="1.5.3"),
        },
    )
    pins = project_pins(root)
    assert pins["pandas"] == Pin("1.5.3", "uv.lock")
    assert pins["rich"] == Pin("13.3.0", "requirements.txt:2")
    assert pins["black"] == Pin("23.1.0", "requirements-dev.txt:2")
    assert pins["tqdm"] == Pin("4.0.0", "pyproject.toml")


# --- hostile checkouts ---------------------------------------------------------------------------


def test_malformed_files_are_skipped(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "uv.lock": "[[package]\nname = ",
            "poetry.lock": "[" * 100_000,
            "Pipfile.lock": "[" * 100_000,
            "pdm.lock": '[[package]]\nname = 3\nversion = ["x"]\n[[package]]\nname = "ok"\nversion = "not a version"\n',
            "pylock.toml": 'packages = "nope"\nlock-version = "1.0"\n',
            "pyproject.toml": "[project]\ndependencies = [3, {a = 1}, 'x==']\n",
            "requirements.txt": "\x00\xff\ufffd==1\n" + "a" * 10_000 + "\ngood==1.0\n",
        },
    )
    (root / "requirements-bin.txt").write_bytes(bytes(range(256)) * 10)
    assert project_pins(root) == {"good": Pin("1.0", "requirements.txt:3")}


def test_symlinks_out_of_the_project_big_files_and_fifos(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", {"req.txt": "secret==1.0\n", "uv.lock": uv_lock()})
    root = tmp_path / "proj"
    root.mkdir()
    (root / "uv.lock").symlink_to(outside / "uv.lock")
    (root / "requirements").symlink_to(outside, target_is_directory=True)
    (root / "requirements.txt").write_text("-r requirements/req.txt\ninside==2.0\n")
    (root / "constraints.txt").write_text("big==1.0\n" + "#" * (6 * 1024 * 1024))
    os.mkfifo(root / "requirements-fifo.txt")
    write(root, {"real.txt": "linked==3.0\n"})
    (root / "requirements-link.txt").symlink_to(root / "real.txt")
    start = time.monotonic()
    assert versions(project_pins(root)) == {"inside": "2.0", "linked": "3.0"}
    assert time.monotonic() - start < 5


def test_project_pins_on_missing_folder(tmp_path: Path) -> None:
    assert project_pins(tmp_path / "nope") == {}


class MemoryTree:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def names(self, folder: str) -> list[str]:
        return sorted({p.split("/", 1)[0] for p in self.files}) if not folder else []

    def read(self, path: str) -> str | None:
        return self.files.get(path)


PIN_FILES = [
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "pylock.toml",
    "Pipfile.lock",
    "requirements.txt",
    "pyproject.toml",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(PIN_FILES), st.text(max_size=400)))
def test_any_text_in_any_pin_file_never_raises(files: dict[str, str]) -> None:
    pins = collect_pins(MemoryTree(files))
    assert all(isinstance(pin, Pin) and pin.version for pin in pins.values())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "pandas==1.0",
                "-r requirements.txt",
                "x[y]==2 ; python_version>'3'",
                "\\",
                "# c",
                "--hash=sha256:00",
                "-c c.txt",
                "-e .",
                "y===z",
                " ",
                "==",
                "[",
                "@ http://x",
            ]
        ),
        max_size=20,
    )
)
def test_requirement_fragments_never_raise(lines: list[str]) -> None:
    files = {"requirements.txt": "\n".join(lines), "c.txt": "\n".join(reversed(lines))}
    collect_pins(MemoryTree(files))


# --- per line: git blame plus the pins at each commit ---------------------------------------------

APP_V1 = "import pandas as pd\n\ndf = pd.DataFrame()\n"
APP_V2 = APP_V1 + "df = df.append(df)\n"
APP_V3 = APP_V2 + "print(df.iteritems())\n"


def three_commits(repo: Repo) -> tuple[str, str, str]:
    first = repo.commit(
        {
            "poetry.lock": poetry_lock("1.1.5"),
            "app.py": APP_V1,
            "requirements.txt": "flask==1.1.2\n",
        },
        date="2021-03-04T10:00:00",
    )
    second = repo.commit(
        {"poetry.lock": poetry_lock("1.5.3"), "app.py": APP_V2}, date="2022-11-20T10:00:00"
    )
    third = repo.commit(
        {"app.py": APP_V3, "requirements.txt": "flask==2.3.3\n"}, date="2023-06-01T10:00:00"
    )
    return first, second, third


def test_each_line_gets_the_pins_of_the_commit_that_last_changed_it(repo: Repo) -> None:
    first, second, third = three_commits(repo)
    lines = LineBaselines(repo.path).for_lines(repo.path / "app.py")
    assert sorted(lines) == [1, 2, 3, 4, 5]
    assert lines[1]["pandas"] == Pin("1.1.5", f"poetry.lock at {first[:7]} (2021-03-04)")
    assert lines[1]["flask"] == Pin("1.1.2", f"requirements.txt:1 at {first[:7]} (2021-03-04)")
    assert lines[3] == lines[1]
    assert lines[4]["pandas"] == Pin("1.5.3", f"poetry.lock at {second[:7]} (2022-11-20)")
    assert lines[4]["flask"].version == "1.1.2"
    assert lines[5]["pandas"] == Pin("1.5.3", f"poetry.lock at {third[:7]} (2023-06-01)")
    assert lines[5]["flask"] == Pin("2.3.3", f"requirements.txt:1 at {third[:7]} (2023-06-01)")


def test_unsaved_buffer_lines_get_no_entry_and_the_rest_shift(repo: Repo) -> None:
    first, second, _ = three_commits(repo)
    buffer = "import pandas as pd\nimport numpy as np\n\ndf = pd.DataFrame()\ndf = df.append(df)\r\nnew()"
    lines = LineBaselines(repo.path).for_lines(Path("app.py"), buffer)
    assert sorted(lines) == [1, 3, 4, 5]
    assert lines[4]["pandas"].version == "1.1.5"
    assert lines[5]["pandas"].source.startswith(f"poetry.lock at {second[:7]}")


def test_disk_changes_not_committed_get_no_entry(repo: Repo) -> None:
    three_commits(repo)
    repo.write({"app.py": "# new first line\n" + APP_V3, "new.py": "x = 1\n"})
    baselines = LineBaselines(repo.path)
    assert sorted(baselines.for_lines(repo.path / "app.py")) == [2, 3, 4, 5, 6]
    assert baselines.for_lines(repo.path / "new.py") == {}
    assert baselines.for_lines(repo.path.parent / "elsewhere.py") == {}


def test_project_in_a_subfolder_reads_its_own_pins_then_the_repository_root(repo: Repo) -> None:
    commit = repo.commit(
        {
            "requirements.txt": "pandas==0.25.3\nrequests==2.22.0\n",
            "svc/uv.lock": uv_lock(pandas="1.3.5"),
            "svc/requirements/dev.txt": "pytest==6.2.5\n",
            "svc/main.py": "import pandas\n",
        },
        date="2021-12-24T08:00:00",
    )
    lines = LineBaselines(repo.path / "svc").for_lines(repo.path / "svc" / "main.py")
    stamp = f" at {commit[:7]} (2021-12-24)"
    assert lines[1]["pandas"] == Pin("1.3.5", "uv.lock" + stamp)
    assert lines[1]["pytest"] == Pin("6.2.5", "requirements/dev.txt:1" + stamp)
    assert lines[1]["requests"] == Pin("2.22.0", "requirements.txt:2" + stamp)


def test_includes_and_every_lock_format_at_old_commits(repo: Repo) -> None:
    repo.commit(
        {
            "requirements.txt": "-r ci/base.txt\n",
            "ci/base.txt": "django==3.2.25\n",
            "pdm.lock": PDM_LOCK,
            "pylock.toml": PYLOCK,
            "Pipfile.lock": pipfile_lock("1.1.4"),
            "a.py": "x = 1\n",
        },
        date="2020-05-05T00:00:00",
    )
    pins = LineBaselines(repo.path).for_lines(repo.path / "a.py")[1]
    assert {name: pin.version for name, pin in pins.items()} == {
        "requests": "2.31.0",
        "attrs": "23.2.0",
        "flask": "1.1.4",
        "pytest": "7.1.2",
        "django": "3.2.25",
    }
    assert pins["django"].source.startswith("ci/base.txt:1 at ")


def test_not_a_repository_or_no_git(
    tmp_path: Path, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "plain", {"a.py": "x = 1\n", "uv.lock": uv_lock()})
    assert LineBaselines(tmp_path / "plain").for_lines(tmp_path / "plain" / "a.py") == {}
    three_commits(repo)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert LineBaselines(repo.path).for_lines(repo.path / "app.py") == {}


def test_repeated_calls_are_served_from_the_caches(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_commits(repo)
    calls: list[list[str]] = []
    real_run = git_module.Git.run

    def counting(
        self: git_module.Git, args: list[str], *rest: object, **kw: object
    ) -> bytes | None:
        calls.append(list(args))
        return real_run(self, args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(git_module.Git, "run", counting)
    baselines = LineBaselines(repo.path)
    first = baselines.for_lines(repo.path / "app.py")
    cold = len(calls)
    assert first and cold <= 8
    calls.clear()
    assert baselines.for_lines(repo.path / "app.py") == first
    assert calls == []  # within REPOSITORY_REFRESH even HEAD is not asked again
    calls.clear()
    edited = baselines.for_lines(repo.path / "app.py", APP_V3 + "more()\n")
    assert calls == []  # same blame, same commits: no new git work
    assert edited == first


def test_committed_symlinks_and_includes_out_of_the_project_are_not_read(repo: Repo) -> None:
    outside = repo.path.parent / "outside.txt"
    outside.write_text("secret==1.0\n")
    (repo.path / "uv.lock").symlink_to(repo.path.parent / "outside.txt")
    (repo.path / "requirements").mkdir()
    (repo.path / "requirements" / "all.txt").symlink_to(outside)
    repo.commit(
        {"requirements.txt": "-r ../outside.txt\n-r /etc/passwd\nok==1.0\n", "a.py": "x\n"},
        date="2020-02-02T00:00:00",
    )
    lines = LineBaselines(repo.path).for_lines(repo.path / "a.py")
    assert {name: pin.version for name, pin in lines[1].items()} == {"ok": "1.0"}


HOSTILE_CONFIG = """\
[core]
\tfsmonitor = {bin}/fsmonitor
\tpager = {bin}/pager
\thooksPath = {bin}
\tattributesFile = {root}/evil-attributes
\tsshCommand = {bin}/ssh
[pager]
\tblame = {bin}/pager-blame
[filter "evil"]
\tclean = {bin}/clean
\tsmudge = {bin}/smudge
[diff "evil"]
\ttextconv = {bin}/textconv
\tcommand = {bin}/diff-command
[diff]
\texternal = {bin}/external
[log]
\tshowSignature = true
[gpg]
\tprogram = {bin}/gpg
"""


def hostile(repo: Repo, tmp_path: Path) -> Path:
    """Arm the repository: every program its config names leaves a marker when run."""
    bin_dir, markers = tmp_path / "bin", tmp_path / "markers"
    bin_dir.mkdir()
    markers.mkdir()
    names = [
        "fsmonitor",
        "pager",
        "ssh",
        "pager-blame",
        "clean",
        "smudge",
        "textconv",
        "diff-command",
        "external",
        "gpg",
        "post-checkout",
        "pre-commit",
    ]
    for name in names:
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\ntouch {markers}/{name}\ncat\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    with open(repo.path / ".git" / "config", "a") as config:
        config.write(HOSTILE_CONFIG.format(bin=bin_dir, root=repo.path))
    (repo.path / "evil-attributes").write_text("* filter=evil diff=evil\n")
    return markers


def test_a_hostile_git_config_runs_nothing(repo: Repo, tmp_path: Path) -> None:
    repo.commit(
        {
            ".gitattributes": "*.py filter=evil diff=evil\n*.lock diff=evil\n",
            "uv.lock": uv_lock("1.4.0"),
            "app.py": APP_V1,
        },
        date="2022-01-01T00:00:00",
    )
    commit = repo.commit({"app.py": APP_V2}, date="2022-02-02T00:00:00")
    markers = hostile(repo, tmp_path)

    # The trap is live: ordinary git commands on this checkout run its programs.
    for args in (["status"], ["blame", "--contents", "-", "app.py"]):
        subprocess.run(["git", "-C", str(repo.path), *args], capture_output=True, timeout=30)
    assert {"fsmonitor", "clean"} <= {p.name for p in markers.iterdir()}
    for marker in markers.iterdir():
        marker.unlink()

    baselines = LineBaselines(repo.path)
    on_disk = baselines.for_lines(repo.path / "app.py")
    in_editor = baselines.for_lines(repo.path / "app.py", "x = 0\n" + APP_V2)
    assert on_disk[4] == {
        "pandas": Pin("1.4.0", f"uv.lock at {commit[:7]} (2022-02-02)"),
        "numpy": Pin("1.24.4", f"uv.lock at {commit[:7]} (2022-02-02)"),
        "python-dateutil": Pin("2.9.0.post0", f"uv.lock at {commit[:7]} (2022-02-02)"),
    }
    assert in_editor[5] == on_disk[4] and 1 not in in_editor
    assert list(markers.iterdir()) == []


def test_a_planted_bare_repository_is_not_used(tmp_path: Path) -> None:
    """A checkout holding a bare repository's files (HEAD, objects, refs, config) in a folder."""
    planted = tmp_path / "checkout" / "sub"
    bare = Repo(tmp_path / "src")
    bare.commit({"a.py": "x = 1\n", "uv.lock": uv_lock()}, date="2020-01-01T00:00:00")
    bare.git("clone", "-q", "--bare", str(bare.path), str(planted))
    markers = tmp_path / "markers"
    markers.mkdir()
    script = tmp_path / "fsm"
    script.write_text(f"#!/bin/sh\ntouch {markers}/fsmonitor\n")
    script.chmod(0o755)
    with open(planted / "config", "a") as config:
        config.write(f"[core]\n\tfsmonitor = {script}\n")
    assert git_module.Git(planted).run(["rev-parse", "--git-dir"]) is None  # discovery refused
    assert LineBaselines(planted).for_lines(planted / "a.py", "x = 1\n") == {}
    assert list(markers.iterdir()) == []


def test_a_new_commit_is_seen_once_the_head_is_asked_again(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codesync.baselines import lines

    three_commits(repo)
    baselines = LineBaselines(repo.path)
    before = baselines.for_lines(repo.path / "app.py")
    repo.commit({"poetry.lock": poetry_lock("2.2.3"), "app.py": APP_V3 + "more()\n"},
                date="2024-02-01T10:00:00")
    assert baselines.for_lines(repo.path / "app.py", APP_V3 + "more()\n") == before  # cached HEAD
    monkeypatch.setattr(lines, "REPOSITORY_REFRESH", 0.0)
    after = baselines.for_lines(repo.path / "app.py", APP_V3 + "more()\n")
    assert after[len(APP_V3.splitlines()) + 1]["pandas"].version == "2.2.3"
