"""Whether a stored definition reads as a well-typed :class:`Definition`.

Building the database from the text form checks every definition row (a damaged one is
skipped, not stored). ``Definition.from_json`` and the type checks after it are the rule;
they cost most of a first run. ``plainly_valid`` is a quick test on the decoded JSON that
implies that rule for rows shaped as the extractor writes them: a row it accepts always
passes the full check, and any other row (an unknown key included) gets the full check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Definition


def _text(value: Any) -> bool:
    return type(value) is str


def _params(value: Any) -> bool:
    """A list of ``[name, kind]`` or ``[name, kind, default]`` (default text or null)."""
    if type(value) is not list:
        return False
    for param in value:
        if type(param) is not list or not 2 <= len(param) <= 3 \
                or type(param[0]) is not str or type(param[1]) is not str:
            return False
        if len(param) == 3 and param[2] is not None and type(param[2]) is not str:
            return False
    return True


def _anything(value: Any) -> bool:
    return True  # read with bool(), str() or kept as it is: any JSON value will do


def _dict_of_dicts(value: Any) -> bool:
    return type(value) is dict and all(type(v) is dict for v in value.values())


def _list_of_lists(value: Any) -> bool:
    return type(value) is list and all(type(v) is list for v in value)


# Every key ``Definition.from_json`` reads, with a test under which reading it cannot fail
# and the full check's type tests hold. A key missing here sends the row to the full check.
_KEYS: dict[str, Callable[[Any], bool]] = {
    "kind": _text,
    "params": lambda v: v is None or _params(v),
    "overloads": lambda v: type(v) is list and all(_params(s) for s in v),
    "returns": lambda v: v is None or type(v) is str,
    "bases": lambda v: type(v) is list and all(type(b) is str for b in v),
    "deprecated": lambda v: type(v) is dict,
    "param_deprecations": _dict_of_dicts,
    "default_notices": _dict_of_dicts,
    "conditional_deprecations": lambda v: type(v) is list and all(type(d) is dict for d in v),
    "extra_keywords": lambda v: type(v) is dict,
    "expired": lambda v: type(v) is dict,
    "deprecated_names": lambda v: type(v) is dict,
    "serves": lambda v: type(v) is list,
    "unlisted": lambda v: type(v) is list,
    "attributes": lambda v: type(v) is list,
    "properties": lambda v: type(v) is list,
    "exclusive": _list_of_lists,
    "yields": _anything,
    "positional_limit": _anything,
    "decorated": _anything,
    "dynamic": _anything,
    "members_complete": _anything,
    "forwards_kwargs": _anything,
    "method_kind": _anything,
    "decorator_kwargs": _anything,
    "forwards": lambda v: v is None or type(v) is str,
}


def plainly_valid(row: dict[str, Any]) -> bool:
    """True only when ``check_definition`` would accept ``row`` (False: ask it)."""
    if type(row.get("kind")) is not str:
        return False
    for key, value in row.items():
        test = _KEYS.get(key)
        if test is None or not test(value):
            return False
    return True


def validate_definition(path: str, row: dict[str, Any]) -> None:
    """Raise TypeError/ValueError unless ``row`` reads as a well-typed Definition."""
    if not plainly_valid(row):
        check_definition(path, row)


def check_definition(path: str, row: dict[str, Any]) -> None:
    """The full check: the row read as a Definition, then the types it must have."""
    definition = Definition.from_json(path, row)
    if not isinstance(definition.kind, str):
        raise TypeError("kind is not text")
    for signature in [definition.params or [], *definition.overloads]:
        for param in signature:
            if not (isinstance(param.name, str) and isinstance(param.kind, str)
                    and (param.default is None or isinstance(param.default, str))):
                raise TypeError(f"parameter {param!r} of {path} is not well-typed")
    if definition.returns is not None and not isinstance(definition.returns, str):
        raise TypeError("returns is not text")
    if not all(isinstance(b, str) for b in definition.bases):
        raise TypeError("bases are not text")
