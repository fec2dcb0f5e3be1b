"""Exact rewrites computed from the change data: each one is certain or it is not offered.

Kinds: re-bind a call's arguments (rename keywords, pass shifted positional arguments by
keyword, drop arguments whose parameter is gone when the value was the old default), and call
a same-module replacement of a removed or deprecated function. Edits are spans of the original text, so formatting and
comments outside them survive.
"""

from __future__ import annotations

import ast
import re

from ..analysis.binding import CallShape, bind
from ..analysis.defaults import SENTINEL_DEFAULT
from ..analysis.deprecation_scope import keyword_value_template
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
from ..analysis.replacements import BUILTIN_NAMES
from ..analysis.symbols import Ref
from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
)
from .expressions import replace_with_expression
from .values import replace_value

SUGGESTED = "suggested"  # a Fix source: right in most cases, for a person to choose


def exact_fixes(finding: Finding, index: LineIndex) -> list[Fix]:
    site = finding.evidence.site
    if site is None:
        return []
    builders = {
        INCOMPATIBLE_CALL: (_drop_conflicting, _rebind_call),
        MEANING_CHANGED: (_rebind_call,),
        DEPRECATED: (replace_value, _deprecated_keyword, _replace_callee,
                     _replace_with_expression),
        REMOVED: (_replace_callee, _replace_with_expression),
    }.get(finding.kind, ())
    for builder in builders:
        fix = builder(finding, index)
        if fix is not None:
            return [fix]
    return []


def _call(finding: Finding) -> ast.Call | None:
    node = finding.evidence.site.node
    return node if isinstance(node, ast.Call) else None


def _by_keyword(argument: ast.AST, name: str, index: LineIndex) -> Edit:
    """Turn a positional argument into ``name=argument``."""
    line, col, _, _ = index.span(argument)
    return Edit(line, col, line, col, f"{name}=")


def _keyword_edit(keyword: ast.keyword, new_name: str, index: LineIndex) -> Edit:
    line = keyword.lineno
    col = index.char_column(line, keyword.col_offset)
    return Edit(line, col, line, col + len(keyword.arg), new_name)


