"""Untyped receivers named by a changed member that only one library class family has.

    def measure(draw, text):        # `draw` has no type the checker can see
        return draw.textsize(text)  # CS203: likely a PIL.ImageDraw.ImageDraw

A call ``x.m(...)`` whose receiver the site collector could not type is judged as a call on
a library class when ``m`` is a member that changed in a distribution the file imports (it
is gone at the target, though a release before it had it) and, among the public classes of
every tracked distribution the file imports (at those earlier releases), exactly one class
family defines ``m`` (one class and its subclasses; or a few, when ``m`` changed in each),
while no builtin or standard-library type and no class of the file itself does. An untyped
attribute of the user's object counts (``self.graph.nodes_iter()``); the object itself does
not (``self.textsize()``: its bases are not seen). Such sites are inferred
(``Instance.inferred_from``) and their findings are CS203, likely-stale
(``likely_findings.py``).
"""

from __future__ import annotations

import ast
import importlib
import re
from typing import TYPE_CHECKING

from ..knowledge.member_cache import interpreter_names
from .binding import CallShape
from .likely_types import COMMON_MEMBERS, MAX_ALTERNATIVES
from .member_calls import imported_tops, module_facts
from .symbols import BoundMember, Instance, Ref, Site

if TYPE_CHECKING:
    from .checker import Checker

EARLIER_RELEASES = 2  # stored releases just before the target (as likely_types.py reads)
# the previous major line's last release counts when it lies this few stored releases back
# (about eight minor lines): older removals may be knowledge gaps (aliases made at run time)
RECENT_MAJOR = 16
# standard-library modules whose classes' members a receiver may just as well be using
_STDLIB_MODULES = ("argparse", "array", "asyncio", "collections", "configparser", "csv",
                   "datetime", "decimal", "email.message", "enum", "fractions", "ftplib",
                   "http.client", "io", "logging", "multiprocessing", "os", "pathlib", "queue",
                   "random", "re", "sched", "selectors", "socket", "sqlite3", "string",
                   "subprocess", "tarfile", "tempfile", "threading", "types", "unittest",
                   "urllib.request", "uuid", "weakref", "xml.etree.ElementTree", "zipfile")
_stdlib_members: frozenset[str] | None = None
SELF_NAMES = {"self", "cls"}
_CALLED = re.compile(r"\.\s*([A-Za-z_]\w*)\s*\(")


def stdlib_members() -> frozenset[str]:
    """Every member name of the public classes of common standard-library modules (kept on
    disk per interpreter: importing them costs a new process's first check ~150 ms)."""
    global _stdlib_members
    if _stdlib_members is None:
        _stdlib_members = interpreter_names("stdlib-members", _stdlib_members_now,
                                            (__name__, "codesync.analysis.likely_types"))
    return _stdlib_members


def _stdlib_members_now() -> frozenset[str]:
    names = set(COMMON_MEMBERS)
    for name in _STDLIB_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a trimmed interpreter
            continue
        for value in vars(module).values():
            if isinstance(value, type):
                names.update(dir(value))
    return frozenset(names)


def unique_member_sites(checker: Checker, tree: ast.Module, source: str,
                        sites: list[Site]) -> list[Site]:
    """Sites for calls of changed members on receivers the collector left untyped."""
    candidates = {m for m in _CALLED.findall(source) if not m.startswith("_")} - stdlib_members()
    if not candidates:
        return []  # nothing a builtin or standard-library type could not be: no guess
    dists = _imported_distributions(checker, imported_tops(tree))
    changed: dict[str, str] = {}  # member -> dist
    for dist in dists:
        for name in _removed_members(checker, dist) & candidates:
            changed.setdefault(name, dist)
    if not changed:
        return []
    pattern = re.compile(r"\.(" + "|".join(map(re.escape, sorted(changed))) + r")\s*\(")
    if not pattern.search(source):
        return []  # the cheap test first: most files call none of them
    covered = {id(site.node) for site in sites}
    facts = module_facts(tree, source, changed, getattr(checker.site_memo, "statement_facts", None))
    found: list[Site] = []
    for call, guarded in facts.calls:
        func = call.func
        if not isinstance(func, ast.Attribute) or id(call) in covered or guarded:
            continue
        name = func.attr
        if name not in changed or name in facts.own or name in stdlib_members():
            continue
        if _root_name(func.value) in facts.bound or _self_itself(func.value):
            continue  # a module's function, or the user's own object (its bases unseen)
        instances = _unique_family(checker, dists, name)
        imported = [i for i in instances if _imported_module(i.public, facts.modules)]
        for instance in imported or instances:  # findings on one range are merged
            found.append(Site(call, BoundMember(instance, name), "call", shape=_shape(call),
                              receiver=func.value))
    return found


def _imported_distributions(checker: Checker, tops: frozenset[str]) -> list[str]:
    dists = {checker.lookup.distribution_of(Ref(top)) for top in tops}
    return sorted(d for d in dists if d and checker.usable_version(d))


