"""The model build, step by step, each step resumable: dataset -> LoRA tuning -> GGUF export
-> evaluation -> model card. ``scripts/build_model.py`` is its face."""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from codesync.model.locate import ADAPTER_FILE, ModelSpec, default_base, model_dir

from .dataset import PCBENCH, default_cases
from .train import TrainOptions

CARD = "MODEL_CARD.md"
# The held-out evaluation sets, by where their legacy code came from: PCBench's snippets
# (eval.json), and the calls written from change records with the templated forms
# (eval_synthetic.json); each spread by API (evaluate.spread_by_api).
RECORD_ORIGINS = ("synthetic", "return", "loop", "unaliased", "positional", "keywords", "chain")
EVAL_SETS: dict[str, tuple[str, ...] | None] = {"eval": ("pcbench",),
                                                "eval_synthetic": RECORD_ORIGINS}


@dataclass
class BuildOptions:
    work: Path  # datasets, checkpoints, the adapter before export
    out: Path = field(default_factory=model_dir)  # where the GGUF adapter and card go
    per_api: int = 12
    variants_per_api: int = 3  # more pairs per API from templated contexts of its calls
    synthetic_per_distribution: int = 30  # APIs per distribution called from change records
    sample_limit: int | None = None
    plain_share: float = 0.2  # train records shown without the change record
    eval_limit: int = 40
    eval_sets: dict[str, tuple[str, ...] | None] = field(default_factory=lambda: dict(EVAL_SETS))
    eval_structural: bool = True  # the structural cases (knowledge/model/structural.jsonl)
    eval_models: tuple[str, ...] = ("base", "tuned")  # base rows alone: while training runs
    train: TrainOptions = field(default_factory=TrainOptions)
    steps: tuple[str, ...] = ("dataset", "train", "export", "eval", "card")
    llama_cpp_src: Path | None = None
    smoke: bool = False
    cases: Path = PCBENCH  # the PCBench-schema cases the dataset is built from


def smoke_options(work: Path) -> BuildOptions:
    """A handful of samples and steps: the whole pipeline in a few minutes."""
    train = TrainOptions(max_steps=2, accumulation=1, max_length=192, checkpoint_every=1)
    return BuildOptions(work=work, out=work / "model", per_api=1, sample_limit=8,
                        variants_per_api=1, synthetic_per_distribution=0, eval_limit=2,
                        eval_sets={"eval": None}, eval_structural=False, train=train, smoke=True,
                        cases=default_cases())


def run_build(options: BuildOptions, progress: Callable[[str], None] = print) -> dict:
    options.work.mkdir(parents=True, exist_ok=True)
    record = options.work / "build.json"
    summary: dict = json.loads(record.read_text()) if record.is_file() else {}
    for step in options.steps:
        started = time.monotonic()
        progress(f"== {step}")
        summary[step] = STEPS[step](options, progress)
        summary[step]["seconds"] = round(time.monotonic() - started, 1)
        record.write_text(json.dumps(summary, indent=1, default=str))
    return summary


def _dataset(options: BuildOptions, progress: Callable[[str], None]) -> dict:
    from codesync.knowledge.store import open_knowledge

    from .dataset import build_samples, load_cases, origin, write_dataset
    from .synthetic import synthetic_cases

    folder = options.work / "data"
    if (folder / "stats.json").is_file():
        progress("dataset already built")
        return json.loads((folder / "stats.json").read_text())
    knowledge = open_knowledge()
    cases = itertools.chain(load_cases(options.cases), synthetic_cases(
        knowledge, per_distribution=options.synthetic_per_distribution))
    samples = build_samples(knowledge, cases, options.per_api, options.sample_limit,
                            options.variants_per_api)
    if options.smoke and not any(s.split == "eval" for s in samples):
        samples[-1].split = "eval"  # a handful of samples may all hash to train
    counts = write_dataset(samples, folder)
    stats = {**counts, "apis_train": len({s.api for s in samples if s.split == "train"}),
             "apis_eval": len({s.api for s in samples if s.split == "eval"}),
             "sources": sorted({s.source for s in samples}),
             "origins": dict(Counter(origin(s.case) for s in samples).most_common()),
             "kinds": dict(Counter(s.kind for s in samples).most_common())}
    (folder / "stats.json").write_text(json.dumps(stats, indent=1))
    progress(f"dataset: {stats}")
    return stats


