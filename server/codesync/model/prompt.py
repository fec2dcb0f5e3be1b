"""The prompt: the change record, the call with a little context, and one worked example
(a made-up library, so no real API leaks into an evaluation). Training data and the editor
use this same text, so what the adapter learnt is what it is asked."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..analysis.positions import LineIndex
from .record import ChangeRecord

MAX_CONTEXT_LINES = 2
MAX_LINE = 200

EXAMPLE = """### Library change
API: geokit.area (incompatible-call, geokit 3.0.0)
Before: area(shape, units='m2', precise=False)  # geokit 2.4.1
After: area(shape, *, unit='m2')  # geokit 3.0.0
Note: `units` was renamed to `unit`; `precise` has no effect and was removed.
### Code
import geokit as gk
total = gk.area(poly, units="km2", precise=True)
### Legacy call
gk.area(poly, units="km2", precise=True)
### Updated call
gk.area(poly, unit="km2")
"""


@dataclass(frozen=True)
class Task:
    """A call to rewrite: its text, the lines around it and the file's imports."""

    legacy: str
    context: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()


def task_for(node: ast.AST, source: str) -> Task:
    """The call, the lines before it (the call itself is shown once, whole, as the legacy
    call: a long call cut short in the context would be copied cut short) and the imports."""
    index = LineIndex(source)
    lines = source.splitlines()
    first = max(1, node.lineno - MAX_CONTEXT_LINES)
    context = tuple(line[:MAX_LINE] for line in lines[first - 1: node.lineno - 1] if line.strip())
    return Task(index.text(node), context, tuple(import_lines(source)))


def import_lines(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    lines = source.splitlines()
    return [lines[node.lineno - 1].strip() for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno == node.end_lineno]


def record_block(record: ChangeRecord) -> list[str]:
    where = record.changed_in or record.target or ""
    lines = [f"API: {record.api} ({record.kind}, {record.distribution} {where})".rstrip()]
    if record.before:
        lines.append(f"Before: {record.before}")
    lines.append(f"After: {record.after}" if record.after else "After: (removed)")
    lines.extend(f"Note: {' '.join(note.split())}" for note in record.notes[:3])
    if record.replacement:
        lines.append(f"Replacement: {record.replacement_signature or record.replacement}")
    return lines


def build_prompt(task: Task, record: ChangeRecord | None, example: bool = True) -> str:
    """The prompt; the model continues it with the updated call (and import lines)."""
    parts = [EXAMPLE, ""] if example else []
    parts.append("### Library change")
    parts.extend(record_block(record) if record else ["API: (no change record)"])
    parts.append("### Code")
    parts.extend(task.imports[:8])
    parts.extend(line for line in task.context if line.strip() not in task.imports)
    parts.append("### Legacy call")
    parts.append(task.legacy)
    parts.append("### Updated call")
    return "\n".join(parts) + "\n"


def split_output(text: str) -> tuple[list[str], str]:
    """The model's text as (import lines, the expression); ``x = call(...)`` is taken as
    the call, since the prompt asked for the call alone."""
    imports: list[str] = []
    code: list[str] = []
    for line in text.strip("\n").splitlines():
        stripped = line.strip()
        if stripped.startswith(("import ", "from ")) and not code:
            imports.append(stripped)
        elif stripped:
            code.append(stripped)
    return imports, _assigned_value(code[0]) if code else ""


def _assigned_value(line: str) -> str:
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return line
    statement = tree.body[0] if len(tree.body) == 1 else None
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return ast.get_source_segment(line, statement.value) or line
    return line
