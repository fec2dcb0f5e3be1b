"""CS102 incompatible-call: a keyword whose parameter the library deprecated and then removed,
while ``**kwargs`` still takes the name and hands it on to code that no longer knows it.

    pd.bdate_range(start, end, closed="left")   # pandas 2.0: `closed` deprecated, then removed
    flask.json.load(fp, app=app)                # flask 2.3

Only when the function passes its ``**kwargs`` on to a call (``forwards_kwargs``); a
``**kwargs`` that is stored or ignored lets the name through silently at run time.
"""

from __future__ import annotations

from ...knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD, Definition, Deprecation
from ..findings import INCOMPATIBLE_CALL, Finding
from .base import CallRule
from .context import CallFacts, SiteContext


class RetiredKeyword(CallRule):
    kind = INCOMPATIBLE_CALL
    name = "retired-keyword"
    final = True

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        binding = call.target_binding
        if not binding.ok:
            return []
        for keyword in ctx.site.shape.keywords:
            if not binding.keywords.get(keyword, "").startswith("**"):
                continue
            facts = ctx.memo(("retired", keyword), lambda k=keyword: _retirement(ctx, k))
            if facts is None:
                continue
            removed_in, record = facts
            message = (f"`{ctx.short_api}()`: `{keyword}` was deprecated, then removed "
                       f"{ctx.label(removed_in)} ({ctx.version_note()}); `**kwargs` still "
                       f"accepts the name, but nothing handles it any more")
            target = ctx.callable_at(ctx.target)
            replacement = ctx.usable_replacement(
                record.replacement, {p.name for p in target.params or []} if target else set())
            if replacement and replacement != keyword:
                message += f"; use `{replacement}`"
            return [ctx.finding(INCOMPATIBLE_CALL, message, removed_in,
                                node=ctx.keyword_node(keyword), **call.evidence())]
        return []


def _retirement(ctx: SiteContext, keyword: str) -> tuple[str, Deprecation] | None:
    """(the release the parameter went in, its deprecation) when it was deprecated before it
    left the signature and no shim remains."""
    versions = ctx.versions_upto(ctx.target)
    target = ctx.callable_at(ctx.target)
    if target is None or keyword in target.extra_keywords or \
            keyword in target.param_deprecations:
        return None  # unknown, or a shim still handles it: reported as a deprecation
    if not target.forwards_kwargs:
        return None  # stored or ignored: the name passes silently
    for i in range(len(versions) - 2, -1, -1):
        definition = ctx.callable_at(versions[i])
        if definition is None or definition.params is None:
            return None
        if not any(p.name == keyword and p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)
                   for p in definition.params):
            continue
        record = definition.param_deprecations.get(keyword)
        if record is None:
            return None
        baseline_index = ctx.release_index(ctx.baseline)
        if baseline_index is not None and baseline_index > i:
            return None  # the code was written after the removal
        return ctx.when(versions[i], versions[i + 1]), record
    return None
