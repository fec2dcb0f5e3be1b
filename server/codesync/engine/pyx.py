"""Cython sources (``.pyx``) -> a Python skeleton of what Python code can call in them.

Declaration files (``.pxd``) give the same skeleton of what they declare Python-visible:
``cpdef`` functions and methods (a bodiless declaration, its defaults written ``=*``) and
``cdef class`` extension types (``declarations_skeleton``).

Compiled modules ship no Python source, and their ``.pyi`` stubs write defaults as ``...``.
The sdist's ``.pyx`` says what they really are. Only the structure is kept: classes,
``def``/``cpdef`` functions and methods with their parameter names and defaults (C types
removed), decorators, plain imports, module-level aliases of those classes and functions
(``BDay = BusinessDay``) and module-level constants (``FLAG = True``). Bodies become ``...``; ``cdef`` functions, C declarations,
compile-time lines and ``@cython.internal`` types (Python never sees them) are dropped. The
result always parses.
"""

from __future__ import annotations

import ast
import re

_DEF = re.compile(r"(?:cpdef|def)\s")
_CLASS = re.compile(r"(?:(?:cdef|cpdef)\s+)?(?:(?:public|api|final|inline)\s+)*class\s")
_C_ONLY = re.compile(r"(?:cdef|ctypedef|cimport|include|DEF|IF|ELIF|ELSE|property)\b")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_TRAILING_NONE = re.compile(r"\s+(?:not|or)\s+None\s*$")
_IMPORT = re.compile(r"(?:import|from)\s")
_ALIAS = re.compile(r"[A-Za-z_]\w*\s*=\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_INTERNAL = re.compile(r"@cython\.internal\s*$")
_DECLARED_DEFAULT = re.compile(r"=\s*\*(?=\s*[,)])")  # ``bint derivative=*``: has a default


def python_skeleton(text: str) -> str:
    """The Python-visible API of a ``.pyx`` file as Python source (never raises)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8).split("\n")
    out: list[str] = []
    defined: set[str] = set()  # classes and functions kept at module level
    containers: list[int] = []  # source indents of the kept classes we are inside
    decorators: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        while containers and indent <= containers[-1]:
            containers.pop()
        depth = len(containers)
        if stripped.startswith("@"):
            decorators.append(stripped)
            i += 1
            continue
        if _CLASS.match(stripped) or _DEF.match(stripped):
            header, i = _header(lines, i)
            python = _class_header(header) if _CLASS.match(stripped) else _def_header(header)
            kept = python is not None and _parses(python, decorators) and \
                not any(_INTERNAL.match(d) for d in decorators)  # not a module attribute
            if kept:
                pad = "    " * depth
                out.extend(pad + d for d in _python_decorators(decorators))
                out.append(pad + python)
                out.append(pad + "    ...")
                if depth == 0:
                    defined.add(_IDENTIFIER.findall(python)[1])
                if python.startswith("class "):
                    containers.append(indent)
            decorators = []
            if not kept or not python.startswith("class "):
                i = _skip_block(lines, i, indent)
            continue
        decorators = []
        opened = _open_string(line)
        if opened:  # a string (a class docstring) running over lines, maybe at column 0
            i = _string_end(lines, i + 1, opened)
            continue
        if depth == 0 and _IMPORT.match(stripped) and " cimport " not in f" {stripped} " \
                and _parses(stripped, []):
            out.append(stripped)
        elif depth == 0 and indent == 0 and _ALIAS.fullmatch(stripped) and \
                _IDENTIFIER.findall(stripped)[1] in defined:
            out.append(stripped)  # ``cache_readonly = CachedProperty`` (not ``NaT = c_NaT``)
        elif depth == 0 and indent == 0 and _constant_assignment(stripped):
            out.append(stripped)  # ``BACKWARD_OVERWRITE = True``: a Python global of the module
        elif stripped.endswith(":") or _C_ONLY.match(stripped):
            i = _skip_block(lines, i + 1, indent)
            continue
        i += 1
    return _checked("\n".join(out) + "\n")


def declarations_skeleton(text: str) -> str:
    """The Python-visible names a ``.pxd`` declares, as Python source (never raises)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped.startswith("cpdef ") or stripped.endswith(":"):
            out.append(lines[i])
            i += 1
            continue
        start, depth = i, 0
        while i < len(lines):  # a declaration may run over lines until its brackets close
            depth += sum(1 for _, ch, _ in _scan(lines[i]) if ch in "([{") - \
                sum(1 for _, ch, _ in _scan(lines[i]) if ch in ")]}")
            i += 1
            if depth <= 0:
                break
        declaration = " ".join(line.strip() for line in lines[start:i])
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        out.append(indent + _DECLARED_DEFAULT.sub("=...", declaration) + ":")
    return python_skeleton("\n".join(out))


def _open_string(line: str, quote: str = "") -> str:
    """The triple quote open after ``line`` (given the one open before it), or ''."""
    for match in re.finditer(r'"""|\'\'\'', line):
        token = match.group(0)
        if not quote:
            quote = token
        elif token == quote:
            quote = ""
    return quote


def _string_end(lines: list[str], i: int, quote: str) -> int:
    while i < len(lines):
        if quote in lines[i]:
            return i + 1
        i += 1
    return i


def _header(lines: list[str], start: int) -> tuple[str, int]:
    """The text of a def/class header that may span lines, and the index after it."""
    parts: list[str] = []
    depth = 0
    quote = ""
    i = start
    while i < len(lines):
        line = lines[i]
        kept = []
        j = 0
        while j < len(line):
            ch = line[j]
            if quote:
                if line.startswith(quote, j):
                    kept.append(quote)
                    j += len(quote)
                    quote = ""
                    continue
                if ch == "\\" and j + 1 < len(line):
                    kept.append(line[j:j + 2])
                    j += 2
                    continue
            elif ch in "\"'":
                quote = ch * 3 if line.startswith(ch * 3, j) else ch
                kept.append(quote)
                j += len(quote)
                continue
            elif ch == "#":
                break
            elif ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            elif ch == ":" and depth <= 0:
                parts.append("".join(kept))
                return " ".join(p.strip() for p in parts), i + 1
            kept.append(ch)
            j += 1
        parts.append("".join(kept))
        if len(quote) == 1:
            quote = ""  # an unterminated one-line string
        i += 1
    return " ".join(p.strip() for p in parts), i


def _skip_block(lines: list[str], i: int, indent: int) -> int:
    """Skip lines indented deeper than ``indent`` (a body), minding triple-quoted strings."""
    quote = ""
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        deeper = len(line) - len(line.lstrip()) > indent
        if not quote and stripped and not deeper and not stripped.startswith("#"):
            return i
        quote = _open_string(line, quote)
        i += 1
    return i


def _class_header(header: str) -> str | None:
    text = _CLASS.sub("class ", header, count=1).strip()
    text = re.sub(r"\[[^\]]*\]", "", text)  # cdef class X [object X, type XType]
    match = re.match(r"class\s+([A-Za-z_]\w*)\s*(\(.*\))?\s*$", text)
    if not match:
        return None
    return f"class {match.group(1)}{match.group(2) or ''}:"


def _def_header(header: str) -> str | None:
    open_at = header.find("(")
    if open_at < 0:
        return None
    names = _IDENTIFIER.findall(header[:open_at])
    if not names:
        return None
    close_at = _matching(header, open_at)
    if close_at is None:
        return None
    params = [_param(p) for p in _split_top(header[open_at + 1:close_at])]
    if any(p is None for p in params):
        return None
    return f"def {names[-1]}({', '.join(p for p in params if p)}):"


def _param(text: str) -> str | None:
    text = text.strip()
    if text in ("", "*", "/") or text.startswith("**") or re.fullmatch(r"\*\s*\w+", text):
        return text.replace(" ", "")
    left, default = _split_default(text)
    left = _TRAILING_NONE.sub("", left)
    if ":" in left:  # a Python annotation
        left = left.split(":", 1)[0]
    left = re.sub(r"\[[^\]]*\]", " ", left)  # ndarray[int64_t, ndim=1] values
    names = _IDENTIFIER.findall(left)
    if not names:
        return None
    return names[-1] + (f"={default.strip()}" if default is not None else "")


def _scan(text: str, start: int = 0):
    """(index, char, bracket depth after it) for each character outside string literals."""
    depth, quote = 0, ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
            continue
        if ch in "\"'":
            quote = ch
            continue
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        yield i, ch, depth


def _split_default(text: str) -> tuple[str, str | None]:
    for i, ch, depth in _scan(text):
        if ch == "=" and depth == 0 and text[i + 1:i + 2] != "=" and text[i - 1:i] not in "<>!=":
            return text[:i], text[i + 1:]
    return text, None


def _split_top(text: str) -> list[str]:
    cuts = [i for i, ch, depth in _scan(text) if ch == "," and depth == 0]
    parts = [text[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(text)])]
    return [p for p in parts if p.strip()]


