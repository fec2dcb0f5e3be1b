"""Rewrites written out in a deprecation's own text, applied with the call's arguments.

Two forms:

* a replacement call: "msort is deprecated, use np.sort(a, axis=0) instead" turns
  ``np.msort(x)`` into ``np.sort(x, axis=0)``. The template's names are the old function's
  parameters; each is replaced by the argument the call passed to it. Offered only when every
  argument of the call is used, the callee is an API at the target, and the rewritten call
  binds there.
* a keyword with a value: "Use ``sep='\\s+'`` instead" turns ``delim_whitespace=True`` into
  ``sep='\\s+'``; any other value gets no fix (``sep=False`` would mean something else).
* an expression: "To compute the same result, you may do `(df - df.mean()).abs().mean()`"
  turns ``frame.mad()`` into ``(frame - frame.mean()).abs().mean()``; the one free name of
  the text that is not a parameter or a module stands for the method's receiver, and
  ``colormaps[name]`` takes the argument passed to ``name``.
* a method appended for a flag: "Append .squeeze("columns") to the call" turns
  ``read(path, squeeze=True)`` into ``read(path).squeeze("columns")``.

Texts are read over the API's whole history up to the target (``advice_texts``), so a
removal whose earlier deprecation named the replacement still gets it. Each rewrite is
proven before it is offered: the file still parses, every library API the template names
exists at the target without a deprecation of its own, and its calls bind there.
"""

from __future__ import annotations

import ast
import builtins
import re
from functools import lru_cache

from ..analysis.binding import CallShape
from ..analysis.deprecation_scope import keyword_value_template
from ..analysis.findings import DEPRECATED, INCOMPATIBLE_CALL, REMOVED, Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..analysis.symbols import BoundMember, Ref
from .exact import SUGGESTED, _remove_argument, one_successor

CALL_TEMPLATE = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\(([^()]*)\)")
BACKTICKED = re.compile(r"`+([^`]+?)`+")
# "Append .squeeze("columns") to the call": a method call written after a space or a quote
APPENDED = re.compile(r"(?<![\w)\]])(\.[A-Za-z_]\w*\([^()]*\))")
ADVICE = re.compile(r"\b(?:use|do|append|call|try|with|by|via|favou?r of|should|instead)"
                    r"\W*$", re.IGNORECASE)
ALTERNATIVE = re.compile(r"\s*,?\s*(?:or|and)?\s*", re.IGNORECASE)
ATOMIC = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant)


def template_fixes(finding: Finding, index: LineIndex, aliases: dict[str, str]) -> list[Fix]:
    if finding.kind not in (DEPRECATED, REMOVED, INCOMPATIBLE_CALL):
        return []
    keyword = finding.evidence.keyword
    if keyword:
        fix = _keyword_template(finding, index) or _appended_template(finding, index, keyword)
    elif finding.kind == INCOMPATIBLE_CALL:
        fix = _removed_flag(finding, index)
    else:
        fix = _call_template(finding, index, aliases) or \
            _expression_template(finding, index, aliases)
    return [fix] if fix is not None else []


# what the library said, over the API's history -------------------------------------------
def advice_texts(evidence, keyword: str | None = None) -> list[str]:
    """Every deprecation text of the API (or of its parameter ``keyword``) in the releases up
    to the target (a removed API: up to the last release that had it), newest first."""
    texts: list[str] = []
    if evidence.deprecation is not None and keyword in (None, evidence.keyword):
        texts.append(evidence.deprecation.message)
    last = evidence.last_present or evidence.target
    versions = tuple(evidence.versions_upto(last)) if last else ()
    for text in _history_texts(evidence.lookup, evidence.site.target, evidence.dist, versions,
                               keyword):
        if text not in texts:
            texts.append(text)
    return texts


