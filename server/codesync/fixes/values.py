"""Replace a deprecated literal value with the one its library's table gives (``freq="H"`` ->
``freq="h"``), written with the quote the code used."""

from __future__ import annotations

from ..analysis.findings import Edit, Finding, Fix
from ..analysis.positions import LineIndex


def replace_value(finding: Finding, index: LineIndex) -> Fix | None:
    new = finding.evidence.value_replacement
    if not new:
        return None
    span = (finding.line, finding.column, finding.end_line, finding.end_column)
    old = index.source[index.offset(*span[:2]):index.offset(*span[2:])]
    text = _spelled_like(old, new)
    return Fix(f"Use `{text}`", "exact", (Edit(*span, text),))


def _spelled_like(old: str, new: str) -> str:
    """``new`` as a literal with the quote ``old`` opens with (``repr`` where it cannot)."""
    quote = old[:1]
    if quote in ("'", '"') and quote not in new and "\\" not in new and "\n" not in new:
        return f"{quote}{new}{quote}"
    return repr(new)
