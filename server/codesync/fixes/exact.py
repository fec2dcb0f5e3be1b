"""Exact rewrites computed from the change data: each one is certain or it is not offered.

Kinds: rename a keyword, pass shifted positional arguments by keyword, drop an argument whose
parameter is gone when its value was the old default, and call a same-module replacement of
a removed or deprecated function. Edits are spans of the original text, so formatting and
comments outside them survive.
"""

from __future__ import annotations

import ast

from ..analysis.binding import CallShape, bind
from ..analysis.findings import (
    DEPRECATED,
    INCOMPATIBLE_CALL,
    MEANING_CHANGED,
    REMOVED,
    Edit,
    Finding,
    Fix,
)
from ..analysis.positions import LineIndex
from ..analysis.symbols import Ref
from ..knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD


def exact_fixes(finding: Finding, index: LineIndex) -> list[Fix]:
    site = finding.context.get("site")
    if site is None:
        return []
    builders = {
        INCOMPATIBLE_CALL: (_rename_keywords, _drop_default_arguments, _positional_to_keywords),
        MEANING_CHANGED: (_positional_to_keywords, _rename_keywords),
        DEPRECATED: (_deprecated_keyword,),
        REMOVED: (_replace_callee,),
    }.get(finding.kind, ())
    for builder in builders:
        fix = builder(finding, index)
        if fix is not None:
            return [fix]
    return []


def _call(finding: Finding) -> ast.Call | None:
    node = finding.context["site"].node
    return node if isinstance(node, ast.Call) else None


def _keyword_edit(keyword: ast.keyword, new_name: str, index: LineIndex) -> Edit:
    line = keyword.lineno
    col = index.char_column(line, keyword.col_offset)
    return Edit(line, col, line, col + len(keyword.arg), new_name)


