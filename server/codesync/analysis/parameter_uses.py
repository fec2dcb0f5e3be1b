"""The members each parameter of a function is used with, read from the body's text.

Same answers as ``likely_types.members_used`` for every name whose members can tell a type
(the only answers the site collector reads), but with a fixed set of compiled patterns scanned
once per body for every name at once, where that function compiles three patterns per
parameter name (thousands per project, beyond the ``re`` module's cache).
"""

from __future__ import annotations

import re
from collections import deque

from .likely_types import NESTED_SCOPE, distinctive

_WORD = re.compile(r"(?<![\w.])\w+")  # a name not reached through an attribute
_ASSIGNED = re.compile(r"(?<![\w.=!<>])(\w+)(?=\s*(?:=(?!=)|:=|[-+*/|&%@^]=))")
_AS = re.compile(r"\bas(?=\s+(\w+))")
_DEL = re.compile(r"\bdel(?=\s+(\w+))")
_TYPE_TEST = re.compile(r"\b(?:isinstance|hasattr|getattr|type)\((?=\s*(\w+))")
_FOR = re.compile(r"\bfor\b[^:\n]*")  # a for clause, up to its colon or the line's end
_IN = re.compile(r"\bin\b")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_WORD_OR_DOT = re.compile(r"[\w.]")


def parameter_members(body: str, names: set[str]) -> dict[str, frozenset[str] | None]:
    """Per parameter name, the members read on it in a function body's source text, where
    they may tell its type (``distinctive``); None when the body rebinds the name, tests its
    type (``isinstance``/``hasattr``: code written for several types) or has a nested scope
    that may see it (a closure). A name whose members tell nothing gets an empty set without
    those tests (most parameters: the body is then scanned once)."""
    members = _members_read(body, names)
    telling = {name for name, used in members.items() if distinctive(frozenset(used))}
    if not telling:
        return dict.fromkeys(names, frozenset())
    unusable = telling if NESTED_SCOPE.search(body) is not None else telling & _rebound(body)
    return {name: None if name in unusable else frozenset(members[name]) if name in telling
            else frozenset() for name in names}


def _members_read(body: str, names: set[str]) -> dict[str, set[str]]:
    """``name.member`` where ``name`` is a whole word not reached through an attribute: what
    ``(?<![\\w.])(\\w+)\\.([A-Za-z_]\\w*)`` finds for these names, found by searching for each
    name (that pattern, tried at every place of the body, cost more than the rest of the scan)."""
    members: dict[str, set[str]] = {}
    for name in names:
        dotted, at = f"{name}.", 0
        while (at := body.find(dotted, at)) >= 0:
            member = _IDENTIFIER.match(body, at + len(dotted))
            if member is not None and (at == 0 or _WORD_OR_DOT.match(body, at - 1) is None):
                members.setdefault(name, set()).add(member.group())
            at += len(dotted)
    return members


def _rebound(body: str) -> set[str]:
    """Names assigned, bound by ``as``, deleted, iterated into or type-tested."""
    found = {name for pattern in (_ASSIGNED, _AS, _DEL, _TYPE_TEST) for name in pattern.findall(body)}
    for clause in _FOR.finditer(body):
        start = clause.start() + len("for")
        last_in = deque(_IN.finditer(body, start, clause.end()), maxlen=1)
        if last_in:  # a name of the clause before its last ``in``
            found.update(m.group() for m in _WORD.finditer(body, start, last_in[0].start()))
    return found
