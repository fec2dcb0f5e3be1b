"""Evaluate a local GGUF (logic: codesync_build.evaluate): the structural cases the exact fixer
cannot do, and CODESYNCBENCH-style tasks on held-out APIs; base and tuned, each with and
without the change record.

    python scripts/eval_model.py [--gguf PATH] [--adapter PATH | --no-adapter] [--data DIR]
                                 [--limit N] [--skip-heldout] [--skip-structural] [--json OUT]
                                 [--only base|tuned] [--origins pcbench,...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from codesync.knowledge.store import open_knowledge  # noqa: E402
from codesync.model.locate import ModelSpec, resolve, shipped_adapter  # noqa: E402
from codesync_build.dataset import build_samples, load_cases, origin, read_sft  # noqa: E402
from codesync_build.evaluate import (  # noqa: E402
    evaluate,
    render,
    render_choice,
    run_structural,
    structural_cases,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gguf", default=None)
    parser.add_argument("--adapter", type=Path, default=None)
    parser.add_argument("--no-adapter", action="store_true")
    parser.add_argument("--data", type=Path, default=None, help="dataset folder of a build")
    parser.add_argument("--limit", type=int, default=40,
                        help="held-out tasks, taken in turn by API (evaluate.spread_by_api)")
    parser.add_argument("--skip-heldout", action="store_true")
    parser.add_argument("--skip-structural", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--origins", default=None,
                        help="held-out samples of these origins only (pcbench, synthetic, "
                             "return, loop, ...; comma-separated)")
    parser.add_argument("--only", choices=("base", "tuned"), default=None,
                        help="only the base rows or only the tuned rows")
    args = parser.parse_args(argv)
    base = resolve(True, args.gguf)
    adapter = None if args.no_adapter else (args.adapter or shipped_adapter())
    knowledge = open_knowledge()
    result: dict = {"base": str(base.base), "adapter": str(adapter) if adapter else None,
                    "structural": {}}
    models = [("base", ModelSpec(base.base, None, base.assemble))] + (
        [("tuned", ModelSpec(base.base, adapter, base.assemble))] if adapter else [])
    for name, spec in [m for m in models if args.only in (None, m[0])
                       and not args.skip_structural]:
        for with_record in (False, True):
            label = f"{name}{' + change record' if with_record else ''}"
            result["structural"][label] = run_structural(spec, structural_cases(), knowledge,
                                                         with_record)
            print(label, json.dumps(result["structural"][label]), flush=True)
    if not args.skip_heldout:
        samples = read_sft(args.data, "eval") if args.data else [
            s.sft() for s in build_samples(knowledge, load_cases(), per_api=8) if s.split == "eval"]
        if args.origins:
            samples = [s for s in samples if origin(s["case"]) in args.origins.split(",")]
        result["heldout"] = evaluate(base, samples, knowledge, args.limit,
                                     None if args.only == "base" else adapter,
                                     progress=lambda m: print(m, flush=True),
                                     base=args.only != "tuned")
        print(render(result["heldout"]))
        print(render_choice(result["heldout"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