def _rename_sources(finding: Finding) -> tuple[dict[str, str], set[str]]:
    """Old keyword -> new keyword (from decorator mappings, deprecations and signature diffs),
    and which of them only a deprecation message suggests ("use `inclusive` instead"): the new
    parameter may take other values, so a default is dropped, not moved."""
    check = finding.evidence
    base_sig, target_sig = finding.evidence.baseline_signature, finding.evidence.target_signature
    if target_sig is None:
        return {}, set()
    target_names = {p.name for p in target_sig.params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    renames: dict[str, str] = dict(finding.evidence.renames)
    suggested: dict[str, str] = {}
    for version in check.versions_upto(check.target):
        definition = check.lookup.find(check.site.target, check.dist, version).definition
        if definition is None:
            continue
        if definition.kind == "class":
            definition = check.lookup.constructor(definition, check.dist, version)
            if definition is None:
                continue
        for old, new in definition.extra_keywords.items():
            if new in target_names:
                renames[old] = new  # a decorator that maps the old name: a rename
        for old, record in definition.param_deprecations.items():
            if record.replacement in target_names:
                suggested.setdefault(old, record.replacement)
    # a deprecation that points at a parameter which already existed is no rename
    base_names = base_sig.names() if base_sig is not None else set()
    suggested_only = set()
    for old, new in suggested.items():
        if new not in base_names and old not in renames:
            renames[old] = new
            suggested_only.add(old)
    if base_sig is not None and len(base_sig.overloads) == 1 and len(target_sig.overloads) == 1:
        base_params, target_params = base_sig.params, target_sig.params
        base_names = {p.name for p in base_params}
        for i, old in enumerate(base_params):
            if old.name in target_names or i >= len(target_params):
                continue
            new = target_params[i]
            if new.name not in base_names and new.kind == old.kind and new.default == old.default:
                if renames.get(old.name, new.name) == new.name:
                    suggested_only.discard(old.name)  # the signature confirms it
                renames.setdefault(old.name, new.name)
    return renames, suggested_only


def _rebind_call(finding: Finding, index: LineIndex) -> Fix | None:
    """Rewrite the arguments so each value reaches the parameter it reached at the baseline:
    keep the positional prefix that still binds the same, pass the rest by keyword (under the
    new name when the parameter was renamed), and drop values given for parameters that are
    gone when they equal the old default. Without a baseline, only renames and drops."""
    call = _call(finding)
    target_sig = finding.evidence.target_signature
    if call is None or target_sig is None or len(target_sig.overloads) > 1:
        return None
    shape = shape_of(call)
    if shape.star_args:
        return None
    base = finding.evidence.baseline_binding
    base_sig = finding.evidence.baseline_signature
    target_binding = finding.evidence.binding
    renames, suggested_only = _rename_sources(finding)
    keyword_capable = {p.name for p in target_sig.params
                       if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    base_defaults = _effective_defaults(finding, base_sig) if base_sig else {}
    plan = _argument_plan(call, shape, base, target_binding, renames, keyword_capable,
                          target_sig, base_defaults, index, suggested_only)
    if plan is None:
        return None
    edits, new_positional, new_keywords, actions = plan
    if not edits or not _binds(target_sig, CallShape(new_positional, tuple(new_keywords),
                                                     star_kwargs=shape.star_kwargs)):
        return None
    return Fix(_title(actions), "exact", tuple(edits))


def _argument_plan(call, shape, base, target_binding, renames, keyword_capable, target_sig,
                   base_defaults, index, suggested_only=frozenset()):
    target_names = target_sig.names()

    def restates_default(name: str, value: ast.AST) -> bool:
        return name not in target_names and _is_default(value, base_defaults.get(name), index)

    first_changed = shape.positional
    if base is not None and base.ok:
        for i in range(shape.positional):
            same = target_binding is not None and i < len(target_binding.positional) and \
                target_binding.positional[i] == base.slot(i)
            if not same:
                first_changed = i
                break
    edits: list[Edit] = []
    actions: list[str] = []
    new_keywords: list[str] = []
    new_positional = 0
    for i, arg in enumerate(call.args[: shape.positional]):
        if i < first_changed:
            new_positional += 1
            continue
        name = base.slot(i) if base is not None else None
        if name is None or name.startswith("*"):
            return None
        new_name = name if name in keyword_capable else renames.get(name)
        if name in suggested_only and restates_default(name, arg):
            new_name = None
        if new_name is not None and new_name in keyword_capable:
            if new_name in shape.keywords or new_name in new_keywords:
                return None
            edits.append(_by_keyword(arg, new_name, index))
            new_keywords.append(new_name)
            actions.append(f"pass `{new_name}` by keyword")
        elif restates_default(name, arg):
            if i == 0:
                return None
            edits.append(_remove_argument(call, arg, index))
            actions.append(f"drop `{name}` (gone; the value was its default)")
        else:
            return None
    for keyword in call.keywords:
        if keyword.arg is None:
            continue
        name = keyword.arg
        if name in keyword_capable or (target_binding is not None and target_binding.ok
                                       and name in target_binding.keywords and not
                                       target_binding.keywords[name].startswith("**")):
            new_keywords.append(name)
            continue
        renamed = renames.get(name)
        if name in suggested_only and restates_default(name, keyword.value):
            renamed = None
        if renamed and renamed in keyword_capable and renamed not in shape.keywords:
            edits.append(_keyword_edit(keyword, renamed, index))
            new_keywords.append(renamed)
            actions.append(f"rename `{name}` to `{renamed}`")
        elif name in base_defaults and restates_default(name, keyword.value):
            edits.append(_remove_argument(call, keyword, index))
            actions.append(f"drop `{name}` (gone; the value was its default)")
        elif name in target_binding_keywords(target_binding):
            new_keywords.append(name)
        else:
            return None
    return edits, new_positional, new_keywords, actions


def _drop_conflicting(finding: Finding, index: LineIndex) -> Fix | None:
    """Two arguments the target refuses together: drop those that only restate their
    default (``names=None, prefix=None`` for pandas 1.3 ``read_csv``), when the target's
    default means the same (the same text, or a sentinel standing for it). Positional
    arguments after a dropped one are passed by keyword."""
    pair = finding.evidence.exclusive
    call = _call(finding)
    target_sig = finding.evidence.target_signature
    if pair is None or call is None or target_sig is None:
        return None
    shape = shape_of(call)
    reference = finding.evidence.baseline_signature or target_sig
    binding = bind(reference.params, shape, dict(reference.extra_keywords))
    if shape.star_args or not binding.ok:
        return None
    defaults = _effective_defaults(finding, reference)
    target_defaults = {p.name: p.default for p in target_sig.params}

    def droppable(name: str, value: ast.AST) -> bool:
        target_default = target_defaults.get(name)
        return name in pair and _is_default(value, defaults.get(name), index) and \
            target_default is not None and (SENTINEL_DEFAULT.search(target_default) is not None
                                            or _is_default(value, target_default, index))

    edits: list[Edit] = []
    dropped: list[str] = []
    keywords = [k.arg for k in call.keywords if k.arg]
    positional = 0
    first_dropped = None
    for i, (arg, name) in enumerate(zip(call.args, binding.positional)):
        if droppable(name, arg) and i > 0:
            first_dropped = i if first_dropped is None else first_dropped
            edits.append(_remove_argument(call, arg, index))
            dropped.append(name)
        elif first_dropped is None:
            positional += 1
        else:  # after a dropped positional argument: pass it by keyword
            edits.append(_by_keyword(arg, name, index))
            keywords.append(name)
    for keyword in call.keywords:
        if keyword.arg and droppable(keyword.arg, keyword.value):
            edits.append(_remove_argument(call, keyword, index))
            dropped.append(keyword.arg)
            keywords.remove(keyword.arg)
    if not dropped or not _binds(target_sig, CallShape(positional, tuple(keywords), False,
                                                       shape.star_kwargs)):
        return None
    names = " and ".join(f"`{n}`" for n in dropped)
    return Fix(f"Drop {names} (the value was the default)", "exact", tuple(edits))


def _effective_defaults(finding: Finding, base_sig) -> dict[str, str | None]:
    """Defaults at the baseline; where the baseline shows a sentinel (``no_default``, set
    while a parameter is being deprecated), the last real default the history records."""
    defaults = {p.name: p.default for p in base_sig.params}
    pending = {n for n, d in defaults.items() if d is not None and SENTINEL_DEFAULT.search(d)}
    if not pending:
        return defaults
    check = finding.evidence
    upto = check.baseline or check.target
    for version in reversed(check.versions_upto(upto)[:-1]):
        definition = check.lookup.find(check.site.target, check.dist, version).definition
        signature = check.lookup.call_signature(definition, check.dist, version) if definition else None
        if signature is None:
            continue
        for param in signature.params:
            if param.name in pending and param.default is not None and \
                    not SENTINEL_DEFAULT.search(param.default):
                defaults[param.name] = param.default
                pending.discard(param.name)
        if not pending:
            break
    return defaults


def target_binding_keywords(binding) -> set[str]:
    return set(binding.keywords) if binding is not None and binding.ok else set()


def _is_default(node: ast.AST, default: str | None, index: LineIndex) -> bool:
    return default is not None and _normal(index.text(node)) == _normal(default)


def _title(actions: list[str]) -> str:
    text = "; ".join(dict.fromkeys(actions))
    return text[0].upper() + text[1:] if text else "Rewrite the call"


def _deprecated_keyword(finding: Finding, index: LineIndex) -> Fix | None:
    record = finding.evidence.deprecation
    keyword_name = finding.evidence.keyword
    definition = finding.evidence.definition
    call = _call(finding)
    if call is None or not keyword_name or record is None or definition is None:
        return None
    if keyword_value_template(record):
        return None  # the text names a value for the new keyword: fixes/templates.py
    new = record.replacement or definition.extra_keywords.get(keyword_name)
    names = {p.name for p in definition.params or [] if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    if not new or new not in names or new in {k.arg for k in call.keywords}:
        return None
    keyword = next(k for k in call.keywords if k.arg == keyword_name)
    return Fix(f"Rename keyword `{keyword_name}` -> `{new}`", "exact",
               (_keyword_edit(keyword, new, index),))


def _replace_callee(finding: Finding, index: LineIndex) -> Fix | None:
    """``np.product(x)`` -> ``np.prod(x)`` when the replacement lives in the same module."""
    site = finding.evidence.site
    check = finding.evidence
    if not isinstance(site.target, Ref):
        return None
    replacement = replacement_of(finding)
    if not replacement:
        return None
    old_parent, _, old_name = site.target.path.rpartition(".")
    new_parent, _, new_name = replacement.rpartition(".")
    if not new_parent and new_name == old_name and new_name in BUILTIN_NAMES:
        return _builtin_alias(finding, index)
    if new_parent != old_parent or not new_name:
        return None
    node = site.node
    func = node.func if isinstance(node, ast.Call) else node
    if not isinstance(func, ast.Attribute) or func.attr != old_name:
        return None
    found = check.lookup.find(Ref(replacement), check.dist, check.target).definition
    if found is None:
        return None
    line = func.end_lineno
    end = index.char_column(line, func.end_col_offset)
    edits = [Edit(line, end - len(old_name), line, end, new_name)]
    if isinstance(node, ast.Call) and not same_object(finding, found) and \
            not values_renamed(finding, found):
        signature = check.lookup.call_signature(found, check.dist, check.target)
        if signature is None:
            return None
        old = old_signature(finding)
        if not (_binds(signature, shape_of(node)) and same_call(old, signature, shape_of(node))):
            by_name = by_name_edits(node, old, signature, index)
            if by_name is None:
                return None  # not provably the same call: left for the model path or a person
            edits += by_name
        elif another_function(old, signature, shape_of(node)):
            return Fix(f"Use `{replacement}` (check the result: its parameters have other "
                       "names, so it is another function, not proven equal)", SUGGESTED,
                       tuple(edits))
    if not all(one_successor(text, old_name) for text in _advice_messages(finding)):
        return Fix(f"Use `{replacement}` (the advice names several calls: check which the "
                   "code needs)", SUGGESTED, tuple(edits))
    return Fix(f"Use `{replacement}`", "exact", tuple(edits))


def _replace_with_expression(finding: Finding, index: LineIndex) -> Fix | None:
    return replace_with_expression(finding, replacement_of(finding), index)


def another_function(old, new, shape: CallShape) -> bool:
    """The call binds positional arguments to parameters of other names in the replacement
    (``in1d(ar1, ar2)`` -> ``isin(element, test_elements)``): a function written anew, not a
    renamed or forwarding one, whose results the record does not show to be the same (``isin``
    keeps the input's shape, ``in1d`` flattened it)."""
    if old is None or all(p.kind in (VAR_POSITIONAL, VAR_KEYWORD) for p in old.params):
        return False
    before = bind(old.params, shape, dict(old.extra_keywords))
    after = bind(new.params, shape, dict(new.extra_keywords))
    return before.ok and after.ok and list(before.positional) != list(after.positional)


def same_object(finding: Finding, new) -> bool:
    """The removed name was another name of the replacement (``np.float_`` of ``np.float64``):
    any call through it is the same call."""
    check = finding.evidence
    if not check.last_present:
        return False
    old = check.lookup.find(check.site.target, check.dist, check.last_present).definition
    return old is not None and old.path == new.path


def values_renamed(finding: Finding, new) -> bool:
    """A removed value (no signature of its own: ``np.float_``, a C type) whose removal record
    names a value as its replacement: the table says one stands for the other, so a call
    through it passes the same arguments to the same kind of object."""
    check = finding.evidence
    if not check.last_present or new.params is not None or new.kind != "attribute":
        return False
    old = check.lookup.find(check.site.target, check.dist, check.last_present).definition
    return old is not None and old.kind == "attribute" and old.params is None


def _builtin_alias(finding: Finding, index: LineIndex) -> Fix | None:
    """``np.float`` -> ``float``: a removed alias of the builtin of the same name (the table's
    advice says so), spelled as the builtin where the file does not rebind that name."""
    node = finding.evidence.site.node
    expression = node.func if isinstance(node, ast.Call) else node
    name = finding.evidence.site.target.path.rpartition(".")[2]
    if not isinstance(expression, ast.Attribute) or _rebinds(index.source, name):
        return None
    line, col, end_line, end_col = index.span(expression)
    return Fix(f"Use the builtin `{name}`", "exact", (Edit(line, col, end_line, end_col, name),))


def _rebinds(source: str, name: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) or \
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                node.name == name or isinstance(node, ast.alias) and \
                (node.asname or node.name) == name or isinstance(node, ast.arg) and node.arg == name:
            return True
    return False


def by_name_edits(call: ast.Call, old, new, index: LineIndex) -> list[Edit] | None:
    """Edits that pass each argument to the replacement's parameter of the same name
    (``simps(y, x)`` -> ``simpson(y, x=x)``), when that provably means the same call: every
    parameter the call reached exists under its name, and every parameter left at its default
    had that default before (one the replacement dropped must have meant "decided inside")."""
    shape = shape_of(call)
    if old is None or len(old.overloads) > 1 or len(new.overloads) > 1 or shape.star_args \
            or shape.star_kwargs:
        return None
    before = old.bind(shape)
    if before is None or not before.ok or any(p.startswith("*") for p in
                                              [*before.positional, *before.keywords.values()]):
        return None
    new_params = new.params
    positional_names = [p.name for p in new_params
                        if p.kind in (POSITIONAL_OR_KEYWORD, POSITIONAL_ONLY)]
    keyword_names = {p.name for p in new_params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    edits, keep = [], True
    for i, (argument, name) in enumerate(zip(call.args, before.positional)):
        keep = keep and i < len(positional_names) and positional_names[i] == name
        if not keep:
            if name not in keyword_names:
                return None
            edits.append(_by_keyword(argument, name, index))
    if any(k not in keyword_names for k in before.keywords.values()):
        return None
    passed = set(before.positional) | set(before.keywords.values())
    if not _defaults_kept(old.params, new_params, passed):
        return None
    after = CallShape(len(call.args) - len(edits), tuple(
        [*(n for n in before.positional[len(call.args) - len(edits):]), *shape.keywords]))
    return edits if _binds(new, after) else None


def _defaults_kept(old_params, new_params, passed: set[str]) -> bool:
    old_defaults = {p.name: p.default for p in old_params}
    for param in new_params:
        if param.name in passed or param.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            continue
        old_default = old_defaults.get(param.name)
        if param.default is None or old_default is None or \
                _normal(old_default) != _normal(param.default):
            return False
    new_names = {p.name for p in new_params}
    return all(_decided_inside(p) for p in old_params
               if p.name not in passed and p.name not in new_names)


def old_signature(finding: Finding):
    """The replaced API's signature: at the last release that had it, the baseline, or the
    target (a deprecated API is still there)."""
    check = finding.evidence
    for version in (finding.evidence.last_present, check.baseline, check.target):
        if version:
            old = check.lookup.find(check.site.target, check.dist, version).definition
            if old is not None:
                return check.lookup.call_signature(old, check.dist, version)
    return None


def same_call(old, new, shape: CallShape) -> bool:
    """Proof that calling ``new`` instead of ``old`` with the same arguments means the same:
    each positional argument reaches the same position (a replacement may rename positional
    parameters: ``in1d(ar1, ar2)`` -> ``isin(element, test_elements)``), each keyword the
    parameter of that name, and each parameter of ``new`` the call leaves at its default had
    the same default in ``old``. An old API that only takes
    ``*args, **kwargs`` passes everything on (numpy's ``product`` to ``prod``): its
    replacement's defaults are the ones that applied."""
    if old is None:
        return False
    old_params, new_params = old.params, new.params
    if all(p.kind in (VAR_POSITIONAL, VAR_KEYWORD) for p in old_params) and old_params:
        return True
    before = bind(old_params, shape, dict(old.extra_keywords))
    after = bind(new_params, shape, dict(new.extra_keywords))
    if not before.ok or not after.ok or before.keywords != after.keywords:
        return False
    if [p.startswith("*") for p in before.positional] != [p.startswith("*") for p in after.positional]:
        return False  # an argument swallowed by *args on one side only
    passed = set(after.positional) | set(after.keywords.values())
    old_defaults = {p.name: p.default for p in old_params}
    for param in new_params:
        if param.name in passed or param.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            continue
        if param.default is None:
            return False  # a required parameter the call does not pass
        old_default = old_defaults.get(param.name)
        if old_default is None or _normal(old_default) != _normal(param.default):
            return False  # its default now decides what the old function did another way
    passed_before = set(before.positional) | set(before.keywords.values())
    new_names = {p.name for p in new_params}
    return all(_decided_inside(p) for p in old_params
               if p.name not in passed_before and p.name not in new_names)


def _decided_inside(param) -> bool:
    """A parameter left at a default that means "not given" (None or a sentinel), whose
    disappearance changes nothing a call relied on; ``*args``/``**kwargs`` too."""
    return param.kind in (VAR_POSITIONAL, VAR_KEYWORD) or (param.default or "").strip() == "None" \
        or bool(SENTINEL_DEFAULT.search(param.default or ""))


def replacement_of(finding: Finding) -> str | None:
    record = _advising_deprecation(finding)
    return record.replacement if record is not None else None


def _advising_deprecation(finding: Finding):
    """The deprecation record that names the replacement: the finding's own, else the last
    one the API had before it was removed."""
    record = finding.evidence.deprecation
    if record is not None and record.replacement:
        return record
    check = finding.evidence
    last = finding.evidence.last_present
    if last:
        before = check.lookup.find(check.site.target, check.dist, last).definition
        if before is not None and before.deprecated and before.deprecated.replacement:
            return before.deprecated
    return None


def _advice_messages(finding: Finding) -> list[str]:
    """The texts a replacement was read from: the finding's record, and the deprecation the
    API had at the last release that defined it (a removal's record may only summarise it)."""
    texts = [finding.evidence.deprecation.message] if finding.evidence.deprecation else []
    check = finding.evidence
    if check.last_present:
        before = check.lookup.find(check.site.target, check.dist, check.last_present).definition
        if before is not None and before.deprecated:
            texts.append(before.deprecated.message)
    return [t for t in texts if t]


# a call written in a text: ``np.sort(a, axis=0)``
CALL_IN_TEXT = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\(([^()]*)\)")
ADVICE_WORD = re.compile(r"\b(?:use|do|append|call|try|with|by|via|favou?r of|should|instead)"
                         r"\W*$", re.IGNORECASE)


def one_successor(text: str, old: str) -> bool:
    """Whether an advice text names one call to use instead. "use distro.id(),
    distro.version() and distro.name() instead" splits one result over several calls: the
    first alone is not the same result, so a fix from it is for a person to choose."""
    for match in CALL_IN_TEXT.finditer(text):
        if ADVICE_WORD.search(text[max(0, match.start() - 40):match.start()]):
            end = text.find(". ", match.end())
            sentence = text[match.start(): end if end >= 0 else len(text)]
            named = {m.group(1) for m in CALL_IN_TEXT.finditer(sentence)}
            return len({n for n in named if n.rpartition(".")[2] != old}) <= 1
    return True


def _remove_argument(call: ast.Call, argument: ast.AST, index: LineIndex) -> Edit:
    """Delete one argument with the comma that separates it from its neighbour."""
    arguments = [*call.args, *call.keywords]
    position = arguments.index(argument)
    line, col, end_line, end_col = index.span(argument)
    if position > 0:
        previous = arguments[position - 1]
        _, _, prev_line, prev_col = index.span(previous)
        return Edit(prev_line, prev_col, end_line, end_col, "")
    if len(arguments) > 1:
        following = arguments[1]
        next_line, next_col, _, _ = index.span(following)
        return Edit(line, col, next_line, next_col, "")
    return Edit(line, col, end_line, end_col, "")


def shape_of(call: ast.Call) -> CallShape:
    from ..analysis.symbols import _shape

    return _shape(call)


def _binds(signature, shape: CallShape) -> bool:
    extra = dict(signature.extra_keywords)
    return any(bind(list(params), shape, extra).ok for params in signature.overloads)


def _normal(text: str) -> str:
    return text.replace('"', "'").replace(" ", "")
