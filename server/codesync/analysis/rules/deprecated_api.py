"""CS201 deprecated: the API itself is deprecated at the target.

    np.product(a)     # numpy 1.25: deprecated; use `np.prod`

"Since" is the first stored release of the run of deprecated releases when the record does
not say; the replacement, when the text names one, feeds the fix. A module named in a plain
``import`` is not reported (its members are, where they are used). A deprecation whose text
is about some inputs only (``value_scope.py``) is reported where the call shows such an input.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..findings import DEPRECATED, Finding
from ..value_scope import api_scope, call_in_scope
from .base import DefinitionRule
from .context import SiteContext
from .since import since_phrase


class DeprecatedApi(DefinitionRule):
    kind = DEPRECATED
    name = "deprecated-api"

    def check(self, ctx: SiteContext, definition: Definition) -> list[Finding]:
        record = definition.deprecated
        if record is None or (ctx.site.kind == "reference" and definition.kind == "module"):
            return []
        if not call_in_scope(api_scope(record), ctx.call):
            return []
        since = record.since or ctx.memo(("deprecated",), lambda: ctx.deprecated_since(
            lambda d: d.deprecated is not None))
        parts = [f"`{ctx.short_api}` is deprecated" + since_phrase(ctx, since, record.since is not None)]
        if record.removal:
            parts.append(f"and scheduled for removal in {record.removal}")
        message = " ".join(parts) + f" ({ctx.version_note()})"
        replacement = ctx.usable_replacement(record.replacement)
        if replacement:
            message += f"; use `{replacement}`"
        return [ctx.finding(DEPRECATED, message, since, deprecation=record)]
