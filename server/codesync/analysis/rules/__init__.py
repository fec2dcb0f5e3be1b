"""The rules: one module each, run in this order for every site.

To add a rule: write a module with one ``Rule`` subclass (its kind, name, docstring with an
example, and ``check``), add it to the list it belongs to below, and give it tests in
``tests/analysis/rules/``. A new kind of finding also needs its code in
``analysis/findings.py`` (then ``python scripts/gen_vscode_codes.py``).
"""

from __future__ import annotations

import ast
from dataclasses import replace

from ..findings import Finding
from ..lookup import Found
from ..symbols import Ref
from .announced_default import AnnouncedDefault
from .base import CallRule, DefinitionRule, Rule
from .call_facts import bind_call
from .context import SiteContext
from .default_changed import DefaultChanged
from .deprecated_api import DeprecatedApi
from .deprecated_parameter import DeprecatedParameter
from .deprecated_value import DeprecatedValue
from .exclusive_arguments import ExclusiveArguments
from .incompatible_call import IncompatibleCall
from .meaning_changed import MeaningChanged
from .positional_limit import PositionalLimit
from .removed_api import RemovedApi
from .retired_keyword import RetiredKeyword
from .served_deprecated import ServedDeprecated
from .shim_keyword import ShimKeyword
from .unknown_name import UnknownName

REMOVAL_RULE = RemovedApi()
# for a name the target does not define: the first that reports wins
MISSING_NAME_RULES: tuple[Rule, ...] = (REMOVAL_RULE, ServedDeprecated(), UnknownName())
# a final rule that reports stops the ones after it
CALL_RULES: tuple[CallRule, ...] = (ShimKeyword(), IncompatibleCall(), RetiredKeyword(),
                                    ExclusiveArguments(), MeaningChanged(), DefaultChanged(),
                                    AnnouncedDefault())
DEFINITION_RULES: tuple[DefinitionRule, ...] = (DeprecatedApi(), DeprecatedParameter(),
                                                DeprecatedValue(), PositionalLimit())
ALL_RULES: tuple[Rule, ...] = (*MISSING_NAME_RULES, *CALL_RULES, *DEFINITION_RULES)


def site_findings(ctx: SiteContext) -> list[Finding]:
    """Every rule's findings for one site at one stored (target, baseline) pair."""
    found: Found = ctx.lookup.find(ctx.site.target, ctx.dist, ctx.target)
    ctx.owner_public = found.owner_public
    if found.ambiguous:
        return []
    if found.definition is None:
        return _missing_name(ctx, found) or _through_missing_name(ctx, found)
    if ctx.site.kind == "module":  # ``import a.b``: only whether the module is there
        return []
    findings = _call_findings(ctx, found.definition) if ctx.call is not None \
        and ctx.site.shape is not None else []
    for rule in DEFINITION_RULES:
        findings.extend(rule.check(ctx, found.definition))
    return findings


def _missing_name(ctx: SiteContext, found: Found) -> list[Finding]:
    for rule in MISSING_NAME_RULES:
        reported = rule.check(ctx, found)  # type: ignore[attr-defined]
        if reported:
            return reported
    return []


def _through_missing_name(ctx: SiteContext, found: Found) -> list[Finding]:
    """``np.sctypes.values()``: a member read on a name the target does not define is
    judged as a use of that name (the reference ``np.sctypes`` is what fails)."""
    target, node = ctx.site.target, ctx.site.node
    if found.parent is not None or not isinstance(target, Ref) or _ever_defined(ctx):
        return []
    if ctx.site.kind in ("import", "module"):
        return _import_of_missing_module(ctx)
    expr = node.func if isinstance(node, ast.Call) and ctx.site.kind == "call" else node
    parts = target.path.split(".")
    while isinstance(expr, ast.Attribute) and len(parts) > 2:
        expr, parts = expr.value, parts[:-1]
        prefix = Ref(".".join(parts))
        inner = ctx.lookup.find(prefix, ctx.dist, ctx.target)
        if inner.definition is not None or inner.ambiguous:
            return []
        if inner.parent is not None:
            site = replace(ctx.site, node=expr, target=prefix, kind="reference", shape=None,
                           receiver=None, partial=False)
            return _missing_name(ctx.for_site(site), inner)
    return []


def _import_of_missing_module(ctx: SiteContext) -> list[Finding]:
    """``from sklearn.grid_search import GridSearchCV``: the module named is what fails."""
    parts = ctx.site.target.path.split(".")
    for end in range(len(parts) - 1, 1, -1):
        prefix = Ref(".".join(parts[:end]))
        inner = ctx.lookup.find(prefix, ctx.dist, ctx.target)
        if inner.definition is not None or inner.ambiguous:
            return []
        if inner.parent is not None:
            site = replace(ctx.site, target=prefix, kind="module", shape=None, receiver=None,
                           partial=False)
            return _missing_name(ctx.for_site(site), inner)
    return []


def _ever_defined(ctx: SiteContext) -> bool:
    """Whether an earlier release defined the full path (then its head was a namespace, a
    subpackage perhaps loaded lazily, not a value whose members are read)."""
    return ctx.memo(("ever-defined",), lambda: any(
        ctx.definition_at(v) is not None for v in ctx.versions_upto(ctx.target)[:-1]))


def _call_findings(ctx: SiteContext, definition) -> list[Finding]:
    call = bind_call(ctx, definition)
    if call is None:
        return []
    findings: list[Finding] = []
    for rule in CALL_RULES:
        reported = rule.check(ctx, definition, call)
        if reported and rule.final:
            return reported
        findings.extend(reported)
    return findings


__all__ = ["ALL_RULES", "CALL_RULES", "DEFINITION_RULES", "REMOVAL_RULE", "Rule", "SiteContext",
           "site_findings"]
