"""Deprecated values that compiled (Cython) functions warn about, read from their ``.pyx``.

The ``.pyx`` skeleton (``pyx.py``) keeps signatures only. A module-level function whose body
warns keeps its body here when the body is Python once its C declarations are dropped
(``cdef str name = x`` -> ``name = x``, casts ``<object>x`` -> ``x``), and the module-level
literal tables it reads come along, its own or those it imports (``cimport``) from another
``.pyx`` of the release (C-level tables: no attribute of any module, so never an export):

    # dtypes.pyx
    cdef dict c_DEPR_ABBREVS = {"H": "h", "T": "min"}
    # offsets.pyx
    from .dtypes cimport c_DEPR_ABBREVS
    cpdef to_offset(freq, bint is_period=False):
        for n, (sep, stride, name) in enumerate(zip(...opattern.split(freq)...)):
            if name in c_DEPR_ABBREVS:
                warnings.warn(f"'{name}' is deprecated ...", FutureWarning)

The function and its tables make a small Python module that ``extract.scan_module`` reads
like any other (``value_deprecations`` finds ``freq``'s deprecated parts); the values found
are given to the definition of the same path (the stub's), and from there to the callers
that hand the parameter on (``inherited_deprecations``).
"""

from __future__ import annotations

import ast
import re
import textwrap

from ..knowledge.model import ValueDeprecation
from .extract import ModuleInfo, scan_module
from .pyx import _def_header, _header, _scan, _skip_block

_TABLE = re.compile(r"(?:cdef\s+(?:dict|set|frozenset|object|tuple|list)\s+)?([A-Za-z_]\w*)\s*="
                    r"\s*(?=[{\[(])")
_FROM = re.compile(r"from\s+([.\w]+)\s+c?import\s+(.*)$")
_C_DECLARATION = re.compile(r"cdef\s+(?:(?:const|unsigned|signed|long|short|readonly|public)\s+)*"
                            r"[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*\**\s*([A-Za-z_]\w*)\s*=(?!=)")
_CAST = re.compile(r"<\s*[A-Za-z_][\w.]*\s*\**\s*\??>(?=\s*[\w(\[])")
_DEF = re.compile(r"(?:cpdef|def)\s")
MAX_TABLE_LINES = 2000


def apply_pyx_values(modules: dict[str, ModuleInfo], pyx_texts: dict[str, str]) -> None:
    """Give each compiled function the deprecated values its ``.pyx`` body warns about."""
    candidates = {m: t for m, t in pyx_texts.items() if "warn" in t}
    if not candidates:
        return
    tables = {m: module_tables(t) for m, t in pyx_texts.items()}
    for module, text in candidates.items():
        target = modules.get(module)
        if target is None:
            continue
        for path, found in pyx_value_deprecations(module, text, tables).items():
            record = target.definitions.get(path)
            for name, items in found.items() if record is not None else ():
                if any(p.name == name for p in _params(record)):
                    record.value_deprecations.setdefault(name, list(items))


def pyx_value_deprecations(module: str, text: str, tables: dict[str, dict[str, str]]
                           ) -> dict[str, dict[str, list[ValueDeprecation]]]:
    """Function path -> parameter -> deprecated values, for the module's warning functions."""
    functions = warning_functions(text)
    if not functions:
        return {}
    own = dict(tables.get(module, {}))
    for local, (source, name) in imported_names(text, module).items():
        literal = tables.get(source, {}).get(name)
        if literal is not None:
            own.setdefault(local, literal)
    source = "\n".join([f"{name} = {literal}" for name, literal in own.items()] + functions)
    info = scan_module(module, source + "\n", False)
    return {path: d.value_deprecations for path, d in info.definitions.items()
            if d.value_deprecations}


def module_tables(text: str) -> dict[str, str]:
    """Module-level names bound to a dict/set/list/tuple literal: name -> its source."""
    if "{" not in text:
        return {}
    lines = text.split("\n")
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = _TABLE.match(line) if line[:1].isalpha() or line[:1] == "_" else None
        if match is None:
            continue
        literal = _bracketed(lines, i, line[match.end():])
        if literal is not None:
            found[match.group(1)] = literal
    return found


def _bracketed(lines: list[str], start: int, first: str) -> str | None:
    """The literal that opens on ``first`` (the rest of line ``start``), to its closing
    bracket (strings in a table do not run over lines)."""
    parts, depth = [], 0
    for j in range(start, min(len(lines), start + MAX_TABLE_LINES)):
        text = first if j == start else lines[j]
        parts.append(text)
        depth += _delta(text)
        if depth <= 0:
            return _literal("\n".join(parts))
    return None


def _delta(text: str) -> int:
    delta = 0
    for _, ch, _ in _scan(text):
        if ch == "#":
            break
        delta += 1 if ch in "([{" else -1 if ch in ")]}" else 0
    return delta


def _literal(text: str) -> str | None:
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return None
    return text if isinstance(tree.body, (ast.Dict, ast.Set, ast.List, ast.Tuple)) else None


def imported_names(text: str, module: str) -> dict[str, tuple[str, str]]:
    """Module-level ``from M (c)import a, b as c``: local name -> (absolute module, name)."""
    found: dict[str, tuple[str, str]] = {}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = _FROM.match(line)
        if match is None:
            continue
        names = match.group(2)
        j = i
        while "(" in names and ")" not in names and j + 1 < len(lines):
            j += 1
            names += " " + lines[j].split("#", 1)[0]
        source = _absolute(match.group(1), module)
        for item in names.strip("() ").replace("(", "").replace(")", "").split(","):
            words = item.split()
            if words and words[0].isidentifier():
                local = words[-1] if len(words) == 3 and words[1] == "as" else words[0]
                found[local] = (source, words[0])
    return found


def _absolute(name: str, module: str) -> str:
    dots = len(name) - len(name.lstrip("."))
    if not dots:
        return name
    base = module.split(".")[:-dots]
    return ".".join(base + ([name[dots:]] if name[dots:] else []))


def warning_functions(text: str) -> list[str]:
    """Module-level functions whose body warns, as Python source (those that parse)."""
    if "warn" not in text:
        return []
    lines = text.replace("\r\n", "\n").expandtabs(8).split("\n")
    found = []
    i = 0
    while i < len(lines):
        if not _DEF.match(lines[i]):
            i += 1
            continue
        header, body_at = _header(lines, i)
        end = _skip_block(lines, body_at, 0)
        body = lines[body_at:end]
        i = max(end, i + 1)
        python = _def_header(header)
        if python is None or not any("warn" in line for line in body):
            continue
        source = python + "\n" + "\n".join(_python_lines(body))
        try:
            ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        found.append(textwrap.dedent(source))
    return found


def _python_lines(body: list[str]) -> list[str]:
    """The body with its C declarations dropped (a ``cdef:`` block becomes ``pass``)."""
    out: list[str] = []
    block = -1  # the indent of an open ``cdef:`` block
    for line in body:
        indent = len(line) - len(line.lstrip())
        if block >= 0 and (indent > block or not line.strip()):
            continue
        block = -1
        if line.strip() == "cdef:":
            block = indent
            out.append(line[:indent] + "pass")
            continue
        out.append(_python_line(line))
    return out


def _python_line(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("cdef "):
        match = _C_DECLARATION.match(stripped)
        indent = line[: len(line) - len(stripped)]
        return indent + (f"{match.group(1)} ={stripped[match.end():]}" if match else "pass")
    return _CAST.sub("", line) if "<" in line else line


def _params(record) -> list:
    return record.params or (record.overloads[0] if record.overloads else [])
