"""Cost of baselines: `project_pins` and `LineBaselines.for_lines` on a generated repository.

Builds a git repository in a temporary folder with N commits (default 300) on distinct dates;
every commit edits a few lines of one Python file (default 1500 lines) and every 10th commit
changes uv.lock (150 packages with wheel lists, ~1 MB) and requirements.txt. Then times: project_pins, the first
for_lines (cold: blame plus pins for every blamed commit), a repeat (warm), an edited buffer
(new diff, same blame), and a fresh LineBaselines after a new commit.

    python3 scripts/bench_baselines.py [--commits 300] [--lines 1500]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

from codesync.baselines import LineBaselines, project_pins


def git(repo: Path, *args: str, date: int = 0, stdin: str | None = None) -> str:
    stamp = f"{1_500_000_000 + date * 86_400} +0000"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def uv_lock(step: int, packages: int = 150, wheels: int = 25) -> str:
    """A uv.lock shaped like uv writes it: ~1 MB for 150 packages with 25 wheels each."""
    digest = "0" * 64
    parts = ['version = 1\nrequires-python = ">=3.10"\n']
    for i in range(packages):
        files = "".join(
            f'    {{ url = "https://files.pythonhosted.org/packages/aa/bb/pkg{i}-1.{step}.{i}-cp3{w}'
            f'-manylinux_2_17_x86_64.whl", hash = "sha256:{digest}", size = {1000 + w} }},\n'
            for w in range(wheels)
        )
        parts.append(
            f'\n[[package]]\nname = "pkg{i}"\nversion = "1.{step}.{i}"\n'
            'source = { registry = "https://pypi.org/simple" }\n'
            f'dependencies = [\n    {{ name = "pkg{(i + 1) % packages}" }},\n]\n'
            f'sdist = {{ url = "https://example.invalid/pkg{i}.tar.gz", hash = "sha256:{digest}", size = 1 }}\n'
            f"wheels = [\n{files}]\n"
        )
    return "".join(parts)


def build(repo: Path, commits: int, lines: int) -> None:
    rng = random.Random(7)
    git(repo, "init", "-q", "-b", "main")
    text = [f"value_{i} = compute({i})" for i in range(lines)]
    for step in range(commits):
        for _ in range(5):
            text[rng.randrange(lines)] = f"value_{rng.randrange(10**6)} = compute({step})"
        (repo / "app.py").write_text("\n".join(text) + "\n")
        if step % 10 == 0:
            (repo / "uv.lock").write_text(uv_lock(step))
            (repo / "requirements.txt").write_text(f"flask==2.{step}.0\nrequests==2.{step}.1\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"step {step}", date=step)


def timed(label: str, call):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    result = call()
    print(f"{label:<44} {1000 * (time.perf_counter() - start):8.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--lines", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        start = time.perf_counter()
        build(repo, args.commits, args.lines)
        print(
            f"built {args.commits} commits, {args.lines} lines in {time.perf_counter() - start:.1f} s"
        )
        path = repo / "app.py"
        size = (repo / "uv.lock").stat().st_size
        timed(f"project_pins (uv.lock {size // 1024} KB)", lambda: project_pins(repo))
        baselines = LineBaselines(repo)
        result = timed("for_lines, cold", lambda: baselines.for_lines(path))
        commits = {pin.source.split(" at ")[1] for pins in result.values() for pin in pins.values()}
        print(f"  {len(result)} lines with pins, {len(commits)} distinct blamed commits")
        timed("for_lines, warm (same text)", lambda: baselines.for_lines(path))
        edited = "# edited\n" + path.read_text()
        timed("for_lines, edited buffer", lambda: baselines.for_lines(path, edited))
        text = path.read_text().replace("compute(", "compute2(", 3)
        path.write_text(text)
        git(repo, "commit", "-qam", "one more", date=args.commits + 1)
        timed("for_lines after a new commit (same object)", lambda: baselines.for_lines(path))
        timed("for_lines, fresh LineBaselines", lambda: LineBaselines(repo).for_lines(path))


if __name__ == "__main__":
    main()
