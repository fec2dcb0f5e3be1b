"""CS101 removed: the API does not exist at the target, though a release before it had it.

    import pandas as pd          # written for pandas 1.5.3
    frame = frame.append(row)    # DataFrame.append was removed in pandas 2.0.0

Absence proves removal only where the knowledge is complete: not for private modules, dunder
names (every object has ``__repr__``; a module's ``__version__`` may be served dynamically), members of values or classes whose type or bases are
unknown, names a module ``__getattr__`` may still serve (unless its body shows it serves a
closed set of names), or class data members (they may live on as instance attributes). A name
no release defined but the module's expiry table lists (numpy's ``np.float``) is removed since
the table first listed it. Another spelling of a name the table lists (``np.NAN`` beside the
listed ``np.NaN``: the same object under a name differing only in case) is announced with it.
A member read on a name the target lacks (``np.sctypes.values()``) is judged as that name
(``rules/__init__.py``).
"""

from __future__ import annotations

from ...knowledge.model import Definition, Deprecation
from ..findings import REMOVED, Finding
from ..lookup import Found
from ..replacements import resolve_replacement_expression
from ..symbols import BoundMember, Ref
from .base import Rule
from .context import SiteContext
from .table_advice import advice_sentence, advised_use, named_replacement

IGNORABLE_BASES = ("object", "builtins.object", "typing.Generic", "typing.Protocol")


