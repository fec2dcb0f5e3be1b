"""Candidates from the change record alone: the API a library's text advises, called with
the legacy call's own arguments. "Use `tqdm.notebook.trange` instead" names no arguments, so
the template fixer cannot write it; here the arguments move over only where each binds to a
parameter of the same name as before (``query(qname)`` -> ``resolve(qname)``, never
``set_run_validators(run)`` -> ``set_disabled(run)``), or where the text's own ``...``
stands for them (``_sign_rsa("SHA-1", ...)``); an argument whose parameter the advised API
takes by keyword only goes by keyword (``simps(y, x)`` -> ``simpson(y, x=x)``). Also the call
with a removed keyword passed to its one successor of the same default, and the call without
the keywords the record says may go (no effect, or deprecated and then removed with nothing
in their place). Each candidate still goes through the proof."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..analysis.binding import CallShape
from ..analysis.findings import Finding
from ..analysis.positions import LineIndex
from ..analysis.symbols import Ref
from ..knowledge.model import KEYWORD_ONLY, POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD
from .forwarded import changes_the_legacy
from .proof import Candidate, as_call
from .record import ChangeRecord
from .spelling import spelling

PATH_KINDS = ("function", "class", "method")


@dataclass(frozen=True)
class Advised:
    path: str  # the advised API, as the knowledge names it at the target
    fixed: tuple[str, ...] = ()  # leading arguments the text gives ("SHA-1")
    rest: bool = False  # the text's ``...`` stands for the call's own arguments


def advised_candidates(finding: Finding, record: ChangeRecord, source: str) -> list[Candidate]:
    """Calls of what the record advises with the legacy call's arguments, in advice order."""
    call = as_call(finding.evidence.site.node)
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return []  # what binds where is unknown
    found: list[Candidate] = []
    for made in (successor_candidate(finding, record, source),
                 dropped_candidate(finding, record, source)):
        if made is not None:
            found.append(made)
    for advised in _advised_apis(finding, record):
        candidate = _candidate(finding, record, call, advised, source)
        if candidate is not None and candidate not in found:
            found.append(candidate)
    return found


def _advised_apis(finding: Finding, record: ChangeRecord) -> list[Advised]:
    snippets = [*record.advice.get("", []), *([record.replacement] if record.replacement else [])]
    apis: list[Advised] = []
    for snippet in snippets:
        shape = _snippet_shape(snippet)
        if shape is None:
            continue
        callee, fixed, rest = shape
        path = _resolve(finding, callee)
        if path is not None:
            apis.append(Advised(path, fixed, rest))
    return list(dict.fromkeys(apis))


