"""CS102 incompatible-call: two arguments the target raises on when both are given, where the
baseline accepted them together.

    pd.read_csv(path, names=None, prefix=None)   # pandas 1.3: "names" and "prefix" exclusive

An argument that restates the value meaning "not given" does not count, nor one that passes
on a variable of the parameter's own name (``fill_value=fill_value``: a wrapper forwarding its
own parameter, which may hold that value).
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..findings import INCOMPATIBLE_CALL, Finding
from .base import CallRule
from .context import CallFacts, SiteContext


class ExclusiveArguments(CallRule):
    kind = INCOMPATIBLE_CALL
    name = "exclusive-arguments"
    final = True

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        target_def = ctx.callable(definition, ctx.target)
        if not call.target_binding.ok or target_def is None or not target_def.exclusive:
            return []
        texts = ctx.argument_texts(call.target_binding)
        base_def = ctx.callable_at(ctx.baseline) if ctx.baseline else None
        for a, x, b, y in target_def.exclusive:
            if a not in texts or b not in texts or texts[a] == x or texts[b] == y or \
                    texts[a] == a or texts[b] == b:
                continue
            if base_def is not None and _raises_together(base_def, a, b, texts):
                continue  # it raised at the baseline too
            if base_def is None and ctx.baseline:
                continue
            message = (f"`{ctx.short_api}()`: passing both `{a}` and `{b}` raises an error in "
                       f"{ctx.dist} {ctx.target} ({ctx.version_note()}); pass only one")
            second = ctx.argument_nodes(call.target_binding).get(b)
            return [ctx.finding(INCOMPATIBLE_CALL, message, None, node=second, exclusive=(a, b),
                                target_signature=call.target_signature,
                                baseline_signature=call.baseline_signature)]
        return []


def _raises_together(definition: Definition, a: str, b: str, texts: dict[str, str]) -> bool:
    return any({p, q} == {a, b} and texts[p] != x and texts[q] != y
               for p, x, q, y in definition.exclusive)
