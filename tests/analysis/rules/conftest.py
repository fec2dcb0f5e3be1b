"""Each rule's tests build a small library of their own, stored for real (``make_knowledge``),
and judge snippets against it with the real checker."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.findings import Finding
from helpers.fakelib import make_knowledge

Judge = Callable[..., list[Finding]]


@pytest.fixture(scope="module")
def judge_releases(tmp_path_factory) -> Callable[[Mapping[str, Mapping[str, str]]], Judge]:
    """``judge_releases(releases)`` -> ``judge(source, target, baseline=None)``: the findings."""

    def make(releases: Mapping[str, Mapping[str, str]]) -> Judge:
        knowledge = make_knowledge(tmp_path_factory.mktemp("rule"), "lib", releases)

        def judge(source: str, target: str, baseline: str | None = None) -> list[Finding]:
            versions = VersionContext.of({"lib": target}, {"lib": baseline} if baseline else {})
            return Checker(knowledge, versions).check_source(source, "t.py").findings

        return judge

    return make