@lru_cache(maxsize=2048)  # the same API is met again and again in a file, and on each edit
def _history_texts(lookup, target, dist: str, versions: tuple[str, ...],
                   keyword: str | None) -> tuple[str, ...]:
    texts: list[str] = []
    for version in reversed(versions):
        definition = lookup.find(target, dist, version).definition
        if definition is not None and definition.kind == "class" and keyword:
            definition = lookup.constructor(definition, dist, version)
        if definition is None:
            continue
        found = definition.param_deprecations.get(keyword) if keyword else definition.deprecated
        for text in (found.message, found.replacement) if found is not None else ():
            if text and text not in texts:
                texts.append(text)
    return tuple(texts)


def code_snippets(text: str) -> list[str]:
    """Code a deprecation text gives as the way forward: backticked chunks, methods to
    append, bare calls. Where some are introduced by advice ("use", "you may do", "append")
    only those are taken: others show the old code or something that is not the answer."""
    found: dict[str, bool] = {}
    cued, end = False, 0
    for match in BACKTICKED.finditer(text):
        # "use `a[name]` or `a.get(obj)`": an alternative shares the advice before it
        cued = _advised(text, match.start()) or (cued and ALTERNATIVE.fullmatch(
            text[end:match.start()]) is not None)
        found.setdefault(match.group(1).strip(), cued)
        end = match.end()
    plain = BACKTICKED.sub(lambda m: " " * len(m.group(0)), text)
    for pattern in (APPENDED, CALL_TEMPLATE):
        for match in pattern.finditer(plain):
            found.setdefault(match.group(0 if pattern is CALL_TEMPLATE else 1),
                             _advised(plain, match.start()))
    advised = [chunk for chunk, cued in found.items() if chunk and cued]
    return advised or [chunk for chunk in found if chunk]


def _advised(text: str, at: int) -> bool:
    return ADVICE.search(text[max(0, at - 40):at]) is not None


# keyword=value ---------------------------------------------------------------------------
def _keyword_template(finding: Finding, index: LineIndex) -> Fix | None:
    evidence = finding.evidence
    call = evidence.site.node
    record = evidence.deprecation
    if record is None or not isinstance(call, ast.Call):
        return None
    replacement = keyword_value_template(record)
    keyword = next((k for k in call.keywords if k.arg == evidence.keyword), None)
    if replacement is None or keyword is None:
        return None
    if not (isinstance(keyword.value, ast.Constant) and keyword.value.value is True):
        return None  # the text says what replaces the flag being on, nothing else
    if record.replacement in {k.arg for k in call.keywords}:
        return None
    return Fix(f"Use `{replacement}` instead of `{keyword.arg}=True`", "exact",
               (Edit(*index.span(keyword), replacement),))


# replacement calls -----------------------------------------------------------------------
def _call_template(finding: Finding, index: LineIndex, aliases: dict[str, str]) -> Fix | None:
    evidence = finding.evidence
    call = evidence.site.node
    if not isinstance(call, ast.Call) or not isinstance(evidence.site.target, Ref):
        return None
    arguments = _arguments_by_parameter(finding, call)
    if arguments is None:
        return None
    for text in advice_texts(finding.evidence):
        for match in CALL_TEMPLATE.finditer(text):
            fix = _apply(finding, index, aliases, match.group(0), arguments)
            if fix is not None:
                old = _terminal(finding.evidence.site.target)
                return fix if one_successor(text, old) else _suggested(fix)
    return None


def _suggested(fix: Fix) -> Fix:
    return Fix(fix.title, SUGGESTED, fix.edits)


