"""Rebuild the update-tuned adapter from the knowledge (logic: codesync_build.pipeline).

    python scripts/build_model.py [--work DIR] [--out DIR] [--steps dataset,train,export,eval,card]
                                  [--rank 8] [--epochs 1] [--lr 2e-4] [--seed 0] [--max-steps N]
                                  [--threads 1] [--per-api 12] [--variants-per-api 3]
                                  [--synthetic-per-dist 30] [--eval-limit 40]
                                  [--eval-models base,tuned] [--smoke]

Each step is resumable: a built dataset, a checkpoint or a trained adapter in --work is
picked up; so is each evaluation part (WORK/eval/): `--steps eval --eval-models base` measures
the rows that do not depend on the adapter while training runs. The evaluation takes up to
--eval-limit tasks of each held-out set (PCBench calls; calls written from change records and
templated contexts) in turn by API. --smoke runs every step on a handful of samples (a few
minutes) and writes into --work, never over the shipped adapter. Needs `pip install -e '.[model,train]'`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync_build.pipeline import BuildOptions, run_build, smoke_options  # noqa: E402
from codesync_build.train import TrainOptions  # noqa: E402


def parse(argv: list[str] | None) -> BuildOptions:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--steps", default=None)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--max-length", type=int, default=384)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--per-api", type=int, default=12)
    parser.add_argument("--variants-per-api", type=int, default=3)
    parser.add_argument("--synthetic-per-dist", type=int, default=30)
    parser.add_argument("--eval-limit", type=int, default=40)
    parser.add_argument("--eval-models", default=None,
                        help="base,tuned (default): the rows the eval step measures")
    parser.add_argument("--llama-cpp-src", type=Path, default=None)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="codesync-model-"))
    if args.smoke:
        options = smoke_options(work)
    else:
        options = BuildOptions(work=work, per_api=args.per_api, eval_limit=args.eval_limit,
                               variants_per_api=args.variants_per_api,
                               synthetic_per_distribution=args.synthetic_per_dist,
                               train=TrainOptions(rank=args.rank, alpha=2 * args.rank,
                                                  learning_rate=args.lr, epochs=args.epochs,
                                                  max_steps=args.max_steps, seed=args.seed,
                                                  max_length=args.max_length,
                                                  threads=args.threads))
    if args.out:
        options.out = args.out
    if args.steps:
        options.steps = tuple(args.steps.split(","))
    if args.eval_models:
        options.eval_models = tuple(args.eval_models.split(","))
    options.llama_cpp_src = args.llama_cpp_src
    options.train.threads = args.threads
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    summary = run_build(options, progress=lambda message: print(message, flush=True))
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "rows"}
                      for k, v in summary.items()}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
