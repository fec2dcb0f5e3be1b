"""CS103 meaning-changed: the call binds under both releases, but a positional argument now
lands on another parameter.

    lib.resample(data, 2)   # written for resample(x, factor); the target inserted a
                            # parameter: resample(x, axis, factor), so 2 is now `axis`

A positional argument absorbed by ``*args`` is parsed by the function itself and is not
compared; a parameter renamed in place (same slot, new name) is a rename, not a shift.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..binding import Binding
from ..findings import MEANING_CHANGED, Finding
from ..lookup import CallSignature
from .base import CallRule
from .context import CallFacts, SiteContext


class MeaningChanged(CallRule):
    kind = MEANING_CHANGED
    name = "meaning-changed"

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        if call.baseline_binding is None or call.baseline_signature is None:
            return []
        shift = describe_shift(call.baseline_binding, call.target_binding,
                               call.baseline_signature, call.target_signature)
        if shift is None:
            return []
        position, words = shift
        slots = binding_key(call.target_binding)
        changed = ctx.change_point(
            lambda b: b is not None and b.ok and binding_key(b) == slots, ("binds", slots))
        message = (f"`{ctx.short_api}()`: {words} {ctx.changed_label(changed)}"
                   f"({ctx.version_note()}); pass the argument by keyword")
        return [ctx.finding(MEANING_CHANGED, message, changed,
                            node=ctx.positional_node(position), **call.evidence())]


def binding_key(binding: Binding) -> tuple:
    return tuple(binding.positional), tuple(sorted(binding.keywords.items()))


def describe_shift(base: Binding, target: Binding, base_sig: CallSignature,
                   target_sig: CallSignature) -> tuple[int, str] | None:
    """The first positional argument whose parameter differs: its index and the change in
    words; None when every argument keeps its parameter."""
    target_names = target_sig.names()
    base_names = base_sig.names()
    for index, (old, new) in enumerate(zip(base.positional, target.positional)):
        if old == new or new.startswith("*") and not new.startswith("**"):
            continue  # unchanged, or absorbed by *args, which the function parses itself
        renamed = (not old.startswith("*") and not new.startswith("*")
                   and old not in target_names and new not in base_names)
        if renamed:
            continue
        return index, (f"positional argument {index + 1} now binds to `{new.lstrip('*')}` "
                       f"instead of `{old.lstrip('*')}`")
    return None