def _snippet_shape(snippet: str) -> tuple[str, tuple[str, ...], bool] | None:
    """A dotted callee, the constants it is given first, and whether ``...`` follows them:
    ``a.b``, ``a.b()``, ``a.b("x", ...)``. Anything else names user values: not ours."""
    try:
        node = ast.parse(snippet.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return None
    args: list[ast.expr] = []
    if isinstance(node, ast.Call):
        if node.keywords:
            return None
        node, args = node.func, node.args
    callee = _dotted(node)
    if callee is None:
        return None
    rest = bool(args) and _is_ellipsis(args[-1])
    fixed = args[:-1] if rest else args
    if not all(isinstance(a, ast.Constant) and not _is_ellipsis(a) for a in fixed):
        return None
    if fixed and not rest:
        return None  # constants only: the call's own arguments have no place
    return callee, tuple(ast.unparse(a) for a in fixed), rest


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _resolve(finding: Finding, callee: str) -> str | None:
    """The advised callee as an API of the distribution at the target: as written, under the
    distribution's top-level name, or relative to the legacy API's module and its parents
    (``record_connection_count()`` said inside ``redis.event``)."""
    evidence = finding.evidence
    legacy = getattr(evidence.site.target, "path", None)
    if legacy is None or evidence.target is None:
        return None
    parts = legacy.split(".")[:-1]
    tried = [callee] + [".".join([*parts[:cut], callee]) for cut in range(len(parts), 0, -1)]
    for path in dict.fromkeys(tried):
        definition = evidence.lookup.find(Ref(path), evidence.dist, evidence.target).definition
        if definition is None or definition.kind not in PATH_KINDS or definition.deprecated:
            continue
        old = evidence.lookup.find(Ref(legacy), evidence.dist, evidence.target).definition
        if path == legacy or (old is not None and old.path == definition.path):
            continue  # the text shows the old API, not its successor
        return path
    return None


def _candidate(finding: Finding, record: ChangeRecord, call: ast.Call, advised: Advised,
               source: str) -> Candidate | None:
    evidence = finding.evidence
    definition = evidence.lookup.find(Ref(advised.path), evidence.dist, evidence.target).definition
    signature = evidence.lookup.call_signature(definition, evidence.dist, evidence.target) \
        if definition is not None else None
    if signature is None or changes_the_legacy(definition, finding):
        return None
    if advised.rest:  # the text placed them: its constants first, then the call's own
        arguments = [*advised.fixed, *(ast.unparse(a) for a in call.args),
                     *(f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords)]
    else:
        arguments = _by_name(record, call, signature)
    if arguments is None or not _binds(signature, arguments):
        return None
    spelled, imports = spelling(advised.path, source, evidence)
    return Candidate(imports, f"{spelled}({', '.join(arguments)})")


def _by_name(record: ChangeRecord, call: ast.Call, signature) -> list[str] | None:
    """The call's arguments for a signature that takes them under the same names: in place
    while the positions agree, by keyword after (``simps(y, x)`` -> ``simpson(y, x=x)``);
    None when one has no parameter of its name."""
    if len(record.positional) < len(call.args):
        return None
    slots = [p.name for p in signature.params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    by_keyword = {p.name for p in signature.params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    arguments: list[str] = []
    in_place = True
    for position, value in enumerate(call.args):
        name = record.positional[position]
        in_place = in_place and position < len(slots) and slots[position] == name
        if in_place:
            arguments.append(ast.unparse(value))
        elif name in by_keyword:
            arguments.append(f"{name}={ast.unparse(value)}")
        else:
            return None
    for keyword in call.keywords:
        if keyword.arg not in by_keyword:
            return None
        arguments.append(f"{keyword.arg}={ast.unparse(keyword.value)}")
    return arguments


def _binds(signature, arguments: list[str]) -> bool:
    keywords = tuple(a.split("=", 1)[0] for a in arguments if _is_keyword(a))
    shape = CallShape(len(arguments) - len(keywords), keywords)
    binding = signature.bind(shape)
    return binding is not None and binding.ok


def _is_keyword(argument: str) -> bool:
    try:
        node = ast.parse(f"f({argument})", mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Call) and bool(node.keywords)


def successor_candidate(finding: Finding, record: ChangeRecord, source: str) -> Candidate | None:
    """The call with each removed keyword passed to its one successor (a parameter added when
    the removed one changed) where the two have the same default, as an alias has:
    ``histogram2d(x, y, normed=True)`` -> ``histogram2d(x, y, density=True)``; never
    ``error_bad_lines=False`` -> ``on_bad_lines=False`` (defaults None and "error")."""
    call = finding.evidence.site.node
    if not isinstance(call, ast.Call) or any(k.arg is None for k in call.keywords):
        return None
    old, new = (_defaults(finding, v) for v in (_written_for(finding), finding.evidence.target))
    passed = {k.arg for k in call.keywords}
    renamed: dict[str, str] = {}
    for keyword in call.keywords:
        heirs = record.successors.get(keyword.arg or "", set())
        if keyword.arg not in record.removed_params or len(heirs) != 1:
            continue
        heir = next(iter(heirs))
        if heir in passed or heir not in new or new[heir] != old.get(keyword.arg, "?"):
            return None
        renamed[keyword.arg] = heir
    if not renamed:
        return None
    index = LineIndex(source)
    arguments = [index.text(a) for a in call.args] + [
        f"{renamed[k.arg]}={index.text(k.value)}" if k.arg in renamed else index.text(k)
        for k in call.keywords]
    return Candidate([], f"{index.text(call.func)}({', '.join(arguments)})")


def _written_for(finding: Finding) -> str | None:
    evidence = finding.evidence
    return evidence.baseline or evidence.last_present


def _defaults(finding: Finding, version: str | None) -> dict[str, str | None]:
    """Parameter -> default (source text) of the finding's API at ``version``."""
    evidence = finding.evidence
    if version is None:
        return {}
    definition = evidence.lookup.find(evidence.site.target, evidence.dist, version).definition
    signature = evidence.lookup.call_signature(definition, evidence.dist, version) \
        if definition is not None else None
    return {p.name: p.default for p in signature.params} if signature is not None else {}


def dropped_candidate(finding: Finding, record: ChangeRecord, source: str) -> Candidate | None:
    """The call without the keywords the target no longer takes and whose dropping the record
    justifies (the library said they have no effect, or deprecated them and removed them with
    nothing in their place): ``df.to_excel(out, encoding="utf-8")`` -> ``df.to_excel(out)``."""
    call = finding.evidence.site.node
    if not isinstance(call, ast.Call):
        return None
    dropped = [k for k in call.keywords if k.arg in record.removed_params
               and record.says_no_effect(k.arg)]
    if not dropped or any(k.arg is None for k in call.keywords):
        return None
    index = LineIndex(source)
    kept = [index.text(a) for a in call.args] + \
        [index.text(k) for k in call.keywords if k not in dropped]
    return Candidate([], f"{index.text(call.func)}({', '.join(kept)})")