def _arguments_by_parameter(finding: Finding, call: ast.Call) -> dict[str, ast.AST] | None:
    """The old API's parameter -> the argument the call passes to it; None when the call
    unpacks (``*args``, ``**kwargs``): what goes where is then unknown."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    signature = _old_signature(finding)
    if signature is None:
        return None
    shape = CallShape(len(call.args), tuple(k.arg for k in call.keywords))
    binding = signature.bind(shape)
    if binding is None or not binding.ok or any(p.startswith("*") for p in binding.positional):
        return None
    arguments: dict[str, ast.AST] = dict(zip(binding.positional, call.args))
    for keyword in call.keywords:
        target = binding.keywords[keyword.arg]
        if target.startswith("*"):
            return None
        arguments[target] = keyword.value
    return arguments


def _apply(finding: Finding, index: LineIndex, aliases: dict[str, str], template: str,
           arguments: dict[str, ast.AST]) -> Fix | None:
    try:
        parsed = ast.parse(template, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(parsed, ast.Call):
        return None
    api = _resolve(finding, ast.unparse(parsed.func))
    spelled = _spelling(api, aliases) if api else None
    target = finding.evidence.site.target
    if spelled is None or (isinstance(target, Ref) and _same_api(finding, api, target.path)):
        return None  # the text shows the old call ("`f()` is deprecated"), not its successor
    used: set[str] = set()
    positional = [_substitute(a, arguments, index, used) for a in parsed.args]
    keywords = [(k.arg, _substitute(k.value, arguments, index, used)) for k in parsed.keywords]
    if None in positional or any(v is None for _, v in keywords) or any(k is None for k, _ in keywords):
        return None
    if used != set(arguments):
        return None  # an argument the template has no place for would be lost
    if not _binds_at_target(finding, api, len(positional), tuple(k for k, _ in keywords)):
        return None
    text = f"{spelled}({', '.join([*positional, *(f'{k}={v}' for k, v in keywords)])})"
    call = finding.evidence.site.node
    if "#" in index.text(call):
        return None  # a comment inside the call would be lost
    shown = f"{spelled}({template.split('(', 1)[1]}"
    return Fix(f"Use `{shown}`", "exact", (Edit(*index.span(call), text),))


def _substitute(node: ast.AST, arguments: dict[str, ast.AST], index: LineIndex,
                used: set[str]) -> str | None:
    if isinstance(node, ast.Name) and node.id in arguments:
        used.add(node.id)
        return index.text(arguments[node.id])
    if isinstance(node, ast.Constant) and not isinstance(node.value, type(Ellipsis)):
        return repr(node.value)
    return None  # a placeholder the call does not fill ("...", another name)


def _resolve(finding: Finding, callee: str) -> str | None:
    """The template's callee as an API path of the distribution that exists at the target:
    ``np.sort`` -> ``numpy.sort`` (the record's replacement, or the callee under each of the
    distribution's import names)."""
    evidence = finding.evidence
    candidates = []
    record = evidence.deprecation
    if record is not None and record.replacement and \
            record.replacement.rsplit(".", 1)[-1] == callee.rsplit(".", 1)[-1]:
        candidates.append(record.replacement)
    rest = callee.split(".", 1)[1] if "." in callee else callee
    target = evidence.site.target
    top = (target.instance.class_path if isinstance(target, BoundMember) else target.path
           ).split(".", 1)[0]
    candidates += [callee, f"{top}.{rest}"]
    for candidate in candidates:
        if evidence.lookup.find(Ref(candidate), evidence.dist, evidence.target).definition:
            return candidate
    return None


def _same_api(finding: Finding, api: str, legacy: str) -> bool:
    evidence = finding.evidence
    version = evidence.last_present or evidence.target
    found = [evidence.lookup.find(Ref(p), evidence.dist, version).definition for p in (api, legacy)]
    return api == legacy or (None not in found and found[0].path == found[1].path)


def _spelling(api: str, aliases: dict[str, str]) -> str | None:
    """``numpy.sort`` as the file can name it (``np.sort``), or None."""
    parts = api.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:cut])
        if module in aliases:
            return ".".join([aliases[module], *parts[cut:]])
    return None


def _binds_at_target(finding: Finding, api: str, positional: int,
                     keywords: tuple[str, ...]) -> bool:
    evidence = finding.evidence
    definition = evidence.lookup.find(Ref(api), evidence.dist, evidence.target).definition
    signature = evidence.lookup.call_signature(definition, evidence.dist, evidence.target) \
        if definition else None
    binding = signature.bind(CallShape(positional, keywords)) if signature else None
    return binding is not None and binding.ok


