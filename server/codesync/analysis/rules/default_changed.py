"""CS202 default-changed: the call leaves a parameter at its default, and the default changed
between the baseline and the target.

    KMeans(n_clusters=3)     # scikit-learn 1.4: `n_init` 10 -> 'auto'

Only between two concrete defaults: ``None`` and sentinels (``no_default``, ``_NoValue``,
``'deprecated'``...) stand for "decided inside the function", so a change to or from one says
nothing about the effective value.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..defaults import is_sentinel
from ..findings import DEFAULT_CHANGED, Finding
from .base import CallRule
from .context import CallFacts, SiteContext


class DefaultChanged(CallRule):
    kind = DEFAULT_CHANGED
    name = "default-changed"

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        base_sig, target_sig = call.baseline_signature, call.target_signature
        if base_sig is None or len(base_sig.overloads) > 1 or len(target_sig.overloads) > 1:
            return []
        binding = call.target_binding
        passed = set(binding.positional) | set(binding.keywords.values())
        base_defaults = {p.name: p.default for p in base_sig.params}
        changes = [f"`{p.name}` {base_defaults[p.name]} -> {p.default}"
                   for p in target_sig.params
                   if p.name not in passed and _concrete_change(base_defaults.get(p.name),
                                                                p.default)]
        if not changes:
            return []
        message = (f"`{ctx.short_api}()` relies on default{'s' if len(changes) > 1 else ''} that "
                   f"changed between {ctx.baseline} and {ctx.target}: " + ", ".join(changes))
        return [ctx.finding(DEFAULT_CHANGED, message, None)]


def _concrete_change(old: str | None, new: str | None) -> bool:
    if old is None or new is None or old == new:
        return False
    if is_sentinel(old) or is_sentinel(new):
        return False
    return "None" not in (old.strip(), new.strip())
