"""Findings through a receiver typed only by the members it uses, or by a partial result,
get their own code.

``def save(frame): frame.to_csv(path, line_terminator="\\n")``: ``frame`` is likely a
``pandas.DataFrame`` (``likely_types.py``), so the stale keyword is reported as CS203
(likely-stale, a warning) with the guess spelled out, never as the CS102 a typed receiver
would get. So is a member of what a function returns where its returns name one class and
are otherwise untypable (``engine/likely_returns.py``). A default that changed is not worth
a guess and is dropped, and so is a call that fits the guessed class's member in no stored
release: code that never fit that class was written for another one the receiver may be
(``pspace(x)`` returns a product space where its code says, but the spaces of its other,
untypable branches take the arguments the call passes).
"""

from __future__ import annotations

from .findings import DEFAULT_CHANGED, DEFAULT_SEVERITY, INCOMPATIBLE_CALL, LIKELY_STALE, Finding
from .positions import LineIndex
from .symbols import BoundMember, Site

RESULT_OF = "result of "  # Instance.inferred_from: a partial result, not members used


def result_reason(called: str) -> str:
    """The ``inferred_from`` entry of an instance a partial result gives."""
    return RESULT_OF + called


def _why(inferred_from: tuple[str, ...]) -> str:
    results = [r[len(RESULT_OF):] for r in inferred_from if r.startswith(RESULT_OF)]
    if results:
        return f"the one class `{results[0]}` returns where its code says"
    return "it uses " + ", ".join(f"`{m}`" for m in inferred_from)


def as_likely(findings: list[Finding], site: Site, index: LineIndex) -> list[Finding]:
    instance = site.target.instance if isinstance(site.target, BoundMember) else None
    if instance is None:
        return findings
    name = index.text(site.receiver) if site.receiver is not None else "the receiver"
    kinds = " or ".join(f"`{p}`" for p in instance.public.split("|"))
    why = _why(instance.inferred_from)
    likely = []
    for finding in findings:
        if finding.kind == DEFAULT_CHANGED or not _ever_fit(finding, site):
            continue
        finding.message = f"`{name}` is likely a {kinds} ({why}): {finding.message}"
        finding.kind, finding.severity = LIKELY_STALE, DEFAULT_SEVERITY[LIKELY_STALE]
        likely.append(finding)
    return likely


def _ever_fit(finding: Finding, site: Site) -> bool:
    """Whether a call that does not bind fits the guessed member at some stored release
    (always true of findings that are not about the call's arguments)."""
    evidence = finding.evidence
    if finding.kind != INCOMPATIBLE_CALL or evidence is None or \
            evidence.baseline_binding is not None:
        return True
    seen: set[int] = set()
    for version in evidence.releases:
        definition = evidence.lookup.find(site.target, evidence.dist, version).definition
        if definition is None or id(definition) in seen:
            continue
        seen.add(id(definition))
        signature = evidence.lookup.call_signature(definition, evidence.dist, version)
        binding = signature.bind(site.shape) if signature is not None else None
        if binding is None or binding.ok:
            return True
    return False