# expressions ------------------------------------------------------------------------------
def _expression_template(finding: Finding, index: LineIndex,
                         aliases: dict[str, str]) -> Fix | None:
    evidence = finding.evidence
    call = evidence.site.node
    if not isinstance(call, ast.Call) or "#" in index.text(call):
        return None
    arguments = _arguments_by_parameter(finding, call)
    if arguments is None:
        return None
    receiver = evidence.site.receiver if isinstance(evidence.site.target, BoundMember) else None
    for text in advice_texts(evidence):
        for snippet in code_snippets(text):
            written = _fill(finding, index, aliases, snippet, arguments, receiver)
            if written is not None and _parses_in_place(index, call, written):
                fix = Fix(f"Use `{snippet}`", "exact", (Edit(*index.span(call), written),))
                return fix if _the_only_way(finding, snippet) else _suggested(fix)
    return None


def _the_only_way(finding: Finding, chosen: str) -> bool:
    """Whether no text of the API, in any stored release, offers other code in its place.
    Where the library names alternatives (``colormaps[name]`` or ``colormaps.get_cmap(obj)``)
    each serves some of the arguments the old call took: which one is a person's choice."""
    evidence = finding.evidence
    legacy = _dotted_path(evidence.site.target)
    for text in _history_texts(evidence.lookup, evidence.site.target, evidence.dist,
                               evidence.releases, None):
        for snippet in code_snippets(text):
            if snippet != chosen and _another_way(snippet, legacy):
                return False
    return True


def _dotted_path(target) -> str:
    return target.path if isinstance(target, Ref) else _terminal(target)


def _another_way(snippet: str, legacy: str) -> bool:
    """Code that calls or indexes something other than the old API itself (a text may
    show ``cm.get_cmap(name)`` or name a parameter in backticks: neither is a way forward)."""
    try:
        tree = ast.parse(snippet, mode="eval").body
    except (SyntaxError, ValueError):
        return False
    if not any(isinstance(n, (ast.Call, ast.Subscript)) for n in ast.walk(tree)):
        return False
    called = _dotted(tree.func) if isinstance(tree, ast.Call) else None
    if called is None:
        return True
    parts, old = called.split("."), legacy.split(".")
    return not (len(parts) <= len(old) and old[-len(parts):] == parts)


class _Filler:
    """Fills one template: its parameters with the call's arguments, its one free name with
    the receiver, its library paths with the file's spelling; None when anything is unknown."""

    def __init__(self, finding: Finding, index: LineIndex, aliases: dict[str, str],
                 arguments: dict[str, ast.AST], receiver: ast.AST | None) -> None:
        self.finding, self.index, self.aliases = finding, index, aliases
        self.arguments, self.receiver = arguments, receiver
        self.parameters = _parameter_names(finding)
        self.used: list[str] = []
        self.placeholder: str | None = None
        self.edits: list[tuple[int, int, str]] = []
        self.member_calls: list[tuple[str, ast.Call | None]] = []
        self.api_calls: list[tuple[str, ast.Call | None]] = []

    def name(self, node: ast.Name) -> bool:
        if node.id in self.arguments:
            self.used.append(node.id)
            argument = self.arguments[node.id]
            self._put(node, _wrapped(self.index.text(argument), argument))
            return True
        if node.id in self.parameters or node.id in dir(builtins):
            return node.id in dir(builtins) and node.id not in self.parameters
        if self.receiver is None or self.placeholder not in (None, node.id):
            return False
        self.placeholder = node.id
        self.used.append(node.id)
        self._put(node, _wrapped(self.index.text(self.receiver), self.receiver))
        return True

    def chain(self, node: ast.Attribute, parent: ast.AST | None) -> bool | None:
        """A dotted library path (``np.sort``, ``matplotlib.colormaps``): resolved at the
        target and spelled as the file imports it. None: not a library path."""
        dotted = _dotted(node)
        if dotted is None or dotted.split(".")[0] in self.arguments:
            return None
        api = _resolve(self.finding, dotted)
        if api is None:
            return None
        spelled = _spelling(api, self.aliases)
        if spelled is None:
            return False
        self._put(node, spelled)
        called = isinstance(parent, ast.Call) and parent.func is node
        self.api_calls.append((api, parent if called else None))
        return True

    def _put(self, node: ast.AST, text: str) -> None:
        self.edits.append((node.col_offset, node.end_col_offset, text))


