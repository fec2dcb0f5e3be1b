"""CS201 deprecated: the call passes a literal value of a parameter that the target
deprecates (the parameter itself stays).

    pd.date_range("2024-01-01", periods=3, freq="H")   # pandas 2.2: 'H' is deprecated, use 'h'
    KMeans(algorithm="auto")                            # scikit-learn 1.1: "auto" is deprecated
    df.shift(freq="D", fill_value=0)                    # pandas 2.1: the pair is deprecated

Reported on the value. Only literal values (a string, number or bool, and for a deprecated
type a container display: ``data={'a': 1}``) are judged: a name or an expression is not known
here (nor, for a pair deprecated together, whether it is None). The value to use is named only
where the library's own table gives it (``{"H": "h"}``), and then ``fixes/values.py`` writes it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ...knowledge.model import Definition, ValueDeprecation, string_parts
from ..findings import DEPRECATED, Finding
from .base import DefinitionRule
from .context import SiteContext
from .since import since_phrase

_LITERALS = (str, int, float, bool)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


class DeprecatedValue(DefinitionRule):
    kind = DEPRECATED
    name = "deprecated-value"

    def check(self, ctx: SiteContext, definition: Definition) -> list[Finding]:
        callable_def = ctx.callable(definition, ctx.target)
        if ctx.call is None or ctx.site.shape is None or callable_def is None or \
                not callable_def.value_deprecations:
            return []
        findings = []
        passed = _arguments(ctx, callable_def)
        for name, node in passed.items():
            value = _literal(node)
            together = _together(ctx, callable_def, name, node)
            if together is not None:
                findings.append(_finding(ctx, definition, callable_def, name, node, value,
                                         together))
            if value is None:
                value = _display(node)  # ``{'a': 1}``: judged by its type only
            if value is None:
                continue
            for item in callable_def.value_deprecations.get(name, ()):
                if not item.together and item.deprecates(value) and not _turned_off(ctx, item):
                    findings.append(_finding(ctx, definition, callable_def, name, node, value,
                                             item))
                    break
        return findings


def _together(ctx: SiteContext, callable_def: Definition, name: str, node: ast.expr
              ) -> ValueDeprecation | None:
    """The pair deprecation the call meets: it passes ``name`` and each parameter the record
    names, each as a literal other than None (a name may hold None or the sentinel: a
    function handing its own parameters on is quiet)."""
    items = [i for i in callable_def.value_deprecations.get(name, ()) if i.together]
    if not items or _literal(node) is None:
        return None
    given = _passed_values(ctx)
    return next((i for i in items if all(
        t in given and _literal(given[t]) is not None for t in i.together)), None)


def _passed_values(ctx: SiteContext) -> dict[str, ast.expr]:
    given = {k.arg: k.value for k in ctx.call.keywords if k.arg}
    binding = ctx.binding_at(ctx.target) if ctx.call.args else None
    if binding is not None:
        given.update(zip(binding.positional, ctx.call.args))
    return given


def _turned_off(ctx: SiteContext, item: ValueDeprecation) -> bool:
    """The call passes a parameter whose value may turn the warning off (``is_period=``),
    or does not pass a literal true to one the warning needs (``when``): not judged."""
    if item.when:
        given = _passed_values(ctx)
        if not all(n in given and isinstance(given[n], ast.Constant) and given[n].value
                   for n in item.when):
            return True
    if not item.unless:
        return False
    if any(k.arg in item.unless or k.arg is None for k in ctx.call.keywords):
        return True
    binding = ctx.binding_at(ctx.target) if ctx.call.args else None
    return bool(ctx.call.args) and (binding is None or any(
        name in item.unless for name in binding.positional[:len(ctx.call.args)]))


def _arguments(ctx: SiteContext, callable_def: Definition) -> dict[str, ast.expr]:
    """Parameter -> the value the call passes to it (keywords; positionals as bound)."""
    call = ctx.call
    # a keyword whose parameter is deprecated as a whole: deprecated_parameter.py reports it
    found = {k.arg: k.value for k in call.keywords if k.arg in callable_def.value_deprecations
             and k.arg not in callable_def.param_deprecations}
    if call.args:
        binding = ctx.binding_at(ctx.target)
        if binding is not None:
            for name, node in zip(binding.positional, call.args):
                if name in callable_def.value_deprecations:
                    found.setdefault(name, node)
    return found


_DISPLAYS = {ast.Dict: dict, ast.List: list, ast.Tuple: tuple, ast.Set: set}


def _display(node: ast.expr) -> object | None:
    """An empty value of the type a container display makes (``{'a': 1}``: ``{}``), for the
    records that deprecate a type (``if isinstance(data, dict)``)."""
    kind = _DISPLAYS.get(type(node))
    return kind() if kind is not None else None


def _literal(node: ast.expr) -> object | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, _LITERALS):
        return node.value
    return None


def _finding(ctx: SiteContext, definition: Definition, callable_def: Definition, name: str,
             node: ast.expr, value: object, item: ValueDeprecation) -> Finding:
    record = item.deprecation
    if item.together:
        return _pair_finding(ctx, definition, callable_def, name, node, item)
    since = record.since or ctx.memo(("deprecated-value", name, repr(value)), lambda: (
        ctx.deprecated_since(lambda d: any(v.deprecates(value) for v in (
            d.value_deprecations.get(name, ()))), constructor=definition.kind == "class")))
    new = item.replaced(value)
    advice = f"; use `{name}={new!r}`" if new else \
        f": {library_text(record.message, name, _shown_part(item, value), bool(item.part))}"
    message = (f"passing `{name}={ctx.index.text(node)}` to `{ctx.short_api}()` is deprecated"
               + since_phrase(ctx, since, record.since is not None)
               + f" ({ctx.version_note()})" + advice)
    # the record's "replacement" is a value here, no API or keyword another fixer should try
    return ctx.finding(DEPRECATED, message, since, node=node,
                       deprecation=replace(record, replacement=None), definition=callable_def,
                       value_replacement=new)


def _pair_finding(ctx: SiteContext, definition: Definition, callable_def: Definition,
                  name: str, node: ast.expr, item: ValueDeprecation) -> Finding:
    record = item.deprecation
    since = record.since or ctx.memo(("deprecated-together", name, item.together), lambda: (
        ctx.deprecated_since(lambda d: any(v.together == item.together for v in (
            d.value_deprecations.get(name, ()))), constructor=definition.kind == "class")))
    others = ", ".join(f"`{t}`" for t in item.together)
    message = (f"passing `{name}` together with {others} to `{ctx.short_api}()` is deprecated"
               + since_phrase(ctx, since, record.since is not None)
               + f" ({ctx.version_note()}): {library_text(record.message, name, '…')}")
    return ctx.finding(DEPRECATED, message, since, node=node,
                       deprecation=replace(record, replacement=None), definition=callable_def)


def _shown_part(item: ValueDeprecation, value: object) -> object:
    """For a deprecated part of a string (``'H'`` of ``"2H"``), the part the message is about."""
    if not item.part or not isinstance(value, str):
        return value
    return next((p for p, f in zip(string_parts(value, item.part), item.folded_parts(value))
                 if f in item.values), value)


def library_text(message: str, name: str, value: object, part: bool = False) -> str:
    """The library's message, its placeholder for the value (``'{freq}'``,
    ``{self._algorithm}``) filled in and any other one elided."""
    def filled(match: re.Match) -> str:
        inner = match.group(0)[1:-1].strip()
        own = re.fullmatch(rf"[\w.]*{re.escape(name)}", inner) or (
            part and inner.isidentifier())  # the local name of a part: '{name}'
        return str(value) if own else "…"

    text = _PLACEHOLDER.sub(filled, message).strip()
    return text if text.endswith(".") else text + "."
