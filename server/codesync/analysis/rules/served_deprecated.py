"""CS201 deprecated: a name the module no longer defines, served by its ``__getattr__`` with a
deprecation warning.

    from scipy.sparse.csr import csr_matrix   # scipy 1.8: the module serves it with a warning
    np.float(x)                               # numpy 1.20: served from a deprecation table

The module's deprecation table (``__deprecated_attrs__``), or a ``__getattr__`` that serves a
closed set of names and warns for every one, says so; "since" is the first stored release of
the run that serves the name this way. A private module renamed and served with a warning on
every access (numpy 2's ``np.core.multiarray``, ``np.linalg.linalg``: a dynamic module whose
record carries the deprecation) serves any public name so; the replacement is the nearest
package above it that has the name.
"""

from __future__ import annotations

from ...knowledge.model import Deprecation
from ..findings import DEPRECATED, Finding
from ..lookup import Found
from ..symbols import Ref
from .base import Rule
from .context import SiteContext
from .since import since_phrase
from .table_advice import advice_sentence, named_replacement


class ServedDeprecated(Rule):
    kind = DEPRECATED
    name = "served-deprecated"

    def check(self, ctx: SiteContext, found: Found) -> list[Finding]:
        parent, name = found.parent, found.missing_name
        if parent is None or parent.kind != "module":
            return []
        if name in parent.deprecated_names:
            text = parent.deprecated_names[name]
        elif parent.dynamic and parent.deprecated is not None and not name.startswith("_"):
            text = parent.deprecated.message  # every name it serves warns
        else:
            return []
        since = self._since(ctx, parent.path, name)
        message = f"`{ctx.short_api}` is deprecated" + since_phrase(ctx, since) + \
            f" ({ctx.version_note()})"
        advice = advice_sentence(text)
        if advice:
            message += f"; {advice}"
        replacement = self._new_home(ctx, parent.path, name) or ctx.usable_replacement(
            named_replacement(advice))
        record = Deprecation(message=advice, since=since, replacement=replacement)
        return [ctx.finding(DEPRECATED, message, since, deprecation=record)]

    def _new_home(self, ctx: SiteContext, module: str, name: str) -> str | None:
        """The nearest package above the module that has the name at the target (a private
        module's contents served through a deprecated public one: ``scipy.sparse.csr``)."""
        parts = module.split(".")
        for end in range(len(parts) - 1, 0, -1):
            candidate = ".".join([*parts[:end], name])
            if ctx.lookup.find(Ref(candidate), ctx.dist, ctx.target).definition is not None:
                return candidate
        return None

    def _since(self, ctx: SiteContext, module: str, name: str) -> str | None:
        since = None
        for version in reversed(ctx.versions_upto(ctx.target)):
            definition = ctx.knowledge.definition(ctx.dist, version, module)
            if definition is None or (name not in definition.deprecated_names and not (
                    definition.dynamic and definition.deprecated is not None)):
                break
            since = version
        return since
