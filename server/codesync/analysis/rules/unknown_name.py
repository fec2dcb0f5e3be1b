"""CS101 removed: a module name that neither the target nor any stored release before it defines.

    from sklearn.grid_search import GridSearchCV   # removed before the oldest stored release
    sp.lena()                                      # never a name of scipy's top module

The import or read fails at the target whatever release the code was written for; when it
went is not known (before the stored history, or never there). Absence proves it only where
the module's names are known in full: a public module of the target, with no ``__getattr__``
that may serve the name (or one whose body shows it serves a closed set without it), no
name that is neither private nor a dunder, in a release read from a pure-Python wheel. A
release built for a platform may hold compiled modules the record lacks (``lxml.etree``), and
names star-imported from them. Every module file of such a release is recorded, so a missing
module is judged at any depth; a missing value only on the top-level package (a submodule's
aliases of objects from elsewhere, ``igcd2 = math.gcd``, are not all recorded).
"""

from __future__ import annotations

from ...knowledge.model import Definition
from ..findings import REMOVED, Finding
from ..lookup import Found
from ..symbols import Ref
from .base import Rule
from .context import SiteContext


class UnknownName(Rule):
    kind = REMOVED
    name = "unknown-name"

    def check(self, ctx: SiteContext, found: Found) -> list[Finding]:
        parent, name = found.parent, found.missing_name
        if parent is None or not isinstance(ctx.site.target, Ref) or not _judged(parent, name):
            return []
        if "." in parent.path and ctx.site.kind != "module":
            return []  # a value a submodule binds from elsewhere (``igcd2 = math.gcd``) may be unrecorded
        if not _pure(ctx):
            return []
        if not ctx.memo(("unknown-name",), lambda: _never_defined(ctx)):
            return []
        versions = ctx.knowledge.versions(ctx.dist)
        message = (f"`{ctx.short_api}` does not exist in {ctx.dist} {ctx.target_choice.label()}, "
                   f"nor in any stored release since {versions[0]} ({ctx.version_note()})")
        return [ctx.finding(REMOVED, message)]


def _judged(parent: Definition, name: str) -> bool:
    if parent.kind != "module" or name.startswith("_") or name in parent.unlisted:
        return False
    if any(part.startswith("_") for part in parent.path.split(".")[1:]):
        return False  # private modules are not tracked in full
    if parent.dynamic and (parent.serves is None or name in parent.serves):
        return False  # its __getattr__ may serve the name
    return True


def _pure(ctx: SiteContext) -> bool:
    """The target was read from a wheel for any platform: every module is Python source."""
    release = ctx.knowledge.stored_release(ctx.dist, ctx.target)
    return release is not None and release.source.endswith("-none-any.whl")


def _never_defined(ctx: SiteContext) -> bool:
    """No stored release up to the target defines the path (a later one may: then the code
    was written for a release newer than the target, which the removal rules do not judge)."""
    return not any(ctx.definition_at(v) is not None
                   for v in ctx.knowledge.versions(ctx.dist))
