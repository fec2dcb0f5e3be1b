"""Training pairs from the knowledge: labelled by the exact fixer, proven, split by API."""

from __future__ import annotations

import itertools

from codesync.knowledge.store import open_knowledge
from codesync_build.dataset import build_samples, load_cases, split_of, write_dataset
from codesync_build.evaluate import Scores, finding_for, score_rewrite
from helpers.pcbench_sample import pcbench_cases_path


def test_split_is_by_api_and_stable() -> None:
    assert split_of("pandas.read_csv") == split_of("pandas.read_csv")
    splits = {split_of(f"lib.api{i}") for i in range(50)}
    assert splits == {"train", "eval"}


def test_samples_are_proven_pairs(tmp_path) -> None:
    knowledge = open_knowledge()
    cases = itertools.islice(load_cases(pcbench_cases_path(tmp_path), libraries={"numpy", "pandas"}), 400)
    samples = build_samples(knowledge, cases, per_api=2)
    assert len(samples) >= 10
    per_api: dict[str, int] = {}
    for sample in samples:
        per_api[sample.api] = per_api.get(sample.api, 0) + 1
        assert sample.split == split_of(sample.api)
        assert sample.updated != sample.legacy and "\n" not in sample.updated
        assert sample.prompt.endswith(f"### Legacy call\n{sample.legacy}\n### Updated call\n")
        assert "API: (no change record)" in sample.prompt_plain
    assert max(per_api.values()) <= 2
    counts = write_dataset(samples, tmp_path)
    assert counts["sft_train"] + counts["sft_eval"] == len(samples)
    assert (tmp_path / "preference_train.jsonl").read_text().count('"rejected"') == counts[
        "preference_train"]
    # every label passes the proof a model rewrite must pass; no legacy call does
    good, bad = Scores(), Scores()
    for sample in samples:
        row = sample.sft()
        found = finding_for(row, knowledge)
        assert found is not None
        score_rewrite(row["updated"] + "\n", row, found, good)
        score_rewrite(row["legacy"] + "\n", row, found, bad)
    assert good.proven == good.exact == len(samples) and bad.proven == 0
