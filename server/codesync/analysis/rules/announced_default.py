"""CS202 default-changed, announced: the call leaves a parameter at a default that the
target release warns will change.

    KMeans(n_clusters=3)   # scikit-learn 1.2-1.3: "The default value of `n_init` will
                           # change from 10 to 'auto' in 1.4" (a FutureWarning on fit)

The library gives the warning while the parameter holds its placeholder default
(``n_init="warn"``); passing any value silences it and keeps the code's meaning when the new
default arrives. A notice that needs more of the call (another argument given, or holding
some literals) is reported only where the call shows it does. A call that may pass the
parameter through ``*args``/``**kwargs`` is not judged.
"""

from __future__ import annotations

import ast

from ...knowledge.model import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, DefaultNotice, Definition
from ..binding import Binding
from ..findings import DEFAULT_CHANGED, Finding
from .base import CallRule
from .context import CallFacts, SiteContext
from .deprecated_value import library_text
from .since import since_phrase


class AnnouncedDefault(CallRule):
    kind = DEFAULT_CHANGED
    name = "announced-default"

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        callable_def = ctx.callable(definition, ctx.target)
        shape = ctx.site.shape
        if callable_def is None or not callable_def.default_notices or shape is None \
                or shape.star_kwargs:
            return []
        binding = call.target_binding
        passed = set(binding.positional) | set(binding.keywords.values())
        positional = {p.name for p in callable_def.params or []
                      if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)}
        findings = []
        for name, notice in sorted(callable_def.default_notices.items()):
            if name in passed or (shape.star_args and name in positional) or \
                    not _conditions_hold(ctx, notice, callable_def, binding):
                continue
            since = ctx.memo(("announced", name), lambda n=name: ctx.deprecated_since(
                lambda d: n in d.default_notices, constructor=definition.kind == "class"))
            message = (f"`{ctx.short_api}()` leaves `{name}` at a default announced to change"
                       + since_phrase(ctx, since, False) + f" ({ctx.version_note()}); pass "
                       f"`{name}` explicitly" + (f": {library_text(notice.message, name, '…')}"
                                                 if notice.message else ""))
            findings.append(ctx.finding(DEFAULT_CHANGED, message, since, deprecation=notice,
                                        keyword=name, definition=callable_def))
        return findings


def _conditions_hold(ctx: SiteContext, notice: DefaultNotice, callable_def: Definition,
                     binding: Binding) -> bool:
    """What the notice needs of the other arguments, where the call (or a default) shows it."""
    if not notice.given and not notice.values:
        return True
    defaults = {p.name: p.default for p in callable_def.params or []}
    nodes = {name: node.value if isinstance(node, ast.keyword) else node
             for name, node in ctx.argument_nodes(binding).items()}
    for name in notice.given:
        node = nodes.get(name)
        if node is None and defaults.get(name) in (None, "None"):
            return False
        if isinstance(node, ast.Constant) and node.value is None:
            return False
    for name, values in notice.values:
        node = nodes.get(name)
        if node is None:
            held = _literal(defaults.get(name))
        else:
            held = node.value if isinstance(node, ast.Constant) else _UNKNOWN
        if held is _UNKNOWN or held not in values:
            return False
    return True


_UNKNOWN = object()


def _literal(text: str | None) -> object:
    try:
        return ast.literal_eval(text) if text else _UNKNOWN
    except (ValueError, SyntaxError):
        return _UNKNOWN
