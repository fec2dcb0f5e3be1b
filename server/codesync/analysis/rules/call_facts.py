"""Bind a call under the target and the baseline, once, for every call rule.

No facts (None) means the call is not judged: a plain method called through its class (the
stored signature leaves out ``self``), an unknown signature, a decorated function with no
baseline to compare with, or code that does not fit its own baseline as we know it.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..symbols import Ref
from .context import CallFacts, SiteContext


def bind_call(ctx: SiteContext, definition: Definition) -> CallFacts | None:
    shape = ctx.site.shape
    if _unbound_method_call(ctx, definition):
        return None
    target_sig = ctx.signature(definition, ctx.target)
    if target_sig is None:
        return None
    target_binding = target_sig.bind(shape)
    if target_binding is None:
        return None
    if not target_binding.ok and not ctx.baseline and _decorated(ctx, definition):
        return None  # an unknown decorator may take other arguments: nothing to compare with
    base_sig = base_binding = None
    if ctx.baseline:
        base_definition = ctx.definition_at(ctx.baseline)
        base_sig = ctx.signature(base_definition, ctx.baseline) if base_definition else None
        base_binding = base_sig.bind(shape) if base_sig else None
        if base_binding is not None and not base_binding.ok:
            return None  # the code did not fit its own baseline as we know it: stay quiet
    return CallFacts(target_sig, target_binding, base_sig, base_binding)


def _unbound_method_call(ctx: SiteContext, definition: Definition) -> bool:
    """``Point.distance(p, q)``, ``DiGraph.__init__(self, data)``: a plain method called
    through its class takes the instance as its first argument. Class and static methods are
    checked."""
    if definition.kind != "method" or definition.method_kind or \
            not isinstance(ctx.site.target, Ref):
        return False
    owner_path = ctx.site.target.path.rsplit(".", 1)[0]
    owner = ctx.lookup.find(Ref(owner_path), ctx.dist, ctx.target).definition
    return owner is not None and owner.kind == "class"


def _decorated(ctx: SiteContext, definition: Definition) -> bool:
    callable_def = ctx.callable(definition, ctx.target)
    return callable_def is not None and callable_def.decorated