def _fill(finding: Finding, index: LineIndex, aliases: dict[str, str], snippet: str,
          arguments: dict[str, ast.AST], receiver: ast.AST | None) -> str | None:
    try:
        tree = ast.parse(snippet, mode="eval").body
    except (SyntaxError, ValueError):
        return None
    legacy = _terminal(finding.evidence.site.target)
    if "\n" in snippet or not any(isinstance(n, (ast.Call, ast.Subscript)) for n in ast.walk(tree)):
        return None
    if legacy in {_terminal_of(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}:
        return None  # the text shows the old call, not its replacement
    filler = _Filler(finding, index, aliases, arguments, receiver)
    if not _walk(filler, tree, None):
        return None
    if set(filler.used) - {filler.placeholder} != set(arguments) or \
            (receiver is not None and filler.placeholder is None):
        return None  # an argument (or the receiver) the template has no place for
    if any(filler.used.count(n) > 1 and not _simple(_value_of(filler, n)) for n in filler.used):
        return None  # evaluated twice: only a plain name may be repeated
    if not _all_exist(finding, filler):
        return None
    text = snippet
    for start, end, new in sorted(filler.edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _walk(filler: _Filler, node: ast.AST, parent: ast.AST | None) -> bool:
    if isinstance(node, ast.Attribute):
        resolved = filler.chain(node, parent)
        if resolved is not None:
            return resolved
        if isinstance(node.value, ast.Name) and node.value.id not in filler.arguments and \
                filler.receiver is not None and node.value.id not in filler.parameters:
            filler.member_calls.append((node.attr, parent if isinstance(parent, ast.Call)
                                        and parent.func is node else None))
    if isinstance(node, ast.Name):
        return filler.name(node)
    if isinstance(node, (ast.Lambda, ast.comprehension, ast.Starred, ast.NamedExpr)):
        return False
    return all(_walk(filler, child, node) for child in ast.iter_child_nodes(node))


def _all_exist(finding: Finding, filler: _Filler) -> bool:
    """Every library API the template names exists at the target, is not deprecated there,
    and its calls bind (methods of the receiver looked up on the receiver's class)."""
    evidence = finding.evidence
    for api, call in filler.api_calls:
        definition = evidence.lookup.find(Ref(api), evidence.dist, evidence.target).definition
        if not _usable(evidence, definition, call):
            return False
    target = evidence.site.target
    for name, call in filler.member_calls:
        if not isinstance(target, BoundMember):
            return False
        member = BoundMember(target.instance, name)
        definition = evidence.lookup.find(member, evidence.dist, evidence.target).definition
        if not _usable(evidence, definition, call):
            return False
    return True


def _usable(evidence, definition, call: ast.Call | None) -> bool:
    if definition is None or definition.deprecated is not None:
        return False
    if call is None:
        return True
    signature = evidence.lookup.call_signature(definition, evidence.dist, evidence.target)
    shape = CallShape(len(call.args), tuple(k.arg for k in call.keywords if k.arg))
    binding = signature.bind(shape) if signature is not None else None
    return binding is not None and binding.ok


def _old_signature(finding: Finding):
    """The replaced API's signature: at the last release that had it, the baseline or the
    target (a deprecated API is still there), the first of them that has one."""
    evidence = finding.evidence
    for version in (evidence.last_present, evidence.baseline, evidence.target):
        signature = _signature_at(evidence, version) if version else None
        if signature is not None:
            return signature
    return None


def _signature_at(evidence, version: str):
    found = evidence.lookup.find(evidence.site.target, evidence.dist, version).definition
    return evidence.lookup.call_signature(found, evidence.dist, version) if found else None


def _parameter_names(finding: Finding) -> set[str]:
    signature = _old_signature(finding)
    return {p.name for p in signature.params} if signature is not None else set()


def _value_of(filler: _Filler, name: str) -> ast.AST:
    return filler.receiver if name == filler.placeholder else filler.arguments[name]


def _simple(node: ast.AST | None) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, (ast.Name, ast.Constant))


def _wrapped(text: str, node: ast.AST) -> str:
    return text if isinstance(node, ATOMIC) and "\n" not in text else f"({text})"


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else None


def _terminal(target) -> str:
    return target.name if isinstance(target, BoundMember) else target.path.rsplit(".", 1)[-1]


def _terminal_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _parses_in_place(index: LineIndex, node: ast.AST, text: str) -> bool:
    start = index.offset(*index.span(node)[:2])
    end = index.offset(*index.span(node)[2:])
    try:
        ast.parse(index.source[:start] + text + index.source[end:])
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# a method appended for a flag -------------------------------------------------------------
def _removed_flag(finding: Finding, index: LineIndex) -> Fix | None:
    """A removed keyword the target refuses: the one keyword it lacks, if a text says what
    to append instead of passing it."""
    call = finding.evidence.site.node
    signature = finding.evidence.target_signature
    if not isinstance(call, ast.Call) or signature is None:
        return None
    unknown = [k.arg for k in call.keywords if k.arg and k.arg not in signature.names()]
    return _appended_template(finding, index, unknown[0]) if len(unknown) == 1 else None


def _appended_template(finding: Finding, index: LineIndex, keyword: str) -> Fix | None:
    evidence = finding.evidence
    call = evidence.site.node
    if not isinstance(call, ast.Call) or "#" in index.text(call):
        return None
    passed = next((k for k in call.keywords if k.arg == keyword), None)
    if passed is None or not (isinstance(passed.value, ast.Constant) and passed.value.value is True):
        return None  # the text says what replaces the flag being on, nothing else
    rest = tuple(k.arg for k in call.keywords if k.arg and k.arg != keyword)
    signature = evidence.target_signature or _signature_at(evidence, evidence.target)
    binding = signature.bind(CallShape(len(call.args), rest)) if signature else None
    if binding is None or not binding.ok:
        return None
    for text in advice_texts(evidence, keyword):
        for snippet in code_snippets(text):
            if snippet.startswith(".") and _appendable(finding, snippet):
                end = index.span(call)[2:]
                edits = (_remove_argument(call, passed, index), Edit(*end, *end, snippet))
                return Fix(f"Drop `{keyword}=True`; append `{snippet}` to the call", "exact", edits)
    return None


def _appendable(finding: Finding, snippet: str) -> bool:
    """A method call with literal arguments that the call's result has at the target (when
    the knowledge knows what the call returns)."""
    try:
        tree = ast.parse(f"_{snippet}", mode="eval").body
    except (SyntaxError, ValueError):
        return False
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute)
            and all(isinstance(a, ast.Constant) for a in [*tree.args, *(k.value for k in tree.keywords)])):
        return False
    evidence = finding.evidence
    definition = evidence.lookup.find(evidence.site.target, evidence.dist, evidence.target).definition
    instance = evidence.lookup.instance_of(definition, evidence.dist, None) \
        if definition is not None and definition.kind != "class" else None
    if instance is None:
        return definition is not None
    return any(_usable(evidence, evidence.lookup.find(BoundMember(alt, tree.func.attr),
                                                      evidence.dist, evidence.target).definition,
                       tree) for alt in instance.alternatives())
