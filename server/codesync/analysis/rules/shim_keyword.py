"""CS102 incompatible-call: a keyword the declared signature no longer has, still accepted
for now by a deprecation shim (``deprecate_kwarg``, ``rename_parameter``,
``if "old" in kwargs: warn``).

    frame.to_csv(path, line_terminator="\\n")   # pandas 1.5: renamed to `lineterminator`;
                                                # deprecate_kwarg still maps the old name

Reported as incompatible (not merely deprecated) because the declared signature already
rejects it; the shim goes in a later release. The rename, when known, feeds the exact fix.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..findings import INCOMPATIBLE_CALL, Finding
from ..lookup import CallSignature
from .base import CallRule
from .context import CallFacts, SiteContext


class ShimKeyword(CallRule):
    kind = INCOMPATIBLE_CALL
    name = "shimmed-keyword"
    final = True

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        if not call.target_binding.ok or not call.target_signature.extra_keywords:
            return []
        shape = ctx.site.shape
        declared = CallSignature(call.target_signature.overloads)
        declared_binding = declared.bind(shape)
        if declared_binding is not None and declared_binding.ok:
            return []  # **kwargs takes the old name: a deprecation (reported as one)
        extra = dict(call.target_signature.extra_keywords)
        old = next((k for k in shape.keywords if k in extra and k not in declared.names()), None)
        if old is None:
            return []
        new = extra[old]
        changed = ctx.change_point(
            lambda b, k=old: b is not None and (k not in b.keywords or b.keywords.get(k) != k),
            ("shim", old))
        rename = f"renamed to `{new}`" if new else "removed from the signature"
        message = (f"`{ctx.short_api}()`: `{old}` was {rename} {ctx.changed_label(changed)}"
                   f"({ctx.version_note()}); a deprecation shim still accepts it for now")
        return [ctx.finding(INCOMPATIBLE_CALL, message, changed, node=ctx.keyword_node(old),
                            binding=declared_binding,
                            baseline_binding=call.baseline_binding, target_signature=declared,
                            baseline_signature=call.baseline_signature,
                            renames=((old, new),) if new else ())]
