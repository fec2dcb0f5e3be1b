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


NESTED_SCOPE = re.compile(r"\b(lambda|def|class)\b")


def members_used(body: str, names: set[str]) -> dict[str, frozenset[str] | None]:
    """Per parameter name, the members read on it in a function body's source text (a text
    search: a walk of the tree per function cost as much as the rest of the check); None when
    the body rebinds the name, tests its type (``isinstance``/``hasattr``: code written for
    several types) or has a nested scope that may see it (a closure)."""
    nested = NESTED_SCOPE.search(body) is not None
    used: dict[str, frozenset[str] | None] = {}
    for name in names:
        n = re.escape(name)
        if re.search(rf"(?<![\w.]){n}\b", body) is None:
            used[name] = frozenset()
        elif nested or re.search(
                rf"(?<![\w.=!<>]){n}\s*(=(?!=)|:=|[-+*/|&%@^]=)|\bas\s+{n}\b|\bdel\s+{n}\b"
                rf"|\bfor\b[^:\n]*(?<![\w.]){n}\b[^:\n]*\bin\b"
                rf"|\b(isinstance|hasattr|getattr|type)\(\s*{n}\b", body):
            used[name] = None
        else:
            used[name] = frozenset(re.findall(rf"(?<![\w.]){n}\.([A-Za-z_]\w*)", body))
    return used


MIN_MEMBERS = 2  # one member (`seed.choice(...)`) fits too many unrelated objects


def distinctive(members: frozenset[str]) -> bool:
    """Enough members, one of which no builtin or common standard-library type has."""
    return len(members) >= MIN_MEMBERS and any(
        m not in COMMON_MEMBERS and not m.startswith("_") for m in members)


def classes_with(members: frozenset[str], classes: dict[str, frozenset[str]]) -> list[str]:
    return sorted(path for path, names in classes.items() if members <= names)
