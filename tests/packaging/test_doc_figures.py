"""The figures a newcomer reads first (wheel size, first-run build time) are the ones
docs/benchmarks.md measured (``scripts/bench_install.py --write-docs``), everywhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUOTING = ["README.md", "docs/editors.md", "vscode-client/README.md"]


def install_figures() -> dict[str, str]:
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    block = text.split("<!-- install:begin -->")[1].split("<!-- install:end -->")[0]
    size = re.search(r"wheel size[^|]*\|[^|]*\| ([\d.]+ MiB) \|", block)
    first_run = re.search(r"editable install, first run[^|]*\|[^|]*\| ([\d–.]+ s)", block)
    assert size and first_run, "docs/benchmarks.md lacks the install section's figures"
    return {"size": size.group(1), "first_run": first_run.group(1)}


def test_every_wheel_size_quoted_is_the_measured_one() -> None:
    figures = install_figures()
    for name in QUOTING:
        text = (ROOT / name).read_text(encoding="utf-8")
        for quoted in re.findall(r"\b(\d+(?:\.\d+)? MiB)", text):
            assert quoted == figures["size"], f"{name} quotes {quoted}, measured {figures['size']}"
        assert not re.search(r"\d MB wheel", text), f"{name} quotes a wheel size in MB"


def test_every_first_run_build_time_quoted_is_the_measured_one() -> None:
    first_run = install_figures()["first_run"]
    for name in QUOTING:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert first_run in text, f"{name} does not quote the first-run build ({first_run})"
        stale = re.findall(r"(?:about \d+ s|a few seconds)[^.]*?(?:first|once)", text)
        assert not stale, f"{name} quotes another first-run figure: {stale}"
