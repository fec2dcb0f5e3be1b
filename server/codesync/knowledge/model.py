"""The records the knowledge holds about one library release.

A release is described by two tables:

* exports: public dotted path -> canonical path of the object it names
  (``pandas.DataFrame`` -> ``pandas.core.frame.DataFrame``); modules export themselves.
* definitions: canonical path -> ``Definition`` (kind, signature, deprecation, bases, ...).
  Class members are stored under the class that defines them; inherited members are found
  through ``bases`` at query time, which keeps the store small.

Every record is a plain JSON object in the committed form; these classes are the typed view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

POSITIONAL_ONLY = "p"
POSITIONAL_OR_KEYWORD = "a"
VAR_POSITIONAL = "v"
KEYWORD_ONLY = "k"
VAR_KEYWORD = "w"

KIND_NAMES = {
    POSITIONAL_ONLY: "positional-only",
    POSITIONAL_OR_KEYWORD: "positional-or-keyword",
    VAR_POSITIONAL: "*args",
    KEYWORD_ONLY: "keyword-only",
    VAR_KEYWORD: "**kwargs",
}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str | None = None  # source text of the default; None when required

    @property
    def required(self) -> bool:
        return self.default is None and self.kind in (
            POSITIONAL_ONLY,
            POSITIONAL_OR_KEYWORD,
            KEYWORD_ONLY,
        )

    def to_json(self) -> list:
        return [self.name, self.kind] if self.default is None else [self.name, self.kind, self.default]

    @classmethod
    def from_json(cls, data: list) -> Param:
        return cls(data[0], data[1], data[2] if len(data) > 2 else None)

    def render(self) -> str:
        prefix = {VAR_POSITIONAL: "*", VAR_KEYWORD: "**"}.get(self.kind, "")
        text = prefix + self.name
        return f"{text}={self.default}" if self.default is not None else text


@dataclass(frozen=True)
class Deprecation:
    """A deprecation of an API or of one of its parameters."""

    message: str = ""
    since: str | None = None  # as the source states it
    removal: str | None = None  # planned removal, as the source states it
    replacement: str | None = None  # dotted path or parameter name
    form: str = ""  # how it was found: warn, decorator, docstring, expiry-table, ...

    def to_json(self) -> dict:
        data = {"message": self.message, "form": self.form}
        for key in ("since", "removal", "replacement"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data

    @classmethod
    def from_json(cls, data: dict) -> Deprecation:
        return cls(
            message=data.get("message", ""),
            since=data.get("since"),
            removal=data.get("removal"),
            replacement=data.get("replacement"),
            form=data.get("form", ""),
        )


@dataclass(frozen=True)
class DefaultNotice:
    """The warning a library gives while a call leaves a parameter at its placeholder default
    ("The default value of `n_init` will change from 10 to 'auto' in 1.4"). It may need more
    of the call: ``given``, other parameters it passes (not ``None``: ``if callback is not
    None``); ``values``, other parameters holding one of these literals (``strategy in
    ("uniform", "kmeans")``)."""

    deprecation: Deprecation
    given: tuple = ()
    values: tuple = ()  # ((parameter, (value, ...)), ...)

    @property
    def message(self) -> str:
        return self.deprecation.message

    def to_json(self) -> dict:
        data = self.deprecation.to_json()
        if self.given:
            data["given"] = list(self.given)
        if self.values:
            data["values"] = {name: list(values) for name, values in self.values}
        return data

    @classmethod
    def from_json(cls, data: dict) -> DefaultNotice:
        return cls(Deprecation.from_json(data), tuple(data.get("given", ())),
                   tuple((k, tuple(v)) for k, v in sorted(data.get("values", {}).items())))


@dataclass(frozen=True)
class ValueDeprecation:
    """Literal values of one parameter whose use is deprecated (``algorithm="auto"``).

    ``part`` says the values are parts of the string the parameter holds, which the library
    splits before it looks each part up: ``"letters"`` for its runs of letters (with a
    ``-suffix``: ``"2q-sep"`` holds ``q-sep``, ``"19H12min"`` holds ``H`` and ``min``), else
    the separator it splits on. ``fold`` (``upper``/``lower``) is applied to a part before
    it is compared (``name.upper() in TABLE``). ``unless``: parameters of the same call
    whose passing turns the warning off (``if not is_period and ...``); a call that passes
    one is not judged (handed on to a caller that leaves it out, the name stays: a mark that
    a mode of the callee decides). ``types``: the value is deprecated when it is of none of these
    builtin types (``not isinstance(na, bool)``). ``together``: passing the parameter (any
    value but None) together with these ones is deprecated (``if freq is not None and
    fill_value is not no_default``); ``values`` is then empty. ``when``: parameters the call
    must pass as true for the warning (``if is_period and ...``); a call that leaves one out
    is not judged, a caller that passes it ``True`` hands the values on without it.
    ``refold``: only a spelling that the fold changes is deprecated (``'m'``, not ``'M'``:
    ``if name.upper() != name``), and the folded one is the one to use. ``of_types``: the value
    is deprecated when it is of one of these builtin types (``if is_float(periods)``)."""

    values: tuple  # str, int, float, bool or None
    deprecation: Deprecation
    others: bool = False  # ``values`` are the ones allowed: every other string is deprecated
    replacements: dict[str, str] = field(default_factory=dict)  # value -> the one to use
    part: str = ""
    fold: str = ""
    unless: tuple = ()
    types: tuple = ()
    together: tuple = ()
    when: tuple = ()
    refold: bool = False
    of_types: tuple = ()

    def deprecates(self, value: object) -> bool:
        if self.together:
            return value is not None
        if self.of_types:
            return type(value).__name__ in self.of_types
        if self.types:
            return type(value).__name__ not in self.types and value is not None
        if self.others:
            return isinstance(value, str) and value not in self.values
        if self.refold:
            return isinstance(value, str) and any(
                f in self.values and f != p for p, f in zip(
                    string_parts(value, self.part), self.folded_parts(value)))
        if self.part or self.fold:
            return isinstance(value, str) and any(
                p in self.values for p in self.folded_parts(value))
        return any(value == v and type(value) is type(v) for v in self.values)

    def folded_parts(self, value: str) -> list[str]:
        return [_FOLDS.get(self.fold, str)(p) for p in string_parts(value, self.part)]

    def replaced(self, value: object) -> str | None:
        """The value to use instead, where the library's table names it (or, for
        ``refold``, its folded spelling)."""
        if self.refold and isinstance(value, str) and self.deprecates(value):
            fold = _FOLDS.get(self.fold, str)
            new = "".join(fold(p) if fold(p) in self.values else p
                          for p in _spelled_parts(value, self.part))
            return new if new != value else None
        if not isinstance(value, str) or not self.replacements:
            return None
        if not self.part and not self.fold:
            return self.replacements.get(value)
        out, changed = value, False
        for part in string_parts(value, self.part):
            new = self.replacements.get(_FOLDS.get(self.fold, str)(part))
            if new is not None and new != part:
                out, changed = out.replace(part, new, 1), True
        return out if changed else None

    def to_json(self) -> dict:
        data = {"values": list(self.values), **self.deprecation.to_json()}
        if self.others:
            data["others"] = True
        if self.replacements:
            data["replacements"] = dict(sorted(self.replacements.items()))
        for key in ("part", "fold"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        for key in ("unless", "types", "together", "when", "of_types"):
            if getattr(self, key):
                data[key] = list(getattr(self, key))
        if self.refold:
            data["refold"] = True
        return data

    @classmethod
    def from_json(cls, data: dict) -> ValueDeprecation:
        return cls(values=tuple(data.get("values", ())), deprecation=Deprecation.from_json(data),
                   others=bool(data.get("others", False)),
                   replacements=dict(data.get("replacements", {})),
                   part=data.get("part", ""), fold=data.get("fold", ""),
                   unless=tuple(data.get("unless", ())), types=tuple(data.get("types", ())),
                   together=tuple(data.get("together", ())),
                   when=tuple(data.get("when", ())), refold=bool(data.get("refold", False)),
                   of_types=tuple(data.get("of_types", ())))


_FOLDS = {"upper": str.upper, "lower": str.lower}
_LETTER_RUNS = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")


def _spelled_parts(value: str, part: str) -> list[str]:
    """``value`` cut into its parts and what lies between them, in order (joined: ``value``)."""
    if part == "letters":
        return [p for p in re.split(r"([A-Za-z]+(?:-[A-Za-z0-9]+)*)", value) if p]
    if not part:
        return [value]
    pieces: list[str] = []
    for i, piece in enumerate(value.split(part)):
        pieces += ([part] if i else []) + [piece]
    return pieces


def string_parts(value: str, part: str) -> list[str]:
    """The parts a library splits ``value`` into (see ``ValueDeprecation.part``)."""
    if part == "letters":
        return _LETTER_RUNS.findall(value)
    return [p.strip() for p in value.split(part)] if part else [value]


@dataclass
class Definition:
    """One defined object at one release."""

    path: str  # canonical path
    kind: str  # function, method, class, property, attribute, module
    params: list[Param] | None = None  # None when unknown (not callable, or no static signature)
    returns: str | None = None  # canonical class path or annotation text
    # what iterating the result gives: a class path, or "(A,B)" for tuples ("" slot: unknown)
    yields: str | None = None
    bases: list[str] = field(default_factory=list)  # classes only, canonical paths
    deprecated: Deprecation | None = None
    param_deprecations: dict[str, Deprecation] = field(default_factory=dict)
    # parameter -> the warning given while a call leaves it at its (placeholder) default:
    # "The default value of `n_init` will change from 10 to 'auto' in 1.4"
    default_notices: dict[str, DefaultNotice] = field(default_factory=dict)
    # deprecations warned under a test of the data a call hands it (``if volume.dtype.char in
    # ['O', 'g']: warn(...)``), which no reading of the call decides: known, never reported
    conditional_deprecations: list[Deprecation] = field(default_factory=list)
    # parameter -> literal values of it whose use is deprecated
    value_deprecations: dict[str, list[ValueDeprecation]] = field(default_factory=dict)
    # keyword names accepted only through a decorator (old name -> new name or "")
    extra_keywords: dict[str, str] = field(default_factory=dict)
    positional_limit: int | None = None  # deprecate_nonkeyword_arguments: allowed positionals
    overloads: list[list[Param]] = field(default_factory=list)  # stubs with @overload only
    decorated: bool = False  # wrapped by an unknown decorator: signature may differ at run time
    dynamic: bool = False  # module or class with __getattr__: missing names may still resolve
    expired: dict[str, str] = field(default_factory=dict)  # module expiry table: name -> message
    # module: names its __getattr__ still serves with a deprecation warning -> message
    deprecated_names: dict[str, str] = field(default_factory=dict)
    # dynamic module: every name its __getattr__ can serve, when its body says (else None)
    serves: list[str] | None = None
    # module with __all__: public-looking names it binds (imports, values) but does not list,
    # so they are not exported, yet ``from M import name`` still works
    unlisted: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)  # classes: plain data members, folded in
    properties: list[str] = field(default_factory=list)  # classes: plain properties, folded in
    # classes: the attributes its methods set on self are among ``attributes`` (extractor 9)
    members_complete: bool = False
    # parameters that raise when both are given: [a, "is not" operand of a, b, operand of b]
    exclusive: list[list[str]] = field(default_factory=list)
    # the body hands its **kwargs on to a call (so a name it does not know raises there)
    forwards_kwargs: bool = False
    method_kind: str = ""  # "classmethod" or "staticmethod" (methods only)
    # a module-level function's whole effect, when its body is one statement over its
    # parameters: "pass", "return EXPR" or a call (engine/forwarding_calls.py)
    forwards: str | None = None
    # the ``**name`` a decorator adds to the signature Python shows (networkx's
    # ``**backend_kwargs``); not in ``params``: a keyword the function lacks still raises
    decorator_kwargs: str = ""
    # the one class the returns give where they say, the other paths untypable (a partial
    # result: findings through it are "likely", CS203)
    likely_returns: str | None = None
    # overloads told apart by literal arguments, in order: {"params", "literals", "returns"}
    literal_returns: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.params is not None:
            data["params"] = [p.to_json() for p in self.params]
        if self.returns:
            data["returns"] = self.returns
        if self.yields:
            data["yields"] = self.yields
        if self.bases:
            data["bases"] = self.bases
        if self.deprecated:
            data["deprecated"] = self.deprecated.to_json()
        if self.param_deprecations:
            data["param_deprecations"] = {
                k: v.to_json() for k, v in sorted(self.param_deprecations.items())
            }
        if self.default_notices:
            data["default_notices"] = {
                k: v.to_json() for k, v in sorted(self.default_notices.items())
            }
        if self.conditional_deprecations:
            data["conditional_deprecations"] = [d.to_json() for d in self.conditional_deprecations]
        if self.value_deprecations:
            data["value_deprecations"] = {
                k: [v.to_json() for v in items] for k, items in sorted(self.value_deprecations.items())
            }
        if self.extra_keywords:
            data["extra_keywords"] = dict(sorted(self.extra_keywords.items()))
        if self.positional_limit is not None:
            data["positional_limit"] = self.positional_limit
        if self.overloads:
            data["overloads"] = [[p.to_json() for p in sig] for sig in self.overloads]
        if self.decorated:
            data["decorated"] = True
        if self.dynamic:
            data["dynamic"] = True
        if self.expired:
            data["expired"] = dict(sorted(self.expired.items()))
        if self.deprecated_names:
            data["deprecated_names"] = dict(sorted(self.deprecated_names.items()))
        if self.serves is not None:
            data["serves"] = sorted(self.serves)
        if self.unlisted:
            data["unlisted"] = sorted(self.unlisted)
        if self.attributes:
            data["attributes"] = sorted(self.attributes)
        if self.properties:
            data["properties"] = sorted(self.properties)
        if self.members_complete:
            data["members_complete"] = True
        if self.exclusive:
            data["exclusive"] = self.exclusive
        if self.forwards_kwargs:
            data["forwards_kwargs"] = True
        if self.method_kind:
            data["method_kind"] = self.method_kind
        if self.forwards:
            data["forwards"] = self.forwards
        if self.decorator_kwargs:
            data["decorator_kwargs"] = self.decorator_kwargs
        if self.likely_returns:
            data["likely_returns"] = self.likely_returns
        if self.literal_returns:
            data["literal_returns"] = self.literal_returns
        return data

    @classmethod
    def from_json(cls, path: str, data: dict[str, Any]) -> Definition:
        params = data.get("params")
        return cls(
            path=path,
            kind=data["kind"],
            params=[Param.from_json(p) for p in params] if params is not None else None,
            returns=data.get("returns"),
            yields=data.get("yields"),
            bases=list(data.get("bases", [])),
            deprecated=Deprecation.from_json(data["deprecated"]) if "deprecated" in data else None,
            param_deprecations={
                k: Deprecation.from_json(v) for k, v in data.get("param_deprecations", {}).items()
            },
            default_notices={
                k: DefaultNotice.from_json(v) for k, v in data.get("default_notices", {}).items()
            },
            conditional_deprecations=[
                Deprecation.from_json(d) for d in data.get("conditional_deprecations", [])
            ],
            value_deprecations={
                k: [ValueDeprecation.from_json(v) for v in items]
                for k, items in data.get("value_deprecations", {}).items()
            },
            extra_keywords=dict(data.get("extra_keywords", {})),
            positional_limit=data.get("positional_limit"),
            overloads=[[Param.from_json(p) for p in sig] for sig in data.get("overloads", [])],
            decorated=bool(data.get("decorated", False)),
            dynamic=bool(data.get("dynamic", False)),
            expired=dict(data.get("expired", {})),
            deprecated_names=dict(data.get("deprecated_names", {})),
            serves=list(data["serves"]) if "serves" in data else None,
            unlisted=list(data.get("unlisted", [])),
            attributes=list(data.get("attributes", [])),
            properties=list(data.get("properties", [])),
            members_complete=bool(data.get("members_complete", False)),
            exclusive=[list(pair) for pair in data.get("exclusive", [])],
            forwards_kwargs=bool(data.get("forwards_kwargs", False)),
            method_kind=str(data.get("method_kind", "")),
            forwards=data.get("forwards"),
            decorator_kwargs=str(data.get("decorator_kwargs", "")),
            likely_returns=data.get("likely_returns"),
            literal_returns=list(data.get("literal_returns", [])),
        )

    def render_signature(self, name: str | None = None, width: int | None = None) -> str:
        """``name(a, b=1, *, c)``; with ``width``, one parameter a line when it is wider."""
        label = name or self.path.rsplit(".", 1)[-1]
        if self.params is None:
            return label
        parts: list[str] = []
        seen_kw_marker = False
        for i, p in enumerate(self.params):
            if p.kind == KEYWORD_ONLY and not seen_kw_marker:
                if not any(q.kind == VAR_POSITIONAL for q in self.params[:i]):
                    parts.append("*")
                seen_kw_marker = True
            parts.append(p.render())
            is_last_posonly = p.kind == POSITIONAL_ONLY and (
                i + 1 == len(self.params) or self.params[i + 1].kind != POSITIONAL_ONLY
            )
            if is_last_posonly:
                parts.append("/")
        one_line = f"{label}({', '.join(parts)})"
        if width is None or len(one_line) <= width or not parts:
            return one_line
        return f"{label}(\n" + "".join(f"    {part},\n" for part in parts) + ")"


@dataclass(frozen=True)
class Release:
    distribution: str
    version: str
    status: str = "ok"  # ok, partial, failed
    reason: str = ""
    source: str = ""  # the file it was extracted from
    api_count: int = 0
    deprecation_count: int = 0
