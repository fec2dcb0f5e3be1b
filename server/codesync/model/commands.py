"""``codesync fix --model`` and ``codesync model status|eval``."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from ..errors import UsageError
from .locate import ModelUnavailable, llama_available, resolve


def add_model_arguments(sub) -> None:
    """The ``model`` command, and ``--model``/``--json`` on ``fix``."""
    fix = sub.choices["fix"]
    fix.add_argument("--model", action="store_true",
                     help="also apply proven rewrites by the local model (review them)")
    fix.add_argument("--model-path", default=None, metavar="GGUF", help="a GGUF of your own")
    fix.add_argument("--json", action="store_true", help="with --model: list the fixes applied, with their source")
    model = sub.add_parser("model", help="the local model for rewrites")
    msub = model.add_subparsers(dest="model_command", required=True)
    msub.add_parser("status", help="which model rewrites would use")
    evaluate = msub.add_parser("eval", help="how current a local model is on held-out API updates")
    evaluate.add_argument("--gguf", default=None, help="a GGUF (default: the base model)")
    evaluate.add_argument("--adapter", default=None, help="a LoRA adapter GGUF")
    evaluate.add_argument("--no-adapter", action="store_true", help="the base model alone")
    evaluate.add_argument("--dist", action="append", default=[], metavar="DIST")
    evaluate.add_argument("--limit", type=int, default=40, help="tasks per kind, taken in turn by API")
    evaluate.add_argument("--data", type=Path, default=None, help="a dataset folder (build_model)")
    evaluate.add_argument("--json", action="store_true")


def run_model_command(args: argparse.Namespace) -> int:
    if args.model_command == "status":
        return _status()
    from codesync_build.evaluate import run_eval_command

    return run_eval_command(args)


def _status() -> int:
    print(f"llama-cpp-python: {'installed' if llama_available() else 'not installed'}")
    try:
        spec = resolve(True, None)
    except ModelUnavailable as exc:
        print(f"model: none ({exc})")
        return 1
    print(f"model: {spec.base}{' (assembled on first use)' if not spec.base.is_file() else ''}")
    print(f"adapter: {spec.adapter or 'none'}")
    return 0


def run_fix_model(args: argparse.Namespace) -> int:
    """Exact and recipe fixes, then proven model rewrites for what is left."""
    from ..commands import _project_and_files, _read
    from .rewrite import Rewriter, fix_with_model

    project, files = _project_and_files(args)
    try:
        spec = resolve(True, args.model_path or project.settings.model_path,
                       project.settings.model_adapter)
    except ModelUnavailable as exc:
        raise UsageError(str(exc)) from exc
    rewriter = Rewriter()
    changed, remaining, listing = 0, 0, []
    for path in files:
        source = _read(path)
        if source is None:
            continue
        fixed, applied = fix_with_model(rewriter, spec, project, source, str(path))
        listing.extend({"path": str(path), **fix.to_json()} for fix in applied)
        changed += _write(path, source, fixed, args.diff, show_diff=not args.json)
        remaining += sum(f.severity == "error" for f in
                         project.check_source(fixed, str(path), with_fixes=False).findings)
    if args.json:
        print(json.dumps({"fixes": listing, "errors_left": remaining}, indent=1))
    verb = "would fix" if args.diff else "fixed"
    models = sum(item["source"] == "model" for item in listing)
    print(f"{verb} {changed} file{'s' if changed != 1 else ''} ({models} model rewrite"
          f"{'s' if models != 1 else ''} to review); {remaining} error"
          f"{'s' if remaining != 1 else ''} left that need a person", file=sys.stderr)
    return 1 if remaining else 0


def _write(path: Path, source: str, fixed: str, diff: bool, show_diff: bool) -> int:
    if fixed == source:
        return 0
    if not diff:
        path.write_text(fixed, encoding="utf-8")
    elif show_diff:
        sys.stdout.writelines(difflib.unified_diff(
            source.splitlines(keepends=True), fixed.splitlines(keepends=True),
            f"a/{path}", f"b/{path}"))
    return 1