class RemovedApi(Rule):
    kind = REMOVED
    name = "removed-api"

    def check(self, ctx: SiteContext, found: Found) -> list[Finding]:
        facts = ctx.memo(("removed",), lambda: self._facts(ctx, found))
        if facts is None:
            return []
        changed, advice, latest_present = facts
        message = (f"`{ctx.short_api}` was removed {ctx.label(changed)} ({ctx.version_note()})"
                   + (f"; {advice}" if advice else ""))
        extra = {}
        replacement = self._table_replacement(ctx, advice)
        if replacement:  # the fixers read the replacement from a deprecation record
            extra["deprecation"] = Deprecation(message=advice, replacement=replacement)
        return [ctx.finding(REMOVED, message, changed, last_present=latest_present, **extra)]

    def _table_replacement(self, ctx: SiteContext, advice: str) -> str | None:
        """What the advice (from a module's table, or a deprecation record) names, when it
        resolves at the target."""
        named = named_replacement(advice)
        return ctx.usable_replacement(named) or resolve_replacement_expression(
            ctx.lookup, ctx.dist, ctx.target, named, ctx.api)

    def _facts(self, ctx: SiteContext, found: Found) -> tuple[str, str, str] | None:
        """(release it went in, advice, last release that had it), or None if not provably gone."""
        parent = found.parent
        if not self._absence_proves_removal(ctx, found):
            return None
        last_present = self._last_present(ctx)
        if last_present is None:
            return self._expired_facts(ctx, found)
        first_absent = self._first_absent_after(ctx, last_present)
        index = ctx.release_index(first_absent) or 0
        latest_present = ctx.knowledge.versions(ctx.dist)[index - 1] if index else last_present
        served = _served_until(ctx, found, first_absent)
        if served is not None:  # defined, then served by the module's __getattr__, then gone
            last_served, first_absent, text = served
            return ctx.when(last_served, first_absent), advice_sentence(text), last_served
        latest = ctx.definition_at(latest_present)
        spelling = _listed_spelling(ctx, found, latest_present)
        announced = (latest is not None and latest.deprecated is not None) or (
            parent is not None and found.missing_name in parent.expired) or spelling is not None
        if parent is not None and parent.dynamic and not announced and not _not_served(found):
            return None  # a module __getattr__ (or a class one) may still provide it
        if parent is not None and parent.kind == "class" and not _provably_gone_member(
                ctx, parent, latest):
            return None  # a class data member may live on as an instance attribute (self.x = ...)
        changed = ctx.when(latest_present, first_absent)
        advice = advice_sentence(parent.expired[spelling]) if spelling else ""
        return changed, advice or self._advice(ctx, found, latest_present), latest_present

    def _absence_proves_removal(self, ctx: SiteContext, found: Found) -> bool:
        parent = found.parent
        if parent is not None and parent.kind in ("attribute", "property") and not parent.returns:
            return False  # a member of a value whose type is not known here
        if parent is not None and parent.kind == "module" and found.missing_name in parent.unlisted:
            return False  # still bound there, only left out of __all__
        if parent is None and _unlisted_on_the_way(ctx):
            return False  # ``mks.dimsys.extend``: ``dimsys`` is still bound in ``mks``
        if parent is not None and parent.kind == "class" and not _known_bases(ctx, parent):
            return False  # a base we have no record of (numpy's scalar types) may define it
        if _private_path(ctx.api):
            return False  # private modules are not tracked in full: absence proves nothing
        target = ctx.site.target
        name = target.name if isinstance(target, BoundMember) else target.path.rsplit(".", 1)[-1]
        # every object has __repr__, __eq__...; a module's __version__, __file__... may be set
        # by the import system or served by a module __getattr__ the extractor cannot read;
        # not where the module's __getattr__ serves a known set without it (attrs 25's
        # ``__author__``)
        return not _dunder(name) or (parent is not None and parent.kind == "module"
                                     and _not_served(found) and name not in _IMPORT_SYSTEM)

    def _expired_facts(self, ctx: SiteContext, found: Found) -> tuple[str, str, str] | None:
        """A name no stored release defined, but the module's own tables did: served from its
        deprecation table and then no longer (numpy's ``np.float``, a builtin's alias served
        with a warning from 1.20, dropped in 1.24), or in its expiry table at the target (gone
        since the run of releases that lists it began)."""
        parent, name = found.parent, found.missing_name
        if parent is None or parent.kind != "module" or name in parent.deprecated_names:
            return None
        history = ctx.versions_upto(ctx.target)[:-1]
        tables = [(v, ctx.knowledge.definition(ctx.dist, v, parent.path)) for v in history]
        text = parent.expired.get(name)
        served = [(v, m) for v, m in tables if m is not None and name in m.deprecated_names]
        if served:
            last, module = served[-1]
            following = history[history.index(last) + 1:] + [ctx.target]
            advice = advice_sentence(text or module.deprecated_names[name])
            return ctx.when(last, following[0]), advice, last
        if text is None:
            return None
        first = ctx.target
        for version, module in reversed(tables):
            if module is None or name not in module.expired:
                return ctx.when(version, first), advice_sentence(text), version
            first = version
        return None  # expired in every stored release: when it went is unknown

    def _last_present(self, ctx: SiteContext) -> str | None:
        history = ctx.versions_upto(ctx.target)[:-1]
        candidates = [ctx.baseline] if ctx.baseline else list(reversed(history))
        return next((v for v in candidates if v and ctx.definition_at(v) is not None), None)

    def _first_absent_after(self, ctx: SiteContext, present: str) -> str:
        versions = ctx.knowledge.versions(ctx.dist)
        start = ctx.release_index(present) or 0
        end = ctx.release_index(ctx.target) or len(versions) - 1
        return next((v for v in versions[start + 1: end + 1] if ctx.definition_at(v) is None),
                    ctx.target)

    def _advice(self, ctx: SiteContext, found: Found, last_present: str) -> str:
        if found.parent is not None and found.missing_name in found.parent.expired:
            text = advice_sentence(found.parent.expired[found.missing_name])
            if text:  # "Use `np.float64` instead." continues the message: "; use ..."
                return text
        before = ctx.definition_at(last_present)
        replacement = ctx.usable_replacement(before.deprecated.replacement) \
            if before is not None and before.deprecated else None
        replacement = replacement or _new_home(ctx, last_present)
        if replacement:
            return f"use `{replacement}`"
        # the deprecation said what to do in words a name cannot hold ("use the class
        # methods from_estimator or from_predictions"): its advice carries over to the removal
        return advised_use(before.deprecated.message) if before is not None and \
            before.deprecated else ""


