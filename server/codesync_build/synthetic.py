"""Legacy calls written from the knowledge's change records, for APIs no snippet calls.

For each public function or class whose stored definition changed between two adjacent
stored releases (a parameter removed, renamed, deprecated or made positional/keyword-only,
the positional order changed, or the API removed with a named replacement), a snippet calls
it as the older release allowed: its required arguments and the changed parameters passed,
from inside a function whose parameters hold the values. The snippets have the shape of
PCBench cases, so the checker and the fixers decide every label, as for real code.
"""

from __future__ import annotations

import hashlib
import keyword
from collections.abc import Iterator

from codesync.knowledge import history
from codesync.knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    Definition,
    Param,
)

CHANGES = {history.PARAM_REMOVED, history.PARAM_RENAMED, history.PARAM_KIND,
           history.PARAM_REORDERED, history.PARAM_DEPRECATED, history.API_REMOVED}
CALLABLE = {"function", "class"}
MAX_ARGUMENTS = 6


def synthetic_cases(knowledge, distributions: list[str] | None = None,
                    per_distribution: int = 40) -> Iterator[dict]:
    """PCBench-shaped cases (``compatible`` false) for changed APIs, at most
    ``per_distribution`` APIs per distribution."""
    for dist in distributions or knowledge.distributions():
        versions = knowledge.versions(dist)
        made = 0
        for path in changed_paths(knowledge, dist):
            if made >= per_distribution:
                break
            cases = list(_cases_for(knowledge, dist, path, versions))
            made += bool(cases)
            yield from cases


def changed_paths(knowledge, dist: str) -> list[str]:
    """Canonical paths with more than one stored definition, or none at the last release."""
    last_key = max((r.key for r in knowledge.releases(dist)), default="")
    found: dict[str, tuple[int, str]] = {}
    conn = knowledge.db
    for layer in knowledge.layers:
        sql = (f"SELECT path, COUNT(*), MAX(last_key) FROM {layer}.definitions WHERE dist=? "
               "GROUP BY path")
        for path, count, last in conn.execute(sql, (_canonical(dist),)):
            held = found.get(path, (0, ""))
            found[path] = (held[0] + count, max(held[1], last))
    changed = [p for p, (count, last) in found.items() if count > 1 or last < last_key]
    return sorted(changed, key=lambda p: hashlib.sha1(p.encode()).hexdigest())  # no A-Z bias


def _canonical(dist: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(dist)


def public_name(knowledge, dist: str, path: str) -> str | None:
    """The shortest public path that exports ``path``, if any."""
    names = []
    for layer in knowledge.layers:
        sql = f"SELECT path FROM {layer}.exports WHERE target=? AND dist=?"
        names.extend(row[0] for row in knowledge.db.execute(sql, (path, _canonical(dist))))
    names = [n for n in names if "." in n and not any(p.startswith("_") for p in n.split("."))]
    return min(names, key=lambda n: (len(n), n)) if names else None


def _cases_for(knowledge, dist: str, path: str, versions: list[str]) -> Iterator[dict]:
    runs = knowledge.definition_history(dist, path)
    name = None
    for i, (old, interval) in enumerate(runs):
        if old.kind not in CALLABLE or old.params is None:
            continue
        after = versions.index(interval.last) + 1 if interval.last in versions else len(versions)
        if after >= len(versions):
            continue
        target = versions[after]
        new = runs[i + 1][0] if i + 1 < len(runs) and runs[i + 1][1].first == target else None
        changed = changed_parameters(old, new)
        if changed is None:
            continue
        name = name or public_name(knowledge, dist, path)
        if name is None:
            return
        for form, code in snippets(name, old.params, changed):
            yield {"api": name, "code": code, "compatible": False, "file": "synthetic.py",
                   "id": f"synthetic/{name}@{interval.last}-{target}#{form}",
                   "library": dist, "old_version": interval.last, "new_version": target}


def changed_parameters(old: Definition, new: Definition | None) -> set[str] | None:
    """The parameters a legacy call should pass to meet the change (empty: any call does),
    or None when the change is none that a rewrite could follow."""
    if new is None:
        return set() if old.deprecated is not None and old.deprecated.replacement else None
    changes = [c for c in history.diff(old, new) if c.kind in CHANGES]
    if not changes:
        return None
    named = {c.parameter for c in changes if c.parameter}
    if any(c.kind == history.PARAM_REORDERED for c in changes):
        named |= {p.name for p in old.params if p.kind == POSITIONAL_OR_KEYWORD}
    return {n for n in named if not n.startswith("*")}


def snippets(name: str, params: list[Param], changed: set[str]) -> Iterator[tuple[str, str]]:
    """("from", code) and ("dotted", code): the call through each import style."""
    arguments = call_arguments(params, changed)
    if arguments is None:
        return
    module, attr = name.rsplit(".", 1)
    inputs = sorted({v for v in arguments[0]} | {v for _, v in arguments[1]},
                    key=lambda v: [p.name for p in params].index(v))
    header = f"def run({', '.join(inputs)}):\n    return "
    text = ", ".join(arguments[0] + [f"{k}={v}" for k, v in arguments[1]])
    yield "from", f"from {module} import {attr}\n\n\n{header}{attr}({text})\n"
    yield "dotted", f"import {module}\n\n\n{header}{name}({text})\n"


def call_arguments(params: list[Param], changed: set[str]
                   ) -> tuple[list[str], list[tuple[str, str]]] | None:
    """Positional values and keywords: the required parameters, and the changed ones (by
    keyword unless they must go by position); each value a variable named after it."""
    if any(keyword.iskeyword(p.name) or p.name in ("self", "cls") for p in params):
        return None
    positional_kinds = (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
    ordered = [p for p in params if p.kind in positional_kinds]
    last = max((i for i, p in enumerate(ordered) if p.required or
                (p.name in changed and p.kind == POSITIONAL_ONLY)), default=-1)
    if len(changed & {p.name for p in ordered}) > 1:  # an order change: pass them in order
        last = max(last, max(i for i, p in enumerate(ordered) if p.name in changed))
    values = [p.name for p in ordered[: last + 1]]
    keywords = [(p.name, p.name) for p in params if p.name not in values and
                p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY) and
                (p.name in changed or (p.kind == KEYWORD_ONLY and p.required))]
    if (not values and not keywords and changed) or len(values) + len(keywords) > MAX_ARGUMENTS:
        return None
    return values, keywords
