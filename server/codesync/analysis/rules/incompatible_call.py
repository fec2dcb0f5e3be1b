"""CS102 incompatible-call: the arguments do not bind to the target's signature.

    np.histogram(x, normed=True)     # numpy 1.24: got an unexpected keyword argument 'normed'

The message is Python's own ``TypeError`` text, the release the call stopped binding in, and
what to do where the history says: a keyword that was deprecated before it went gets that
deprecation's advice ("use `lineterminator`", "append .squeeze(\"columns\") to the call").
The range is the argument the binding stumbles on (the callee for a missing argument).
"""

from __future__ import annotations

import re

from ...knowledge.model import Definition
from ..deprecation_scope import keyword_value_template
from ..findings import INCOMPATIBLE_CALL, Finding
from .base import CallRule
from .context import CallFacts, SiteContext


class IncompatibleCall(CallRule):
    kind = INCOMPATIBLE_CALL
    name = "incompatible-call"
    final = True

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        binding = call.target_binding
        if binding.ok:
            return []
        changed = ctx.change_point(lambda b: b is not None and not b.ok, ("fails",))
        message = (f"`{ctx.short_api}()` {binding.error} {ctx.changed_label(changed)}"
                   f"({ctx.version_note()})")
        if binding.bad_keyword:
            message += ctx.memo(("advice", binding.bad_keyword),
                                lambda: _keyword_advice(ctx, binding.bad_keyword))
        return [ctx.finding(INCOMPATIBLE_CALL, message, changed, node=ctx.culprit(binding),
                            **call.evidence())]


def _keyword_advice(ctx: SiteContext, keyword: str) -> str:
    """What the last deprecation of ``keyword`` before the target said to do, if anything."""
    target = ctx.callable_at(ctx.target)
    parameters = {p.name for p in target.params or []} if target else set()
    for version in reversed(ctx.versions_upto(ctx.target)[:-1]):
        definition = ctx.callable_at(version)
        record = definition.param_deprecations.get(keyword) if definition else None
        if record is None:
            continue
        replacement = keyword_value_template(record) or ctx.usable_replacement(
            record.replacement, parameters)
        if replacement:
            return f"; use `{replacement}`"
        advice = _advice_sentence(record.message)
        return f"; it was deprecated: {advice}" if advice else ""
    return ""


def _advice_sentence(message: str) -> str:
    """The sentence of a deprecation text that says what to do instead, if one does."""
    for sentence in re.split(r"(?<=[.!])\s+", message):
        if re.search(r"\b(use|instead|append|pass|call|specify|set)\b", sentence, re.I):
            return sentence.strip()[:200]
    return ""
