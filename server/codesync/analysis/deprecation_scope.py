"""Whether a parameter's deprecation covers every value passed to it, or only some.

A warning raised in a function body under a guard that names a parameter is stored as that
parameter's deprecation. Many such warnings are about some values only: "Units 'H', 'T' ...
are deprecated", "errors='ignore' is deprecated", "Passing a BlockManager to Series is
deprecated". Only warnings whose text says the parameter itself is deprecated (the
``'closed'`` keyword, the ``squeeze`` argument, ``closed is deprecated``) cover every value;
a text that names values covers those; any other text is too vague to report on. A note in
the parameter's docstring entry covers the whole parameter unless it names values;
decorators deprecate the whole parameter.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..knowledge.model import Deprecation
from .value_scope import Kind, named_kinds, restricted

_QUOTE = "['\"`]{0,2}"  # none, 'x', `x` or ``x``
_LITERAL = r"""'[^']*'|"[^"]*"|True|False|None|-?\d+(?:\.\d+)?"""
_QUOTED = re.compile(r"""'([^']*)'|"([^"]*)\"""")


@dataclass(frozen=True)
class Scope:
    whole: bool  # every value passed to the parameter is deprecated
    values: tuple[object, ...] = ()  # else, only these literal values
    kinds: tuple[Kind, ...] = ()  # or values of these kinds ("passing a string ...")


def parameter_scope(record: Deprecation, name: str) -> Scope:
    message = record.message
    if record.form == "docstring":  # the note sits in the parameter's own entry
        values = _named_values(message, name)
        if not values and restricted(message):  # "passing an axis where axis > a.ndim ..."
            return Scope(whole=False, kinds=named_kinds(message))
        return Scope(whole=not values, values=values)
    if record.form != "warn" or _names_the_parameter(message, name):
        return Scope(whole=True)
    return Scope(whole=False, values=_named_values(message, name), kinds=named_kinds(message))


def covers(scope: Scope, argument: ast.AST) -> bool:
    """Whether passing ``argument`` is deprecated under ``scope``."""
    if scope.whole or any(test(argument) for test in scope.kinds):
        return True
    if not scope.values:
        return False
    try:
        value = ast.literal_eval(argument)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False  # not a literal: whether it is one of the values is unknown
    return any(type(value) is type(v) and value == v for v in scope.values)


def _names_the_parameter(message: str, name: str) -> bool:
    p = re.escape(name)
    patterns = (
        rf"{_QUOTE}\b{p}\b{_QUOTE}\s+(keyword|argument|parameter|kwarg|option)",
        rf"(keyword|argument|parameter|kwarg)s?\s+{_QUOTE}\b{p}\b{_QUOTE}(?!\s*=)",
        # "closed is deprecated", "the `closed` ... is", "'closed' is": said of the name itself,
        # not "passing a dict with an index is deprecated"
        rf"(^|[.;:]\s+|\bthe\s+){_QUOTE}\b{p}\b{_QUOTE}\s+(is|was|has been|are)\s+(now\s+)?"
        rf"(deprecated|renamed)",
        rf"['\"`]{{1,2}}{p}['\"`]{{1,2}}\s+(is|was|has been|are)\s+(now\s+)?(deprecated|renamed)",
        rf"instead of\s+{_QUOTE}\b{p}\b{_QUOTE}(?!\s*=)",
    )
    return any(re.search(pattern, message, re.I) for pattern in patterns)


def _named_values(message: str, name: str) -> tuple[object, ...]:
    """``name='x'`` in the text, else the quoted literals before "deprecated"."""
    assigned = re.findall(rf"\b{re.escape(name)}\s*=\s*({_LITERAL})", message)
    if assigned:
        return tuple(_literal(text) for text in assigned)
    head = re.split(r"\bdeprecated\b", message, maxsplit=1, flags=re.I)
    if len(head) < 2:
        return ()
    return tuple(text for a, b in _QUOTED.findall(head[0]) if (text := a or b) != name)


def _literal(text: str) -> object:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def keyword_value_template(record: Deprecation) -> str | None:
    """The ``new=value`` the text asks for instead of the deprecated keyword, if any."""
    if not record.replacement:
        return None
    found = re.search(rf"\b{re.escape(record.replacement)}\s*=\s*({_LITERAL})", record.message)
    return f"{record.replacement}={_source_literal(found.group(1))}" if found else None


def _source_literal(text: str) -> str:
    """A literal as code should spell it: ``'\\s+'`` in a text means the regex, so
    ``r'\\s+'`` (Python warns on the invalid escape otherwise)."""
    if "\\" in text and text[0] in "'\"" and "\\" + text[0] not in text:
        return "r" + text
    return text
