"""A parameter with no annotation, typed by how the function uses it.

``def summarise(frame): frame.groupby("k").agg(...); frame.to_csv(path)`` uses members that,
among the distributions the file imports, only a few library classes have. When at least two
members are used and one class
(or at most ``MAX_ALTERNATIVES``, checked like any "A or B" receiver) has every member used,
and at least one of them is not a member of a builtin or common standard-library type, the
parameter is taken to be an instance of it. Findings through such a receiver get their own
code (``likely-stale``, a warning) so users can keep or drop that confidence level.
"""

from __future__ import annotations

import array
import ast
import collections
import datetime
import decimal
import fractions
import io
import pathlib
import re

MAX_ALTERNATIVES = 3
_COMMON_TYPES = (object, list, dict, str, bytes, bytearray, set, frozenset, tuple, int, float,
                 complex, bool, range, memoryview, slice, io.TextIOWrapper, io.BytesIO,
                 io.StringIO, pathlib.Path, collections.OrderedDict, collections.defaultdict,
                 collections.Counter, collections.deque, datetime.datetime, datetime.date,
                 datetime.timedelta, decimal.Decimal, fractions.Fraction, array.array,
                 type(re.compile("")), type(re.match("", "")))
COMMON_MEMBERS = frozenset(name for kind in _COMMON_TYPES for name in dir(kind))


def members_used(body: list[ast.stmt], name: str) -> frozenset[str] | None:
    """The members read on ``name`` in a function body; None when the body rebinds the name,
    tests its type (``isinstance``/``hasattr``: code written for several types) or uses it in
    a nested function (a closure may see another value)."""
    used: set[str] = set()
    for node in (n for stmt in body for n in ast.walk(stmt)):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            return None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
                return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("isinstance", "hasattr", "getattr", "type") and node.args and \
                isinstance(node.args[0], ast.Name) and node.args[0].id == name:
            return None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id == name:
            used.add(node.attr)
    return frozenset(used)


MIN_MEMBERS = 2  # one member (`seed.choice(...)`) fits too many unrelated objects


def distinctive(members: frozenset[str]) -> bool:
    """Enough members, one of which no builtin or common standard-library type has."""
    return len(members) >= MIN_MEMBERS and any(
        m not in COMMON_MEMBERS and not m.startswith("_") for m in members)


def classes_with(members: frozenset[str], classes: dict[str, frozenset[str]]) -> list[str]:
    return sorted(path for path, names in classes.items() if members <= names)
