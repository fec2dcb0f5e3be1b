"""Candidates from the change record alone: the API a library's text advises, called with
the legacy call's own arguments. "Use `tqdm.notebook.trange` instead" names no arguments, so
the template fixer cannot write it; here the arguments move over only where each binds to a
parameter of the same name as before (``query(qname)`` -> ``resolve(qname)``, never
``set_run_validators(run)`` -> ``set_disabled(run)``), or where the text's own ``...``
stands for them (``_sign_rsa("SHA-1", ...)``). Each candidate still goes through the proof."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..analysis.binding import CallShape
from ..analysis.findings import Finding
from ..analysis.symbols import Ref
from ..fixes.apply import module_aliases
from .proof import Candidate, as_call
from .record import ChangeRecord

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
    if advised.fixed and not advised.rest:
        return None
    definition = evidence.lookup.find(Ref(advised.path), evidence.dist, evidence.target).definition
    signature = evidence.lookup.call_signature(definition, evidence.dist, evidence.target) \
        if definition is not None else None
    keywords = tuple(k.arg for k in call.keywords if k.arg)
    shape = CallShape(len(advised.fixed) + len(call.args), keywords)
    binding = signature.bind(shape) if signature is not None else None
    if binding is None or not binding.ok:
        return None
    if not advised.rest and not _same_parameters(record, call, binding):
        return None
    spelled, imports = _spelling(advised.path, source, evidence)
    arguments = [*advised.fixed, *(ast.unparse(a) for a in call.args),
                 *(f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords)]
    return Candidate(imports, f"{spelled}({', '.join(arguments)})")


def _same_parameters(record: ChangeRecord, call: ast.Call, binding) -> bool:
    """Every argument reaches a parameter of the name it reached before: without the text
    saying where the arguments go, a value sent to another parameter changes its meaning."""
    if call.args and len(record.positional) < len(call.args):
        return False
    moved = any(binding.slot(i) != record.positional[i] for i in range(len(call.args)))
    return not moved and all(binding.keywords.get(k) == k for k in binding.keywords)


def _spelling(path: str, source: str, evidence) -> tuple[str, list[str]]:
    """``path`` as the file can name it, and the import line it needs, if any."""
    module = _module_of(path, evidence)
    aliases = module_aliases(source)
    if module in aliases:
        return f"{aliases[module]}{path[len(module):]}", []
    return path, [f"import {module}"]


def _module_of(path: str, evidence) -> str:
    """The longest prefix of ``path`` that is a module of the distribution."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        found = evidence.lookup.find(Ref(prefix), evidence.dist, evidence.target).definition
        if found is not None and found.kind == "module":
            return prefix
    return ".".join(parts[:-1]) or parts[0]
