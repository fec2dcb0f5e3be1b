"""The held-out evaluation is spread by API (the first N tasks call as many held-out APIs as
the split holds), and the build's evaluation step keeps each part, so that the rows that do
not depend on the adapter can be measured apart (while training runs) and are reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codesync_build import evaluate, pipeline
from codesync_build.evaluate import chosen_tasks, spread_by_api
from codesync_build.pipeline import BuildOptions, run_build


def _samples(counts: dict[str, int], origin: str = "pcbench") -> list[dict]:
    suffix = "" if origin == "pcbench" else f"~{origin}"
    return [{"api": api, "n": n, "case": f"{api}/{n}{suffix}"}
            for api, count in counts.items() for n in range(count)]


def test_the_samples_are_taken_in_turn_by_api() -> None:
    samples = _samples({"a": 3, "b": 1, "c": 2})
    order = [(s["api"], s["n"]) for s in spread_by_api(samples)]
    assert order == [("a", 0), ("b", 0), ("c", 0), ("a", 1), ("c", 1), ("a", 2)]
    assert spread_by_api([]) == []


def test_a_limit_covers_every_api_before_a_second_call_of_any(monkeypatch) -> None:
    samples = _samples({f"api{i}": 8 for i in range(7)} | {f"few{i}": 1 for i in range(16)})
    monkeypatch.setattr(evaluate, "finding_for", lambda sample, knowledge: ("finding", None))
    chosen = [s for s, _ in chosen_tasks(samples, None, 40)]
    assert len(chosen) == 40 and len({s["api"] for s in chosen}) == 23
    assert [s["api"] for s in samples[:40]].count("api0") == 8  # what the first 40 were


def test_samples_the_checker_no_longer_reports_do_not_count_against_the_limit(
        monkeypatch) -> None:
    samples = _samples({"a": 2, "b": 2, "c": 2})
    monkeypatch.setattr(evaluate, "finding_for",
                        lambda sample, knowledge: None if sample["api"] == "b" else ("f", None))
    chosen = [(s["api"], s["n"]) for s, _ in chosen_tasks(samples, None, 3)]
    assert chosen == [("a", 0), ("c", 0), ("a", 1)]
    assert len(list(chosen_tasks(samples, None, None))) == 4


def _fake_build(tmp_path: Path, monkeypatch, calls: list) -> BuildOptions:
    data = tmp_path / "work" / "data"
    data.mkdir(parents=True)
    rows = _samples({"a": 2}) + _samples({"b": 2}, "synthetic") + _samples({"c": 1}, "loop")
    (data / "sft_eval.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))

    def fake_evaluate(spec, samples, knowledge, limit, adapter=None, progress=print, base=True):
        model = "base" if base else "tuned"
        calls.append((model, sorted({s["api"] for s in samples})))
        return {f"{model}{extra}": {"correction": {"tasks": len(samples)}}
                for extra in ("", " + change record")}

    def fake_structural(spec, cases, knowledge, with_record):
        calls.append(("structural", spec.adapter is not None, with_record))
        return {"cases": 9, "proven": 0, "expected_match": 0, "median_candidate_s": 0.5}

    monkeypatch.setattr(evaluate, "evaluate", fake_evaluate)
    monkeypatch.setattr(evaluate, "run_structural", fake_structural)
    monkeypatch.setattr(evaluate, "structural_cases", lambda: [])
    monkeypatch.setattr(pipeline, "default_base", lambda: tmp_path / "base.gguf")
    return BuildOptions(work=tmp_path / "work", out=tmp_path / "model", steps=("eval",))


def test_the_eval_step_measures_each_part_once_and_merges_them(tmp_path, monkeypatch) -> None:
    pytest.importorskip("codesync.knowledge.store")
    calls: list = []
    options = _fake_build(tmp_path, monkeypatch, calls)
    options.eval_models = ("base",)  # while training runs
    run_build(options, progress=lambda message: None)
    assert calls[:2] == [("base", ["a"]), ("base", ["b", "c"])]
    assert len(calls) == 4  # + the structural cases, without and with the change record
    assert set(json.loads((options.work / "eval.json").read_text())) == {
        "base", "base + change record"}

    calls.clear()
    options.eval_models = ("base", "tuned")  # after training: the base parts are reused
    summary = run_build(options, progress=lambda message: None)
    assert [c[0] for c in calls] == ["tuned", "tuned", "structural", "structural"]
    assert summary["eval"]["parts"]["base-eval"]["reused"] is True
    for name in ("eval", "eval_synthetic"):
        rows = json.loads((options.work / f"{name}.json").read_text())
        assert list(rows) == ["base", "base + change record", "tuned", "tuned + change record"]
    structural = json.loads((options.work / "structural.json").read_text())["structural"]
    assert len(structural) == 4
