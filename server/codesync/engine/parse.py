"""Parse library source that may be old or broken: ast, then 2to3, then line repair.

Old releases hold Python 2 files and code that uses words that later became keywords
(``asyncio.async``). Parsing never runs any of it. The chain is: today's ``ast``; the file
converted by fissix (a maintained lib2to3); then repeated repair that replaces the line a
SyntaxError points at with ``pass`` so the rest of the file still yields its definitions.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass

MAX_REPAIRS = 40


@dataclass
class ParseResult:
    tree: ast.Module | None
    how: str  # ast, 2to3, repaired, failed
    error: str = ""


def parse_source(source: str, filename: str = "<source>") -> ParseResult:
    first_error = _try_parse(source, filename)
    if isinstance(first_error, ast.Module):
        return ParseResult(first_error, "ast")
    if _TYPE_PARAMS.search(source) or _TYPE_ALIAS.search(source):
        tree = _try_parse(without_type_params(source), filename)
        if isinstance(tree, ast.Module):
            return ParseResult(tree, "ast")
    converted = _convert_2to3(source)
    if converted is not None:
        tree = _try_parse(converted, filename)
        if isinstance(tree, ast.Module):
            return ParseResult(tree, "2to3", str(first_error))
        source = converted
    tree = _repair(source, filename)
    if tree is not None:
        return ParseResult(tree, "repaired", str(first_error))
    return ParseResult(None, "failed", str(first_error))


_TYPE_PARAMS = re.compile(r"\b(?:def|class)\s+[A-Za-z_]\w*\s*\[")
_TYPE_ALIAS = re.compile(r"^([ \t]*)type\s+([A-Za-z_]\w*)\s*(?:\[[^\]\n]*\])?\s*=", re.M)


def without_type_params(source: str) -> str:
    """Python 3.12 generics read by an older ``ast``: ``def f[T](x: T)`` -> ``def f(x: T)``,
    ``class C[K, V](Base)`` -> ``class C(Base)``, ``type Alias[T] = ...`` -> ``Alias = ...``.
    Type parameters never change a signature's parameter names, kinds or defaults."""
    pieces: list[str] = []
    position = 0
    for match in _TYPE_PARAMS.finditer(source):
        start = match.end() - 1
        if start < position:
            continue
        end = _closing_bracket(source, start)
        if end is None:
            continue
        pieces.append(source[position:start])
        position = end + 1
    pieces.append(source[position:])
    return _TYPE_ALIAS.sub(r"\1\2 =", "".join(pieces))


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    for i in range(start, min(len(text), start + 2000)):
        depth += 1 if text[i] == "[" else -1 if text[i] == "]" else 0
        if depth == 0:
            return i
    return None


def _try_parse(source: str, filename: str) -> ast.Module | SyntaxError:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, filename)
    except SyntaxError as exc:
        return exc
    except (ValueError, RecursionError, MemoryError) as exc:
        return SyntaxError(str(exc))


_REFACTOR_TOOL = None


def _convert_2to3(source: str) -> str | None:
    """Convert Python 2 source; None when fissix is missing or cannot read it either."""
    global _REFACTOR_TOOL
    try:
        from fissix import refactor
    except ImportError:
        return None
    if _REFACTOR_TOOL is None:
        fixers = refactor.get_fixers_from_package("fissix.fixes")
        _REFACTOR_TOOL = refactor.RefactoringTool(fixers)
    text = source if source.endswith("\n") else source + "\n"
    try:
        return str(_REFACTOR_TOOL.refactor_string(text, "<release>"))
    except Exception:  # fissix raises its own parse errors and assorted internals
        return None


def _repair(source: str, filename: str) -> ast.Module | None:
    lines = source.splitlines()
    for _ in range(MAX_REPAIRS):
        result = _try_parse("\n".join(lines), filename)
        if isinstance(result, ast.Module):
            return result
        lineno = result.lineno or 0
        if not 1 <= lineno <= len(lines):
            return None
        bad = lines[lineno - 1]
        indent = bad[: len(bad) - len(bad.lstrip())]
        # a block opener keeps its body parseable: `def async(...):` -> `if True:`
        opener = bad.rstrip().endswith(":") and not bad.lstrip().startswith("#")
        replacement = indent + ("if True:" if opener else "pass")
        if bad == replacement:
            return None
        lines[lineno - 1] = replacement
    return None