def _earlier(checker: Checker, dist: str) -> list[str]:
    version = checker.usable_version(dist)
    knowledge = checker.knowledge
    index = knowledge.release_index(dist, version) if version else None
    if index is None:
        return []
    versions = knowledge.versions(dist)
    earlier = versions[max(0, index - EARLIER_RELEASES): index]
    recent = versions[max(0, index - RECENT_MAJOR): index]  # a major line that ended lately
    earlier += [v for v in _last_of_earlier_majors(versions[:index], version)
                if v not in earlier and v in recent]
    baseline = checker.baseline_version(dist)
    return [baseline, *earlier] if baseline and baseline not in earlier else earlier


def _last_of_earlier_majors(versions: list[str], target: str, majors: int = 1) -> list[str]:
    """The last stored release of the major line before the target's (or of ``majors`` of
    them): code is often written for the line before a breaking release."""
    def major(version: str) -> str:
        return version.split(".", 1)[0]

    last: dict[str, str] = {}
    for version in versions:
        if major(version) != major(target):
            last[major(version)] = version
    return list(last.values())[-majors:]


def _members_at(checker: Checker, dist: str, versions: list[str]) -> dict[str, frozenset[str]]:
    key = ("unique-members", dist, tuple(versions))
    if key not in checker.memo:
        merged: dict[str, frozenset[str]] = {}
        for members in checker.knowledge.class_members_of(dist, versions).values():
            for path, names in members.items():
                merged[path] = merged.get(path, frozenset()) | names
        checker.memo[key] = merged
    return checker.memo[key]


def _removed_members(checker: Checker, dist: str) -> frozenset[str]:
    """Public member names some class had at an earlier release and lacks at the target."""
    version = checker.usable_version(dist)
    key = ("removed-members", dist, version, checker.baseline_version(dist))
    if key not in checker.memo:
        earlier = _earlier(checker, dist)
        checker.knowledge.class_members_of(dist, [*earlier, version] if version else earlier)
        before = _members_at(checker, dist, earlier)
        now = _members_at(checker, dist, [version]) if version else {}
        removed: set[str] = set()
        for path, names in before.items():
            if path in now:
                removed |= {n for n in names - now[path] if not n.startswith("_")
                            and _own_member(checker, dist, earlier, path, n)}
        checker.memo[key] = frozenset(removed)
    return checker.memo[key]


def _own_member(checker: Checker, dist: str, releases: list[str], cls: str, name: str) -> bool:
    """Whether the class itself defined the member at one of the releases: one it only
    inherited is lost when its base's record changed, and a base read from a compiled
    module may list no members at all (numpy 2's ``ndarray``), which proves nothing."""
    knowledge = checker.knowledge
    for release in releases:
        if knowledge.definition(dist, release, f"{cls}.{name}") is not None:
            return True
        record = knowledge.definition(dist, release, cls)
        if record is not None and (name in record.attributes or name in record.properties):
            return True
    return False


def _unique_family(checker: Checker, dists: list[str], name: str) -> list[Instance]:
    """The one class family, among the imported distributions, that defines ``name`` (or
    the few, each of which lost it)."""
    key = ("unique-family", tuple(dists), name)
    if key in checker.memo:
        return checker.memo[key]
    result: list[Instance] = []
    definers = [(dist, path) for dist in dists
                for path, names in _members_at(checker, dist, _earlier(checker, dist)).items()
                if name in names]
    if definers and len({dist for dist, _ in definers}) == 1:
        dist = definers[0][0]
        paths = {path for _, path in definers}
        versions = _earlier(checker, dist)
        roots = [p for p in paths if not any(
            base in paths for v in versions for base in checker.knowledge.mro(dist, v, p)[1:])]
        version = checker.usable_version(dist)
        now = _members_at(checker, dist, [version]) if version else {}
        # a few unrelated families will do when the member changed in every one of them
        if len(roots) == 1 or len(roots) <= MAX_ALTERNATIVES and all(
                name not in now.get(root, frozenset()) for root in roots):
            result = [Instance(dist, root, checker.knowledge.public_name(dist, root), (name,))
                      for root in sorted(roots)]
    checker.memo[key] = result
    return result


def _imported_module(public: str, modules: frozenset[str]) -> bool:
    module = public.rpartition(".")[0]
    return module in modules


def _self_itself(node: ast.expr) -> bool:
    """``self``/``cls`` (not an attribute it holds: ``self.graph`` is whatever was stored)."""
    return isinstance(node, ast.Name) and node.id in SELF_NAMES


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _shape(call: ast.Call) -> CallShape:
    return CallShape(sum(not isinstance(a, ast.Starred) for a in call.args),
                     tuple(k.arg for k in call.keywords if k.arg),
                     any(isinstance(a, ast.Starred) for a in call.args),
                     any(k.arg is None for k in call.keywords))
