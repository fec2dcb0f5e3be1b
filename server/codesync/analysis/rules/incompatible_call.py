"""CS102 incompatible-call: the arguments do not bind to the target's signature.

    np.histogram(x, normed=True)     # numpy 1.24: got an unexpected keyword argument 'normed'

The message is Python's own ``TypeError`` text and the release the call stopped binding in;
the range is the argument it stumbles on (the callee when a required argument is missing).
"""

from __future__ import annotations

from ...knowledge.model import Definition
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
        return [ctx.finding(INCOMPATIBLE_CALL, message, changed, node=ctx.culprit(binding),
                            **call.evidence())]
