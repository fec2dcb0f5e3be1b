"""What a call's arguments hold is read only for sites the checker judges: a distribution with
no target release at all (not installed, not configured) has its sites skipped, so the walk
does not type their arguments (KnowledgeTypes.judged); the findings are those of typing them."""

from __future__ import annotations

import ast

from codesync.analysis.checker import Checker, VersionContext

SOURCE = "import fakelib as fl\nframe = fl.load('p')\nfl.load(frame, [frame, frame])\n"


def _call_arguments(knowledge, target: dict[str, str]) -> list[tuple]:
    checker = Checker(knowledge, VersionContext.of(target))
    sites = checker.sites(ast.parse(SOURCE), "t.py", SOURCE)
    return [site.arguments for site in sites if site.kind == "call"]


def test_arguments_are_typed_only_where_sites_are_judged(fake_knowledge):
    judged = _call_arguments(fake_knowledge, {"fakelib": "2.0"})
    assert len(judged) == 2 and judged[1] and judged[1][0] is not None
    assert _call_arguments(fake_knowledge, {}) == [(), ()]


def test_a_distribution_without_a_target_gives_no_findings_either_way(fake_knowledge):
    checker = Checker(fake_knowledge, VersionContext.of({}))
    assert checker.check_source(SOURCE, "t.py").findings == []