def _served_until(ctx: SiteContext, found: Found,
                  first_absent: str) -> tuple[str, str, str] | None:
    """(last release serving it, the release after, its warning) when the parent module's
    ``__getattr__`` served the name with a deprecation from ``first_absent`` on (Pillow 9.1
    to 9.5 serve ``Image.ANTIALIAS`` that way; 10.0 drops it)."""
    parent, name = found.parent, found.missing_name
    if parent is None or parent.kind != "module" or name in parent.deprecated_names:
        return None
    history = ctx.versions_upto(ctx.target)
    if first_absent not in history:
        return None
    last = message = None
    for version in history[history.index(first_absent):-1]:
        module = ctx.knowledge.definition(ctx.dist, version, parent.path)
        if module is None or name not in module.deprecated_names:
            break
        last, message = version, module.deprecated_names[name]
    if last is None:
        return None
    return last, history[history.index(last) + 1], message or ""


def _new_home(ctx: SiteContext, present: str) -> str | None:
    """The public path the same object had where the name was last present, when that path
    still exists at the target (``np.ComplexWarning`` -> ``numpy.exceptions.ComplexWarning``)."""
    target = ctx.site.target
    if isinstance(target, BoundMember):
        return None
    canonical = ctx.knowledge.export(ctx.dist, present, target.path)
    if not canonical or canonical == target.path or _private_path(canonical):
        return None
    found = ctx.lookup.find(Ref(canonical), ctx.dist, ctx.target)
    return canonical if found.definition is not None else None


def _listed_spelling(ctx: SiteContext, found: Found, present: str) -> str | None:
    """The name in the parent module's expiry table that is this name spelt otherwise (case
    aside) and was the same object where this one was last present."""
    parent, name = found.parent, found.missing_name
    if parent is None or parent.kind != "module" or not parent.expired:
        return None
    folded = _fold(name)
    spellings = [n for n in parent.expired if n != name and _fold(n) == folded]
    if not spellings:
        return None
    export = ctx.knowledge.export
    mine = export(ctx.dist, present, f"{parent.path}.{name}")
    return next((n for n in spellings
                 if mine and export(ctx.dist, present, f"{parent.path}.{n}") == mine), None)


def _fold(name: str) -> str:
    return name.lower().replace("_", "")


def _not_served(found: Found) -> bool:
    """The parent's ``__getattr__`` serves a closed set of names, and not this one."""
    serves = found.parent.serves if found.parent is not None else None
    return serves is not None and found.missing_name not in serves


def _provably_gone_member(ctx: SiteContext, cls: Definition, latest: Definition | None) -> bool:
    """Methods and nested classes are gone when absent; a property only when the target's
    records of the class and its bases include what their methods set on ``self`` (it may
    have become an instance attribute); a data member only when called as well (a method
    kept for a while as an alias, ``show = deprecated(...)(draw)``): never a plain value."""
    if latest is None or (latest.kind == "attribute" and ctx.call is None):
        return False
    if latest.kind not in ("property", "attribute"):
        return True
    for owner in ctx.knowledge.mro(ctx.dist, ctx.target, cls.path):
        definition = ctx.knowledge.definition(ctx.dist, ctx.target, owner)
        if owner not in IGNORABLE_BASES and (definition is None or not definition.members_complete):
            return False
    return True


def _known_bases(ctx: SiteContext, cls: Definition) -> bool:
    for owner in ctx.knowledge.mro(ctx.dist, ctx.target, cls.path):
        definition = ctx.knowledge.definition(ctx.dist, ctx.target, owner)
        if owner not in IGNORABLE_BASES and (definition is None or definition.kind != "class"):
            return False
    return True


def _unlisted_on_the_way(ctx: SiteContext) -> bool:
    """A name on the way to the API that the target's module still binds, left out of its
    ``__all__`` (a member of ``mks.dimsys_length_weight_time``, imported in ``mks`` and no
    longer listed): the path has no record at the target, yet it resolves at run time."""
    target = ctx.site.target
    if not isinstance(target, Ref):
        return False
    parts = target.path.split(".")
    for end in range(2, len(parts)):
        inner = ctx.lookup.find(Ref(".".join(parts[:end])), ctx.dist, ctx.target)
        if inner.definition is not None:
            continue
        parent = inner.parent
        return parent is not None and parent.kind == "module" and \
            inner.missing_name in parent.unlisted
    return False


def _private_path(path: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in path.split(".")[1:])


# what the import system sets on every module
_IMPORT_SYSTEM = {"__name__", "__doc__", "__file__", "__spec__", "__loader__", "__package__",
                  "__path__", "__cached__", "__builtins__", "__dict__", "__annotations__"}


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")
