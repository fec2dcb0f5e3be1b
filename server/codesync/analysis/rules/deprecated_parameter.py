"""CS201 deprecated: the call passes a keyword whose parameter is deprecated at the target.

    pd.read_csv(path, squeeze=True)   # pandas 1.4: `squeeze` is deprecated

Reported on the keyword. A keyword the declared signature lacks (only a shim accepts it) is
reported by the shimmed-keyword rule instead. A deprecation of some values only
(``to_timedelta(unit="T")``: "Units 'H', 'T' ... are deprecated") is reported for those
values, and one whose text does not say what is deprecated not at all
(``analysis/deprecation_scope.py``).
"""

from __future__ import annotations

from ...knowledge.model import VAR_KEYWORD, Definition
from ..deprecation_scope import covers, keyword_value_template, parameter_scope
from ..findings import DEPRECATED, Finding
from .base import DefinitionRule
from .context import SiteContext
from .since import since_phrase


class DeprecatedParameter(DefinitionRule):
    kind = DEPRECATED
    name = "deprecated-parameter"

    def check(self, ctx: SiteContext, definition: Definition) -> list[Finding]:
        call = ctx.call
        callable_def = ctx.callable(definition, ctx.target)
        if call is None or ctx.site.shape is None or callable_def is None:
            return []
        declared = {p.name for p in callable_def.params or []}
        takes_any = any(p.kind == VAR_KEYWORD for p in callable_def.params or [])
        findings = []
        for keyword in call.keywords:
            if keyword.arg in callable_def.extra_keywords and keyword.arg not in declared \
                    and not takes_any:
                continue  # reported as incompatible-call: the declared signature lacks it
            if not keyword.arg or keyword.arg not in callable_def.param_deprecations:
                continue
            record = callable_def.param_deprecations[keyword.arg]
            scope = parameter_scope(record, keyword.arg)
            if not covers(scope, keyword.value):
                continue
            since = record.since or ctx.memo(
                ("deprecated", keyword.arg), lambda k=keyword.arg: ctx.deprecated_since(
                    lambda d: k in d.param_deprecations, constructor=definition.kind == "class"))
            what = f"the `{keyword.arg}` argument of `{ctx.short_api}()`" if scope.whole else \
                f"passing `{keyword.arg}={ctx.index.text(keyword.value)}` to `{ctx.short_api}()`"
            replacement = keyword_value_template(record) or ctx.usable_replacement(
                record.replacement, declared)
            message = (f"{what} is deprecated"
                       + since_phrase(ctx, since, record.since is not None)
                       + f" ({ctx.version_note()})"
                       + (f"; use `{replacement}`" if replacement else ""))
            findings.append(ctx.finding(DEPRECATED, message, since, node=keyword,
                                        deprecation=record, keyword=keyword.arg,
                                        definition=callable_def))
        return findings
