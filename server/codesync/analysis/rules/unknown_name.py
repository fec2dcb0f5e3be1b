"""CS101 removed: a name that neither the target nor any stored release before it defines.

    from sklearn.grid_search import GridSearchCV   # removed before the oldest stored release
    nx.pygraphviz_layout(G)                        # likewise, a function of the package
    nx.DiGraph().in_degree_iter()                  # a method gone before the oldest release

The import, read or call fails at the target whatever release the code was written for;
when it went is not known (before the stored history, or never there). Absence proves it
only where the record is complete: a release read from a pure-Python wheel (one built for a
platform may hold compiled modules the record lacks, ``lxml.etree``, and names star-imported
from them), and a name neither private nor a dunder. Every module file of such a release is
recorded, so a missing module is judged at any depth; a missing value only on the top-level
package, when no ``__getattr__`` may serve it (a submodule's aliases of objects from
elsewhere, ``igcd2 = math.gcd``, are not all recorded). A member is judged when called, on a
class whose records (and its bases') include what their methods set on ``self`` and none of
which has a ``__getattr__``.
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..findings import REMOVED, Finding
from ..lookup import Found
from ..symbols import BoundMember, Ref
from .base import Rule
from .context import SiteContext
from .removed_api import IGNORABLE_BASES


class UnknownName(Rule):
    kind = REMOVED
    name = "unknown-name"

    def check(self, ctx: SiteContext, found: Found) -> list[Finding]:
        parent, name = found.parent, found.missing_name
        if parent is None or name.startswith("_") or not _pure(ctx):
            return []
        if not (_module_name(ctx, parent, name) or _called_member(ctx, parent)):
            return []
        if not ctx.memo(("unknown-name",), lambda: _never_defined(ctx)):
            return []
        versions = ctx.knowledge.versions(ctx.dist)
        message = (f"`{ctx.short_api}` does not exist in {ctx.dist} {ctx.target_choice.label()}, "
                   f"nor in any stored release since {versions[0]} ({ctx.version_note()})")
        return [ctx.finding(REMOVED, message)]


def _module_name(ctx: SiteContext, parent: Definition, name: str) -> bool:
    if not isinstance(ctx.site.target, Ref) or parent.kind != "module" or name in parent.unlisted:
        return False
    if any(part.startswith("_") for part in parent.path.split(".")[1:]):
        return False  # private modules are not tracked in full
    if parent.dynamic and (parent.serves is None or name in parent.serves):
        return False  # its __getattr__ may serve the name
    # a value a submodule binds from elsewhere (``igcd2 = math.gcd``) may be unrecorded
    return "." not in parent.path or ctx.site.kind == "module"


def _called_member(ctx: SiteContext, cls: Definition) -> bool:
    """A method called on a class whose records, and its bases', list what their methods set
    on ``self``, and none of which has a ``__getattr__``."""
    if cls.kind != "class" or ctx.call is None or not isinstance(ctx.site.target, BoundMember):
        return False
    for owner in ctx.knowledge.mro(ctx.dist, ctx.target, cls.path):
        if owner in IGNORABLE_BASES:
            continue
        record = ctx.knowledge.definition(ctx.dist, ctx.target, owner)
        if record is None or record.kind != "class" or record.dynamic or \
                not record.members_complete:
            return False
    return True


def _pure(ctx: SiteContext) -> bool:
    """The target was read from a wheel for any platform: every module is Python source."""
    release = ctx.knowledge.stored_release(ctx.dist, ctx.target)
    return release is not None and release.source.endswith("-none-any.whl")


def _never_defined(ctx: SiteContext) -> bool:
    """No stored release defines the path (where one after the target does, the code was
    written for a newer release, which the removal rules do not judge)."""
    return not any(ctx.definition_at(v) is not None
                   for v in ctx.knowledge.versions(ctx.dist))
