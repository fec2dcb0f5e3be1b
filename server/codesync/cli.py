"""The ``codesync`` command: a thin face over the engine, the checker and the server."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import UsageError
from .knowledge.store import KnowledgeError
from .locations import CacheError


def _add_knowledge(sub) -> None:
    knowledge = sub.add_parser("knowledge", help="build and inspect the API history")
    ksub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    add = ksub.add_parser("add", help="fetch, extract and store releases")
    add.add_argument("requests", nargs="+", metavar="DIST[==VERSION]")
    add.add_argument("--root", type=Path, default=None,
                     help="a text-form knowledge folder to write (default: the user-local layer "
                          "in the user cache)")
    update = ksub.add_parser("update", help="add releases published since the last build")
    update.add_argument("distributions", nargs="*", metavar="DIST")
    update.add_argument("--root", type=Path, default=None,
                        help="a text-form knowledge folder to top up (default: the user-local layer)")
    for command in (add, update):
        _add_engine_arguments(command)
    listing = ksub.add_parser("list", help="distributions and releases covered")
    listing.add_argument("--json", action="store_true")


def _add_engine_arguments(command) -> None:
    command.add_argument("--jobs", type=int, default=None,
                         help="parallel workers (default: cores; with --engine ray and no "
                              "--address, the CPUs of the local Ray)")
    command.add_argument("--engine", choices=("local", "ray"), default="local",
                         help="where releases are fetched and extracted: a local process pool "
                              "(default) or Ray, one task per release")
    command.add_argument("--address", default=None, metavar="ADDR",
                         help="with --engine ray: the cluster to use (e.g. HOST:6379, or auto); "
                              "default: start a local Ray")


def _add_explain(sub) -> None:
    explain = sub.add_parser("explain", help="the history of one API")
    explain.add_argument("name", help="public dotted path, e.g. pandas.DataFrame.append")
    explain.add_argument("--version", default=None, help="show the API at this release")
    explain.add_argument("--json", action="store_true")


def _add_check(sub) -> None:
    for name, help_text in (("check", "report calls that do not fit the target versions"),
                            ("fix", "apply exact rewrites")):
        command = sub.add_parser(name, help=help_text)
        command.add_argument("paths", nargs="*", type=Path, default=[])
        command.add_argument("--python", default=None, help="interpreter of the project")
        command.add_argument("--target", action="append", default=[], metavar="DIST==V")
        command.add_argument("--baseline", action="append", default=[], metavar="DIST==V")
        command.add_argument("--fetch", action="store_true", default=None,
                             help="fetch releases missing from the knowledge")
        command.add_argument("--ignore", action="append", default=[], metavar="CODE",
                             help="codes or kinds not to report (repeat, or comma-separated)")
        command.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                             help="error, warning, info, hint or off for a code or kind")
        if name == "check":
            command.add_argument("--jobs", type=int, default=None, metavar="N",
                                 help="worker processes (default: the number of cores; 1: "
                                      "check in this process)")
            command.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
            command.add_argument("--versions", action="store_true",
                                 help="also list, per distribution, the target and baseline "
                                      "releases used and where each came from")
        else:
            command.add_argument("--diff", action="store_true", help="print a diff, change nothing")


def _add_model(sub) -> None:
    from .model.commands import add_model_arguments

    add_model_arguments(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="codesync",
        description="Find and fix calls to library APIs that changed between releases.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_check(sub)
    _add_knowledge(sub)
    _add_explain(sub)
    _add_model(sub)
    serve = sub.add_parser("serve", help="run the language server (stdio)")
    serve.add_argument("--tcp", default=None, metavar="HOST:PORT")
    return parser


# Seconds all downloads of one `check` or `fix` may take together (each file also has its own
# deadline); `knowledge add/update` are downloads by intent and have only the per-file ones.
CHECK_FETCH_DEADLINE = 900


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "knowledge":
            return _knowledge(args)
        if args.command == "explain":
            from .explain import run_explain

            return run_explain(args.name, args.version, args.json)
        if args.command == "model" or (args.command == "fix" and args.model):
            from .model.commands import run_fix_model, run_model_command

            return run_fix_model(args) if args.command == "fix" else run_model_command(args)
        if args.command in ("check", "fix"):
            from .commands import run_check, run_fix
            from .engine.fetch import set_command_deadline

            set_command_deadline(CHECK_FETCH_DEADLINE)  # what --fetch may add to a check

            return run_check(args) if args.command == "check" else run_fix(args)
        if args.command == "serve":
            from .lsp.server import serve

            return serve(args.tcp)
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        print(f"codesync: error: {exc}", file=sys.stderr)
        return 2
    except KnowledgeError as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 2
    except CacheError as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 2
    except PermissionError as exc:
        where = exc.filename or "a file it needs"
        print(f"codesync: no permission to use {where} ({exc.strerror or exc}); fix its "
              f"permissions, or set CODESYNC_CACHE to a folder of your own", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `codesync check | head`: the reader left, as with other tools
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - exit 2 like ruff/pyright: an internal error
        import traceback

        traceback.print_exc()
        print(f"codesync: internal error: {type(exc).__name__}: {exc} (please report it)",
              file=sys.stderr)
        return 2
    return 0


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _knowledge(args) -> int:
    from .engine.build import KnowledgeBuilder, counts
    from .engine.executors import EngineError
    from .engine.fetch import FetchError

    if args.knowledge_command == "list":
        return _knowledge_list(args.json)
    if args.address and args.engine != "ray":
        raise UsageError("--address needs --engine ray")
    builder = KnowledgeBuilder(root=args.root, jobs=args.jobs, engine=args.engine,
                               address=args.address)
    try:
        if args.knowledge_command == "add":
            results = builder.run(args.requests)
        else:
            names = args.distributions or sorted(builder.policies)
            results = builder.run(names, only_new=True)
    except (FetchError, EngineError) as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 1
    print(counts(results), file=sys.stderr)
    return 1 if any(r.info.status == "failed" for r in results) else 0


def _knowledge_list(as_json: bool) -> int:
    from .knowledge.store import open_knowledge

    knowledge = open_knowledge(progress=build_progress())
    data = []
    for dist in knowledge.distributions():
        rows = knowledge.release_rows(dist)
        data.append({
            "distribution": dist,
            "releases": [r["version"] for r in rows],
            "origins": {r["version"]: r["origin"] for r in rows},
            "partial": [r["version"] for r in rows if r["status"] == "partial"],
            "apis": rows[-1]["apis"] if rows else 0,
        })
    if as_json:
        print(json.dumps({"layers": {k: str(v) for k, v in knowledge.layers.items()},
                          "distributions": data}, indent=1))
        return 0
    for item in data:
        releases = item["releases"]
        span = f"{releases[0]} .. {releases[-1]}" if releases else "-"
        partial = f", {len(item['partial'])} partial" if item["partial"] else ""
        print(f"{item['distribution']:<16} {len(releases):>3} releases ({span}){partial}, "
              f"{item['apis']} public APIs in the newest{_origin_note(item['origins'])}")
    print(f"{len(data)} distributions; layers: "
          + ", ".join(f"{name} ({path})" for name, path in knowledge.layers.items()))
    return 0


def _origin_note(origins: dict[str, str]) -> str:
    """Where releases came from, when not all were shipped: '; 2 from site-packages (2.0.1, …)'."""
    by_origin: dict[str, list[str]] = {}
    for version, origin in origins.items():
        if origin != "shipped":
            by_origin.setdefault(origin, []).append(version)
    parts = [f"{len(vs)} from {origin} ({', '.join(vs[:3])}{', …' if len(vs) > 3 else ''})"
             for origin, vs in sorted(by_origin.items())]
    return "; " + "; ".join(parts) if parts else ""


def build_progress():
    """Progress for building the shipped database from a checkout's text form (stderr)."""
    from .progress import BuildProgress

    return BuildProgress(sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
