"""CS201 deprecated: the call passes a literal value of a parameter that the target
deprecates (the parameter itself stays).

    pd.date_range("2024-01-01", periods=3, freq="H")   # pandas 2.2: 'H' is deprecated, use 'h'
    KMeans(algorithm="auto")                            # scikit-learn 1.1: "auto" is deprecated

Reported on the value. Only literal values (a string, number or bool) are judged: a name
or an expression is not known here. The value to use is named only where the library's own
table gives it (``{"H": "h"}``), and then ``fixes/values.py`` writes it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ...knowledge.model import Definition, ValueDeprecation
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
        for name, node in _arguments(ctx, callable_def).items():
            value = _literal(node)
            if value is None:
                continue
            for item in callable_def.value_deprecations.get(name, ()):
                if item.deprecates(value):
                    findings.append(_finding(ctx, definition, callable_def, name, node, value,
                                             item))
                    break
        return findings


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


def _literal(node: ast.expr) -> object | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, _LITERALS):
        return node.value
    return None


def _finding(ctx: SiteContext, definition: Definition, callable_def: Definition, name: str,
             node: ast.expr, value: object, item: ValueDeprecation) -> Finding:
    record = item.deprecation
    since = record.since or ctx.memo(("deprecated-value", name, repr(value)), lambda: (
        ctx.deprecated_since(lambda d: any(v.deprecates(value) for v in (
            d.value_deprecations.get(name, ()))), constructor=definition.kind == "class")))
    new = item.replacements.get(value) if isinstance(value, str) else None
    advice = f"; use `{name}={new!r}`" if new else \
        f": {library_text(record.message, name, value)}"
    message = (f"passing `{name}={ctx.index.text(node)}` to `{ctx.short_api}()` is deprecated"
               + since_phrase(ctx, since, record.since is not None)
               + f" ({ctx.version_note()})" + advice)
    # the record's "replacement" is a value here, no API or keyword another fixer should try
    return ctx.finding(DEPRECATED, message, since, node=node,
                       deprecation=replace(record, replacement=None), definition=callable_def,
                       value_replacement=new)


def library_text(message: str, name: str, value: object) -> str:
    """The library's message, its placeholder for the value (``'{freq}'``,
    ``{self._algorithm}``) filled in and any other one elided."""
    def filled(match: re.Match) -> str:
        inner = match.group(0)[1:-1].strip()
        return str(value) if re.fullmatch(rf"[\w.]*{re.escape(name)}", inner) else "…"

    text = _PLACEHOLDER.sub(filled, message).strip()
    return text if text.endswith(".") else text + "."
