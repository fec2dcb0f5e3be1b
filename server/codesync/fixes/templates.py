"""Rewrites written out in a deprecation's own text, applied with the call's arguments.

Two forms:

* a replacement call: "msort is deprecated, use np.sort(a, axis=0) instead" turns
  ``np.msort(x)`` into ``np.sort(x, axis=0)``. The template's names are the old function's
  parameters; each is replaced by the argument the call passed to it. Offered only when every
  argument of the call is used, the callee is an API at the target, and the rewritten call
  binds there.
* a keyword with a value: "Use ``sep='\\s+'`` instead" turns ``delim_whitespace=True`` into
  ``sep='\\s+'``; any other value gets no fix (``sep=False`` would mean something else).
"""

from __future__ import annotations

import ast
import re

from ..analysis.binding import CallShape
from ..analysis.deprecation_scope import keyword_value_template
from ..analysis.findings import DEPRECATED, REMOVED, Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..analysis.symbols import Ref
from .exact import old_signature

CALL_TEMPLATE = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\(([^()]*)\)")


def template_fixes(finding: Finding, index: LineIndex, aliases: dict[str, str]) -> list[Fix]:
    if finding.kind not in (DEPRECATED, REMOVED):
        return []
    fix = _keyword_template(finding, index) if finding.evidence.keyword else \
        _call_template(finding, index, aliases)
    return [fix] if fix is not None else []


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
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    arguments = _arguments_by_parameter(finding, call)
    if arguments is None:
        return None
    for text in _texts(finding):
        for match in CALL_TEMPLATE.finditer(text):
            fix = _apply(finding, index, aliases, match.group(0), arguments)
            if fix is not None:
                return fix
    return None


def _texts(finding: Finding) -> list[str]:
    evidence = finding.evidence
    texts = [evidence.deprecation.message] if evidence.deprecation else []
    if evidence.last_present:
        before = evidence.lookup.find(evidence.site.target, evidence.dist,
                                      evidence.last_present).definition
        if before is not None and before.deprecated:
            texts.append(before.deprecated.message)
    return texts


def _arguments_by_parameter(finding: Finding, call: ast.Call) -> dict[str, ast.AST] | None:
    """The old API's parameter -> the argument the call passes to it."""
    signature = old_signature(finding)
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
    if spelled is None:
        return None
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
    top = evidence.site.target.path.split(".", 1)[0]
    candidates += [callee, f"{top}.{rest}"]
    for candidate in candidates:
        if evidence.lookup.find(Ref(candidate), evidence.dist, evidence.target).definition:
            return candidate
    return None


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