def _train(options: BuildOptions, progress: Callable[[str], None]) -> dict:
    from .dataset import read_sft
    from .train import load_base, steps_seconds, train, with_lora

    out = options.work / "train"
    if (out / "adapter" / "adapter_model.safetensors").is_file():
        progress("adapter already trained")
        return {"adapter": str(out / "adapter")}
    records = _mixed(read_sft(options.work / "data", "train"), options)
    tokenizer, model = load_base(default_base(), options.train.threads)
    model = with_lora(model, options.train)
    adapter = train(model, tokenizer, records, options.train, out, progress)
    return {"adapter": str(adapter), "records": len(records), "options": asdict(options.train),
            "steps_seconds": steps_seconds(out)}


def _mixed(records: list[dict], options: BuildOptions) -> list[dict]:
    """Most records with the change record in the prompt, some without (seeded)."""
    rng = random.Random(options.train.seed)
    return [{**r, "prompt": r["prompt_plain"]} if rng.random() < options.plain_share else r
            for r in records]


def _export(options: BuildOptions, progress: Callable[[str], None]) -> dict:
    from .export import export_adapter, write_base_config

    base_config = options.work / "base-config"
    if not (base_config / "config.json").is_file():
        write_base_config(default_base(), base_config)
    target = options.out / ADAPTER_FILE
    export_adapter(options.work / "train" / "adapter", base_config, target, options.llama_cpp_src)
    progress(f"adapter written: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return {"adapter_gguf": str(target), "bytes": target.stat().st_size}


def _eval(options: BuildOptions, progress: Callable[[str], None]) -> dict:
    """Each held-out set (``eval_sets``) and the structural cases, base and tuned rows. Every
    part is kept in ``WORK/eval/`` and reused on a rerun: the base rows do not depend on the
    adapter, so ``--steps eval --eval-models base`` may measure them while training runs."""
    from codesync.knowledge.store import open_knowledge

    from .dataset import origin, read_sft
    from .evaluate import evaluate, run_structural, structural_cases

    samples = read_sft(options.work / "data", "eval")
    knowledge = open_knowledge()
    base = default_base()
    adapter = options.out / ADAPTER_FILE
    parts = options.work / "eval"
    parts.mkdir(exist_ok=True)
    summary: dict = {"parts": {}}
    for model in options.eval_models:
        spec = ModelSpec(base, None if model == "base" else adapter)
        for name, origins in options.eval_sets.items():
            chosen = [s for s in samples if origins is None or origin(s["case"]) in origins]
            summary["parts"][f"{model}-{name}"] = _part(
                parts / f"{model}-{name}.json", progress,
                lambda chosen=chosen, model=model: evaluate(
                    ModelSpec(base, None), chosen, knowledge, options.eval_limit,
                    adapter if model == "tuned" else None, progress, base=model == "base"))
        if options.eval_structural:
            summary["parts"][f"{model}-structural"] = _part(
                parts / f"{model}-structural.json", progress,
                lambda spec=spec, model=model: {
                    f"{model}{' + change record' if with_record else ''}":
                        run_structural(spec, structural_cases(), knowledge, with_record)
                    for with_record in (False, True)})
    for name in options.eval_sets:  # the files the card reads, once both rows are there
        rows = _merged(parts, name)
        if rows:
            (options.work / f"{name}.json").write_text(json.dumps(rows, indent=1))
    structural = _merged(parts, "structural")
    if structural:
        (options.work / "structural.json").write_text(
            json.dumps({"structural": structural}, indent=1))
    return summary


def _part(path: Path, progress: Callable[[str], None], measure: Callable[[], dict]) -> dict:
    """One evaluation part, measured once: ``{"rows": ..., "seconds": ...}``."""
    if path.is_file():
        progress(f"{path.name}: measured before, reused")
        return {"seconds": json.loads(path.read_text())["seconds"], "reused": True}
    started = time.monotonic()
    rows = measure()
    seconds = round(time.monotonic() - started, 1)
    path.write_text(json.dumps({"rows": rows, "seconds": seconds}, indent=1))
    progress(f"{path.name}: {seconds} s")
    return {"seconds": seconds}


def _merged(parts: Path, name: str) -> dict:
    rows: dict = {}
    for model in ("base", "tuned"):
        path = parts / f"{model}-{name}.json"
        if path.is_file():
            rows.update(json.loads(path.read_text())["rows"])
    return rows


def _card(options: BuildOptions, progress: Callable[[str], None]) -> dict:
    from .card import write_card

    path = write_card(options.work, options.out / CARD)
    progress(f"model card written: {path}")
    return {"card": str(path)}


STEPS: dict[str, Callable[[BuildOptions, Callable[[str], None]], dict]] = {
    "dataset": _dataset, "train": _train, "export": _export, "eval": _eval, "card": _card}
