"""Legacy calls written from the knowledge's change records, for APIs no snippet calls."""

from __future__ import annotations

import ast

from codesync.knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD, Definition, Deprecation
from codesync.knowledge.model import Param as P
from codesync.knowledge.store import open_knowledge
from codesync_build.dataset import build_samples, origin
from codesync_build.synthetic import call_arguments, changed_parameters, snippets, synthetic_cases

A = POSITIONAL_OR_KEYWORD


def test_a_removed_parameter_is_passed_by_keyword_with_the_required_ones() -> None:
    params = [P("a", A), P("bins", A, "10"), P("normed", A, "False"), P("out", KEYWORD_ONLY)]
    assert call_arguments(params, {"normed"}) == (["a"], [("normed", "normed"), ("out", "out")])


def test_an_order_change_passes_the_parameters_by_position() -> None:
    params = [P("x", A), P("b", A, "1"), P("c", A, "2")]
    assert call_arguments(params, {"b", "c"}) == (["x", "b", "c"], [])


def test_calls_that_cannot_be_written_plainly_are_skipped() -> None:
    assert call_arguments([P("self", A), P("x", A)], {"x"}) is None
    assert call_arguments([P(f"p{i}", A) for i in range(8)], set()) is None


def test_snippets_import_the_api_both_ways_and_parse() -> None:
    made = dict(snippets("numpy.lib.trapz", [P("y", A), P("dx", A, "1.0")], set()))
    assert set(made) == {"from", "dotted"}
    assert made["from"].startswith("from numpy.lib import trapz\n")
    assert "return numpy.lib.trapz(y)" in made["dotted"]
    for code in made.values():
        ast.parse(code)


def test_only_changes_a_rewrite_could_follow_count() -> None:
    old = Definition("m.f", "function", [P("a", A), P("normed", A, "False")])
    assert changed_parameters(old, Definition("m.f", "function", [P("a", A)])) == {"normed"}
    assert changed_parameters(old, Definition("m.f", "function", old.params + [
        P("extra", A, "None")])) is None
    assert changed_parameters(old, None) is None  # removed, nothing named in its place
    moved = Definition("m.f", "function", old.params, deprecated=Deprecation("use g", replacement="m.g"))
    assert changed_parameters(moved, None) == set()


def test_synthetic_cases_give_proven_pairs_for_apis_of_their_own() -> None:
    knowledge = open_knowledge()
    cases = list(synthetic_cases(knowledge, ["scipy"], per_distribution=15))
    assert cases and all(c["id"].startswith("synthetic/") and not c["compatible"] for c in cases)
    samples = build_samples(knowledge, iter(cases), per_api=2)
    assert samples, "some changed scipy API must get a proven pair"
    assert {origin(s.case) for s in samples} == {"synthetic"}
    assert all(s.updated != s.legacy and s.source == "exact" for s in samples)
