"""Write a measured table between markers in docs/benchmarks.md, keeping the rest."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def update_section(key: str, title: str, text: str, docs: Path = DOCS) -> None:
    begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
    current = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in current:
        head, rest = current.split(begin, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + f"\n\n## {title}\n\n" + block + "\n"
    docs.write_text(current, encoding="utf-8")
