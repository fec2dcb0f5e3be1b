"""CS201 deprecated: more positional arguments than the target still accepts without a
warning (``_deprecate_positional_args``, ``deprecate_nonkeyword_arguments``).

    df.drop("a", 1)      # pandas 1.3: pass `axis` by keyword
"""

from __future__ import annotations

from ...knowledge.model import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, Definition
from ..findings import DEPRECATED, Finding
from .base import DefinitionRule
from .context import SiteContext


class PositionalLimit(DefinitionRule):
    kind = DEPRECATED
    name = "positional-limit"

    def check(self, ctx: SiteContext, definition: Definition) -> list[Finding]:
        callable_def = ctx.callable(definition, ctx.target)
        if ctx.call is None or ctx.site.shape is None or callable_def is None:
            return []
        limit = callable_def.positional_limit
        if limit is None or ctx.site.shape.positional <= limit:
            return []
        named = [p for p in callable_def.params or [] if p.kind in (POSITIONAL_ONLY,
                                                                     POSITIONAL_OR_KEYWORD)]
        rest = "pass the rest by keyword" if len(named) > limit or not any(
            p.kind == VAR_POSITIONAL for p in callable_def.params or []) else \
            "the extra ones have no named parameter"  # they reach a deprecated ``*args``
        message = (f"passing more than {limit} positional argument{'s' if limit != 1 else ''} "
                   f"to `{ctx.short_api}()` is deprecated; {rest} ({ctx.version_note()})")
        return [ctx.finding(DEPRECATED, message, None, node=ctx.positional_node(limit),
                            positional_limit=limit,
                            definition=callable_def)]