def _matching(text: str, open_at: int) -> int | None:
    return next((i for i, ch, depth in _scan(text, open_at) if ch in ")]}" and depth == 0), None)


def _python_decorators(decorators: list[str]) -> list[str]:
    return [d for d in decorators if not d.startswith("@cython.")]


def _constant_assignment(line: str) -> bool:
    """``NAME = <literal>`` (a number, string, ``True``/``False``/``None``) on one line."""
    if "=" not in line or line.startswith(("cdef", "cpdef", "DEF")):
        return False
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError):
        return False
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return False
    stmt = tree.body[0]
    value = stmt.value.operand if isinstance(stmt.value, ast.UnaryOp) else stmt.value
    return len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and \
        isinstance(value, ast.Constant)


def _parses(header: str, decorators: list[str]) -> bool:
    body = "\n    ..." if header.endswith(":") else ""
    try:
        ast.parse("\n".join([*_python_decorators(decorators), header]) + body)
    except (SyntaxError, ValueError):
        return False
    return True


def _checked(source: str) -> str:
    """The skeleton, or as much of it as parses (a last guard: every piece was checked)."""
    try:
        ast.parse(source)
        return source
    except (SyntaxError, ValueError):
        return "\n".join(line for line in source.splitlines() if not line.startswith(" ")
                         and _parses(line, [])) + "\n"


__all__ = ["declarations_skeleton", "python_skeleton"]
