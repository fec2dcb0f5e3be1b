"""The ``__init__`` a dataclass-style decorator writes, from the class body's fields.

    @dataclass                          @attr.s(frozen=True)
    class Task:                         class VersionInfo:
        id: int                             _year = attr.ib(type=int)
        tag: str = field(kw_only=True)      _minor = attr.ib(type=int)
        start: float = field(init=False)

``dataclasses`` takes every annotated name (not ``ClassVar``); attrs' ``@attr.s`` takes the
names bound to ``attr.ib()``, and ``@define`` the annotated ones unless some ``attr.ib()`` is
not annotated. ``field(init=False)`` is no parameter, ``field(default=X)`` defaults to X,
keyword-only fields (``kw_only=True``, after ``_: KW_ONLY``) come last, and attrs names the
parameter of ``_year`` ``year`` (or its ``alias=``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from ..knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD, Param
from .deprecations import dotted_name, last_name

DATACLASS_DECORATORS = ("dataclass", "define", "frozen", "attrs", "mutable", "s", "attributes")
ATTRS_DECORATORS = {"define", "frozen", "attrs", "mutable", "s", "attributes"}
FIELD_CALLS = {"field", "ib", "attrib"}


@dataclass
class FieldEntry:
    """A name the class body binds, in order: ``x: int = ...`` or ``x = attr.ib()``."""

    name: str
    value: ast.expr | None
    annotation: ast.expr | None  # None: bound without one


def decorator_options(node: ast.ClassDef) -> dict[str, bool] | None:
    """The literal options of a dataclass-style decorator (``init=False``, ``kw_only=True``;
    ``attrs``: made by attrs), or None when the class has none."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        name = dotted_name(call.func if call else decorator)
        last = name.rpartition(".")[2]
        if last not in DATACLASS_DECORATORS or last in ("s", "attributes") and \
                name.rpartition(".")[0] not in ("attr", "attrs"):
            continue
        options = {"attrs": last in ATTRS_DECORATORS}
        for keyword in call.keywords if call else []:
            if keyword.arg and isinstance(keyword.value, ast.Constant) and \
                    isinstance(keyword.value.value, bool):
                options[keyword.arg] = keyword.value.value
        if last in ("s", "attributes", "attrs") and "auto_attribs" not in options:
            options["auto_attribs"] = False  # the classic API: only attr.ib() fields
        return options
    return None


def init_params(entries: list[FieldEntry], options: dict[str, bool],
                class_var: Callable[[ast.expr], bool],
                default_text: Callable[[ast.expr], str | None]) -> list[Param]:
    """The parameters of the ``__init__`` the decorator writes for these fields."""
    kw_only = bool(options.get("kw_only"))
    params: list[Param] = []
    for entry in _fields(entries, options, class_var):
        if entry.annotation is not None and last_name(entry.annotation) == "KW_ONLY":
            kw_only = True  # ``_: KW_ONLY``: the fields after it
            continue
        param = _field_param(entry, kw_only, bool(options.get("attrs")))
        if param is not None:
            name, kind, value = param
            params.append(Param(name, kind, default_text(value) if value is not None else None))
    params.sort(key=lambda p: p.kind == KEYWORD_ONLY)  # Python puts those last
    return params


def _fields(entries: list[FieldEntry], options: dict[str, bool],
            class_var: Callable[[ast.expr], bool]) -> list[FieldEntry]:
    called = [e for e in entries if _field_call(e.value) is not None]
    if options.get("attrs") and (options.get("auto_attribs") is False or
                                 any(e.annotation is None for e in called)):
        return called
    return [e for e in entries if e.annotation is not None and not class_var(e.annotation)]


def _field_call(value: ast.expr | None) -> ast.Call | None:
    if isinstance(value, ast.Call) and last_name(value.func) in FIELD_CALLS:
        return value
    return None


def _field_param(entry: FieldEntry, kw_only: bool, attrs: bool
                 ) -> tuple[str, str, ast.expr | None] | None:
    """(name, kind, default expression) of the field's parameter, or None for no parameter."""
    name, value = entry.name, entry.value
    if attrs:
        name = name.lstrip("_") or name  # attrs: ``_year`` is set by ``year=``
    call = _field_call(value)
    if call is not None:
        options = {k.arg: k.value for k in call.keywords if k.arg}
        if isinstance(options.get("init"), ast.Constant) and options["init"].value is False:
            return None
        if isinstance(options.get("kw_only"), ast.Constant):
            kw_only = bool(options["kw_only"].value)  # type: ignore[union-attr]
        alias = options.get("alias")
        if isinstance(alias, ast.Constant) and isinstance(alias.value, str):
            name = alias.value
        if "default" in options:
            value = options["default"]
        elif "factory" in options or "default_factory" in options:
            value = call  # optional: a value made for each instance
        elif attrs and call.args:
            value = call.args[0]  # ``attr.ib(0)``: the default comes first
        else:
            value = None
    return name, KEYWORD_ONLY if kw_only else POSITIONAL_OR_KEYWORD, value
