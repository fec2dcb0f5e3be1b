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

_ASSIGNMENT_AFTER = re.compile(r"\s*(?:=(?!=)|:=|[-+*/|&%@^]=)")
_TYPE_TESTS = ("isinstance", "hasattr", "getattr", "type")
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
    unusable = telling if NESTED_SCOPE.search(body) is not None else _rebound(body, telling)
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


def _rebound(body: str, names: set[str]) -> set[str]:
    """Those of ``names`` the body assigns, binds by ``as``, deletes, iterates into or
    type-tests: where a whole word ``name`` stands (searched for by name), what is before and
    after it is what these patterns, tried everywhere, would find:
    ``(?<![\\w.=!<>])(\\w+)(?=\\s*(?:=(?!=)|:=|[-+*/|&%@^]=))``, ``\\bas(?=\\s+(\\w+))``,
    ``\\bdel(?=\\s+(\\w+))``, ``\\b(?:isinstance|hasattr|getattr|type)\\((?=\\s*(\\w+))``, and
    a word not after ``.`` in a ``for`` clause before its last ``in``."""
    targets = None  # the for clauses' target lists, found once
    found = set()
    for name in names:
        for at in _word_places(body, name):
            end = at + len(name)
            before = body[at - 1] if at else " "
            if before not in ".=!<>" and _ASSIGNMENT_AFTER.match(body, end) or \
                    _bound_by_word_before(body, at):
                found.add(name)
                break
            if targets is None:
                targets = _for_targets(body)
            if before != "." and any(start <= at and end <= stop for start, stop in targets):
                found.add(name)
                break
    return found


def _word_places(body: str, name: str):
    """Where ``name`` stands as a whole word."""
    at = body.find(name)
    while at >= 0:
        end = at + len(name)
        if (not at or not _is_word(body[at - 1])) and (end == len(body) or not _is_word(body[end])):
            yield at
        at = body.find(name, at + 1)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\\w`` matches


def _bound_by_word_before(body: str, at: int) -> bool:
    """After ``as`` or ``del`` and space, or after a type test's ``(`` and optional space."""
    start = at
    while start and body[start - 1].isspace():
        start -= 1
    if start < at:
        for word in ("as", "del"):
            if body.endswith(word, 0, start) and _starts_word(body, start - len(word)):
                return True
    if start and body[start - 1] == "(":
        return any(body.endswith(test, 0, start - 1) and
                   _starts_word(body, start - 1 - len(test)) for test in _TYPE_TESTS)
    return False


def _starts_word(body: str, at: int) -> bool:
    return at >= 0 and (not at or not _is_word(body[at - 1]))


def _for_targets(body: str) -> list[tuple[int, int]]:
    """Per ``for`` clause, the span between ``for`` and its last ``in``."""
    spans = []
    for clause in _FOR.finditer(body):
        start = clause.start() + len("for")
        last_in = deque(_IN.finditer(body, start, clause.end()), maxlen=1)
        if last_in:
            spans.append((start, last_in[0].start()))
    return spans