def _renames(finding: Finding) -> dict[str, str]:
    """Old keyword -> new keyword, from decorator mappings, deprecations and signature diffs."""
    check = finding.context["check"]
    base_sig, target_sig = finding.context.get("base_sig"), finding.context.get("target_sig")
    if target_sig is None:
        return {}
    target_names = {p.name for p in target_sig.params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    renames: dict[str, str] = {}
    for version in check._versions_upto(check.target):
        definition = check.lookup.find(check.site.target, check.dist, version).definition
        if definition is None:
            continue
        if definition.kind == "class":
            definition = check.lookup._constructor(definition, check.dist, version)
            if definition is None:
                continue
        for old, new in definition.extra_keywords.items():
            if new in target_names:
                renames[old] = new
        for old, record in definition.param_deprecations.items():
            if record.replacement in target_names:
                renames.setdefault(old, record.replacement)
    if base_sig is not None and len(base_sig.overloads) == 1 and len(target_sig.overloads) == 1:
        base_params, target_params = base_sig.params, target_sig.params
        base_names = {p.name for p in base_params}
        for i, old in enumerate(base_params):
            if old.name in target_names or i >= len(target_params):
                continue
            new = target_params[i]
            if new.name not in base_names and new.kind == old.kind and new.default == old.default:
                renames.setdefault(old.name, new.name)
    return renames


def _rename_keywords(finding: Finding, index: LineIndex) -> Fix | None:
    call = _call(finding)
    if call is None:
        return None
    renames = _renames(finding)
    target_sig = finding.context["target_sig"]
    edits = []
    used = {k.arg for k in call.keywords if k.arg}
    for keyword in call.keywords:
        new = renames.get(keyword.arg or "")
        if new and new not in used:
            edits.append(_keyword_edit(keyword, new, index))
    if not edits:
        return None
    new_keywords = tuple(renames.get(k, k) if renames.get(k) not in used else k
                         for k in _shape(call).keywords)
    if not _binds(target_sig, CallShape(_shape(call).positional, new_keywords)):
        return None
    names = ", ".join(f"`{k.arg}` -> `{renames[k.arg]}`" for k in call.keywords if k.arg in renames)
    return Fix(f"Rename keyword {names}", "exact", tuple(edits))


def _drop_default_arguments(finding: Finding, index: LineIndex) -> Fix | None:
    """Remove keywords whose parameter is gone when they pass the old default value."""
    call = _call(finding)
    base_sig, target_sig = finding.context.get("base_sig"), finding.context.get("target_sig")
    if call is None or base_sig is None or target_sig is None or len(base_sig.overloads) > 1:
        return None
    base_defaults = {p.name: p.default for p in base_sig.params}
    target_names = target_sig.names()
    dropped = []
    for keyword in call.keywords:
        name = keyword.arg
        if not name or name in target_names or name not in base_defaults:
            continue
        default = base_defaults[name]
        if default is None or _normal(index.text(keyword.value)) != _normal(default):
            return None  # a non-default value for a removed parameter: no exact fix
        dropped.append(keyword)
    if not dropped:
        return None
    remaining = tuple(k.arg for k in call.keywords if k.arg and k not in dropped)
    if not _binds(target_sig, CallShape(_shape(call).positional, remaining)):
        return None
    edits = tuple(_remove_argument(call, keyword, index) for keyword in dropped)
    names = ", ".join(f"`{k.arg}`" for k in dropped)
    return Fix(f"Remove {names} (gone; the value was the old default)", "exact", edits)


def _positional_to_keywords(finding: Finding, index: LineIndex) -> Fix | None:
    call = _call(finding)
    base = finding.context.get("base_binding")
    target_sig = finding.context.get("target_sig")
    if call is None or base is None or target_sig is None or not base.ok:
        return None
    shape = _shape(call)
    if shape.star_args:
        return None
    target_binding = finding.context.get("binding")
    first = None
    for i in range(shape.positional):
        old = base.slot(i)
        new = target_binding.slot(i) if target_binding is not None else None
        if old != new:
            first = i
            break
    if first is None:
        return None
    keyword_capable = {p.name for p in target_sig.params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    renames = _renames(finding)
    names = []
    for i in range(first, shape.positional):
        name = base.slot(i)
        if name is None or name.startswith("*"):
            return None
        name = name if name in keyword_capable else renames.get(name)
        if name is None or name in keyword_capable and name in shape.keywords:
            return None
        names.append(name)
    new_shape = CallShape(first, tuple(names) + shape.keywords)
    if not _binds(target_sig, new_shape):
        return None
    edits = []
    for i, name in zip(range(first, shape.positional), names):
        arg = call.args[i]
        line, col, _, _ = index.span(arg)
        edits.append(Edit(line, col, line, col, f"{name}="))
    return Fix("Pass " + ", ".join(f"`{n}`" for n in names) + " by keyword", "exact", tuple(edits))


def _deprecated_keyword(finding: Finding, index: LineIndex) -> Fix | None:
    record = finding.context.get("record")
    keyword_name = finding.context.get("keyword")
    definition = finding.context.get("definition")
    call = _call(finding)
    if call is None or not keyword_name or record is None or definition is None:
        return None
    new = record.replacement or definition.extra_keywords.get(keyword_name)
    names = {p.name for p in definition.params or [] if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    if not new or new not in names or new in {k.arg for k in call.keywords}:
        return None
    keyword = next(k for k in call.keywords if k.arg == keyword_name)
    return Fix(f"Rename keyword `{keyword_name}` -> `{new}`", "exact",
               (_keyword_edit(keyword, new, index),))


def _replace_callee(finding: Finding, index: LineIndex) -> Fix | None:
    """``np.product(x)`` -> ``np.prod(x)`` when the replacement lives in the same module."""
    site = finding.context["site"]
    check = finding.context["check"]
    if not isinstance(site.target, Ref):
        return None
    replacement = _replacement(finding)
    if not replacement:
        return None
    old_parent, _, old_name = site.target.path.rpartition(".")
    new_parent, _, new_name = replacement.rpartition(".")
    if new_parent != old_parent or not new_name:
        return None
    node = site.node
    func = node.func if isinstance(node, ast.Call) else node
    if not isinstance(func, ast.Attribute) or func.attr != old_name:
        return None
    found = check.lookup.find(Ref(replacement), check.dist, check.target).definition
    if found is None:
        return None
    if isinstance(node, ast.Call):
        signature = check.lookup.call_signature(found, check.dist, check.target)
        if signature is None or not _binds(signature, _shape(node)):
            return None
    line = func.end_lineno
    end = index.char_column(line, func.end_col_offset)
    edit = Edit(line, end - len(old_name), line, end, new_name)
    return Fix(f"Use `{replacement}`", "exact", (edit,))


def _replacement(finding: Finding) -> str | None:
    record = finding.context.get("record")
    if record is not None and record.replacement:
        return record.replacement
    check = finding.context["check"]
    last = finding.context.get("last_present")
    if last:
        before = check.lookup.find(check.site.target, check.dist, last).definition
        if before is not None and before.deprecated and before.deprecated.replacement:
            return before.deprecated.replacement
    return None


def _remove_argument(call: ast.Call, keyword: ast.keyword, index: LineIndex) -> Edit:
    """Delete one keyword argument with the comma that separates it from its neighbour."""
    arguments = [*call.args, *call.keywords]
    position = arguments.index(keyword)
    line, col, end_line, end_col = _keyword_span(keyword, index)
    if position > 0:
        previous = arguments[position - 1]
        _, _, prev_line, prev_col = _node_end(previous, index)
        return Edit(prev_line, prev_col, end_line, end_col, "")
    if len(arguments) > 1:
        following = arguments[1]
        next_line, next_col, _, _ = _keyword_span(following, index) if isinstance(
            following, ast.keyword) else index.span(following)
        return Edit(line, col, next_line, next_col, "")
    return Edit(line, col, end_line, end_col, "")


def _keyword_span(keyword: ast.keyword, index: LineIndex) -> tuple[int, int, int, int]:
    return index.span(keyword)


def _node_end(node: ast.AST, index: LineIndex) -> tuple[int, int, int, int]:
    return index.span(node)


def _shape(call: ast.Call) -> CallShape:
    from ..analysis.symbols import _shape as shape_of

    return shape_of(call)


def _binds(signature, shape: CallShape) -> bool:
    extra = dict(signature.extra_keywords)
    return any(bind(list(params), shape, extra).ok for params in signature.overloads)


def _normal(text: str) -> str:
    return text.replace('"', "'").replace(" ", "")
